# Cases: make one, add a conversation and a promise, note a phone call, show, brief in en/es/th,
# list, remove; and the one-line errors for bad input.
source "$(dirname "$0")/lib.sh"
zendesk="$TEST_DATA/corpus/dev/en-zendesk-chat-billing-overcharge.txt"
thai="$TEST_DATA/corpus/dev/th-line-nami-beauty-late-delivery.txt"
export INWRITING_NOW=2026-03-20T16:00:00Z

run 0 "$INWRITING" import "$zendesk" "$thai"
run 0 "$INWRITING" promises --all --json
thai_promise=$(python3 -c "import json; print([p['id'] for p in json.load(open('$WORK/out')) if p['conversation'] == 2][0])")
en_refund=$(python3 -c "import json; print([p['id'] for p in json.load(open('$WORK/out')) if p['conversation'] == 1 and p['kind'] == 'refund'][0])")

run 0 "$INWRITING" case new brightwave-overcharge --company "Brightwave Internet" --amount 129.99 --currency usd \
  --charge-date 2026-03-01 --statement-date 2026-03-15 --account-last4 1234 --type credit-not-processed
out_has "Made case brightwave-overcharge · Brightwave Internet · credit not processed"
out_has "129.99 USD charged 2026-03-01"
run 0 "$INWRITING" case add brightwave-overcharge c1 "p$thai_promise" --json
json "j['format_version'] == 1 and j['added'] == ['c1', 'p$thai_promise'] and j['already_there'] == []"
run 0 "$INWRITING" case add brightwave-overcharge --conversation 1
out_has "Already in the case: conversation 1"

run 0 "$INWRITING" case note brightwave-overcharge "Called billing. Priya said the refund was approved and would post in 2 days." \
  --who "Priya (billing)" --at 2026-03-16T15:30 --ref 88123
out_has "Noted in case brightwave-overcharge as conversation 3 (phone, 2026-03-16 15:30:00 -04:00, with Priya (billing), ref 88123)"
run 0 "$INWRITING" search "post in 2 days" --json
json "len(j['hits']) == 1 and j['hits'][0]['conversation'] == 3 and j['hits'][0]['role'] == 'customer'"
run 0 "$INWRITING" search 88123 --json
json "len(j['hits']) == 1"
run 0 "$INWRITING" show 3 --json
json "j['channel'] == 'phone' and j['format'] == 'note' and any(r['value'] == '88123' for r in j['references'])"

run 0 "$INWRITING" case show brightwave-overcharge
out_has "1 conversation, 1 note, "
out_has "Timeline"
out_has "2026-03-04 10:31:52 -05:00  c1 chat"
out_has "You (your note)"
out_has "Priya said the refund was approved"
out_has "OVERDUE"
out_has "promise p$en_refund by Sam"
run 0 "$INWRITING" case show brightwave-overcharge --json
json "j['format_version'] == 1 and j['case']['name'] == 'brightwave-overcharge' and j['case']['amount'] == '129.99'"
json "j['case']['account_last4'] == '1234' and len(j['conversations']) == 1 and len(j['notes']) == 1"
json "j['notes'][0]['who'] == 'Priya (billing)' and j['notes'][0]['at'].startswith('2026-03-16T15:30')"
json "any(p['id'] == $thai_promise for p in j['promises']) and any(p['overdue'] for p in j['promises'])"
json "[r['time'] for r in j['timeline'] if r['time']] == sorted([r['time'] for r in j['timeline'] if r['time']], key=lambda t: t[:10])"
json "j['timeline'][-1]['kind'] == 'note'"

run 0 "$INWRITING" brief brightwave-overcharge
out_has "Brightwave Internet"
out_has "CS-4410921"
out_has "Sam promised a refund"
out_has "OVERDUE since 2026-03-13"
out_has "2026-03-16: phone call with Priya (billing) (reference 88123)"
out_has "Card/account ending in 1234"
run 0 "$INWRITING" brief brightwave-overcharge --lang es
out_has "Hola."
out_has "prometió un reembolso"
out_has "VENCIDO desde el 2026-03-13"
out_has "llamada con Priya"
run 0 "$INWRITING" brief brightwave-overcharge --lang th --json
json "j['format_version'] == 1 and j['language'] == 'th' and 'เลยกำหนดตั้งแต่ 2026-03-13' in j['text'] and 'สัญญาว่าจะคืนเงิน' in j['text']"
run 2 "$INWRITING" brief brightwave-overcharge --lang fr

