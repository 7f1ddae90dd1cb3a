# Promises end to end: found at import (and only the real ones), listed and filtered, marked kept
# or broken with a history that is never overwritten, `due` for cron, --explain, reindex, a broken
# rule file, and importing the same file twice.
source "$(dirname "$0")/lib.sh"
rules_src="${SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}/src/data/promises"

# A saved chat (Zendesk-style) with one real promise: a $25.00 refund within 5 business days, said
# on Monday 2026-03-09, so due Monday 2026-03-16. Around it: the customer's own demand, a refusal
# and a conditional offer, none of which is a promise.
energy="$WORK/lumenfield.txt"
cat >"$energy" <<'EOF'
Hi Priya Natarajan,

Thanks for chatting with us! Here's a copy of your conversation with Lumenfield Energy for your records.

----------------------------------------------------------------
Chat started on Mon, Mar 9, 2026 at 2:05 PM (EDT, GMT-04:00)
----------------------------------------------------------------

(2:05:10 PM) *** Priya Natarajan joined the chat ***
(2:05:10 PM) Priya Natarajan: Hello, the smart thermostat bundle showed up on my February invoice but I never ordered it
(2:05:31 PM) *** Omar joined the chat ***
(2:05:40 PM) Omar: Hi Priya, this is Omar from Lumenfield. Let me look into the invoice for you.
(2:07:02 PM) Priya Natarajan: I want a refund of the $25.00 bundle fee and I also want the $60 connection charge refunded
(2:08:15 PM) Omar: You are right, the bundle was added by mistake. I have processed a refund of $25.00 to your Mastercard, and you will see it within 5 business days.
(2:09:01 PM) Omar: I'm sorry, but we cannot refund the $60 connection charge because it covers the meter visit.
(2:09:40 PM) Omar: If you send us a photo of the meter reading, we can apply a $15 credit to your next invoice.
(2:10:05 PM) Priya Natarajan: fine, thanks. my account number is LF-2207715
(2:10:30 PM) Omar: Thanks Priya, have a good afternoon.
(2:10:44 PM) *** Priya Natarajan left the chat ***
EOF

# A chat copied from a web page, with another company and a later day: a $10.00 credit by April 10.
mobile="$WORK/corvid.txt"
cat >"$mobile" <<'EOF'
corvid mobile chat - copied Wed Apr 1 2026 around 6:15pm (roaming charges after the trip)

Corvid Assistant
Hi! I'm the Corvid Mobile assistant. How can I help?

You
roaming charges

Corvid Assistant
Thanks! Connecting you to an agent now.

Tomas joined the chat

Tomas
Hi Jordan, Tomas here. I can see two roaming day passes on your line from last week.

You
I was never in Canada on the second day, please take it off

Tomas
Understood. I have applied a $10.00 credit to your account, and it will show on your statement by April 10.

You
ok thanks

Tomas
Your case number is CM-774120.

Tomas has left the chat
Chat ended
EOF

export INWRITING_NOW=2026-03-12T15:00:00Z
run 0 "$INWRITING" import "$energy"
run 0 "$INWRITING" import --company "Corvid Mobile" "$mobile"

# promises --json: exactly the documented fields, the refund read right, nothing else from that chat.
run 0 "$INWRITING" promises --all --json
json "isinstance(j, list) and len(j) == 2"
json "all(set(p) == {'id','conversation','message','kind','amount','currency','due','due_text','by','said_at','quote','references','status','confidence','source_sha256'} for p in j)"
refund=$(python3 -c "import json; print([p['id'] for p in json.load(open('$WORK/out')) if p['kind'] == 'refund'][0])")
credit=$(python3 -c "import json; print([p['id'] for p in json.load(open('$WORK/out')) if p['kind'] == 'credit'][0])")
python3 - "$WORK/out" "$refund" <<'PY' || fail "the refund promise is not what was said"
import json, sys
ps = {p['id']: p for p in json.load(open(sys.argv[1]))}
p = ps[int(sys.argv[2])]
assert p['kind'] == 'refund', p
assert p['amount'] == '25.00' and p['currency'] == 'USD', p
assert p['due'] == '2026-03-16' and p['due_text'] == 'within 5 business days', p
assert p['by'] == 'Omar' and p['status'] == 'open', p
assert p['said_at'].startswith('2026-03-09T14:08:15'), p
assert 'refund of $25.00' in p['quote'] and '\n' not in p['quote'], p
assert isinstance(p['references'], list) and isinstance(p['confidence'], (int, float)) and 0 < p['confidence'] <= 1, p
assert len(p['source_sha256']) == 64 and isinstance(p['conversation'], int) and isinstance(p['message'], int), p
PY
json "not any(p['amount'] in ('60.00', '15.00') for p in j)"
json "not any(p['by'] == 'Priya Natarajan' or 'connection charge' in p['quote'] or 'meter reading' in p['quote'] for p in j)"
json "[p for p in j if p['kind'] == 'credit'][0]['amount'] == '10.00' and [p for p in j if p['kind'] == 'credit'][0]['due'] == '2026-04-10'"

