# Which company an email is with: --company-domain on the command line and company-domain under
# [import] in the config file, help-desk domains; and Maildir flags kept with each email.
source "$(dirname "$0")/lib.sh"
d="$WORK/in"
mkdir -p "$d"
mail() {  # mail FILE FROM SUBJECT [EXTRA-HEADER]
  printf 'From: %s\nTo: dana@example.net\n%sSubject: %s\nDate: Tue, 10 Mar 2026 10:00:00 -0500\nMessage-ID: <%s@mail.example>\n\nAbout %s: it is done.\n' \
    "$2" "${4:+$4
}" "$3" "$(basename "$1")" "$3" > "$1"
}
company_of() {  # company_of TITLE
  "$INWRITING" list --json --limit 100 | python3 -c "import json,sys; print([c['company'] for c in json.load(sys.stdin)['conversations'] if c['title'] == sys.argv[1]][0])" "$1"
}
mail "$d/billing.eml" "Jo Park <jo@acme-mail.com>" "invoice one"
mail "$d/billing2.eml" "Jo Park <jo@acme-mail.com>" "invoice two"
mail "$d/sub.eml" "Kim <kim@eu.acme-mail.com>" "invoice three"
mail "$d/zd.eml" "Acme Support <support@acme.zendesk.com>" "ticket 1"
mail "$d/zd-agent.eml" "Mia <mia@initech.zendesk.com>" "ticket 2"
mail "$d/zd-reply.eml" "Support <support@zendesk.com>" "ticket 3" "Reply-To: Globex Help <help@globex.example>"
mail "$d/fd.eml" "Maya from Umbrella <maya@support.freshdesk.com>" "ticket 4"

# Without a mapping a person at an unknown domain names no company.
run 0 "$INWRITING" import "$d/billing.eml"
[ "$(company_of 'invoice one')" = "" ] || fail "a person's email named a company: $(company_of 'invoice one')"

# On the command line (the domain and its subdomains), repeatable.
run 0 "$INWRITING" import --company-domain acme-mail.com=AcmeCorp --company-domain other.example=Other "$d/billing2.eml" "$d/sub.eml"
[ "$(company_of 'invoice two')" = AcmeCorp ] || fail "--company-domain: $(company_of 'invoice two')"
[ "$(company_of 'invoice three')" = AcmeCorp ] || fail "--company-domain for a subdomain: $(company_of 'invoice three')"
run 0 "$INWRITING" list --json --limit 100
json "[p['role'] for c in j['conversations'] if c['title'] == 'invoice two' for p in c['participants']] == ['agent']"
# Each flag takes one value: the paths after it stay paths.
mail "$d/me1.eml" "Dana Whitfield <dana@example.net>" "from me one"
mail "$d/me2.eml" "Dana Whitfield <dana@example.net>" "from me two"
run 0 "$INWRITING" import --me "Dana Whitfield" "$d/me1.eml" "$d/me2.eml"
out_has "2 kept, 0 already kept, 0 failed"
run 2 "$INWRITING" import --company-domain acme-mail.com "$d/billing.eml"
err_has "--company-domain acme-mail.com: write it as DOMAIN=COMPANY"

# Help desks: the company from the display name, the subdomain or the Reply-To, never the desk.
run 0 "$INWRITING" import "$d/zd.eml" "$d/zd-agent.eml" "$d/zd-reply.eml" "$d/fd.eml"
[ "$(company_of 'ticket 1')" = Acme ] || fail "help desk, display name: $(company_of 'ticket 1')"
[ "$(company_of 'ticket 2')" = Initech ] || fail "help desk, an agent's name and the subdomain: $(company_of 'ticket 2')"
[ "$(company_of 'ticket 3')" = Globex ] || fail "help desk, Reply-To: $(company_of 'ticket 3')"
[ "$(company_of 'ticket 4')" = Umbrella ] || fail "help desk, 'X from Company': $(company_of 'ticket 4')"

