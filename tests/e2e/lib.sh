# Shared by the end-to-end tests: a private HOME, a fixed TZ, and small assertions.
# Each test sources this, then drives the real binary ($INWRITING) as a person or a script would.
set -euo pipefail
: "${INWRITING:?set INWRITING to the inwriting binary}"
: "${TEST_DATA:=$(cd "$(dirname "${BASH_SOURCE[0]}")/../data" && pwd)}"
export TZ=America/New_York
export LC_ALL=C.UTF-8
WORK=$(mktemp -d "${TMPDIR:-/tmp}/inwriting-e2e.XXXXXX")
export HOME="$WORK/home"
mkdir -p "$HOME"
unset INWRITING_HOME XDG_DATA_HOME XDG_CONFIG_HOME INWRITING_NOW
cleanup() { local rc=$?; if [ $rc -eq 0 ]; then rm -rf "$WORK"; else echo "(kept $WORK for a look)" >&2; fi; }
trap cleanup EXIT

fail() { echo "FAIL: $*" >&2; exit 1; }

# run EXPECTED_EXIT CMD...: runs CMD, keeps stdout/stderr in $WORK/out and $WORK/err.
run() {
  local expected=$1; shift
  set +e
  "$@" >"$WORK/out" 2>"$WORK/err"
  local rc=$?
  set -e
  if [ "$rc" != "$expected" ]; then
    echo "--- stdout"; cat "$WORK/out"; echo "--- stderr"; cat "$WORK/err"
    fail "'$*' exited $rc, expected $expected"
  fi
}
out_has() { grep -qF -- "$1" "$WORK/out" || { cat "$WORK/out"; fail "stdout lacks: $1"; }; }
err_has() { grep -qF -- "$1" "$WORK/err" || { cat "$WORK/err"; fail "stderr lacks: $1"; }; }
out_lacks() { ! grep -qF -- "$1" "$WORK/out" || { cat "$WORK/out"; fail "stdout has: $1"; }; }
# json EXPR: evaluates a Python expression over the JSON document in stdout (bound to j).
json() { python3 -c "import json,sys; j=json.load(open('$WORK/out')); sys.exit(0 if ($1) else 1)" || { cat "$WORK/out"; fail "JSON check failed: $1"; }; }
jsonl() { python3 -c "import json,sys; j=[json.loads(l) for l in open('$WORK/out') if l.strip()]; sys.exit(0 if ($1) else 1)" || { cat "$WORK/out"; fail "JSON lines check failed: $1"; }; }
