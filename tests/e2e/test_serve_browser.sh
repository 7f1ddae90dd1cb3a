# The bookmarklet capture in real headless Chromium (tests/browser/capture.mjs, playwright-core
# driving Debian's /usr/bin/chromium). Skipped (77) only when Chromium, node or the driver cannot be had.
source "$(dirname "$0")/lib.sh"
source_dir="${SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}"
browser_dir="$source_dir/tests/browser"
skip() { echo "SKIP: $*" >&2; exit 77; }
[ -x /usr/bin/chromium ] || skip "/usr/bin/chromium is not installed (Debian package chromium; .ci/run installs it)"
command -v node >/dev/null 2>&1 || skip "node is not installed (Debian package nodejs)"
if [ ! -f "$browser_dir/node_modules/playwright-core/package.json" ]; then
  bash "$source_dir/.ci/install-browser-deps" >&2 || true
fi
[ -f "$browser_dir/node_modules/playwright-core/package.json" ] ||
  skip "playwright-core could not be installed from npm (run .ci/install-browser-deps with network access)"
WORK="$WORK" CORPUS="$TEST_DATA/corpus/dev" node "$browser_dir/capture.mjs"
