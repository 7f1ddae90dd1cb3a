#!/usr/bin/env bash
# A dispute from start to finish on the bundled examples: import them, put two conversations in a
# case, write the case as an evidence bundle, and verify it (then show that a changed byte is
# caught). Uses a store and an output folder of its own, so it never touches yours.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
inwriting=${INWRITING:-$here/../build/src/inwriting}
work=$(mktemp -d "${TMPDIR:-/tmp}/inwriting-example.XXXXXX")
trap 'rm -rf "$work"' EXIT
store=$work/store.db
run() { echo "\$ inwriting $*"; "$inwriting" --store "$store" "$@"; echo; }

run import "$here/transcripts" > /dev/null
run case new brightwave-refund --company "Brightwave Internet" --amount 129.99 --currency USD \
  --charge-date 2026-03-01 --statement-date 2026-03-15 --account-last4 1234 --type credit-not-processed
run case add brightwave-refund c1
run bundle brightwave-refund -o "$work/bundles" --name "Dana Whitfield" --redact --created 2026-11-22T15:04:05Z
bag=$work/bundles/2026-11-22_brightwave-refund
run verify "$bag"
echo "\$ head -20 $bag/data/letter/dispute-letter.en.txt"
head -20 "$bag/data/letter/dispute-letter.en.txt"
echo
echo "# one changed byte in an exhibit, and verify says which file:"
printf 'X' | dd of="$bag/data/exhibits/EX001.txt" bs=1 seek=10 conv=notrunc 2> /dev/null
if "$inwriting" verify "$bag"; then
  echo "verify missed the change" >&2
  exit 1
fi
