# inwriting pull against a real Dovecot on 127.0.0.1, seeded over IMAP with the corpus's
# transcript emails: every message once, nothing marked read, custody recorded, failures told
# apart by exit code (0 / 75 / 1 / 2), the password never shown.
source "$(dirname "$0")/lib.sh"
source "$SOURCE_DIR/tests/e2e/dovecot/dovecot.sh"
trap 'rc=$?; dovecot_stop; (exit $rc); cleanup' EXIT
dovecot_start

store="$HOME/.local/share/inwriting/store.db"
sql() { sqlite3 "file:$store?mode=ro" "$1"; }
url="imaps://$IMAP_USER@localhost:$IMAPS_PORT/Transcripts"
secret_cmd="$WORK/password.sh"
printf '#!/bin/sh\necho "%s"\necho "second line is ignored"\n' "$IMAP_PASSWORD" > "$secret_cmd"
chmod +x "$secret_cmd"
pull() { "$INWRITING" pull --url "$url" --cacert "$IMAP_CA" --password-command "$secret_cmd" "$@"; }
no_password_shown() {
  ! grep -qF -- "$IMAP_PASSWORD" "$WORK/out" "$WORK/err" || fail "the password appears in the output"
}

mails=("$TEST_DATA"/imap/*.eml)
imap_tool append Transcripts "${mails[@]}"

# A dry run lists them and keeps nothing.
run 0 pull --dry-run
out_has "Your chat transcript ✈ Skylark Airways"   # subjects decoded for people
[ "$(grep -c '^would fetch ' "$WORK/out")" = ${#mails[@]} ] || { cat "$WORK/out"; fail "dry run lists every message"; }
out_has "6 message(s) would be fetched"
[ ! -e "$store" ] || [ "$(sql 'SELECT count(*) FROM sources')" = 0 ] || fail "a dry run kept something"

# First pull: all of them, each a conversation; with --verbose, still no password.
run 0 pull --verbose
no_password_shown
out_has "Transcripts: 6 new, 0 already kept, 0 kept as raw bytes only"
[ "$(grep -c '^kept ' "$WORK/out")" -ge 6 ] || fail "each message is reported kept"
err_has "UIDVALIDITY"
[ "$(sql 'SELECT count(*) FROM sources')" = 6 ] || fail "six sources"
[ "$(sql "SELECT count(*) FROM pull_state WHERE outcome = 'imported'")" = 6 ] || fail "six pull records"
[ "$(sql "SELECT count(DISTINCT origin_kind) || origin_kind FROM sources")" = 1mailbox ] || fail "origin kind mailbox"
sql "SELECT origin FROM sources" | grep -q "^imaps://dana@localhost:$IMAPS_PORT/Transcripts;UIDVALIDITY=[0-9]*/;UID=[1-6]$" ||
  fail "origin names mailbox, UIDVALIDITY and UID"
# Custody: server, mailbox, UIDVALIDITY, UID, INTERNALDATE and when it was fetched.
detail=$(sql "SELECT detail FROM custody_events WHERE event = 'imported' ORDER BY source_id LIMIT 1")
python3 - "$detail" "$IMAPS_PORT" <<'PY' || fail "custody detail: $detail"
import json, re, sys
d = json.loads(sys.argv[1])
assert d["server"] == "imaps://dana@localhost:%s" % sys.argv[2], d
assert d["mailbox"] == "Transcripts" and d["uid"] == 1 and d["uidvalidity"] > 0, d
assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d", d["internaldate"]), d
assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00", d["fetched_at"]), d
assert d["account"] == "imaps://dana@localhost:%s" % sys.argv[2], d
PY
run 0 "$INWRITING" search "บันทึกการสนทนา OR transcript OR reembolso"
# Still unread on the server.
imap_tool flags Transcripts > "$WORK/flags"
! grep -q Seen "$WORK/flags" || { cat "$WORK/flags"; fail "a message was marked read"; }
[ "$(wc -l < "$WORK/flags")" = 6 ] || fail "six messages on the server"

# Second pull: nothing; --quiet says nothing at all.
run 0 pull
out_has "Transcripts: nothing new"
run 0 pull --quiet
[ ! -s "$WORK/out" ] && [ ! -s "$WORK/err" ] || { cat "$WORK/out" "$WORK/err"; fail "--quiet printed something with nothing new"; }

# One new message: exactly one import, and --quiet reports it.
sed 's/^Message-ID: <\(.*\)>/Message-ID: <new-\1>/; s/^Subject: /Subject: Fwd: /' "$TEST_DATA/imap/en-skylark-cancelled-flight-transcript.eml" > "$WORK/new.eml"
imap_tool append Transcripts "$WORK/new.eml"
run 0 pull --quiet --json
jsonl "[m['status'] for m in j if m['type'] == 'message'] == ['kept'] and all(m['format_version'] == 1 for m in j)"
jsonl "[m['uid'] for m in j if m['type'] == 'message'] == [7]"
jsonl "[(m['kept'], m['duplicate']) for m in j if m['type'] == 'mailbox'] == [(1, 0)]"
[ "$(sql 'SELECT count(*) FROM sources')" = 7 ] || fail "seven sources"

# UIDVALIDITY reset: the mailbox recreated with the same messages gives no duplicates.
old_validity=$(imap_tool uidvalidity Transcripts)
imap_tool recreate Transcripts
[ "$(imap_tool uidvalidity Transcripts)" != "$old_validity" ] || fail "the server kept its UIDVALIDITY"
run 0 pull
out_has "Transcripts: 0 new, 7 already kept"
[ "$(sql 'SELECT count(*) FROM sources')" = 7 ] || fail "duplicates after a UIDVALIDITY reset"
[ "$(sql "SELECT count(*) FROM pull_state WHERE outcome = 'duplicate'")" = 7 ] || fail "recorded as duplicates"
run 0 pull
out_has "Transcripts: nothing new"

# A message that is not readable as an email is kept as raw bytes, with why, and not fetched again.
printf 'this is not an email at all\r\njust a line\r\n' > "$WORK/garbage.eml"
imap_tool append Transcripts "$WORK/garbage.eml"
run 0 pull
out_has "kept as raw bytes (not readable as an email)"
out_has "1 kept as raw bytes only"
[ "$(sql "SELECT count(*) FROM pull_state WHERE outcome = 'unparsed' AND error != ''")" = 1 ] || fail "unparsed recorded with its error"
[ "$(sql "SELECT count(*) FROM sources s WHERE format = 'unparsed' AND bytes = CAST(readfile('$WORK/garbage.eml') AS BLOB)")" = 1 ] ||
  [ "$(sql "SELECT size FROM sources WHERE format = 'unparsed'")" = "$(wc -c < "$WORK/garbage.eml")" ] || fail "raw bytes kept"
run 0 pull
out_has "Transcripts: nothing new"

# Filters: the server is asked, in UTF-8.
run 0 pull --dry-run --subject-contains "บันทึกการสนทนา"
out_has "nothing new to fetch"
imap_tool append Other "${mails[@]}"
run 0 "$INWRITING" pull --url "imaps://$IMAP_USER@localhost:$IMAPS_PORT/Other" --cacert "$IMAP_CA" \
  --password-command "$secret_cmd" --dry-run --json --subject-contains "บันทึกการสนทนา" --subject-contains "Transcripción"
jsonl "len([m for m in j if m['type'] == 'would_fetch']) == 2"
run 0 "$INWRITING" pull --url "imaps://$IMAP_USER@localhost:$IMAPS_PORT/Other" --cacert "$IMAP_CA" \
  --password-command "$secret_cmd" --dry-run --json --from care@skylarkair.example --since 2000-01-01
jsonl "len([m for m in j if m['type'] == 'would_fetch']) == 1"

# Wrong password: exit 1, a message without the password.
printf '#!/bin/sh\necho "Wr0ng-Secret-xyz"\n' > "$WORK/wrong.sh"
chmod +x "$WORK/wrong.sh"
run 1 "$INWRITING" pull --url "$url" --cacert "$IMAP_CA" --password-command "$WORK/wrong.sh" --verbose
err_has "check the user name and the password"
! grep -qF "Wr0ng-Secret-xyz" "$WORK/out" "$WORK/err" || fail "the wrong password is shown"
# From the environment too.
IMAP_SECRET="$IMAP_PASSWORD" run 0 "$INWRITING" pull --url "$url" --cacert "$IMAP_CA" --password-env IMAP_SECRET --verbose
no_password_shown
run 1 "$INWRITING" pull --url "$url" --cacert "$IMAP_CA" --password-env NOT_SET_ANYWHERE
err_has "NOT_SET_ANYWHERE"

# TLS: a certificate that does not match the name is refused (exit 1); STARTTLS works when trusted.
run 1 "$INWRITING" pull --url "imaps://$IMAP_USER@127.0.0.1:$IMAPS_PORT/Transcripts" --cacert "$IMAP_CA" --password-command "$secret_cmd"
err_has "certificate"
run 1 "$INWRITING" pull --url "$url" --password-command "$secret_cmd"
err_has "not trusted"
# (Another server URL is another account: its messages are all seen again, and all kept already.)
run 0 "$INWRITING" pull --url "imap://$IMAP_USER@localhost:$IMAP_PORT/Transcripts" --cacert "$IMAP_CA" --password-command "$secret_cmd"
out_has "Transcripts: 0 new, 8 already kept, 0 kept as raw bytes only"

# From ~/.netrc, when nothing else is given; and plain text only when asked for by name.
printf 'machine localhost login %s password %s\n' "$IMAP_USER" "$IMAP_PASSWORD" > "$HOME/.netrc"
chmod 600 "$HOME/.netrc"
run 0 "$INWRITING" pull --url "$url" --cacert "$IMAP_CA" --verbose
no_password_shown
err_has "password from ~/.netrc"
run 0 "$INWRITING" pull --url "imap://$IMAP_USER@localhost:$IMAP_PORT/Transcripts" --insecure-plaintext --verbose
err_has "unencrypted"
out_has "Transcripts: nothing new"   # the same server URL as the STARTTLS run above
run 2 "$INWRITING" pull --url "$url" --insecure-plaintext
rm "$HOME/.netrc"
run 1 "$INWRITING" pull --url "$url" --cacert "$IMAP_CA"
err_has "no password"

# Usage errors: exit 2.
run 2 "$INWRITING" pull --url "http://example.com/"
run 2 "$INWRITING" pull --url "imaps://dana:hunter2@localhost/INBOX"
err_has "a password in the URL is refused"
run 2 "$INWRITING" pull --url "$url" --since yesterday
# Nothing configured: exit 1, saying how.
run 1 "$INWRITING" pull
err_has "[pull.accounts.NAME]"

# Accounts in the config file, with a [pull] option beside them.
mkdir -p "$HOME/.config/inwriting"
cat > "$HOME/.config/inwriting/config.toml" <<TOML
[pull]
wait = 5

[pull.accounts.work]
host = "localhost"
port = $IMAPS_PORT
user = "$IMAP_USER"
mailboxes = ["Transcripts", "Other"]
tls_ca_file = "$IMAP_CA"
password_command = "$secret_cmd"
subject_contains = ["transcript", "transcripción", "บันทึกการสนทนา"]

[pull.accounts.plain]
host = "localhost"
port = $IMAP_PORT
user = "$IMAP_USER"
mailboxes = ["Other"]
insecure_plaintext = true
password_env = "IMAP_SECRET"
TOML
run 0 "$INWRITING" pull work --verbose
no_password_shown
# Another account: the four transcripts its filter matches are seen again, and kept already.
out_has "work Transcripts: 0 new, 4 already kept"
out_has "work Other:"
IMAP_SECRET="$IMAP_PASSWORD" run 0 "$INWRITING" pull plain --quiet
IMAP_SECRET="$IMAP_PASSWORD" run 0 "$INWRITING" pull --json
jsonl "sorted(set(m['account'] for m in j if m['type'] == 'mailbox')) == ['plain', 'work']"
run 1 "$INWRITING" pull nosuch
err_has "the accounts are: work, plain"
[ "$(sql 'PRAGMA integrity_check')" = ok ] || fail "integrity"

# A bundle shows a pulled message's custody: server, mailbox, UIDVALIDITY, UID, dates.
run 0 "$INWRITING" case new skylark
run 0 "$INWRITING" case add skylark c2
(cd "$WORK" && run 0 "$INWRITING" bundle skylark --no-pdf --output "$WORK/bundles")
custody=$(find "$WORK/bundles" -name custody.csv | head -1)
[ -n "$custody" ] || fail "no custody.csv in the bundle"
grep -q "Transcripts;UIDVALIDITY=[0-9]*/;UID=2,.*\"\"internaldate\"\":\"\"20.*\"\"mailbox\"\":\"\"Transcripts\"\"" "$custody" ||
  { cat "$custody"; fail "the bundle's custody lacks the IMAP facts"; }

# Server stopped: exit 75 and one line.
dovecot_halt
run 75 pull
[ "$(wc -l < "$WORK/err")" = 1 ] || { cat "$WORK/err"; fail "one line of error"; }
err_has "the next run tries again"
echo "pull: ok"
