#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Hostile scale (issue #12): what anyone can do to the kernel through l4mm.
# Any user can get CAP_NET_ADMIN over a user+net namespace of their own,
# and with it every command GENL_UNS_ADMIN_PERM admits.  Each test below
# is run by such an attacker, uid 65534 in a user+net namespace it made
# (unshare -r -n), the way the reproducers of the issue were:
#
#   root (initial user and net namespace)
#     |  nsenter -S 65534 -G 65534 unshare -r -n
#     v
#   attacker: uid 65534, "root" of its own user namespace, owner of its
#   own netns; every l4mm command runs in there (nsenter -U -n -S 0)
#     ^
#     |  nsenter -n (root enters the netns only: CHECK is for
#     |  administrators of the initial user namespace)
#   root: l4mm check
#
#   chain        a chain of 16384 single-page maps C:i -> C:i+1, then check
#   grant        the nested construction that made fpage grant quadratic,
#                at 2^15 pages, then the grant
#   unmaps       a batch of thousands of whole-space unmaps, killed mid-way;
#                readers meanwhile
#   sparse       one page mapped per fresh 1 MiB (a table each) until the
#                byte limit of the netns refuses
#   netns        200 x unshare -r -n true with the module loaded
#   users        one netns after another, each making its sigma0 and kept
#                alive, until the user's budget (max_user_bytes) refuses
#
# Each test: SIGKILL of the attacker's running l4mm takes effect within a
# second of guest time (the process was still in the middle of its work
# when killed); afterwards root's l4mm check of the attacker's netns
# passes; MemAvailable while the attacker holds its state is down by no
# more than the netns's byte limit (max_bytes) plus the batch files; and
# the kernel log gained no soft-lockup, hung-task, RCU-stall, WARNING or
# BUG line.  Times and memory are printed as TAP comments.
#
# Needs: busybox nsenter/unshare, unprivileged user namespaces.

L4MM=${L4MM:-l4mm}
P=/sys/module/l4mm/parameters
TMPD=$(mktemp -d)
# The attacker (uid 65534) reads the batch files and writes pid files.
chmod 1777 "$TMPD"
# A second, in /proc/uptime's centiseconds.  A debug kernel (KASAN,
# kmemleak) under TCG frees and walks many times slower: check-debug
# raises it through L4MM_KILL_LIMIT_CS; an unkillable batch would still
# run for the whole of its rounds, far beyond either.
KILL_LIMIT_CS=${L4MM_KILL_LIMIT_CS:-100}
SLACK_KB=8192		# page cache, slab of the namespaces, noise
NS_KB=512		# a user+net namespace and its sleeping holder

# shellcheck source-path=SCRIPTDIR source=l4mm_lib.sh disable=SC1091
. "$(dirname "$0")/l4mm_lib.sh"

cleanup() {
	att_kill_all
	# shellcheck disable=SC2046
	[ -s "$TMPD/upids" ] && kill -9 $(cat "$TMPD/upids") 2>/dev/null
	rm -rf "$TMPD"
}
trap cleanup EXIT

mem_kb() { awk '$1 == "MemAvailable:" { print $2 }' /proc/meminfo; }

# astat KEY: a counter of the attacker's stats.
astat() {
	att "$L4MM" stats | awk -v k="$1:" '$1 == k { print $2 }'
}

# att_bg FILE: l4mm -force -b FILE as the attacker, in the background;
# KP is the pid of that l4mm, BG the job to wait for.
att_bg() {
	rm -f "$TMPD/kp"
	att sh -c "echo \$\$ >$TMPD/kp.tmp && mv $TMPD/kp.tmp $TMPD/kp; exec $L4MM -force -b $1" \
		>/dev/null 2>&1 &
	BG=$!
	for _i in $(seq 1 100); do
		[ -s "$TMPD/kp" ] && break
		sleep 0.05
	done
	KP=$(cat "$TMPD/kp")
}

# kill_timed NAME: SIGKILL the l4mm of att_bg, which must still be at
# work; it must be gone within KILL_LIMIT_CS.
kill_timed() {
	if ! alive "$KP"; then
		pretty "$1: l4mm -b had finished before the kill: nothing was killed"
		wait "$BG" || true
		return 1
	fi
	_t0=$(now_cs)
	kill -9 "$KP"
	while alive "$KP"; do sleep 0.01; done
	_t1=$(now_cs)
	wait "$BG" || true
	pretty "$1: SIGKILL took effect after $(((_t1 - _t0) * 10)) ms"
	[ $((_t1 - _t0)) -le $KILL_LIMIT_CS ]
}

