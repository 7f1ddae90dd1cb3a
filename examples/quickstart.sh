#!/usr/bin/env bash
# The main job on the bundled examples: import four conversations (a pasted Zendesk chat, a
# WhatsApp export in Spanish, a LINE export in Thai, a saved chat page), search them in three
# languages, show one, and list the promises the agents made. Uses a store of its own, so it
# never touches yours.
# The transcripts are copies from the labelled corpus (tests/data/corpus/dev/, INDEX.tsv):
#   brightwave-billing-chat.txt       <- en-zendesk-chat-billing-overcharge.txt
#   whatsapp-almacenes-del-valle.txt  <- es-whatsapp-android-mx-lavadora.txt
#   line-nami-beauty.txt              <- th-line-nami-beauty-late-delivery.txt
#   larkspur-chat-page.html           <- en-larkspur-chat-widget-saved.html
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
inwriting=${INWRITING:-$here/../build/src/inwriting}
store=$(mktemp -d "${TMPDIR:-/tmp}/inwriting-example.XXXXXX")/store.db
trap 'rm -rf "$(dirname "$store")"' EXIT
run() { echo "\$ inwriting $*"; "$inwriting" --store "$store" "$@"; echo; }

run import "$here/transcripts"
run list
run search refund
run search garantia
run search คืนเงิน
run show 1
run promises
run promises --explain 1
run stats
