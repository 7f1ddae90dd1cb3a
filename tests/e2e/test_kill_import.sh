# An import killed with SIGKILL half-way leaves a consistent store: integrity_check passes and each
# source is there whole or not at all. Importing again then finishes the job.
source "$(dirname "$0")/lib.sh"
d="$WORK/many"
mkdir -p "$d"
python3 - "$d" <<'PY'
import sys, os
out = sys.argv[1]
for n in range(3000):
    lines = ["Chat started on Wed, Mar 4, 2026 at 10:31 AM (EST, GMT-05:00)", ""]
    for k in range(12):
        who = "Sam" if k % 2 else "Dana Whitfield"
        lines.append(f"(10:{31 + k % 28:02d}:{k:02d} AM) {who}: message {k} of transcript {n}, order ORD-{n:06d}, refund reembolso คืนเงิน")
    open(os.path.join(out, f"t{n:05d}.txt"), "w").write("\n".join(lines) + "\n")
PY
store="$WORK/store.db"
"$INWRITING" --store "$store" import "$d" > /dev/null 2>&1 &
pid=$!
# Wait until some sources are committed, then kill it without warning.
for _ in $(seq 1 200); do
  n=$(sqlite3 "file:$store?mode=ro" 'SELECT count(*) FROM sources' 2>/dev/null || echo 0)
  [ "${n:-0}" -ge 50 ] && break
  sleep 0.05
done
kill -9 "$pid" 2>/dev/null || fail "the import finished before it could be killed; make the input larger"
wait "$pid" 2>/dev/null || true
[ "$(sqlite3 "$store" 'PRAGMA integrity_check')" = ok ] || fail "integrity_check failed after SIGKILL"
partial=$(sqlite3 "$store" "SELECT count(*) FROM conversations c WHERE message_count != (SELECT count(*) FROM messages m WHERE m.conversation_id = c.id AND m.kind = 'message')")
[ "$partial" = 0 ] || fail "$partial conversations are half-written"
orphans=$(sqlite3 "$store" "SELECT count(*) FROM sources s WHERE NOT EXISTS (SELECT 1 FROM conversations c WHERE c.source_id = s.id) OR NOT EXISTS (SELECT 1 FROM custody_events e WHERE e.source_id = s.id)")
[ "$orphans" = 0 ] || fail "$orphans sources without their conversations or custody record"
kept=$(sqlite3 "$store" 'SELECT count(*) FROM sources')
[ "$kept" -lt 3000 ] || fail "nothing was interrupted"
indexed=$(sqlite3 "$store" "SELECT count(*) FROM messages WHERE kind = 'message'")

# Importing again keeps the rest and finds the kept ones already there.
run 0 "$INWRITING" --store "$store" import "$d"

grep -q "$((3000 - kept)) kept, $kept already kept, 0 failed" "$WORK/out" || { tail -1 "$WORK/out"; fail "resume counts"; }
run 0 "$INWRITING" --store "$store" search --json --limit 100000 "transcript"
json "len(j['hits']) == 3000 * 12"
echo "kill import: ok (killed after $kept sources, $indexed messages)"
