# Bad input: each bad file gets one clear line naming it, exit 1, nothing half-written,
# and the good files beside it are still kept.
source "$(dirname "$0")/lib.sh"
d="$WORK/in"
mkdir -p "$d/sub"
cp "$TEST_DATA/corpus/dev/en-zendesk-chat-billing-overcharge.txt" "$d/good-1.txt"
cp "$TEST_DATA/corpus/dev/es-chat-copiado-conecta-austral-ar.txt" "$d/sub/good-2.txt"
: > "$d/empty.txt"
head -c 4096 /dev/urandom > "$d/garbage.bin"
printf '[10:00] Sam: hola \xff\xfe caf\xe9\n[10:01] Ana: ok\n' > "$d/invalid-utf8.txt"
python3 -c "import sys; sys.stdout.write('x' * (10 * 1024 * 1024))" > "$d/huge-line.txt"
printf 'Lorem ipsum dolor sit amet.\nConsectetur adipiscing elit.\n' > "$d/unknown.txt"
printf '{"not": "a chat export"}\n' > "$d/other.json"
printf '<html><body><p>Our opening hours</p></body></html>\n' > "$d/page.html"
ln -s "$d/nowhere" "$d/dangling-link.txt"
ln -s "$d/loop-b" "$d/loop-a"; ln -s "$d/loop-a" "$d/loop-b"
hostile=$'evil\e[31mname\nwith-newline.txt'
printf '\x00\x01\x02' > "$d/$hostile"
if [ "$(id -u)" != 0 ]; then
  cp "$d/good-1.txt" "$d/unreadable.txt"; chmod 000 "$d/unreadable.txt"
fi

run 1 "$INWRITING" import "$d"
for name in empty.txt garbage.bin invalid-utf8.txt huge-line.txt unknown.txt other.json page.html dangling-link.txt loop-a; do
  grep -F "$name" "$WORK/err" | grep -q '^failed' || { cat "$WORK/err"; fail "no error line for $name"; }
done
[ "$(id -u)" = 0 ] || grep -q 'unreadable.txt.*denied' "$WORK/err" || fail "no error for the unreadable file"
grep -q 'invalid-utf8.txt:1: invalid UTF-8' "$WORK/err" || { cat "$WORK/err"; fail "invalid UTF-8 error should name the line"; }
grep -q 'empty.txt:1: the file is empty' "$WORK/err" || fail "empty file message"
# The hostile name is shown without its escape sequence or newline.
! grep -q $'\e' "$WORK/err" || fail "an escape sequence reached the terminal"
out_has "2 kept"
run 0 "$INWRITING" stats --json
json "j['sources'] == 2 and j['conversations'] == 2 and j['messages'] == 19 + 16"

# JSON mode says the same, one object per source.
run 1 "$INWRITING" import --json "$d"
jsonl "sum(1 for r in j if r['status'] == 'failed') >= 9 and sum(1 for r in j if r['status'] == 'duplicate') == 2"
jsonl "all(r['error'] for r in j if r['status'] == 'failed')"
echo "bad input: ok"
