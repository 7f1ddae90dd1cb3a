# Bundles: import labelled samples (English chat, Spanish email, Thai email), make a case, bundle
# it, verify it; then change the bag in every way issue 5 lists and see verify name the file.
# Also: --zip, --redact, determinism with --created, the upload PDF's limits and text, and an
# RFC 3161 time-stamp from a local TSA made with `openssl ts`.
source "$(dirname "$0")/lib.sh"
dev="$TEST_DATA/corpus/dev"
english="$dev/en-zendesk-chat-billing-overcharge.txt"
spanish="$dev/es-hilo-correo-luzclara-reembolso.eml"
thai="$dev/th-fitfirm-cancellation-windows874.eml"
export INWRITING_NOW=2026-03-25T16:00:00Z
created=2026-11-22T15:04:05Z

run 0 "$INWRITING" import "$english" "$spanish" "$thai"
run 0 "$INWRITING" case new brightwave --company "Brightwave Internet" --amount 129.99 --currency USD \
  --charge-date 2026-03-01 --statement-date 2026-03-15 --account-last4 4821 --type credit-not-processed
run 0 "$INWRITING" case add brightwave c1 c2 c3

# --- a bundle, checked by inwriting and by standard tools
run 0 "$INWRITING" bundle brightwave -o "$WORK/bundles" --created "$created" --name "Dana Whitfield" --json
json "j['format_version'] == 1 and j['bag_name'] == '2026-11-22_brightwave' and j['exhibits'] == 3 and j['conversations'] == 3"
json "j['promises'] >= 5 and j['pdf']['pages'] <= 19 and j['pdf']['bytes'] <= 2*1024*1024 and j['zip'] is None"
bag="$WORK/bundles/2026-11-22_brightwave"
for f in bagit.txt bag-info.txt manifest-sha256.txt manifest-sha512.txt tagmanifest-sha256.txt tagmanifest-sha512.txt \
         data/README.txt data/promises.json data/timeline.json data/timeline.csv data/custody.csv \
         data/letter/dispute-letter.en.txt data/letter/dispute-letter.es.txt data/letter/dispute-letter.th.txt \
         data/upload/brightwave.pdf data/rendered/conversation-1.txt data/rendered/conversation-1.html; do
  [ -f "$bag/$f" ] || fail "the bag lacks $f"
done
# The originals, byte for byte.
cmp "$bag/data/exhibits/EX001.eml" "$spanish" || fail "EX001 is not the Spanish email's bytes"
cmp "$bag/data/exhibits/EX002.eml" "$thai" || fail "EX002 is not the Thai email's bytes"
cmp "$bag/data/exhibits/EX003.txt" "$english" || fail "EX003 is not the chat transcript's bytes"
grep -q "^Evidence-Created: $created$" "$bag/bag-info.txt" || fail "bag-info lacks Evidence-Created"
for field in "Bagging-Date: 2026-11-22" "Bag-Software-Agent: inwriting" "External-Identifier: brightwave" \
             "Source-Organization: Dana Whitfield" "Merchant: Brightwave Internet" "Amount: 129.99" "Currency: USD" \
             "Dispute-Type: credit-not-processed" "Statement-Date: 2026-03-15" "Payload-Oxum: "; do
  grep -q "^$field" "$bag/bag-info.txt" || fail "bag-info lacks $field"
done
(cd "$bag" && sha256sum --quiet -c manifest-sha256.txt && sha512sum --quiet -c manifest-sha512.txt \
   && sha256sum --quiet -c tagmanifest-sha256.txt) || fail "coreutils does not accept the manifests"
[ "$(wc -l < "$bag/manifest-sha256.txt")" = "$(find "$bag/data" -type f | wc -l)" ] || fail "manifest does not list every payload file"
run 0 "$INWRITING" verify "$bag"
out_has "valid: $bag"

