#!/usr/bin/env bash
# Mail import benchmark: inwriting, notmuch and mu each import the same generated Maildir (20,000
# messages by default) from a warm page cache, fresh store or index every run; the median wall time
# of the runs gives the rate. Installs notmuch and mu (maildir-utils) with apt-get when missing.
# Targets: inwriting >= 2x mu's rate, >= 4x notmuch's, and peak RSS <= 64 MB.
# Usage: bench/import-mail.sh [--messages N] [--runs N]      (INWRITING=path/to/inwriting to choose the binary)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
messages=20000
runs=3
while [ $# -gt 0 ]; do
  case $1 in
    --messages) messages=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    -h | --help) sed -n '2,6p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
gen=${GEN_CORPUS:-$root/../shared/tools/gen-corpus}
inwriting=${INWRITING:-$root/build/src/inwriting}
work=${BENCH_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/inwriting-import-mail.XXXXXX")}
[ -x "$inwriting" ] || { echo "no inwriting binary at $inwriting: build first, or set INWRITING" >&2; exit 2; }

# 1. The peers, and GNU time for peak RSS (the shell's `time` keyword has no %M).
missing=()
command -v notmuch > /dev/null || missing+=(notmuch)
command -v mu > /dev/null || missing+=(maildir-utils)
[ -x /usr/bin/time ] || missing+=(time)
if [ ${#missing[@]} -gt 0 ]; then
  sudo=; [ "$(id -u)" -eq 0 ] || sudo=sudo
  echo "installing ${missing[*]}" >&2
  $sudo apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" > /dev/null
fi

# 2. The corpus, kept across runs of the script when BENCH_DIR is given (one per size).
maildir=$work/corpus-$messages/Maildir
if [ ! -d "$maildir" ]; then
  python3 "$gen" --messages "$messages" --format maildir --out "$work/corpus-$messages" > /dev/null
fi
files=$(find "$maildir" -type f | wc -l)
[ "$files" -eq "$messages" ] || echo "note: the Maildir holds $files files for --messages $messages" >&2

# Every tool gets an empty HOME, so no user configuration (inwriting's, notmuch's, mu's) applies.
export HOME=$work/home XDG_CONFIG_HOME=$work/home/.config XDG_DATA_HOME=$work/home/.local/share
export XDG_CACHE_HOME=$work/home/.cache INWRITING_HOME=$work/home/inwriting
export NOTMUCH_CONFIG=$work/notmuch-config
mkdir -p "$HOME"
# The index lives outside the Maildir, so the other tools never see notmuch's files in it.
cat > "$NOTMUCH_CONFIG" << CFG
[database]
path=$work/notmuch-db
mail_root=$maildir
[new]
tags=inbox
[search]
exclude_tags=
[maildir]
synchronize_flags=false
CFG

# 3. Warm the page cache, so every tool (and every run) reads the mail from memory.
find "$maildir" -type f -print0 | xargs -0 cat > /dev/null

# Runs "$@" under GNU time; appends "wall_seconds peak_kb" to $work/<name>.times.
measure() {
  local name=$1; shift
  local status=0
  /usr/bin/time -f '%e %M' -o "$work/time.out" "$@" > "$work/$name.log" 2>&1 || status=$?
  if [ $status -ne 0 ]; then
    echo "$name exited with $status (see $work/$name.log):" >&2
    tail -3 "$work/$name.log" >&2
  fi
  tail -1 "$work/time.out" >> "$work/$name.times"
}
rm -f "$work"/*.times
for ((run = 1; run <= runs; run++)); do
  echo "run $run of $runs" >&2
  rm -rf "$work/store" && mkdir -p "$work/store"
  measure inwriting "$inwriting" --store "$work/store/store.db" import "$maildir"
  rm -rf "$work/notmuch-db" && mkdir -p "$work/notmuch-db"
  measure notmuch notmuch new --quiet
  rm -rf "$work/mu"
  # shellcheck disable=SC2016 # $1 and $2 are the inner shell's arguments
  measure mu sh -c 'mu init --quiet --maildir="$1" --muhome="$2" && mu index --quiet --muhome="$2"' sh "$maildir" "$work/mu"
done

# What each one kept after the last run, to show they read the same mail.
kept_inwriting=$("$inwriting" --store "$work/store/store.db" stats --json 2> /dev/null |
  python3 -c 'import json,sys; d=json.load(sys.stdin); print(d.get("sources", "?"), "sources,", d.get("conversations", "?"), "conversations")' ||
  echo "?")
kept_notmuch="$(notmuch count '*' 2> /dev/null || echo "?") messages"
kept_mu="$(mu find --muhome "$work/mu" --fields=l 'maildir:/' 2> /dev/null | wc -l) messages"

python3 - "$work" "$messages" "$runs" "$kept_inwriting" "$kept_notmuch" "$kept_mu" << 'PY'
import statistics, sys
work, messages, runs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
kept = dict(zip(["inwriting", "notmuch", "mu"], sys.argv[4:7]))
result = {}
print(f"{messages} messages, median of {runs} run(s), warm page cache; peak RSS is the largest of the runs")
print(f"{'tool':10} {'wall s':>8} {'msgs/s':>9} {'peak RSS MB':>12}  kept")
for tool in ["inwriting", "notmuch", "mu"]:
    rows = [line.split() for line in open(f"{work}/{tool}.times") if line.strip()]
    walls = [float(r[0]) for r in rows]
    wall = statistics.median(walls)
    rate = messages / wall if wall > 0 else float("inf")
    rss = max(int(r[1]) for r in rows) / 1024
    result[tool] = (wall, rate, rss)
    print(f"{tool:10} {wall:8.2f} {rate:9.0f} {rss:12.1f}  {kept[tool]}")
iw = result["inwriting"]
vs_mu, vs_notmuch = iw[1] / result["mu"][1], iw[1] / result["notmuch"][1]
print()
print(f"inwriting/mu rate:      {vs_mu:6.2f}x  (target >= 2x)   {'met' if vs_mu >= 2 else 'MISSED'}")
print(f"inwriting/notmuch rate: {vs_notmuch:6.2f}x  (target >= 4x)   {'met' if vs_notmuch >= 4 else 'MISSED'}")
print(f"inwriting peak RSS:     {iw[2]:6.1f} MB (target <= 64 MB) {'met' if iw[2] <= 64 else 'MISSED'}")
PY
echo "(work files in $work)"