# The default language is the one most of its conversations are in.
run 0 "$INWRITING" case new nami-late
run 0 "$INWRITING" case add nami-late c2
run 0 "$INWRITING" brief nami-late --json
json "j['language'] == 'th' and j['text'].startswith('สวัสดี')"

run 0 "$INWRITING" case list
out_has "brightwave-overcharge  Brightwave Internet  1 conversation, 1 promise, 1 note"
out_has "nami-late"
run 0 "$INWRITING" case list --json
json "j['format_version'] == 1 and [c['name'] for c in j['cases']] == ['brightwave-overcharge', 'nami-late']"

run 0 "$INWRITING" case remove brightwave-overcharge "p$thai_promise" c3
out_has "Took out promise $thai_promise"
out_has "Took out conversation 3"
run 0 "$INWRITING" case remove brightwave-overcharge c3 --json
json "j['removed'] == [] and j['not_there'] == ['c3']"
run 0 "$INWRITING" case remove nami-late --delete-case
out_has "Deleted case nami-late"
run 0 "$INWRITING" show 2
run 0 "$INWRITING" case list --json
json "[c['name'] for c in j['cases']] == ['brightwave-overcharge']"

# Bad input: one line that says what to write instead, exit 2.
one_line() { [ "$(wc -l < "$WORK/err")" -eq 1 ] || { cat "$WORK/err"; fail "expected one line of error"; }; }
run 2 "$INWRITING" case new "Acme Charge"; one_line; err_has "e.g. acme-charge"
run 2 "$INWRITING" case new brightwave-overcharge; one_line; err_has "exists already"
run 2 "$INWRITING" case new x1 --amount 1,299.00 --currency USD; one_line; err_has "plain decimal"
run 2 "$INWRITING" case new x1 --amount 12.5; one_line; err_has "--currency"
run 2 "$INWRITING" case new x1 --amount 12.50 --currency US; one_line; err_has "ISO 4217"
run 2 "$INWRITING" case new x1 --amount 12.50 --currency XYZ; one_line; err_has "ISO 4217"
run 2 "$INWRITING" case new x1 --charge-date 03/01/2026; one_line; err_has "YYYY-MM-DD"
run 2 "$INWRITING" case new x1 --statement-date 2026-02-30; one_line; err_has "YYYY-MM-DD"
run 2 "$INWRITING" case new x1 --account-last4 123; one_line; err_has "exactly the last 4 digits"
run 2 "$INWRITING" case new x1 --type lost
run 2 "$INWRITING" case add brightwave-overcharge 12; one_line; err_has "say c12 for conversation 12 or p12 for promise 12"
run 2 "$INWRITING" case add brightwave-overcharge p$en_refund c999; one_line; err_has "no conversation 999"; err_has "nothing was changed"
run 0 "$INWRITING" case show brightwave-overcharge --json
json "j['case']['promises'] == 0"
run 2 "$INWRITING" case add brightwave-overcharge p999; one_line; err_has "no promise 999"
run 2 "$INWRITING" case add nope c1; one_line; err_has "no case nope"
run 2 "$INWRITING" case show nope; one_line
run 2 "$INWRITING" case note brightwave-overcharge "called" --at yesterday; one_line; err_has "YYYY-MM-DD"
run 2 "$INWRITING" case note brightwave-overcharge "  "; one_line
run 2 "$INWRITING" case remove brightwave-overcharge; one_line; err_has "--delete-case"
run 2 "$INWRITING" case
run 0 "$INWRITING" case list --json
json "[c['name'] for c in j['cases']] == ['brightwave-overcharge']"
echo "cases: ok"
