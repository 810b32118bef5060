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

# --- an unprivileged attacker ----------------------------------------------
#
# Anyone can own a user+net namespace (unshare -r -n) and so pass every
# GENL_UNS_ADMIN_PERM check in it.  att_start makes one as uid 65534, held
# by a sleeping process (pid AP); att runs a command as that attacker in
# its namespaces, root_in as root in its netns only (to CHECK it, an
# administrator's command).  TMPD must be writable by uid 65534.

AP=''

# now_cs: guest time (/proc/uptime) in centiseconds.
now_cs() { awk '{ printf "%d\n", $1 * 100 }' /proc/uptime; }

# alive PID: the process still runs (a zombie has finished).
alive() {
	_st=$(sed -n 's/^State:[[:space:]]*\([A-Z]\).*/\1/p' "/proc/$1/status" \
		2>/dev/null) || _st=''
	[ -n "$_st" ] && [ "$_st" != Z ]
}

# Every attacker's pid goes to $TMPD/att.pids too, for att_kill_all.  The
# holder's output goes nowhere: a process that keeps the test's stdout
# open would keep the kselftest runner waiting after the test ended.
att_start() {
	rm -f "$TMPD/ap"
	nsenter -S 65534 -G 65534 unshare -r -n \
		sh -c "echo \$\$ >$TMPD/ap.tmp && mv $TMPD/ap.tmp $TMPD/ap; exec sleep 100000" \
		>/dev/null 2>"$TMPD/att.err" &
	for _i in $(seq 1 100); do
		[ -s "$TMPD/ap" ] && break
		sleep 0.1
	done
	AP=$(cat "$TMPD/ap" 2>/dev/null) || AP=''
	[ -z "$AP" ] || echo "$AP" >>"$TMPD/att.pids"
	if [ -z "$AP" ]; then
		pretty "no attacker namespace: $(cat "$TMPD/att.err")"
		return 1
	fi
	pretty "attacker: uid 65534, user+net namespace of its own, pid $AP"
}

att_stop() {
	kill -9 "$AP" 2>/dev/null
	while alive "$AP"; do sleep 0.05; done
	AP=''
}

# att_kill_all: every attacker att_start made, also those of a test that
# failed before its att_stop (tests run in subshells).
att_kill_all() {
	[ -s "$TMPD/att.pids" ] || return 0
	# shellcheck disable=SC2046
	kill -9 $(cat "$TMPD/att.pids") 2>/dev/null
	rm -f "$TMPD/att.pids"
}

# att CMD...: CMD as the attacker, in its user and net namespace (uid 0
# there is uid 65534 here; CAP_NET_ADMIN over its own netns only).
att() { nsenter -t "$AP" -U -n -S 0 -G 0 "$@"; }

# root_in CMD...: CMD as root of the initial user namespace, in the
# attacker's netns only.
root_in() { nsenter -t "$AP" -n "$@"; }

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
