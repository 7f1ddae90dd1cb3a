# Import, already kept, show (text, --raw, --json), list, search, stats, stdin, usage errors.
source "$(dirname "$0")/lib.sh"
zendesk="$TEST_DATA/corpus/dev/en-zendesk-chat-billing-overcharge.txt"
thai="$TEST_DATA/corpus/dev/th-line-nami-beauty-late-delivery.txt"

run 0 "$INWRITING" import "$zendesk"
out_has "kept"
out_has "19 messages"
out_has "2026-03-04 10:31:52 -05:00"
[ -f "$HOME/.local/share/inwriting/store.db" ] || fail "store not at the default place"
[ "$(stat -c %a "$HOME/.local/share/inwriting/store.db")" = 600 ] || fail "store is not 0600"
[ "$(stat -c %a "$HOME/.local/share/inwriting")" = 700 ] || fail "store directory is not 0700"

run 0 "$INWRITING" import --json "$zendesk"
jsonl "len(j) == 1 and j[0]['status'] == 'duplicate' and j[0]['format_version'] == 1 and j[0]['error'] is None"

run 0 "$INWRITING" import --json "$thai"
jsonl "j[0]['status'] == 'kept' and len(j[0]['sha256']) == 64"
jsonl "all(k in j[0]['conversations'][0] for k in ('id','company','channel','messages','participants','started','ended'))"
thai_id=$(python3 -c "import json; print(json.loads(open('$WORK/out').readline())['conversations'][0]['id'])")

run 0 "$INWRITING" show 1
out_has "Sam (agent)"
out_has "Dana Whitfield (customer)"
out_has "CS-4410921"
out_has "joined the chat"

run 0 "$INWRITING" show 1 --raw
cmp -s "$WORK/out" "$zendesk" || fail "show --raw is not the original bytes"

run 0 "$INWRITING" show "$thai_id" --json
json "j['format_version'] == 1 and j['messages'] == 17 and j['source']['sha256']"
json "any(e['kind'] == 'message' and e['text'] for e in j['entries'])"

run 0 "$INWRITING" search refund
out_has "conversation 1"
out_has "[refund]"
run 0 "$INWRITING" search คืนเงิน --json
json "len(j['hits']) >= 1 and all(set(h) >= {'conversation','message','time','speaker','role','snippet','source_sha256'} for h in j['hits'])"
run 0 "$INWRITING" search refund --role customer --json
json "all(h['role'] == 'customer' for h in j['hits']) and len(j['hits']) >= 1"
run 0 "$INWRITING" search refund --company "no such company"
out_has "Nothing found"

run 2 "$INWRITING" search '"refund'
[ "$(wc -l < "$WORK/err")" -eq 1 ] || fail "a malformed query should get one line"
err_has "closing"

run 0 "$INWRITING" list --json
json "len(j['conversations']) == 2"
run 0 "$INWRITING" list --company "brightwave internet"
out_has "Brightwave"
run 0 "$INWRITING" list --since 2026-03-04 --until 2026-03-04
out_has "Brightwave"
run 2 "$INWRITING" list --since yesterday
err_has "YYYY-MM-DD"

run 0 "$INWRITING" stats --json
json "j['sources'] == 2 and j['conversations'] == 2 and j['messages'] == 36"

# Standard input.
run 0 "$INWRITING" import - < "$TEST_DATA/corpus/real/zendeskchat_enertion_refund_75723.txt"
out_has "kept"

# Usage errors exit 2.
run 2 "$INWRITING" import
run 2 "$INWRITING" import --format nonsense "$zendesk"
err_has "unknown format"
run 2 "$INWRITING" import --tz Mars/Olympus "$zendesk"
run 2 "$INWRITING" frobnicate
run 2 "$INWRITING" show 999
err_has "no conversation 999"
echo "cli basics: ok"
