# inwriting pull under cron's conditions, against a real Dovecot on 127.0.0.1: two runs at once
# (one lock per account: the second exits 75 at once, or waits with --wait), and a run killed
# half-way then started again: every message kept exactly once.
source "$(dirname "$0")/lib.sh"
source "$SOURCE_DIR/tests/e2e/dovecot/dovecot.sh"
trap 'rc=$?; dovecot_stop; (exit $rc); cleanup' EXIT
dovecot_start

# 150 distinct transcript emails: the corpus's, each with Message-IDs of its own.
count=150
mkdir -p "$WORK/mails"
python3 - "$TEST_DATA/imap" "$WORK/mails" "$count" <<'PY'
import os, re, sys
src, out, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
mails = sorted(f for f in os.listdir(src) if f.endswith(".eml"))
for n in range(count):
    data = open(os.path.join(src, mails[n % len(mails)]), "rb").read()
    data = re.sub(rb"(?im)^(Message-ID|In-Reply-To|References):\s*<", lambda m: m.group(0) + b"copy%d." % n, data)
    data = b"X-Copy: %d\r\n" % n + data
    open(os.path.join(out, "m%03d.eml" % n), "wb").write(data)
PY
imap_tool append Transcripts "$WORK"/mails/*.eml

printf '#!/bin/sh\necho "%s"\n' "$IMAP_PASSWORD" > "$WORK/password.sh"
chmod +x "$WORK/password.sh"
url="imaps://$IMAP_USER@localhost:$IMAPS_PORT/Transcripts"
pull() { "$INWRITING" --store "$1" pull --url "$url" --cacert "$IMAP_CA" --password-command "$WORK/password.sh" "${@:2}"; }
taken() { sqlite3 "file:$1?mode=ro" "SELECT count(*) FROM pull_state" 2>/dev/null || echo 0; }
sources() { sqlite3 "file:$1?mode=ro" "SELECT count(*) FROM sources"; }
wait_taken() {  # STORE N: until N messages are recorded (or 30 s)
  for _ in $(seq 1 600); do [ "$(taken "$1")" -ge "$2" ] && return 0; sleep 0.05; done
  fail "no progress"
}

# Two runs at once: the second finds the account locked and exits 75 at once with a clear message.
a="$WORK/a.db"
"$INWRITING" --store "$a" pull --url "$url" --cacert "$IMAP_CA" --password-command "$WORK/password.sh" --quiet \
  > "$WORK/first.out" 2> "$WORK/first.err" &
first=$!
wait_taken "$a" 3
set +e
pull "$a" > "$WORK/second.out" 2> "$WORK/second.err"
second_rc=$?
set -e
[ "$second_rc" = 75 ] || { cat "$WORK/second.out" "$WORK/second.err"; fail "the second run exited $second_rc, not 75"; }
grep -q "another pull of this account is running" "$WORK/second.err" || fail "the second run says why"
[ "$(wc -l < "$WORK/second.err")" = 1 ] || fail "one line"
# A third waits for the lock instead, and finds nothing left to do.
run 0 pull "$a" --wait 120
wait "$first" || fail "the first run failed: $(cat "$WORK/first.err")"
[ "$(taken "$a")" = "$count" ] || fail "$(taken "$a") messages recorded, not $count"
[ "$(sources "$a")" = "$count" ] || fail "duplicates or losses with two runs: $(sources "$a") sources"
grep -q "nothing new" "$WORK/out" || grep -q "0 new" "$WORK/out" || { cat "$WORK/out"; fail "the waiting run found work left"; }

# Killed half-way, then started again: every message exactly once.
b="$WORK/b.db"
# Started directly (not through a shell function), so the kill reaches inwriting itself.
"$INWRITING" --store "$b" pull --url "$url" --cacert "$IMAP_CA" --password-command "$WORK/password.sh" --quiet \
  > /dev/null 2>&1 &
victim=$!
wait_taken "$b" 10
kill -9 "$victim" 2>/dev/null || fail "the run finished before it could be killed"
wait "$victim" 2>/dev/null || true
done_before=$(taken "$b")
[ "$done_before" -lt "$count" ] || fail "nothing was interrupted"
[ "$(sources "$b")" = "$done_before" ] || fail "sources and pull records disagree after the kill"
run 0 pull "$b"
[ "$(taken "$b")" = "$count" ] || fail "$(taken "$b") recorded after the rerun"
[ "$(sources "$b")" = "$count" ] || fail "$(sources "$b") sources after the rerun"
[ "$(sqlite3 "$b" "SELECT count(*) FROM (SELECT uid FROM pull_state GROUP BY uid HAVING count(*) > 1)")" = 0 ] || fail "a UID twice"
[ "$(sqlite3 "$b" "SELECT count(*) FROM pull_state WHERE outcome = 'imported'")" = "$count" ] || fail "each imported once"
[ "$(sqlite3 "$b" 'PRAGMA integrity_check')" = ok ] || fail "integrity"
imap_tool flags Transcripts | grep -q Seen && fail "a message was marked read"
echo "pull concurrent: ok (killed after $done_before of $count)"