# In the config file, under [import]: read by CLI11 into the same option.
mkdir -p "$WORK/config/inwriting"
export XDG_CONFIG_HOME="$WORK/config"
printf '[import]\ncompany-domain = ["acme-mail.com=Acme Mail Co", "initech.example=Initech"]\n' > "$WORK/config/inwriting/config.toml"
mail "$d/cfg.eml" "Jo Park <jo@acme-mail.com>" "invoice four"
mail "$d/cfg2.eml" "Ann <ann@initech.example>" "invoice five"
run 0 "$INWRITING" import "$d/cfg.eml" "$d/cfg2.eml"
[ "$(company_of 'invoice four')" = "Acme Mail Co" ] || fail "company-domain from the config: $(company_of 'invoice four')"
[ "$(company_of 'invoice five')" = Initech ] || fail "the config's second company-domain: $(company_of 'invoice five')"
# The command line wins over the config.
mail "$d/cfg3.eml" "Jo Park <jo@acme-mail.com>" "invoice six"
run 0 "$INWRITING" import --company-domain acme-mail.com=FromFlag "$d/cfg3.eml"
[ "$(company_of 'invoice six')" = FromFlag ] || fail "the flag should win over the config: $(company_of 'invoice six')"
printf '[import]\ncompany-domain = ["no-equals-sign"]\n' > "$WORK/config/inwriting/config.toml"
run 2 "$INWRITING" import "$d/cfg.eml"
err_has "--company-domain no-equals-sign: write it as DOMAIN=COMPANY"
rm "$WORK/config/inwriting/config.toml"

# Maildir flags, as the file names hold them, kept with each email.
md="$WORK/Mail/box"
mkdir -p "$md/cur" "$md/new" "$md/tmp"
mail "$md/cur/1773170401.M1P1.host:2,FRS" "Acme Support <support@acme.example>" "flagged"
mail "$md/cur/1773170402.M2P1.host:2," "Acme Support <support@acme.example>" "seen nothing"
mail "$md/cur/1773170403.M3P1.host" "Acme Support <support@acme.example>" "no info"
mail "$md/new/1773170404.M4P1.host" "Acme Support <support@acme.example>" "brand new"
run 0 "$INWRITING" import "$WORK/Mail"
out_has "4 kept"
if command -v sqlite3 >/dev/null; then
  db="$HOME/.local/share/inwriting/store.db"
  flags() { sqlite3 "$db" "SELECT e.maildir_flags FROM emails e JOIN sources s ON s.id = e.source_id WHERE s.origin LIKE '%$1'"; }
  [ "$(flags '1773170401.M1P1.host:2,FRS')" = FRS ] || fail "flags FRS: '$(flags '1773170401.M1P1.host:2,FRS')'"
  [ "$(flags '1773170402.M2P1.host:2,')" = "-" ] || fail "no flags: '$(flags '1773170402.M2P1.host:2,')'"
  [ "$(flags '1773170403.M3P1.host')" = "-" ] || fail "no info part: '$(flags '1773170403.M3P1.host')'"
  [ "$(flags '1773170404.M4P1.host')" = new ] || fail "new mail: '$(flags '1773170404.M4P1.host')'"
  [ "$(sqlite3 "$db" "SELECT count(*) FROM emails WHERE maildir_flags <> '' AND source_id IN (SELECT id FROM sources WHERE origin NOT LIKE '%/Mail/%')")" = 0 ] ||
    fail "an email outside a Maildir has flags"
fi
# ... and shown by show --json.
flags_shown=$(for id in $("$INWRITING" list --json --limit 1000 | python3 -c 'import json,sys; print(" ".join(str(c["id"]) for c in json.load(sys.stdin)["conversations"]))'); do
  "$INWRITING" show --json "$id" | python3 -c 'import json,sys; [print(e["subject"], e["maildir_flags"]) for e in json.load(sys.stdin)["emails"]]'
done | sort)
printf '%s\n' "$flags_shown" | grep -qx "flagged FRS" || fail "show --json: no FRS flags in: $flags_shown"
printf '%s\n' "$flags_shown" | grep -qx "brand new new" || fail "show --json: no 'new' in: $flags_shown"
echo "email company: ok"
