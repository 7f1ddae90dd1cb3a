# A Maildir given as a directory: cur/ and new/ are imported, tmp/ (mail still being delivered) is not.
source "$(dirname "$0")/lib.sh"
md="$WORK/Mail/support"
mkdir -p "$md/cur" "$md/new" "$md/tmp"
mail() {  # mail FILE SUBJECT
  printf 'From: Acme Support <support@acme.example>\nTo: dana@example.net\nSubject: %s\nDate: Tue, 10 Mar 2026 14:20:00 -0500\nMessage-ID: <%s@acme.example>\nMIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n\nHello Dana, your refund for %s is on its way.\n' "$2" "$2" "$2" > "$1"
}
mail "$md/cur/1773170400.M1P1.host:2,S" "order-one"
mail "$md/new/1773170401.M2P1.host" "order-two"
mail "$md/tmp/1773170402.M3P1.host" "order-three"
run 0 "$INWRITING" import "$WORK/Mail"
out_has "2 kept, 0 already kept, 0 failed"
out_lacks "order-three"
run 0 "$INWRITING" search refund --json
json "len(j['hits']) == 2"
echo "maildir: ok"