# The human table: a header and one row per promise, soonest due first.
run 0 "$INWRITING" promises
out_has "ID"
out_has "DUE"
out_has "WHAT WAS SAID"
out_has "2026-03-16"
out_has "Lumenfield Energy"
out_has "25.00 USD"
out_has "Omar"
out_has "I have processed a refund of \$25.00"
[ "$(wc -l <"$WORK/out")" -eq 3 ] || { cat "$WORK/out"; fail "promises: expected a header and two rows"; }
[ "$(sed -n 2p "$WORK/out" | cut -c1-${#refund})" = "$refund" ] || { cat "$WORK/out"; fail "the soonest due is not first"; }

# --overdue against "today" in TZ (America/New_York).
INWRITING_NOW=2026-03-16T15:00:00Z run 0 "$INWRITING" promises --overdue
out_has "No promises match"
INWRITING_NOW=2026-03-17T03:00:00Z run 0 "$INWRITING" promises --overdue   # still the 16th in New York
out_has "No promises match"
INWRITING_NOW=2026-03-17T15:00:00Z run 0 "$INWRITING" promises --overdue
out_has "OVERDUE"
out_has "Lumenfield Energy"
out_lacks "Corvid"
INWRITING_NOW=2026-03-17T15:00:00Z run 0 "$INWRITING" promises --overdue --json
json "[p['id'] for p in j] == [$refund]"

# --company (any case), --since (the day said, inclusive), --due-before (exclusive).
run 0 "$INWRITING" promises --company "corvid mobile" --json
json "[p['id'] for p in j] == [$credit]"
run 0 "$INWRITING" promises --company "Nobody Inc" --json
json "j == []"
run 0 "$INWRITING" promises --company "Nobody Inc" --all
out_has "No promises match"
run 0 "$INWRITING" promises --since 2026-03-20 --json
json "[p['id'] for p in j] == [$credit]"
run 0 "$INWRITING" promises --since 2026-03-09 --json
json "len(j) == 2"
run 0 "$INWRITING" promises --due-before 2026-04-01 --json
json "[p['id'] for p in j] == [$refund]"
run 0 "$INWRITING" promises --due-before 2026-03-16 --json
json "j == []"
run 0 "$INWRITING" promises --due-before 2026-04-11 --json
json "len(j) == 2"
run 2 "$INWRITING" promises --since 03/20/2026
err_has "YYYY-MM-DD"
run 2 "$INWRITING" promises --due-before soon
err_has "YYYY-MM-DD"

# due, before anything is due: quiet, exit 0; --within warns ahead without changing the status.
run 0 "$INWRITING" due
[ ! -s "$WORK/out" ] || { cat "$WORK/out"; fail "due printed something with nothing due"; }
run 0 "$INWRITING" due --within 3
[ ! -s "$WORK/out" ] || { cat "$WORK/out"; fail "due --within 3 printed something due in 4 days"; }
run 0 "$INWRITING" due --within 4
out_has "due within 4 days"
out_has "Lumenfield Energy"
out_lacks "Corvid"
run 0 "$INWRITING" due --json
json "j['today'] == '2026-03-12' and j['overdue'] == [] and j['due_soon'] == []"
if command -v script >/dev/null 2>&1; then
  # At a terminal a person still gets an answer.
  run 0 script -qec "'$INWRITING' due" /dev/null
  out_has "Nothing is overdue"
fi

