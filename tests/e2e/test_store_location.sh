# Where the store lives, and a store from a newer version left untouched.
source "$(dirname "$0")/lib.sh"
f="$TEST_DATA/corpus/dev/en-zendesk-chat-billing-overcharge.txt"

run 0 "$INWRITING" --store "$WORK/explicit/s.db" import "$f"
[ -f "$WORK/explicit/s.db" ] || fail "--store not used"
INWRITING_HOME="$WORK/ih" run 0 "$INWRITING" import "$f"
[ -f "$WORK/ih/store.db" ] || fail "INWRITING_HOME not used"
XDG_DATA_HOME="$WORK/xdg" run 0 "$INWRITING" import "$f"
[ -f "$WORK/xdg/inwriting/store.db" ] || fail "XDG_DATA_HOME not used"

# A read before any import says what to do.
INWRITING_HOME="$WORK/empty" run 3 "$INWRITING" search refund
err_has "import something first"

# A newer schema is refused, the file unchanged.
sqlite3 "$WORK/explicit/s.db" 'PRAGMA user_version = 999;'
sum_before=$(sha256sum "$WORK/explicit/s.db" | cut -d' ' -f1)
run 3 "$INWRITING" --store "$WORK/explicit/s.db" import "$TEST_DATA/corpus/dev/th-line-nami-beauty-late-delivery.txt"
err_has "newer inwriting"
sum_after=$(sha256sum "$WORK/explicit/s.db" | cut -d' ' -f1)
[ "$sum_before" = "$sum_after" ] || fail "the newer store was modified"

# The config file gives --me.
mkdir -p "$HOME/.config/inwriting"
printf '[import]\nme = ["Peter Kowal"]\n' > "$HOME/.config/inwriting/config.toml"
run 0 "$INWRITING" --store "$WORK/c.db" import --json "$TEST_DATA/corpus/real/zendeskchat_enertion_refund_75723.txt"
jsonl "any(p['name'] == 'Peter Kowal' and p['role'] == 'customer' for p in j[0]['conversations'][0]['participants'])"
echo "store location: ok"
