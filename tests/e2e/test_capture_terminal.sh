# inwriting capture as a person uses it, on a real terminal (a pty): it asks for the paste, shows
# the speakers, roles and promises it understood, and asks before saving — a "no" keeps nothing,
# a "yes" keeps it. Also: the port of serve from the config file, and --clipboard with no
# clipboard tool saying what to install.
source "$(dirname "$0")/lib.sh"
store="$HOME/.local/share/inwriting/store.db"
sources() { [ -f "$store" ] || { echo 0; return; }; python3 -c "import sqlite3; print(sqlite3.connect('$store').execute('select count(*) from sources').fetchone()[0])"; }
chat="$TEST_DATA/corpus/dev/en-pasted-chat-guardwell-cancellation.txt"

cat >"$WORK/terminal.py" <<'EOF'
import os, pty, select, sys, time
inwriting, chat, answer, transcript = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
pid, fd = pty.fork()
if pid == 0:
    os.execv(inwriting, [inwriting, "capture"])
seen = b""
def until(needle, seconds=30):
    global seen
    end = time.time() + seconds
    while needle not in seen:
        if time.time() > end:
            open(transcript, "wb").write(seen)
            sys.exit("timed out waiting for %r" % needle)
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            try:
                seen += os.read(fd, 65536)
            except OSError:
                break
def drain(seconds):
    global seen
    ready, _, _ = select.select([fd], [], [], seconds)
    if ready:
        seen += os.read(fd, 65536)
until(b"Paste the chat, then press Ctrl-D")
data = open(chat, "rb").read()
for i in range(0, len(data), 512):
    os.write(fd, data[i:i + 512])
    drain(0.05)  # the terminal echoes what it took: keep reading, so neither side blocks
os.write(fd, b"\x04")
until(b"Save it? [y/N]")
os.write(fd, answer.encode() + b"\n")
_, status = os.waitpid(pid, 0)
try:
    while True:
        ready, _, _ = select.select([fd], [], [], 0.5)
        if not ready: break
        chunk = os.read(fd, 65536)
        if not chunk: break
        seen += chunk
except OSError:
    pass
open(transcript, "wb").write(seen)
sys.exit(os.WEXITSTATUS(status))
EOF

python3 "$WORK/terminal.py" "$INWRITING" "$chat" n "$WORK/no.txt" || fail "capture answered no: exit $? ($(tail -c 300 "$WORK/no.txt"))"
grep -q "speaker Marisol (agent)" "$WORK/no.txt" || fail "the review lacks the agent: $(tail -c 600 "$WORK/no.txt")"
grep -q "speaker You (customer)" "$WORK/no.txt" || fail "the review lacks the customer"
grep -q "promise waiver 150.00 USD" "$WORK/no.txt" || fail "the review lacks the waiver promise: $(grep promise "$WORK/no.txt")"
grep -q "Not saved; nothing was kept." "$WORK/no.txt" || fail "no 'not saved'"
[ "$(sources)" = 0 ] || fail "answering no kept something"

python3 "$WORK/terminal.py" "$INWRITING" "$chat" y "$WORK/yes.txt" || fail "capture answered yes: exit $? ($(tail -c 300 "$WORK/yes.txt"))"
grep -q "kept    -: conversation 1" "$WORK/yes.txt" || fail "no 'kept': $(tail -c 300 "$WORK/yes.txt")"
[ "$(sources)" = 1 ] || fail "answering yes kept $(sources) sources"
run 0 "$INWRITING" promises --json
python3 -c "import json; j=json.load(open('$WORK/out')); assert any(p['kind'] == 'waiver' and p['amount'] == '150.00' for p in j)" ||
  fail "promises --json lacks the waiver"

# --clipboard without wl-paste or xclip: what to do next.
PATH=/nonexistent run 1 "$INWRITING" capture --clipboard --yes
err_has "install xclip or wl-clipboard"

# serve's port from the config; 0 there picks a free one.
mkdir -p "$HOME/.config/inwriting"
printf '[serve]\nport = 0\n' >"$HOME/.config/inwriting/config.toml"
mkfifo "$WORK/serve.out"
"$INWRITING" serve >"$WORK/serve.out" 2>"$WORK/serve.err" &
serve_pid=$!
trap 'kill $serve_pid 2>/dev/null || true; cleanup' EXIT
read -r -t 20 first <"$WORK/serve.out" || fail "serve printed nothing: $(cat "$WORK/serve.err")"
[[ "$first" =~ ^listening\ on\ http://127\.0\.0\.1:([0-9]+)/$ ]] || fail "first line: $first"
[ "${BASH_REMATCH[1]}" != 8723 ] || fail "the config's port = 0 was not used"
kill -INT $serve_pid
wait $serve_pid || fail "serve did not stop cleanly on SIGINT"
echo "capture on a terminal: ok"
