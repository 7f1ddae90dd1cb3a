#!/usr/bin/env bash
# Search benchmark: imports gen-corpus's text transcripts (100,000 by default) into a fresh store,
# reports the import rate, then one-word and phrase query latency (p50/p95) for English, Spanish
# and Thai words — in process (bench_search) and as whole commands (hyperfine when installed).
# Usage: bench/search.sh [BUILD_DIR] [MESSAGES]      Target: p50 <= 5 ms for a one-word query.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
messages=${2:-100000}
gen=${GEN_CORPUS:-$root/../shared/tools/gen-corpus}
work=${BENCH_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/inwriting-bench.XXXXXX")}
inwriting=$build/src/inwriting
store=$work/store.db

[ -x "$inwriting" ] && [ -x "$build/bench/bench_search" ] || { echo "build first: cmake --build $build" >&2; exit 2; }
if [ ! -d "$work/corpus/text" ]; then
  python3 "$gen" --messages "$messages" --format text --out "$work/corpus" > /dev/null
fi
rm -f "$store" "$store-wal" "$store-shm"
files=$(find "$work/corpus/text" -type f | wc -l)
start=$(date +%s.%N)
"$inwriting" --store "$store" import "$work/corpus/text" > "$work/import.log" 2>&1 || { tail -5 "$work/import.log"; exit 1; }
end=$(date +%s.%N)
lines=$("$inwriting" --store "$store" stats --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["messages"])')
secs=$(python3 -c "print(f'{$end - $start:.2f}')")
echo "import: $files transcripts, $lines messages in $secs s = $(python3 -c "print(int($lines / ($end - $start)))") messages/s, $(python3 -c "print(int($files / ($end - $start)))") files/s"
echo "store: $(du -h "$store" | cut -f1)"
peak=$( { /usr/bin/time -f '%M' "$inwriting" --store "$work/rss.db" import "$work/corpus/text" > /dev/null; } 2>&1 | tail -1 || true)
[ -n "$peak" ] && echo "import peak RSS (a second, fresh store): $((peak / 1024)) MB" && rm -f "$work/rss.db"*

echo
echo "in process, top 20, 200 runs each:"
"$build/bench/bench_search" "$store" 200 refund charged crédito reembolso คืนเงิน เงิน \
  '"late fee"' '"refund of"' '"crédito de"' '"คืนเงิน 100 บาท"' CH-00000002
if command -v hyperfine > /dev/null; then
  echo
  echo "whole command (process start, store open, search, print), hyperfine:"
  for q in refund reembolso คืนเงิน '"refund of"'; do
    hyperfine -N --warmup 5 --runs 50 --export-json "$work/h.json" "$inwriting --store $store search $q" > /dev/null
    python3 -c "import json; r=json.load(open('$work/h.json'))['results'][0]; t=sorted(r['times']); print(f'  {\"$q\":24} p50 {t[len(t)//2]*1000:.2f} ms  p95 {t[int(len(t)*0.95)]*1000:.2f} ms')"
  done
fi
echo "(work files in $work)"