# killed_in_time NAME FILE: att_bg FILE, a second of work, kill_timed.
killed_in_time() {
	att_bg "$2"
	sleep 1
	kill_timed "$1"
}

# killed_when_started NAME FILE OPS0: att_bg FILE, then kill_timed as
# soon as the attacker's op counter has passed OPS0 (the batch's first
# request is in the kernel), not after a guessed time: a batch that a
# quiet machine runs in a second is then still killed in its middle.
killed_when_started() {
	att_bg "$2"
	_n=0
	while alive "$KP" && [ "$(astat ops)" -le "$3" ] && [ $_n -lt 600 ]; do
		_n=$((_n + 1))
		sleep 0.05
	done
	kill_timed "$1"
}

# checked NAME: root's l4mm check of the attacker's whole netns passes.
checked() {
	_t0=$(now_cs)
	_out=$(root_in "$L4MM" check 2>&1)
	_rc=$?
	pretty "$1: root's check in the attacker's netns: $_out ($((($(now_cs) - _t0) * 10)) ms)"
	[ $_rc -eq 0 ] && case $_out in ok:*) true ;; *) false ;; esac
}

# mem_within NAME BEFORE_KB: MemAvailable is down by at most max_bytes of
# a netns (plus SLACK_KB and the batch files) since BEFORE_KB.
mem_within() {
	_now=$(mem_kb)
	_files=$(du -sk "$TMPD" | awk '{ print $1 }')
	_lim=$(($(cat $P/max_bytes) / 1024))
	pretty "$1: MemAvailable $2 kB -> $_now kB (down $(($2 - _now)) kB; max_bytes $_lim kB, files $_files kB)"
	[ $(($2 - _now)) -le $((_lim + SLACK_KB + _files)) ]
}

# settle_live: wait (60 s at most) until debugfs l4mm/live reads the same
# twice a second apart: no netns of an earlier test is still going.
settle_live() {
	_prev=''
	for _i in $(seq 1 60); do
		_cur=$(cat /sys/kernel/debug/l4mm/live)
		[ "$_cur" = "$_prev" ] && return 0
		_prev=$_cur
		sleep 1
	done
	return 1
}

klog_clean() {
	dmesg | grep -iE 'soft lockup|hung_task|blocked for more than|rcu.*stall|WARNING:|BUG:' \
		>"$TMPD/klog" || true
	[ -s "$TMPD/klog" ] && sed 's/^/#     /' "$TMPD/klog" >&2
	[ ! -s "$TMPD/klog" ]
}

# ---------------------------------------------------------------------------

# C:i -> C:i+1 for i < 16383: one chain of depth 16384; the checker, which
# was quadratic in it, must be linear.  The kill lands in a batch that
# cuts and rebuilds the chain over and over.
chain() {
	_m0=$(mem_kb)
	att_start
	{
		echo "create C"
		echo "map sigma0 0x0 C 0x0"
		awk 'BEGIN { for (i = 0; i < 16383; i++)
			printf "map C 0x%x C 0x%x\n", i * 4096, (i + 1) * 4096 }'
	} >"$TMPD/chain"
	_t0=$(now_cs)
	att "$L4MM" -b "$TMPD/chain"
	pretty "chain: 16384 maps built in $((($(now_cs) - _t0) * 10)) ms"
	[ "$(att "$L4MM" lookup C 0x3fff000)" = 0x0 ]
	_t0=$(now_cs)
	_out=$(root_in "$L4MM" check C)
	pretty "chain: check C: $_out ($((($(now_cs) - _t0) * 10)) ms)"
	[ "$_out" = "ok: 1 spaces, 16384 mappings checked" ]
	checked chain
	mem_within chain "$_m0"
	for _r in $(seq 1 20); do
		echo "flush C 0x0"
		echo "map sigma0 0x0 C 0x0"
		awk 'BEGIN { for (i = 0; i < 16383; i++)
			printf "map C 0x%x C 0x%x\n", i * 4096, (i + 1) * 4096 }'
	done >"$TMPD/rechain"
	killed_in_time chain "$TMPD/rechain"
	checked "chain, after the kill"
	att_stop
	klog_clean
}