# promises.json: each promise with its quote, exhibit and position; the custody and timeline.
python3 - "$bag" <<'PY' || fail "promises.json, timeline or custody is not as expected"
import csv, json, sys
bag = sys.argv[1]
promises = json.load(open(f"{bag}/data/promises.json"))
quotes = {p["quote"]: p for p in promises}
spanish = [p for p in promises if p["quote"].startswith("Le reembolsaremos 62,37")]
assert spanish and spanish[0]["exhibit"] == "EX001" and spanish[0]["exhibit_file"] == "data/exhibits/EX001.eml", spanish
assert spanish[0]["amount"] == "62.37" and spanish[0]["currency"] == "EUR" and spanish[0]["position"]["first_line"] > 0
for p in promises:
    assert p["exhibit"] in ("EX001", "EX002", "EX003"), p
    text = open(f"{bag}/data/rendered/conversation-{p['conversation']}.txt", encoding="utf-8").read()
    assert p["quote"] in text, p["quote"]
timeline = json.load(open(f"{bag}/data/timeline.json"))
assert [r for r in timeline if r["kind"] == "charge" and r["time"] == "2026-03-01"]
times = [r["utc"] for r in timeline if r["utc"]]
assert times == sorted(times), "timeline out of order"
rows = list(csv.DictReader(open(f"{bag}/data/timeline.csv", encoding="utf-8", newline="")))
assert len(rows) == len(timeline)
custody = list(csv.DictReader(open(f"{bag}/data/custody.csv", encoding="utf-8", newline="")))
for ex in ("EX001", "EX002", "EX003"):
    events = [r["event"] for r in custody if r["exhibit"] == ex]
    assert events[0] == "imported" and "bundled" in events, (ex, events)
assert any(r["origin"].endswith("es-hilo-correo-luzclara-reembolso.eml") for r in custody)
PY
grep -q "XXXX-XXXX-XXXX-4821" "$bag/data/letter/dispute-letter.en.txt" || fail "the letter lacks the masked account number"
grep -q "Fair Credit Billing Act" "$bag/data/letter/dispute-letter.en.txt" || fail "the letter does not name the FCBA"
grep -q "Le reembolsaremos 62,37" "$bag/data/letter/dispute-letter.es.txt" || fail "the Spanish letter lacks the promise"
grep -q "แจ้งข้อผิดพลาดในการเรียกเก็บเงิน" "$bag/data/letter/dispute-letter.th.txt" || fail "the Thai letter is not in Thai"
grep -q "inwriting verify 2026-11-22_brightwave" "$bag/data/README.txt" || fail "README lacks the verify command"

# The upload PDF: within the portals' limits, and its text holds the Spanish and Thai promise quotes.
pdf="$bag/data/upload/brightwave.pdf"
pages=$(pdfinfo "$pdf" | awk '/^Pages:/ {print $2}')
[ "$pages" -ge 2 ] && [ "$pages" -le 19 ] || fail "the PDF has $pages pages"
[ "$(stat -c %s "$pdf")" -le 2097152 ] || fail "the PDF is over 2 MB"
pdftotext -enc UTF-8 "$pdf" "$WORK/pdf.txt"
python3 - "$WORK/pdf.txt" "$spanish.expected.json" "$thai.expected.json" <<'PY' || fail "the PDF's text lacks a labelled quote"
import json, re, sys
# pdftotext may break a line inside a quote; compare with whitespace taken out.
text = re.sub(r"\s+", "", open(sys.argv[1], encoding="utf-8").read())
for labels in sys.argv[2:]:
    for p in json.load(open(labels))["promises"]:
        q = re.sub(r"\s+", "", p["quote_contains"])
        assert q in text, (labels, p["quote_contains"])
PY

# Deterministic: the same store and --created give a byte-identical bag.
run 0 "$INWRITING" bundle brightwave -o "$WORK/again" --created "$created" --name "Dana Whitfield"
diff -r "$bag" "$WORK/again/2026-11-22_brightwave" || fail "bundling twice gave different bags"
# Never over an existing bag.
run 1 "$INWRITING" bundle brightwave -o "$WORK/bundles" --created "$created"
err_has "already exists"

