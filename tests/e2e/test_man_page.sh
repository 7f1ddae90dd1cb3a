# Every option that --help shows, for the program and each command, is in the man page.
source "$(dirname "$0")/lib.sh"
man="${SOURCE_DIR:-$(dirname "$0")/../..}/man/inwriting.1"
[ -f "$man" ] || fail "no man page at $man"
commands=$("$INWRITING" --help | awk 'tolower($0) ~ /^subcommands:/{s=1; next} s && /^  [a-z]/{print $1}')
[ -n "$commands" ] || fail "no commands in --help"
missing=""
check_options() {
  # shellcheck disable=SC2086
  opts=$("$INWRITING" $1 --help | grep -oE -- '--[a-z][a-z0-9-]*' | sort -u)
  for opt in $opts; do
    # groff writes a hyphen as \-
    pattern=$(printf '%s' "$opt" | sed 's/-/\\\\-/g')
    grep -q -- "$pattern" "$man" || missing="$missing ${1:-inwriting} $opt;"
  done
}
for cmd in "" $commands; do
  check_options "$cmd"
  if [ -n "$cmd" ]; then
    grep -qE "^\.SS.*$cmd" "$man" || missing="$missing section for $cmd;"
    # A command with subcommands of its own (case new, case add, ...): their options too.
    subs=$("$INWRITING" "$cmd" --help | awk 'tolower($0) ~ /^subcommands:/{s=1; next} s && /^  [a-z]/{print $1}')
    for sub in $subs; do
      check_options "$cmd $sub"
    done
  fi
done
[ -z "$missing" ] || fail "not in the man page:$missing"
echo "man page: ok"