# D:0 <- D:1 <- ... <- D:k-1 <- E:0 (each derived from the next), and
# A:0..k-1 all children of E:0; then grant A 0x0/ORD D 0x0 with k = 2^15.
# Preparing that grant asked ancestor questions per page: quadratic.
grant() {
	_k=32768
	_m0=$(mem_kb)
	att_start
	{
		echo "create A"
		echo "create D"
		echo "create E"
		echo "map sigma0 0x0 E 0x0"
		awk -v k=$_k 'BEGIN {
			printf "map E 0x0 D 0x%x\n", (k - 1) * 4096
			for (i = k - 2; i >= 0; i--)
				printf "map D 0x%x D 0x%x\n", (i + 1) * 4096, i * 4096
			for (i = 0; i < k; i++)
				printf "map E 0x0 A 0x%x\n", i * 4096 }'
	} >"$TMPD/grant"
	_lines=$(wc -l <"$TMPD/grant")
	# The kill lands in the construction (fewer of its entries ran than
	# it has); then it is made again, whole.
	_ops0=$(astat ops)
	killed_when_started grant "$TMPD/grant" "$_ops0"
	_ops1=$(astat ops)
	pretty "grant: the killed construction ran $((_ops1 - _ops0)) of $_lines entries"
	[ $((_ops1 - _ops0)) -gt 0 ]
	[ $((_ops1 - _ops0)) -lt "$_lines" ]
	checked "grant, after the kill"
	att sh -c "for s in A D E; do $L4MM destroy \$s; done" >/dev/null 2>&1
	_t0=$(now_cs)
	att "$L4MM" -b "$TMPD/grant"
	pretty "grant: $_lines entries ($((_lines - 3)) maps) built in $((($(now_cs) - _t0) * 10)) ms, $(astat mappings) mappings"
	_t0=$(now_cs)
	_out=$(att "$L4MM" -j grant A 0x0/27 D 0x0)
	pretty "grant: grant A 0x0/27 D 0x0 ($_k pages): $_out ($((($(now_cs) - _t0) * 10)) ms)"
	echo "$_out" | grep -q "\"pages\":$_k"
	att "$L4MM" lookup A 0x0 | grep -qx unmapped
	att "$L4MM" -v lookup D 0x7fff000 | grep -q ' from E:0x0 '
	checked grant
	mem_within grant "$_m0"
	att_stop
	klog_clean
}

# A space with 65536 pages, then 5000 x unmap A 0x0/32: each entry walks
# every page.  While it runs, lookup and stats in the same netns answer
# (readers get in between two entries; stats needs no lock), and the
# kill stops it between two entries.
unmaps() {
	_m0=$(mem_kb)
	att_start
	att "$L4MM" create A
	att "$L4MM" map sigma0 0x0/28 A 0x0
	awk 'BEGIN { for (i = 0; i < 5000; i++) print "unmap A 0x0/32" }' \
		>"$TMPD/unmaps"
	_ops0=$(astat ops)
	att_bg "$TMPD/unmaps"
	sleep 1
	_t0=$(now_cs)
	[ "$(att "$L4MM" lookup A 0x5000)" = 0x5000 ]
	_t1=$(now_cs)
	att "$L4MM" stats | grep -q '^mappings: 131072$'
	_t2=$(now_cs)
	pretty "unmaps: during the batch: lookup took $(((_t1 - _t0) * 10)) ms, stats $(((_t2 - _t1) * 10)) ms"
	[ $((_t1 - _t0)) -le $KILL_LIMIT_CS ]
	[ $((_t2 - _t1)) -le $KILL_LIMIT_CS ]
	kill_timed unmaps
	_ops1=$(astat ops)
	pretty "unmaps: the killed batch ran $((_ops1 - _ops0)) of 5000 entries"
	[ $((_ops1 - _ops0)) -lt 5000 ]
	checked unmaps
	mem_within unmaps "$_m0"
	att_stop
	klog_clean
}

