# MIME torture: a Maildir and an mbox of hostile messages among good ones. No crash, one clear line
# naming the file (and line) for each bad one, every good message kept, attachment names
# sanitised, nothing written outside the store, and the store consistent afterwards.
source "$(dirname "$0")/lib.sh"
md="$WORK/Mail/torture"
python3 - "$md" "$WORK/Mail/torture.mbox" <<'PY'
import base64, os, sys
md, mbox_path = sys.argv[1], sys.argv[2]
for d in ("cur", "new", "tmp"):
    os.makedirs(os.path.join(md, d), exist_ok=True)
def hdr(n, subject, extra=""):
    return (f"From: Acme Support <support@acme.example>\r\nTo: dana@example.net\r\n"
            f"Subject: {subject}\r\nDate: Tue, 10 Mar 2026 14:{n:02d}:00 -0500\r\n"
            f"Message-ID: <torture-{n}@acme.example>\r\nMIME-Version: 1.0\r\n{extra}")
def put(name, data, folder="cur"):
    with open(os.path.join(md, folder, name), "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())
def mixed(b):
    return f'Content-Type: multipart/mixed; boundary="{b}"\r\n\r\n'
plain = "Content-Type: text/plain; charset=utf-8\r\n\r\n"
for k in (1, 2, 3):
    put(f"177317040{k}.M{k}P1.host:2,S", hdr(k, f"good message {k}", plain) + f"Hello Dana, your refund RF-{k}000 is on its way.\r\n")
# 100 multiparts deep, the words in the innermost part.
body = hdr(4, "deep nesting", mixed("b0"))
for d in range(100):
    body += f'--b{d}\r\nContent-Type: multipart/mixed; boundary="b{d+1}"\r\n\r\n'
body += "--b100\r\nContent-Type: text/plain\r\n\r\nthe innermost zanzibar words\r\n--b100--\r\n"
body += "".join(f"--b{d}--\r\n" for d in range(99, -1, -1))
put("deep:2,S", body)
# A base64 attachment cut mid-way (and the message with it: no closing boundary).
payload = base64.b64encode(bytes(range(256)) * 12).decode()
payload = payload[: len(payload) // 2 + 1]
put("trunc64:2,S", hdr(5, "truncated base64", mixed("zz")) +
    "--zz\r\nContent-Type: text/plain\r\n\r\nSee the attached receipt.\r\n--zz\r\nContent-Type: application/pdf\r\n"
    "Content-Disposition: attachment; filename=\"receipt.pdf\"\r\nContent-Transfer-Encoding: base64\r\n\r\n" +
    "\r\n".join(payload[i:i + 76] for i in range(0, len(payload), 76)))
# A multipart without a boundary parameter, and one whose boundary never appears.
put("noboundary:2,S", hdr(6, "missing boundary", "Content-Type: multipart/mixed\r\n\r\n") +
    "--something\r\nContent-Type: text/plain\r\n\r\nwords without a declared boundary\r\n--something--\r\n")
put("wrongboundary:2,S", hdr(7, "wrong boundary", mixed("declared")) +
    "--other\r\nContent-Type: text/plain\r\n\r\nwords under another boundary\r\n--other--\r\n")
# A 20 MB attachment (deterministic bytes).
big = bytes((i * 7 + 3) % 256 for i in range(256)) * (20 * 1024 * 4)
enc = base64.encodebytes(big).decode().replace("\n", "\r\n")
put("big:2,S", hdr(8, "big attachment", mixed("bb")) +
    "--bb\r\nContent-Type: text/plain\r\n\r\nThe recording is attached.\r\n--bb\r\nContent-Type: application/octet-stream\r\n"
    "Content-Disposition: attachment; filename=\"call.bin\"\r\nContent-Transfer-Encoding: base64\r\n\r\n" + enc + "--bb--\r\n")
import hashlib
open(os.path.join(os.path.dirname(os.path.dirname(md)), "big.sha256"), "w").write(hashlib.sha256(big).hexdigest())
# A header line of 1 MB.
put("longheader:2,S", hdr(9, "long header", "X-Long: " + "a" * (1024 * 1024) + "\r\n" + plain) + "a body after a long header\r\n")
# NUL bytes in a header and in the body.
put("nul:2,S", hdr(10, "nul\0bytes", "X-Nul: a\0b\r\n" + plain) + "body with a \0 NUL byte\r\n")
# Hostile and RFC 2231 attachment names.
put("traversal:2,S", hdr(11, "traversal", mixed("tt")) +
    "--tt\r\nContent-Type: text/plain\r\n\r\nSee attached.\r\n--tt\r\nContent-Type: text/plain; name=\"../../etc/passwd\"\r\n"
    "Content-Disposition: attachment; filename=\"../../etc/passwd\"\r\n\r\nroot:x:0:0\r\n--tt\r\n"
    "Content-Type: application/octet-stream\r\nContent-Disposition: attachment; filename=\"..\\\\..\\\\boot.ini\"\r\n\r\nx\r\n--tt\r\n"
    "Content-Type: text/plain\r\nContent-Disposition: attachment; filename*=UTF-8''%2E%2E%2F%2E%2E%2Fetc%2Fshadow\r\n\r\ny\r\n--tt--\r\n")
put("rfc2231:2,S", hdr(12, "rates", mixed("rr")) +
    "--rr\r\nContent-Type: text/plain\r\n\r\nRates attached.\r\n--rr\r\nContent-Type: application/pdf\r\n"
    "Content-Disposition: attachment; filename*=UTF-8''%E2%82%AC%20rates.pdf\r\nContent-Transfer-Encoding: base64\r\n\r\n"
    "JVBERi0xLjQK\r\n--rr--\r\n")
# HTML nested 100,000 deep (Gumbo's time grows with the square of the depth).
put("htmlbomb:2,S", hdr(14, "html bomb", "Content-Type: text/html; charset=utf-8\r\n\r\n") +
    "<div>" * 100000 + "a quokka &amp; its words" + "</div>" * 100000 + "\r\n")
# Garbage, a file cut inside its headers, an empty file.
put("garbage:2,S", bytes((i * 131 + 7) % 256 for i in range(4096)))
put("cut-headers:2,S", hdr(13, "cut")[:60])
put("empty:2,S", b"")
# An mbox: good messages around a garbage one and a last one cut inside its headers.
good = lambda n, s: f"From support@acme.example Tue Mar 10 15:{n:02d}:00 2026\n" + \
    f"From: Acme Support <support@acme.example>\nTo: dana@example.net\nSubject: {s}\n" + \
    f"Date: Tue, 10 Mar 2026 15:{n:02d}:00 -0500\nMessage-ID: <mbox-{n}@acme.example>\n\nYour case CS-{n}77 is open.\n\n"
with open(mbox_path, "wb") as f:
    f.write(good(1, "mbox one").encode())
    f.write(b"From nobody Tue Mar 10 15:02:00 2026\n\x01\x02\x03\xff\xfe garbage\x00\n\n")
    f.write(good(3, "mbox three").encode())
    f.write(b"From support@acme.example Tue Mar 10 15:04:00 2026\nFrom: Acme Support <support@ac")
PY

# A listing of everything outside the store, before and after.
mkdir -p "$WORK/run/a/b" "$WORK/tmp"
listing() { (cd "$WORK" && find . -path ./home/.local -prune -o ! -name out ! -name err -print | LC_ALL=C sort); }
before=$(listing)
set +e
(cd "$WORK/run/a/b" && TMPDIR="$WORK/tmp" "$INWRITING" import "$WORK/Mail") >"$WORK/out" 2>"$WORK/err"
rc=$?
set -e
[ "$rc" -lt 128 ] || { cat "$WORK/err"; fail "import died of signal $((rc - 128))"; }
[ "$rc" = 1 ] || { cat "$WORK/err"; fail "import exited $rc, expected 1 (some inputs failed)"; }
after=$(listing)
[ "$before" = "$after" ] || { diff <(echo "$before") <(echo "$after") || true; fail "files appeared or vanished outside the store"; }
[ -z "$(find "$WORK" -name passwd -o -name boot.ini -o -name shadow)" ] || fail "an attachment name reached the file system"
[ -z "$(ls -A "$WORK/tmp")" ] || fail "temporary files left behind"

# Each bad file: one line naming it and its line.
grep -q '^failed  .*/garbage:2,S:[0-9]*: ' "$WORK/err" || { cat "$WORK/err"; fail "no error for the garbage file"; }
grep -q '^failed  .*/empty:2,S:1: the file is empty' "$WORK/err" || { cat "$WORK/err"; fail "no error for the empty file"; }
grep -q '^warning .*/cut-headers:2,S:1: the message ends inside its headers' "$WORK/err" || { cat "$WORK/err"; fail "no warning for the file cut in its headers"; }
grep -q "^warning .*/trunc64:2,S:1: attachment 'receipt.pdf' is cut short" "$WORK/err" || { cat "$WORK/err"; fail "no warning for the truncated base64"; }
grep -q "^warning .*/noboundary:2,S:1: a multipart without a boundary parameter" "$WORK/err" || { cat "$WORK/err"; fail "no warning for the missing boundary"; }
grep -q "^warning .*/wrongboundary:2,S:1: a multipart whose boundary 'declared' never appears" "$WORK/err" || { cat "$WORK/err"; fail "no warning for the wrong boundary"; }
grep -q "^warning .*/traversal:2,S:1: attachment name '../../etc/passwd' kept as 'passwd'" "$WORK/err" || { cat "$WORK/err"; fail "no warning for the renamed attachment"; }
! grep -q 'MIME parts nested' "$WORK/err" || { cat "$WORK/err"; fail "100 levels of nesting should be read whole"; }
grep -q "^warning .*/htmlbomb:2,S:1: the HTML body is nested too deeply" "$WORK/err" || { cat "$WORK/err"; fail "no warning for the HTML nested too deeply"; }
# The mbox: its good messages kept, the garbage and the cut message named by line.
grep -q '^failed  .*torture.mbox:10: not an email message' "$WORK/err" || { cat "$WORK/err"; fail "no error naming the mbox's garbage message"; }
grep -q '^warning .*torture.mbox:22: the message ends inside its headers' "$WORK/err" || { cat "$WORK/err"; fail "no warning naming the mbox's cut message"; }
# Every line is one line of printable text: no NUL or escape reached the terminal.
! grep -qaP '[\x00-\x08\x0b-\x1f]' "$WORK/err" || fail "a control character reached stderr"

run 0 "$INWRITING" list --json --limit 100
for title in "good message 1" "good message 2" "good message 3" "deep nesting" "truncated base64" "missing boundary" \
             "wrong boundary" "big attachment" "long header" "traversal" "rates" "html bomb" "mbox one" "mbox three"; do
  json "any(c['title'] == '$title' for c in j['conversations'])"
done
run 0 "$INWRITING" stats --json
json "j['conversations'] == 17 and j['messages'] == 17"
# The words of the innermost part and of both broken multiparts are searchable.
for words in zanzibar "quokka its words" "declared boundary" "another boundary" "long header" "NUL byte"; do
  run 0 "$INWRITING" search "$words" --json
  json "len(j['hits']) == 1"
done

id_of() { "$INWRITING" list --json --limit 100 | python3 -c "import json,sys; print([c['id'] for c in json.load(sys.stdin)['conversations'] if c['title'] == sys.argv[1]][0])" "$1"; }
run 0 "$INWRITING" show "$(id_of traversal)" --json
json "sorted(a['file_name'] for a in j['attachments']) == ['boot.ini', 'passwd', 'shadow']"
json "all('/' not in a['file_name'] and '\\\\' not in a['file_name'] and '..' not in a['file_name'] for a in j['attachments'])"
run 0 "$INWRITING" show "$(id_of traversal)"
out_has "Attachment: passwd (text/plain"
run 0 "$INWRITING" show "$(id_of rates)" --json
json "[a['file_name'] for a in j['attachments']] == ['€ rates.pdf'] and j['attachments'][0]['size'] == 9"
run 0 "$INWRITING" show "$(id_of 'big attachment')" --json
json "j['attachments'][0]['size'] == 20 * 1024 * 1024 and j['attachments'][0]['sha256'] == '$(cat "$WORK/big.sha256")'"
run 0 "$INWRITING" show "$(id_of 'truncated base64')" --json
json "j['attachments'][0]['file_name'] == 'receipt.pdf' and j['attachments'][0]['kept']"

# Importing it all again adds nothing, and the store is whole.
run 1 "$INWRITING" import "$WORK/Mail"
out_has "0 kept, 17 already kept, 3 failed"
if command -v sqlite3 >/dev/null; then
  db="$HOME/.local/share/inwriting/store.db"
  [ "$(sqlite3 "$db" 'PRAGMA integrity_check')" = ok ] || fail "integrity check"
  [ -z "$(sqlite3 "$db" 'PRAGMA foreign_key_check')" ] || fail "foreign key check"
  [ "$(sqlite3 "$db" "SELECT count(*) FROM sources WHERE format = 'attachment'")" = 6 ] || fail "attachments kept as sources"
fi
echo "mime torture: ok"
