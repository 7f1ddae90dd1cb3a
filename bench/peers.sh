#!/usr/bin/env bash
# The peers on the same corpus, for the figures in bench/search.sh: notmuch and mu index the same
# generated transcripts as a Maildir (they read mail, not text files), then the same one-word
# queries are timed as whole commands with hyperfine. Needs: apt-get install notmuch maildir-utils hyperfine
# Usage: bench/peers.sh [MESSAGES]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
messages=${1:-100000}
gen=${GEN_CORPUS:-$root/../shared/tools/gen-corpus}
work=${BENCH_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/inwriting-peers.XXXXXX")}
for tool in notmuch mu hyperfine; do command -v $tool > /dev/null || { echo "needs $tool" >&2; exit 2; }; done
[ -d "$work/corpus/Maildir" ] || python3 "$gen" --messages "$messages" --format maildir --out "$work/corpus" > /dev/null
export HOME="$work/home"; mkdir -p "$HOME"
cat > "$HOME/.notmuch-config" <<CFG
[database]
path=$work/corpus/Maildir
[new]
tags=inbox
[search]
exclude_tags=
[maildir]
synchronize_flags=false
CFG
s=$(date +%s.%N); notmuch new --quiet; e=$(date +%s.%N)
echo "notmuch new: $(python3 -c "print(f'{$e - $s:.1f}')") s"
mu init --quiet -m "$work/corpus/Maildir" --muhome "$work/mu" > /dev/null
s=$(date +%s.%N); mu index --quiet --muhome "$work/mu" > /dev/null; e=$(date +%s.%N)
echo "mu index: $(python3 -c "print(f'{$e - $s:.1f}')") s"
for q in refund reembolso คืนเงิน; do
  for cmd in "notmuch search --limit=20 $q" "mu find --muhome $work/mu --maxnum=20 $q"; do
    hyperfine -N -i --warmup 5 --runs 50 --export-json "$work/h.json" "$cmd" > /dev/null 2>&1
    python3 -c "import json; r=json.load(open('$work/h.json'))['results'][0]; t=sorted(r['times']); print(f'  {\"${cmd%% *}\":8} {\"$q\":10} p50 {t[len(t)//2]*1000:.2f} ms  p95 {t[int(len(t)*0.95)]*1000:.2f} ms')"
  done
  printf '  %-8s %-10s hits: ' notmuch "$q"; notmuch count "$q"
done
echo "(work files in $work)"