# One sigma0 page mapped at every 1 MiB of fresh spaces: each mapping
# costs a second-level table.  The netns's byte limit (max_bytes, the
# default) must refuse before the attacker holds more, with a message
# naming it and nothing changed by the refused command.
sparse() {
	_m0=$(mem_kb)
	att_start
	_max=$(cat $P/max_bytes)
	# More mappings than the limit allows on every target: one costs
	# about 3 KiB on a 64-bit kernel but under 2.5 KiB on a 32-bit one
	# (its shadow array has 4-byte pointers), and never less than the
	# 1 KiB table plus a 1 KiB shadow; the batch stops at the refusal.
	_n=$((_max / 1500 + 4096))
	awk -v n="$_n" 'BEGIN {
		for (i = 0; i < n; i++) {
			if (i % 4096 == 0)
				printf "create S%d\n", i / 4096
			# %.0f: the %x and %d of busybox awk are 32-bit signed.
			printf "map sigma0 %.0f S%d %.0f\n", (i % 65536) * 4096,
				i / 4096, (i % 4096) * 1048576
		} }' >"$TMPD/sparse"
	# The kill lands in rounds of the attack, each freeing what it got.
	for _r in $(seq 1 8); do
		cat "$TMPD/sparse"
		awk -v n="$_n" 'BEGIN {
			for (i = 0; i < n; i += 4096) printf "destroy S%d\n", i / 4096 }'
	done >"$TMPD/sparse8"
	killed_in_time sparse "$TMPD/sparse8"
	checked "sparse, after the kill"
	for _s in $(att "$L4MM" list | awk 'NR > 1 && $2 != "sigma0" { print $2 }'); do
		att "$L4MM" destroy "$_s" >/dev/null
	done
	_t0=$(now_cs)
	att "$L4MM" -b "$TMPD/sparse" >"$TMPD/out" 2>&1 && _rc=0 || _rc=$?
	pretty "sparse: exit $_rc: $(tail -n 2 "$TMPD/out" | tr '\n' ' ') ($((($(now_cs) - _t0) * 10)) ms)"
	[ $_rc -ne 0 ]
	grep -q 'memory limit of this netns reached (max_bytes)' "$TMPD/out"
	grep -q 'Disk quota exceeded' "$TMPD/out"
	_bytes=$(astat bytes)
	pretty "sparse: $(astat spaces) spaces, $(astat mappings) mappings, $(astat tables) tables, $_bytes bytes of max_bytes $_max"
	[ "$_bytes" -le "$_max" ]
	# The refused command again: refused again, nothing changed; and
	# removing still works.
	_ln=$(sed -n 's/.*sparse:\([0-9]*\): map: .*/\1/p' "$TMPD/out" | head -n 1)
	_cmd=$(sed -n "${_ln}p" "$TMPD/sparse")
	att "$L4MM" dump >"$TMPD/d1"
	# shellcheck disable=SC2086 # the batch line's words
	! att "$L4MM" $_cmd 2>"$TMPD/err" || false
	pretty "sparse: again, $_cmd: $(cat "$TMPD/err")"
	grep -q 'memory limit of this netns reached (max_bytes)' "$TMPD/err"
	att "$L4MM" dump >"$TMPD/d2"
	cmp -s "$TMPD/d1" "$TMPD/d2"
	att "$L4MM" unmap sigma0 0x0
	checked sparse
	mem_within sparse "$_m0"
	att_stop
	klog_clean
}

# 200 x unshare -r -n true by uid 65534: a netns that never uses l4mm
# costs it nothing: the module allocates nothing for it (debugfs allocs,
# the count of every allocation ever made, and live unchanged).  The
# times with and without the module are printed for the reader, not
# compared: wall-clock time in a guest on a shared host is noise.
netns() {
	# The netns of the tests before go asynchronously: wait until the
	# module's live objects stop changing.
	settle_live
	_live0=$(cat /sys/kernel/debug/l4mm/live)
	_allocs0=$(cat /sys/kernel/debug/l4mm/allocs)
	_m0=$(mem_kb)
	_t0=$(now_cs)
	# shellcheck disable=SC2016
	nsenter -S 65534 -G 65534 sh -c \
		'i=0; while [ $i -lt 200 ]; do unshare -r -n true || exit 1; i=$((i + 1)); done'
	_t1=$(now_cs)
	_live1=$(cat /sys/kernel/debug/l4mm/live)
	_allocs1=$(cat /sys/kernel/debug/l4mm/allocs)
	pretty "netns: 200 x unshare -r -n true with l4mm loaded: $(((_t1 - _t0) * 10)) ms, MemAvailable $_m0 -> $(mem_kb) kB, l4mm allocations $_allocs0 -> $_allocs1"
	[ "$_live0" = "$_live1" ]
	[ "$_allocs0" = "$_allocs1" ]
	rmmod l4mm
	_t2=$(now_cs)
	# shellcheck disable=SC2016
	nsenter -S 65534 -G 65534 sh -c \
		'i=0; while [ $i -lt 200 ]; do unshare -r -n true || exit 1; i=$((i + 1)); done'
	_t3=$(now_cs)
	insmod "${L4MM_KO:-/lib/modules/l4mm.ko}"
	pretty "netns: the same without l4mm: $(((_t3 - _t2) * 10)) ms"
	# The attacker's own netns, which does use l4mm, and a kill there.
	att_start
	att "$L4MM" stats >/dev/null
	awk 'BEGIN { print "create N"; for (i = 0; i < 400000; i++)
		printf "map sigma0 0x%x N 0x%x\n", (i % 65536) * 4096, i * 4096 }' \
		>"$TMPD/netns"
	killed_in_time netns "$TMPD/netns"
	checked netns
	mem_within netns "$_m0"
	att_stop
	klog_clean
}

