# mbox (mboxrd and mboxo) with 'From ' lines in bodies; importing the same mail again, as the same
# mbox, as loose .eml files after a Maildir, re-encoded, or on standard input, adds nothing.
source "$(dirname "$0")/lib.sh"
d="$WORK/in"
mkdir -p "$d"
msg() {  # msg N SUBJECT BODY-LINES... : one message without its separator, LF line ends
  local n=$1 subject=$2; shift 2
  printf 'From: Acme Support <support@acme.example>\nTo: dana@example.net\nSubject: %s\nDate: Tue, 10 Mar 2026 1%d:00:00 -0500\nMessage-ID: <mbox-%d@acme.example>\nMIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n\n' "$subject" "$n" "$n"
  printf '%s\n' "$@"
}
# mboxrd: every '>*From ' body line got one more '>'.
{
  printf 'From support@acme.example Tue Mar 10 11:00:00 2026\n'
  msg 1 "rd one" "Hello Dana," "" ">From the desk of the manager: refund RF-1 approved." ">>From an older note: quoted once." "" "Regards"
  printf '\nFrom support@acme.example Tue Mar 10 12:00:00 2026\n'
  msg 2 "rd two" "" ">From support@acme.example Tue Mar 10 12:00:00 2026" "that line was a postmark in the body." ""
  printf '\nFrom support@acme.example Tue Mar 10 13:00:00 2026\n'
  msg 3 "rd three" "Third, with From in the middle of a line: From here."
} > "$d/rd.mbox"
# mboxo: only 'From ' lines were escaped; and a writer that escaped nothing leaves 'From the …'.
{
  printf 'From support@acme.example Tue Mar 10 14:00:00 2026\n'
  msg 4 "o four" "Hello," "" ">From now on your plan is Gold." "" "From the desk of the manager: no escape here." "" "Bye"
  printf '\nFrom support@acme.example Tue Mar 10 15:00:00 2026\n'
  msg 5 "o five" "Fifth."
} > "$d/o.mbox"

run 0 "$INWRITING" import "$d/rd.mbox" "$d/o.mbox"
out_has "5 kept, 0 already kept, 0 failed"
run 0 "$INWRITING" stats --json
json "j['conversations'] == 5 and j['messages'] == 5 and j['sources'] == 5"
text_of() {  # text_of TITLE: the one message's text, as JSON in $WORK/out
  local id
  id=$("$INWRITING" list --json --limit 100 | python3 -c "import json,sys; print([c['id'] for c in json.load(sys.stdin)['conversations'] if c['title'] == sys.argv[1]][0])" "$1")
  run 0 "$INWRITING" show "$id" --json
}
text_of "rd one"
json "j['entries'][0]['text'] == 'Hello Dana,\n\nFrom the desk of the manager: refund RF-1 approved.\n>From an older note: quoted once.\n\nRegards'"
text_of "rd two"
json "j['entries'][0]['text'] == 'From support@acme.example Tue Mar 10 12:00:00 2026\nthat line was a postmark in the body.'"
text_of "rd three"
json "j['entries'][0]['text'] == 'Third, with From in the middle of a line: From here.'"
text_of "o four"
json "'From now on your plan is Gold.\n\nFrom the desk of the manager: no escape here.' in j['entries'][0]['text']"
# show --raw gives the message's bytes back as the mbox holds them, escapes included.
run 0 "$INWRITING" show "$(python3 -c "import json; print(json.load(open('$WORK/out'))['id'])")" --raw
out_has ">From now on your plan is Gold."

# The same mbox twice: nothing added.
run 0 "$INWRITING" import "$d/rd.mbox" "$d/o.mbox"
out_has "0 kept, 5 already kept, 0 failed"
run 0 "$INWRITING" stats --json
json "j['sources'] == 5 and j['conversations'] == 5 and j['messages'] == 5"

# A Maildir, then the same messages as loose .eml files (same bytes), then re-encoded (CRLF line
# ends, a different transfer encoding, delivery headers added): no new conversation or message.
md="$WORK/Mail/acme"
mkdir -p "$md/cur" "$md/new" "$md/tmp" "$WORK/eml" "$WORK/resent"
for n in 6 7 8; do
  msg "$n" "maildir $n" "Your order OR-$n is on its way." "" "Acme" > "$md/cur/17731704$n.M${n}P1.host:2,S"
  cp "$md/cur/17731704$n.M${n}P1.host:2,S" "$WORK/eml/message-$n.eml"
  python3 - "$md/cur/17731704$n.M${n}P1.host:2,S" "$WORK/resent/message-$n.eml" <<'PY'
import sys, quopri
raw = open(sys.argv[1], "rb").read()
head, body = raw.split(b"\n\n", 1)
head = head.replace(b"Content-Type: text/plain; charset=utf-8", b"Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: quoted-printable")
out = b"Return-Path: <support@acme.example>\nDelivered-To: dana@example.net\n" + head + b"\n\n" + quopri.encodestring(body)
open(sys.argv[2], "wb").write(out.replace(b"\n", b"\r\n"))
PY
done
run 0 "$INWRITING" import "$WORK/Mail"
out_has "3 kept, 0 already kept, 0 failed"
run 0 "$INWRITING" import "$WORK/eml"
out_has "0 kept, 3 already kept, 0 failed"
run 0 "$INWRITING" import --json "$WORK/resent"
jsonl "len(j) == 3 and all(r['status'] == 'kept' and r['conversations'][0].get('same_as_earlier') for r in j)"
run 0 "$INWRITING" stats --json
json "j['sources'] == 11 and j['conversations'] == 8 and j['messages'] == 8"
# Each re-sent copy is one more source of the message already kept.
text_of "maildir 6"
json "j['messages'] == 1 and len(j['entries']) == 1 and j['entries'][0]['text'] == 'Your order OR-6 is on its way.\n\nAcme'"

# One message on standard input, then the same bytes again.
msg 9 "stdin nine" "Typed in: your callback is booked for Friday." > "$WORK/nine.eml"
run 0 "$INWRITING" import - < "$WORK/nine.eml"
out_has "kept    -: conversation"
run 0 "$INWRITING" import --json - < "$WORK/nine.eml"
jsonl "j[0]['status'] == 'duplicate' and j[0]['source'] == '-'"
run 0 "$INWRITING" search callback --json
json "len(j['hits']) == 1"
# An mbox on standard input: every message, each once.
run 0 "$INWRITING" import --json - < "$d/o.mbox"
jsonl "len(j) == 1 and j[0]['status'] in ('kept', 'duplicate')"
run 0 "$INWRITING" stats --json
json "j['conversations'] == 9 and j['messages'] == 9"
echo "mbox: ok"
