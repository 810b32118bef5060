# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
#
# Helpers of the selftests of the extensions beyond the paper
# (docs/extensions.md: l4mm_flexpage.sh, l4mm_rights.sh, l4mm_status.sh,
# l4mm_reserved.sh); sourced after l4mm_lib.sh, not run.  POSIX sh.
#
# Every test function runs in a network namespace of its own (unshare -n):
# l4mm's state is per netns, so each test starts from a fresh sigma0 of
# the default size (the module's sigma0_pages), whatever the other tests
# flushed, and may use any addresses.  The script re-runs itself for that:
#
#	ext_main "$TESTS" "$@"		at the end of the script
#
# runs every test of TESTS as `unshare -n SCRIPT --one TEST` and prints
# one TAP line each (then the totals); with --one TEST it runs that test
# in a subshell with `set -e`, so that every command is an assertion
# (negative cases are written `! cmd || false`).
#
# Sourcing it sets L4MM (the CLI, unless set) and TMPD (a scratch
# directory, removed on exit), which l4mm_lib.sh's helpers use too.

L4MM=${L4MM:-l4mm}
_tmp=/tmp/$(basename "$0" .sh).$$
TMPD=$(mktemp -d 2>/dev/null || { mkdir -p "$_tmp" && echo "$_tmp"; })
trap 'rm -rf "$TMPD"' EXIT

# x ARGS: run l4mm ARGS; its output (stdout and stderr) goes to $TMPD/out
# and is logged as TAP comments; returns its exit status.
x() {
	pretty "l4mm $*"
	"$L4MM" "$@" >"$TMPD/out" 2>&1 && _rc=0 || _rc=$?
	sed 's/^/#     /' "$TMPD/out" >&2
	[ "$_rc" -eq 0 ] || pretty "exit status $_rc"
	return "$_rc"
}

# out_is TEXT: the output of the last x is exactly TEXT (one line).
out_is() {
	_got=$(cat "$TMPD/out")
	[ "$_got" = "$1" ] && return 0
	pretty "want \"$1\", got \"$_got\""
	return 1
}

# head_is TEXT: the first line of the output of the last x is TEXT;
# lines_are N: it has N lines (-v: a summary line, then the pages).
head_is() {
	_got=$(head -n 1 "$TMPD/out")
	[ "$_got" = "$1" ] && return 0
	pretty "want \"$1\" first, got \"$_got\""
	return 1
}

lines_are() {
	_got=$(wc -l <"$TMPD/out")
	[ "$_got" -eq "$1" ] && return 0
	pretty "want $1 lines, got $_got"
	return 1
}

# out_has TEXT: the output of the last x contains TEXT (fixed string).
out_has() {
	grep -qF -- "$1" "$TMPD/out" && return 0
	pretty "want \"$1\" in the output"
	return 1
}

# out_line TEXT: some line of the output of the last x is exactly TEXT.
out_line() {
	grep -qxF -- "$1" "$TMPD/out" && return 0
	pretty "want a line \"$1\" in the output"
	return 1
}

# fails STATUS TEXT ARGS: l4mm ARGS must exit with STATUS and print TEXT.
fails() {
	_want=$1 _text=$2
	shift 2
	x "$@" && _rc=0 || _rc=$?
	if [ "$_rc" -ne "$_want" ]; then
		pretty "want exit status $_want, got $_rc"
		return 1
	fi
	out_has "$_text"
}

# lkv NAME VADDR TEXT: `l4mm lookup NAME VADDR` prints exactly TEXT.
lkv() {
	x lookup "$1" "$2" || [ "$3" = unmapped ]
	out_is "$3"
}

# jkey KEY: the value of KEY in the JSON output of the last x (first
# occurrence; strings without their quotes).
jkey() {
	# shellcheck disable=SC2020
	tr ',{}[]' '\n\n\n\n\n' <"$TMPD/out" |
		sed -n "s/^\"$1\":\"\{0,1\}\([^\"]*\)\"\{0,1\}$/\1/p" | head -n 1
}

# state FILE: what a refused command must leave alone: the list of spaces
# (with their page counts) and the abstract export of every space but
# sigma0, whose 65536 lines would only make it slow.
state() {
	"$L4MM" list >"$1" 2>&1
	for _s in $("$L4MM" list | awk 'NR > 1 && $2 != "sigma0" { print $2 }'); do
		"$L4MM" dump --abstract "$_s" >>"$1" 2>&1
	done
}

# same FILE1 FILE2: the two states are byte-identical.
same() {
	cmp -s "$1" "$2" && return 0
	pretty "state changed:"
	diff "$1" "$2" | head -n 10 | sed 's/^/#     /' >&2
	return 1
}

ext_main() {
	_tests=$1
	shift
	if [ "${1-}" = --one ]; then
		# Not "&& exit 0": set -e would be ignored in the subshell.
		(trap - EXIT; set -e; "$2")
		exit $?
	fi
	tap_plan "$_tests"
	if ! command -v unshare >/dev/null 2>&1; then
		i=0
		for t in $_tests; do
			i=$((i + 1))
			echo "not ok $i $t # no unshare in this system"
		done
		exit 1
	fi
	i=0
	failed=0
	_self=$(cd "$(dirname "$0")" && pwd)/$(basename "$0")
	for t in $_tests; do
		i=$((i + 1))
		echo "# $t"
		if unshare -n "$_self" --one "$t"; then
			echo "ok $i $t"
		else
			echo "not ok $i $t"
			failed=$((failed + 1))
		fi
	done
	tap_done "$(basename "$0" .sh)"
}