# One user, many user+net namespaces, each making its sigma0 and held
# open by a sleeping process: all of them together stay within
# max_user_bytes (the default, a quarter of RAM), the one that would
# exceed it is refused with EDQUOT and a message naming the limit, and
# once they are gone the budget is back.
users() {
	_m0=$(mem_kb)
	_ub=$(cat $P/max_user_bytes)
	_n=0
	_refused=''
	while [ $_n -lt 400 ]; do
		_n=$((_n + 1))
		# shellcheck disable=SC2016
		nsenter -S 65534 -G 65534 unshare -r -n sh -c \
			"if $L4MM stats >/dev/null 2>$TMPD/uerr.$_n; then echo ok; else echo refused; fi >$TMPD/ust.tmp.$_n &&
			 mv $TMPD/ust.tmp.$_n $TMPD/ust.$_n; exec sleep 100000" \
			>/dev/null 2>&1 &
		echo $! >>"$TMPD/upids"
		for _i in $(seq 1 600); do
			[ -s "$TMPD/ust.$_n" ] && break
			sleep 0.05
		done
		[ "$(cat "$TMPD/ust.$_n" 2>/dev/null)" = ok ] && continue
		_refused=$_n
		break
	done
	pretty "users: $((_n - 1)) netns of uid 65534 made their sigma0; number $_n: $(cat "$TMPD/uerr.$_n" 2>/dev/null)"
	[ -n "$_refused" ]
	[ $_n -gt 1 ]
	grep -q 'memory limit of this user reached, all its netns together (max_user_bytes)' "$TMPD/uerr.$_n"
	grep -q 'Disk quota exceeded' "$TMPD/uerr.$_n"
	# The user's bytes, as the last netns that got its sigma0 sees them.
	# (nsenter, unshare and sh exec one another: $! is the sleep.)
	_holder=$(sed -n "$((_n - 1))p" "$TMPD/upids")
	_u=$(nsenter -t "$_holder" -U -n -S 0 -G 0 "$L4MM" stats |
		awk '$1 == "user_bytes:" { print $2 }')
	pretty "users: user_bytes $_u of max_user_bytes $_ub"
	[ -n "$_u" ]
	[ "$_u" -le "$_ub" ]
	_now=$(mem_kb)
	# Besides l4mm's bytes, each netns and its processes cost the kernel
	# something of their own: NS_KB each is allowed for that.
	pretty "users: MemAvailable $_m0 kB -> $_now kB (down $((_m0 - _now)) kB; max_user_bytes $((_ub / 1024)) kB, $_n netns)"
	[ $((_m0 - _now)) -le $((_ub / 1024 + SLACK_KB + _n * NS_KB)) ]
	# shellcheck disable=SC2046
	kill -9 $(cat "$TMPD/upids") 2>/dev/null || true
	wait 2>/dev/null || true
	# Namespaces go asynchronously: the budget is back within a while,
	# all but what the new netns holds (and the core's charge chunks).
	att_start
	_t0=$(now_cs)
	for _i in $(seq 1 180); do
		if att "$L4MM" stats >"$TMPD/ustats" 2>&1; then
			_u=$(awk '$1 == "user_bytes:" { print $2 }' "$TMPD/ustats")
			_b=$(awk '$1 == "bytes:" { print $2 }' "$TMPD/ustats")
			[ "$_u" -le $((_b + 2 * 65536)) ] && break
		fi
		sleep 0.5
	done
	pretty "users: all gone after $((($(now_cs) - _t0) * 10)) ms; a new netns: bytes $_b, user_bytes $_u"
	[ -n "$_u" ]
	[ "$_u" -le $((_b + 2 * 65536)) ]
	att_stop
	klog_clean
}

TESTS=${HOSTILE_TESTS:-chain grant unmaps sparse netns users}
tap_plan "$TESTS"
dmesg -c >/dev/null
if ! nsenter -S 65534 -G 65534 unshare -r -n true 2>/dev/null; then
	i=0
	for t in $TESTS; do
		i=$((i + 1))
		echo "ok $i $t # SKIP no unprivileged user namespaces here"
	done
	exit 0
fi
tap_run "$TESTS"
tap_done l4mm_hostile