# due, once the refund is late: exit 3, listed; the credit only with --within.
export INWRITING_NOW=2026-03-20T14:00:00Z
run 3 "$INWRITING" due
out_has "1 promise is overdue"
out_has "Lumenfield Energy"
out_lacks "Corvid"
run 3 "$INWRITING" due --json
json "j['today'] == '2026-03-20' and [p['id'] for p in j['overdue']] == [$refund] and j['due_soon'] == []"
json "set(j['overdue'][0]) == {'id','conversation','message','kind','amount','currency','due','due_text','by','said_at','quote','references','status','confidence','source_sha256'}"
run 3 "$INWRITING" due --within 21 --json
json "[p['id'] for p in j['overdue']] == [$refund] and [p['id'] for p in j['due_soon']] == [$credit]"
run 3 "$INWRITING" due --within 21
out_has "due within 21 days"
out_has "Corvid Mobile"
# However far ahead, the overdue one still counts (the horizon once overflowed into the past).
run 3 "$INWRITING" due --within 2147483647 --json
json "[p['id'] for p in j['overdue']] == [$refund] and [p['id'] for p in j['due_soon']] == [$credit]"

# promise ID --kept --note: recorded with its time and note; due is quiet again.
run 0 "$INWRITING" promise "$refund" --kept --note "refund showed on the card"
out_has "kept"
run 0 "$INWRITING" promise "$refund" --json
json "j['status'] == 'kept' and j['id'] == $refund and j['retracted_by'] is None"
json "len(j['history']) == 1 and j['history'][0]['status'] == 'kept' and j['history'][0]['note'] == 'refund showed on the card'"
json "j['history'][0]['at'].startswith('2026-03-20T14:00:00')"
run 0 "$INWRITING" due
[ ! -s "$WORK/out" ] || { cat "$WORK/out"; fail "due listed a kept promise"; }
run 0 "$INWRITING" promises --overdue --json
json "j == []"
run 0 "$INWRITING" promises --kept --json
json "[p['id'] for p in j] == [$refund]"
run 0 "$INWRITING" promises --broken
out_has "No promises match"
run 0 "$INWRITING" promises --json
json "[p['id'] for p in j] == [$credit]"

# A second change is added, never written over the first.
INWRITING_NOW=2026-03-27T14:00:00Z run 0 "$INWRITING" promise "$refund" --broken --note "it was charged again"
run 0 "$INWRITING" promise "$refund" --json
json "j['status'] == 'broken' and [e['status'] for e in j['history']] == ['kept', 'broken']"
json "[e['note'] for e in j['history']] == ['refund showed on the card', 'it was charged again']"
json "j['history'][1]['at'].startswith('2026-03-27T14:00:00')"
run 0 "$INWRITING" promise "$refund" --note "called, ref 4471"
run 0 "$INWRITING" promise "$refund" --json
json "j['status'] == 'broken' and [e['status'] for e in j['history']] == ['kept', 'broken', None]"
run 0 "$INWRITING" promises --broken --json
json "[p['id'] for p in j] == [$refund]"
run 0 "$INWRITING" promises --kept --json
json "j == []"
run 0 "$INWRITING" promises --kept --broken --json
json "[p['id'] for p in j] == [$refund]"
run 0 "$INWRITING" promises --all --json
json "sorted(p['id'] for p in j) == sorted([$refund, $credit])"
run 0 "$INWRITING" promise "$refund"
out_has "broken"
out_has "it was charged again"
out_has "refund showed on the card"

# Unknown promises: a plain message and a non-zero exit, and nothing recorded.
run 2 "$INWRITING" promise 999
err_has "promise 999: no such promise"
run 2 "$INWRITING" promise 999 --kept
err_has "promise 999: no such promise"
run 2 "$INWRITING" promises --explain 999
err_has "promise 999: no such promise"
run 2 "$INWRITING" promise "$refund" --kept --broken
err_has "one of"

# --explain names the anchor, each check, the cue, the money, the deadline and the history.
run 0 "$INWRITING" promises --explain "$refund"
out_has "Promise $refund (refund, 25.00 USD, broken)"
out_has "anchor: refund"
out_has "refusal: no"
out_has "conditional: no"
out_has "customer: no"
out_has "cue: 'I have processed'"
out_has "en.rules:"
out_has "2026-03-16"
out_has "History:"
out_has "it was charged again"

# reindex --promises: the same promises, with their numbers and history.
run 0 "$INWRITING" promises --all --json
cp "$WORK/out" "$WORK/promises-before.json"
run 0 "$INWRITING" reindex --promises --json
json "j['conversations'] == 2 and j['added'] == 0 and j['removed'] == 0 and j['updated'] == 2 and j['kept_with_history'] == 0"
run 0 "$INWRITING" promises --all --json
cmp -s "$WORK/out" "$WORK/promises-before.json" || { diff "$WORK/promises-before.json" "$WORK/out"; fail "reindex changed the promises"; }
run 0 "$INWRITING" promise "$refund" --json
json "j['status'] == 'broken' and len(j['history']) == 3"
run 0 "$INWRITING" reindex --promises
out_has "2 conversations"
run 2 "$INWRITING" reindex
err_has "--promises"