# --- every change is found, by file
tamper() { rm -rf "$WORK/t"; cp -a "$bag" "$WORK/t"; }
tamper; printf 'X' | dd of="$WORK/t/data/exhibits/EX002.eml" bs=1 seek=100 conv=notrunc 2>/dev/null
run 1 "$INWRITING" verify "$WORK/t"; err_has "data/exhibits/EX002.eml: sha256 differs"
tamper; rm "$WORK/t/data/timeline.csv"
run 1 "$INWRITING" verify "$WORK/t"; err_has "data/timeline.csv: listed in manifest-sha256.txt but missing"
tamper; echo "extra" > "$WORK/t/data/exhibits/EX099.txt"
run 1 "$INWRITING" verify "$WORK/t"; err_has "data/exhibits/EX099.txt: in the bag but not in manifest-sha256.txt"
tamper; sed -i 's/^Amount: 129.99/Amount: 12.99/' "$WORK/t/bag-info.txt"
run 1 "$INWRITING" verify "$WORK/t"; err_has "bag-info.txt: sha256 differs from tagmanifest-sha256.txt"
tamper; printf '\xef\xbb\xbfBagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n' > "$WORK/t/bagit.txt"
run 1 "$INWRITING" verify "$WORK/t"; err_has "bagit.txt:1: starts with a byte-order mark"
tamper; echo "$(sha256sum < /etc/hostname | cut -c1-64)  data/../../etc/hostname" >> "$WORK/t/manifest-sha256.txt"
run 1 "$INWRITING" verify "$WORK/t"; err_has "is outside the bag's payload"
tamper; grep "data/promises.json" "$WORK/t/manifest-sha256.txt" | sed 's/^./0/' >> "$WORK/t/manifest-sha256.txt"
run 1 "$INWRITING" verify --json "$WORK/t"
json "j['valid'] is False and any('listed twice with different checksums' in p for p in j['problems'])"
tamper; sed -i '/data\/custody.csv/d' "$WORK/t/manifest-sha512.txt"
run 1 "$INWRITING" verify "$WORK/t"; err_has "data/custody.csv: in the bag but not in manifest-sha512.txt"
run 1 "$INWRITING" verify "$WORK/nothing-here"
err_has "nothing-here"

# --- --zip: one file, the bag as its single top folder, verified straight from the zip
run 0 "$INWRITING" bundle brightwave -o "$WORK/zipped" --zip --created "$created" --no-pdf --json
json "j['zip'].endswith('/2026-11-22_brightwave.zip') and j['bag'] is None and j['pdf'] is None"
zip="$WORK/zipped/2026-11-22_brightwave.zip"
[ "$(ls -A "$WORK/zipped")" = "2026-11-22_brightwave.zip" ] || fail "--zip left more than the zip: $(ls -A "$WORK/zipped")"
python3 -c "import zipfile,sys; n=zipfile.ZipFile(sys.argv[1]).namelist(); sys.exit(0 if all(x.startswith('2026-11-22_brightwave/') for x in n) else 1)" "$zip" \
  || fail "the zip has more than one top folder"
run 0 "$INWRITING" verify "$zip"
out_has "valid: $zip"
cp "$zip" "$WORK/broken.zip"; printf 'XXXX' | dd of="$WORK/broken.zip" bs=1 seek=2000 conv=notrunc 2>/dev/null
run 1 "$INWRITING" verify "$WORK/broken.zip"
err_has "broken.zip"

# --- --redact: card numbers masked to the last 4 in the copies and the PDF; originals untouched
run 0 "$INWRITING" bundle brightwave -o "$WORK/redacted" --redact --redact-account 00123456789 --created "$created" --json
json "j['redacted'] is True"
rbag="$WORK/redacted/2026-11-22_brightwave"
cmp "$rbag/data/exhibits/EX003.txt" "$english" || fail "--redact changed an original"
grep -q "^Redacted-Copies: yes" "$rbag/bag-info.txt" || fail "bag-info does not say the copies are redacted"
grep -q "redacted-copy" "$rbag/data/custody.csv" || fail "custody does not mark the redacted copies"
run 0 "$INWRITING" verify "$rbag"

# --no-originals: copies only, the originals listed by hash in custody.
run 0 "$INWRITING" bundle brightwave -o "$WORK/copies" --redact --no-originals --no-pdf --created "$created"
[ ! -e "$WORK/copies/2026-11-22_brightwave/data/exhibits" ] || fail "--no-originals kept the originals"
grep -q "$(sha256sum < "$english" | cut -c1-64)" "$WORK/copies/2026-11-22_brightwave/data/custody.csv" || fail "custody lost the original's hash"
run 0 "$INWRITING" verify "$WORK/copies/2026-11-22_brightwave"
run 2 "$INWRITING" bundle brightwave -o "$WORK/copies2" --no-originals
err_has "--no-originals"

