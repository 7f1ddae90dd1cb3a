#!/usr/bin/env bash
# Bundle benchmark: a case of 100 conversations (generated transcript emails in English, Spanish
# and Thai), bundled without and with the upload PDF; the median wall time of the runs.
# Targets (issue 5): <= 1 s without the PDF, <= 3 s with it.
# Usage: bench/bundle.sh [--conversations N] [--runs N]   (INWRITING=path/to/inwriting to choose the binary)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
conversations=100
runs=5
while [ $# -gt 0 ]; do
  case $1 in
    --conversations) conversations=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    -h | --help) sed -n '2,5p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
gen=${GEN_CORPUS:-$root/../shared/tools/gen-corpus}
inwriting=${INWRITING:-$root/build/src/inwriting}
[ -x "$inwriting" ] || { echo "no inwriting binary at $inwriting: build first, or set INWRITING" >&2; exit 2; }
work=$(mktemp -d "${TMPDIR:-/tmp}/inwriting-bench-bundle.XXXXXX")
trap 'rm -rf "$work"' EXIT
export INWRITING_HOME=$work/home TZ=${TZ:-America/New_York}

python3 "$gen" --messages "$conversations" --format maildir --out "$work/corpus" > /dev/null
"$inwriting" import "$work/corpus/Maildir" > /dev/null
"$inwriting" case new bench --company Bench --amount 129.99 --currency USD --type credit-not-processed > /dev/null
ids=$("$inwriting" list --limit 100000 --json | python3 -c "import json,sys; print(' '.join('c%d' % c['id'] for c in json.load(sys.stdin)['conversations']))")
# shellcheck disable=SC2086
"$inwriting" case add bench $ids > /dev/null
count=$(echo "$ids" | wc -w)

median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
measure() {  # measure LABEL FLAGS...: prints the median seconds of $runs bundles
  local label=$1; shift
  local times=()
  for i in $(seq "$runs"); do
    local start end
    start=$(date +%s.%N)
    "$inwriting" bundle bench -o "$work/out-$label-$i" --created 2026-11-22T15:04:05Z "$@" > /dev/null
    end=$(date +%s.%N)
    times+=("$(python3 -c "print(round($end - $start, 3))")")
  done
  printf '%s\n' "${times[@]}" | median
}
without=$(measure nopdf --no-pdf)
with=$(measure pdf)
pages=$(pdfinfo "$work/out-pdf-1/2026-11-22_bench/data/upload/bench.pdf" 2>/dev/null | awk '/^Pages:/ {print $2}')
size=$(stat -c %s "$work/out-pdf-1/2026-11-22_bench/data/upload/bench.pdf")
echo "case of $count conversations, median of $runs runs:"
echo "  bundle --no-pdf: ${without} s   (target <= 1 s)"
echo "  bundle with PDF: ${with} s   (target <= 3 s; the PDF has ${pages:-?} pages, $size bytes)"
