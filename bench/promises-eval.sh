#!/usr/bin/env bash
# Promise extraction quality: runs tests/eval's promises_eval over the labelled corpus
# (../shared/corpus/dev and real, else the copies in tests/data/corpus) and prints precision,
# recall, amount, due-date and kind accuracy per language.
# Usage: bench/promises-eval.sh [--verbose] [--json]    (BUILD=dir to choose the build directory)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD:-$root/build}
eval_bin=$build/tests/promises_eval
[ -x "$eval_bin" ] || { echo "no $eval_bin: build first (ninja -C $build promises_eval), or set BUILD" >&2; exit 2; }
corpus=$root/../shared/corpus
[ -d "$corpus/dev" ] || corpus=$root/tests/data/corpus
echo "corpus: $corpus"
exec "$eval_bin" "$@" "$root/src/data/promises" "$corpus/dev" "$corpus/real"