# A card number in a chat is masked everywhere but in the original.
cat > "$WORK/card-chat.txt" <<'CHAT'
Chat started: 2026-03-05 09:00 AM EST
(09:00:10 AM) Dana Whitfield: My card is 4111 1111 1111 1111 and account 00123456789
(09:01:00 AM) Sam: Thanks Dana. I've issued a refund of $20.00 to the card ending 1111.
CHAT
run 0 "$INWRITING" import "$WORK/card-chat.txt" --company "Brightwave Internet" --me "Dana Whitfield" --json
card_conversation=$(python3 -c "import json; print(json.loads(open('$WORK/out').readline())['conversations'][0]['id'])")
run 0 "$INWRITING" case new cards --company "Brightwave Internet"
run 0 "$INWRITING" case add cards "c$card_conversation"
run 0 "$INWRITING" bundle cards -o "$WORK/cards" --redact --redact-account 00123456789 --created "$created" --json
json "j['numbers_masked'] >= 2"
cbag="$WORK/cards/2026-11-22_cards"
grep -q "4111 1111 1111 1111" "$cbag/data/exhibits/EX001.txt" || fail "the original lost the card number"
if grep -rq "4111 1111 1111 1111\|00123456789" "$cbag/data/rendered" "$cbag/data/timeline.csv" "$cbag/data/timeline.json"; then
  fail "a card or account number is left in the copies"
fi
grep -q "XXXX XXXX XXXX 1111" "$cbag/data/rendered/conversation-$card_conversation.txt" || fail "the card is not masked to its last 4"
pdftotext "$cbag/data/upload/cards.pdf" "$WORK/cards.txt"
if grep -q "4111 1111 1111 1111" "$WORK/cards.txt"; then fail "the PDF shows the card number"; fi
grep -q "XXXX XXXX XXXX 1111" "$WORK/cards.txt" || fail "the PDF lacks the masked card number"
grep -q "redacted-copy" "$cbag/data/custody.csv" || fail "custody does not mark the redacted copies"

# --- an RFC 3161 time-stamp from a local TSA (a throwaway CA made with openssl)
bash "$SOURCE_DIR/tests/tools/tsa/make-tsa.sh" "$WORK/tsa" >/dev/null
python3 "$SOURCE_DIR/tests/tools/tsa/tsa_server.py" "$WORK/tsa" > "$WORK/tsa.port" 2>"$WORK/tsa.log" &
tsa_pid=$!
trap 'kill $tsa_pid 2>/dev/null || true; cleanup' EXIT
for _ in $(seq 50); do [ -s "$WORK/tsa.port" ] && break; sleep 0.1; done
port=$(head -1 "$WORK/tsa.port")
[ -n "$port" ] || fail "the test TSA did not start: $(cat "$WORK/tsa.log")"
run 0 "$INWRITING" bundle brightwave -o "$WORK/stamped" --timestamp "http://127.0.0.1:$port/" --created "$created" --no-pdf --json
json "j['timestamp'] is not None and j['timestamp']['time'].startswith('20')"
sbag="$WORK/stamped/2026-11-22_brightwave"
for f in timestamp/manifest-sha512.txt.tsr timestamp/manifest-sha512.txt.tst timestamp/tsa-chain.pem; do
  [ -s "$sbag/$f" ] || fail "the stamped bag lacks $f"
  grep -qF "  $f" "$sbag/tagmanifest-sha512.txt" || fail "$f is not in the tag manifest"
done
openssl ts -verify -in "$sbag/timestamp/manifest-sha512.txt.tsr" -data "$sbag/manifest-sha512.txt" \
  -CAfile "$WORK/tsa/ca.pem" -untrusted "$WORK/tsa/tsa.pem" > "$WORK/ossl" 2>&1 || fail "openssl ts -verify refused the token: $(cat "$WORK/ossl")"
