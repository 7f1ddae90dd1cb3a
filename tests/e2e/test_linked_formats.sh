# The same chat as a pasted text and as its saved page: both files are kept (their bytes are
# evidence), the conversation once, linked to the first.
source "$(dirname "$0")/lib.sh"
run 0 "$INWRITING" import --json "$TEST_DATA/linked/acme-chat.html"
jsonl "j[0]['status'] == 'kept' and 'same_as_earlier' not in j[0]['conversations'][0]"
run 0 "$INWRITING" import --json "$TEST_DATA/linked/acme-chat.txt"
jsonl "j[0]['status'] == 'kept' and j[0]['conversations'][0]['same_as_earlier'] is True and j[0]['conversations'][0]['id'] == 1"
run 0 "$INWRITING" stats --json
json "j['sources'] == 2 and j['conversations'] == 1 and j['messages'] == 4"
run 0 "$INWRITING" search replacement --json
json "len(j['hits']) == 1"
echo "linked formats: ok"