# A broken rule file stops import and reindex, names the file and line, and changes nothing.
cp -r "$rules_src" "$WORK/rules"
python3 - "$WORK/rules/en.rules" <<'PY'
import sys
path = sys.argv[1]
lines = open(path, encoding='utf-8').read().split('\n')
at = lines.index('[refusal]')
lines.insert(at + 1, r'\b(we (really )?cannot')
open(path, 'w', encoding='utf-8').write('\n'.join(lines))
print(at + 2, file=open(path + '.line', 'w'))
PY
bad_line=$(cat "$WORK/rules/en.rules.line")
rm "$WORK/rules/en.rules.line"
run 0 "$INWRITING" stats --json
cp "$WORK/out" "$WORK/stats-before.json"
third="$WORK/lumenfield-again.txt"
sed -e 's/Mar 9, 2026/Mar 10, 2026/' -e 's/bundle was added/thermostat bundle was added/' "$energy" >"$third"
INWRITING_RULES_DIR="$WORK/rules" run 1 "$INWRITING" import "$third"
err_has "$WORK/rules/en.rules:$bad_line"
INWRITING_RULES_DIR="$WORK/rules" run 1 "$INWRITING" reindex --promises
err_has "$WORK/rules/en.rules:$bad_line"
run 0 "$INWRITING" stats --json
cmp -s "$WORK/out" "$WORK/stats-before.json" || { diff "$WORK/stats-before.json" "$WORK/out"; fail "a failed import changed the store"; }
run 0 "$INWRITING" promises --all --json
cmp -s "$WORK/out" "$WORK/promises-before.json" || { diff "$WORK/promises-before.json" "$WORK/out"; fail "a failed reindex changed the promises"; }

# The same file twice, or the same chat in another file: no new promise.
run 0 "$INWRITING" import "$energy"
out_has "already kept"
{ cat "$energy"; printf '\n'; } >"$WORK/lumenfield-copy.txt"
run 0 "$INWRITING" import "$WORK/lumenfield-copy.txt"
run 0 "$INWRITING" promises --all --json
json "sorted(p['id'] for p in j) == sorted([$refund, $credit])"
run 0 "$INWRITING" promise "$refund" --json
json "j['status'] == 'broken' and len(j['history']) == 3"

# A promise taken back later in the chat is retracted: listed with --all only, never due.
cat >"$WORK/tidewater.txt" <<'EOF'
Hi Sam,

Thanks for chatting with us! Here's a copy of your conversation with Tidewater Books for your records.

----------------------------------------------------------------
Chat started on Thu, Mar 12, 2026 at 11:00 AM (EDT, GMT-04:00)
----------------------------------------------------------------

(11:00:10 AM) *** Sam joined the chat ***
(11:00:10 AM) Sam: the atlas arrived with a torn cover
(11:00:31 AM) *** Ruth joined the chat ***
(11:01:40 AM) Ruth: I'm sorry about that. I will send you a replacement copy within 3 business days.
(11:03:10 AM) Ruth: Correction, I was mistaken: that edition is out of print, so the replacement won't be processed.
EOF
run 0 "$INWRITING" import "$WORK/tidewater.txt"
run 0 "$INWRITING" promises --all --json
json "len(j) == 3 and [p['status'] for p in j if p['kind'] == 'replacement'] == ['retracted']"
retracted=$(python3 -c "import json; print([p['id'] for p in json.load(open('$WORK/out')) if p['kind'] == 'replacement'][0])")
run 0 "$INWRITING" promises --json
json "$retracted not in [p['id'] for p in j]"
INWRITING_NOW=2026-03-27T14:00:00Z run 0 "$INWRITING" due
[ ! -s "$WORK/out" ] || { cat "$WORK/out"; fail "due listed a retracted promise"; }
run 0 "$INWRITING" promise "$retracted" --json
json "j['status'] == 'retracted' and isinstance(j['retracted_by'], int) and j['history'] == []"
run 0 "$INWRITING" promises --explain "$retracted"
out_has "Taken back in message"
echo "promises: ok"