grep -q "Verification: OK" "$WORK/ossl" || fail "openssl ts -verify: $(cat "$WORK/ossl")"
run 0 "$INWRITING" verify "$sbag" --tsa-ca "$WORK/tsa/ca.pem"
out_has "time-stamped at"
run 0 "$INWRITING" verify "$sbag" --json
json "j['valid'] and j['timestamp']['valid']"
# A changed manifest: the stamp no longer covers it (and the tag manifest says so too).
tamper_stamped() { rm -rf "$WORK/ts"; cp -a "$sbag" "$WORK/ts"; }
tamper_stamped; echo "0000  data/extra.txt" >> "$WORK/ts/manifest-sha512.txt"
run 1 "$INWRITING" verify "$WORK/ts" --json
json "not j['valid'] and not j['timestamp']['valid'] and any('manifest-sha512.txt' in p for p in j['problems'])"
# Manifest and tag manifests rewritten consistently: only the time-stamp can tell.
tamper_stamped
echo "changed" > "$WORK/ts/data/README.txt"
(cd "$WORK/ts" && find data -type f | sort | while read -r f; do printf '%s  %s\n' "$(sha512sum < "$f" | cut -c1-128)" "$f"; done > manifest-sha512.txt \
   && find data -type f | sort | while read -r f; do printf '%s  %s\n' "$(sha256sum < "$f" | cut -c1-64)" "$f"; done > manifest-sha256.txt \
   && sed -i "s/^Payload-Oxum: .*/Payload-Oxum: $(find data -type f -printf '%s\n' | awk '{s+=$1} END {print s}').$(find data -type f | wc -l)/" bag-info.txt \
   && for a in 256 512; do : > "tagmanifest-sha$a.txt"; for f in bagit.txt bag-info.txt manifest-sha256.txt manifest-sha512.txt timestamp/manifest-sha512.txt.tsr timestamp/manifest-sha512.txt.tst timestamp/tsa-chain.pem; do
        printf '%s  %s\n' "$(sha${a}sum < "$f" | cut -d' ' -f1)" "$f" >> "tagmanifest-sha$a.txt"; done; done)
run 1 "$INWRITING" verify "$WORK/ts" --json
json "not j['valid'] and not j['timestamp']['valid'] and all('timestamp' in p for p in j['problems'])"
# A TSA that fails: nothing written.
run 1 "$INWRITING" bundle brightwave -o "$WORK/nostamp" --timestamp "http://127.0.0.1:$port/http-500" --created "$created" --no-pdf
err_has "Nothing was written"
[ ! -e "$WORK/nostamp/2026-11-22_brightwave" ] || fail "a failed time-stamp left a bag behind"
kill $tsa_pid 2>/dev/null || true

# --- the config file's [bundle] section gives the name for the letter and the bag
mkdir -p "$WORK/config/inwriting"
printf '[bundle]\nname = "Config Person"\naddress = "12 Elm St"\n' > "$WORK/config/inwriting/config.toml"
XDG_CONFIG_HOME="$WORK/config" run 0 "$INWRITING" bundle brightwave -o "$WORK/configured" --no-pdf --created "$created"
grep -q "^Source-Organization: Config Person" "$WORK/configured/2026-11-22_brightwave/bag-info.txt" || fail "the config's name is not used"
grep -q "^12 Elm St" "$WORK/configured/2026-11-22_brightwave/data/letter/dispute-letter.en.txt" || fail "the config's address is not in the letter"

# --- a case of Spanish conversations gets a Spanish cover and page numbers
run 0 "$INWRITING" case new luzclara --company "Luz Clara"
run 0 "$INWRITING" case add luzclara c2
run 0 "$INWRITING" bundle luzclara -o "$WORK/spanish" --created "$created"
pdftotext "$WORK/spanish/2026-11-22_luzclara/data/upload/luzclara.pdf" "$WORK/es.txt"
grep -q "página 1 de" "$WORK/es.txt" || fail "the Spanish case's PDF is not in Spanish"
grep -q "page 1 of" "$WORK/pdf.txt" || fail "the mixed case's PDF is not in English"

# --- usage errors
run 2 "$INWRITING" bundle brightwave --created yesterday
err_has "--created yesterday"
run 2 "$INWRITING" bundle no-such-case -o "$WORK/x"
err_has "no-such-case"
echo "ok"
