#!/usr/bin/env bash
# Fails when a doctest suite exists that no CTest entry runs (tests/CMakeLists.txt lists the prefixes).
set -eu
bin=$1
# Without the binary the list below would be empty and the check would pass.
[ -x "$bin" ] || { echo "no unit test binary at $bin" >&2; exit 1; }
known='^(util|model|importers|store|search|extract|export|net|cli|corpus|eval)'
missing=$("$bin" --list-test-suites --no-intro=true | sed -n 's/^\([a-z][^ ]*\)$/\1/p' | grep -vE "$known" || true)
if [ -n "$missing" ]; then
  echo "suites not run by CTest: $missing" >&2
  exit 1
fi
