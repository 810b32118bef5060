# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
#
# Helpers shared by the l4mm selftest scripts; sourced, not run:
#
#	. "$(dirname "$0")/l4mm_lib.sh"
#
# POSIX sh: the scripts run under busybox ash or bash in the guest.
# The callers set L4MM (the CLI) and, for the module helpers, KO (the
# module) and LIVE (debugfs l4mm/live) before calling.
#
# Two styles of test share it:
#   - numbered assertions: ok RC NAME per check, totals at the end
#     (l4mm_fault.sh, l4mm_limits.sh, l4mm_isolation.sh, l4mm_stress.sh);
#   - one subshell with `set -e` per test function: tap_plan, tap_run,
#     tap_done, and the pretty/lk/stat logging helpers (l4mm_paper.sh,
#     l4mm_unload.sh, l4mm_hwcheck.sh; l4mm_check.sh uses pretty only).

# --- numbered assertions --------------------------------------------------

n_test=0
n_fail=0

# ok RC NAME: one TAP line, "ok" when RC is 0.
ok() {
	n_test=$((n_test + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $n_test - $2"
	else
		echo "not ok $n_test - $2"
		n_fail=$((n_fail + 1))
	fi
}

# totals: kselftest's closing line; true when nothing failed.
totals() {
	echo "# Totals: pass:$((n_test - n_fail)) fail:$n_fail xfail:0 xpass:0 skip:0 error:0"
	[ $n_fail -eq 0 ]
}

# snapshot FILE: the whole visible state (dump, list, stats), to cmp.
snapshot() {
	{ $L4MM dump; $L4MM list; $L4MM stats; } >"$1" 2>&1
}

# --- the module -----------------------------------------------------------

loaded() { [ -d /sys/module/l4mm ]; }

# reload [PARAM=VALUE...]: rmmod, then insmod $KO with these parameters.
reload() {
	rmmod l4mm && insmod "$KO" "$@"
}

# wait_live WANT: the live counters once every dying netns has been
# cleaned up (netns teardown is asynchronous): poll until they equal
# WANT or 30 s pass.
wait_live() {
	for _w in $(seq 1 60); do
		[ "$(cat "$LIVE")" = "$1" ] && return 0
		sleep 0.5
	done
	return 1
}

# --- one subshell per test function ---------------------------------------

# Log lines are TAP comments, on stderr so that $(...) does not eat them.
pretty() { printf '# [+] %s\n' "$*" >&2; }

# lk NAME VADDR WANT: WANT is an address (0x...) or "unmapped".
lk() {
	_got=$("$L4MM" lookup "$1" "$2" 2>&1) && _rc=0 || _rc=$?
	pretty "lookup $1 $2 = $_got (want $3)"
	if [ "$3" = unmapped ]; then
		[ "$_rc" -eq 1 ] && [ "$_got" = unmapped ] && return 0
	else
		case $_got in
		0x*[!0-9a-fA-F]* | 0x) ;;
		0x*) [ "$_rc" -eq 0 ] && [ $((_got)) -eq $(($3)) ] && return 0 ;;
		esac
	fi
	pretty "MISMATCH (exit $_rc)"
	return 1
}

# stat KEY: a counter of `l4mm stats` (JSON first, text as a fallback).
# A missing counter fails and prints "no-KEY": $(...) does not stop on
# errors, so the caller gets something that is no number.
stat() {
	# shellcheck disable=SC2020
	_v=$("$L4MM" -j stats | tr '{},' '\n\n\n' |
	     sed -n "s/^[[:space:]]*\"$1\"[[:space:]]*:[[:space:]]*\([0-9][0-9]*\).*/\1/p" |
	     head -n 1)
	[ -n "$_v" ] || _v=$("$L4MM" stats |
	     sed -n "s/^[[:space:]]*$1[^0-9a-z_]*\([0-9][0-9]*\).*/\1/p" | head -n 1)
	[ -n "$_v" ] || { pretty "no counter $1 in l4mm stats"; echo "no-$1"; return 1; }
	echo "$_v"
}

# tap_plan TESTS: the TAP header for the test functions in TESTS.
tap_plan() {
	echo "TAP version 13"
	# shellcheck disable=SC2086
	set -- $1
	echo "1..$#"
}

# tap_run TESTS [SKIP_RC]: run each test function of TESTS in a subshell
# with `set -e` (every command is an assertion), one TAP line each; counts
# in i and failed.  A test that exits with SKIP_RC, if given, is a SKIP.
# Call it as a plain command, not in a condition, or set -e would be
# ignored in the tests.
tap_run() {
	i=0
	failed=0
	for t in $1; do
		i=$((i + 1))
		echo "# $t"
		# Not "if (...)": set -e would be ignored inside the condition.
		(trap - EXIT; set -e; "$t")
		_rc=$?
		if [ $_rc -eq 0 ]; then
			echo "ok $i $t"
		elif [ -n "${2-}" ] && [ $_rc -eq "$2" ]; then
			echo "ok $i $t # SKIP"
		else
			echo "not ok $i $t"
			failed=$((failed + 1))
		fi
	done
}

# tap_done NAME: the summary comment of tap_run's counts; true when
# nothing failed.
tap_done() {
	echo "# $1: $((i - failed)) passed, $failed failed"
	[ "$failed" -eq 0 ]
}
