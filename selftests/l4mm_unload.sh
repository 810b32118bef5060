#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Unloading and reloading l4mm with state in it.  Runs LAST (it rmmods the
# module) and leaves the module loaded with its default parameters.
#
#   sigma0 --> u1 (2000 pages) --> u2 (500) --> u3 (200)
#     \------> u4 (100)        (sigma0 pages 0x1000 on and 0x8000 on: the
#                               ones l4mm_paper.sh changes are not used)
#
#   destroy u1..u4       -> stats back to the baseline (no leaked nodes/tables)
#   rmmod with u1..u4    -> no BUG/WARNING/Oops/"Objects remaining" in dmesg,
#                           no l4mm slab cache left (kernel has slab_nomerge)
#   insmod               -> a fresh state: sigma0 only, identity mapped
#   insmod sigma0_pages=16 -> sigma0 has 16 pages
#   no module            -> l4mm_genl and l4mm_fpage skip (exit 4, "1..0 #
#                           SKIP"), they do not fail
#
# Every test runs in a subshell with `set -e`.

L4MM=${L4MM:-l4mm}
KO=${L4MM_KO:-/lib/modules/l4mm.ko}
TMPD=$(mktemp -d 2>/dev/null || { mkdir -p /tmp/l4mm_unload.$$ && echo /tmp/l4mm_unload.$$; })
SPACES="u1 u2 u3 u4"
N1=2000
N2=500
N3=200
N4=100

# pretty, lk, stat, loaded, tap_plan, tap_run, tap_done
# shellcheck source-path=SCRIPTDIR source=l4mm_lib.sh disable=SC1091
. "$(dirname "$0")/l4mm_lib.sh"

pp() { pretty "$*"; "$@"; }

expect_stat() {
	_v=$(stat "$1")
	pretty "stats $1 = $_v (want $2)"
	[ "$_v" -eq "$2" ]
}

cleanup() {
	loaded || insmod "$KO"
	if [ -n "$DEFAULT_S0" ] && [ "$(stat sigma0_pages)" != "$DEFAULT_S0" ]; then
		rmmod l4mm && insmod "$KO"
	fi
	for _s in $SPACES; do
		"$L4MM" destroy "$_s" >/dev/null 2>&1 || true
	done
	rm -rf "$TMPD"
}
trap cleanup EXIT

# Spaces u1..u4 with N1+N2+N3+N4 mappings, built by one batch file.
populate() {
	_f=$TMPD/populate.txt
	: >"$_f"
	for _s in $SPACES; do
		"$L4MM" destroy "$_s" >/dev/null 2>&1 || true
	done
	for _s in $SPACES; do
		echo "create $_s" >>"$_f"
	done
	_i=0
	while [ $_i -lt $N1 ]; do
		printf 'map sigma0 0x%x u1 0x%x\n' $(((4096 + _i) * 4096)) \
			$((_i * 4096)) >>"$_f"
		_i=$((_i + 1))
	done
	_i=0
	while [ $_i -lt $N2 ]; do
		printf 'map u1 0x%x u2 0x%x\n' $((_i * 4096)) \
			$((0x80000000 + _i * 4096)) >>"$_f"
		_i=$((_i + 1))
	done
	_i=0
	while [ $_i -lt $N3 ]; do
		printf 'map u2 0x%x u3 0x%x\n' $((0x80000000 + _i * 4096)) \
			$((0xfff00000 + _i * 4096)) >>"$_f"
		_i=$((_i + 1))
	done
	_i=0
	while [ $_i -lt $N4 ]; do
		printf 'map sigma0 0x%x u4 0x%x\n' $(((0x8000 + _i) * 4096)) \
			$((_i * 4096)) >>"$_f"
		_i=$((_i + 1))
	done
	pp "$L4MM" -b "$_f"
	lk u3 0xfff00000 0x1000000
	lk u2 $((0x80000000 + (N2 - 1) * 4096)) $(((4096 + N2 - 1) * 4096))
	lk u4 0x0 0x8000000
}

# ---------------------------------------------------------------------------

destroy_restores_baseline() {
	for _s in $SPACES; do
		"$L4MM" destroy "$_s" >/dev/null 2>&1 || true
	done
	_m=$(stat mappings)
	_sp=$(stat spaces)
	_t=$(stat tables)
	_tb=$(stat table_bytes)
	_nb=$(stat node_bytes)
	populate
	expect_stat mappings $((_m + N1 + N2 + N3 + N4))
	expect_stat spaces $((_sp + 4))
	# destroying u2 takes u3's pages with it
	pp "$L4MM" destroy u2
	lk u3 0xfff00000 unmapped
	expect_stat mappings $((_m + N1 + N4))
	for _s in u1 u3 u4; do
		pp "$L4MM" destroy "$_s"
	done
	expect_stat mappings "$_m"
	expect_stat spaces "$_sp"
	expect_stat tables "$_t"
	expect_stat table_bytes "$_tb"
	expect_stat node_bytes "$_nb"
}

rmmod_with_state() {
	populate
	pp "$L4MM" flush sigma0 0x7000
	lk sigma0 0x7000 unmapped
	pretty "grep l4mm /proc/slabinfo"
	grep '^l4mm' /proc/slabinfo | sed 's/^/#     /'
	grep -q '^l4mm_node ' /proc/slabinfo
	pp rmmod l4mm
	! loaded || false
	! pp "$L4MM" list || false
	pretty "no l4mm cache in /proc/slabinfo"
	! grep '^l4mm' /proc/slabinfo || false
}

dmesg_clean() {
	# from the module's first message on (boot may print CPU-bug WARNINGs)
	dmesg >"$TMPD/dmesg"
	grep -q l4mm "$TMPD/dmesg" || pretty "no l4mm line in dmesg: checking all"
	if grep -q l4mm "$TMPD/dmesg"; then
		sed -n '/l4mm/,$p' "$TMPD/dmesg" >"$TMPD/since"
	else
		cp "$TMPD/dmesg" "$TMPD/since"
	fi
	! grep -E 'BUG|WARNING|Objects remaining|Oops|Call Trace' "$TMPD/since" || false
}

reload_is_fresh() {
	loaded || pp insmod "$KO"
	loaded
	_s0=$(stat sigma0_pages)
	[ "$_s0" -gt 0 ]
	expect_stat spaces 1
	expect_stat mappings "$_s0"
	expect_stat ops 0
	lk sigma0 0x7000 0x7000
	lk sigma0 0x0 0x0
	lk sigma0 $(((_s0 - 1) * 4096)) $(((_s0 - 1) * 4096))
	! pp "$L4MM" lookup u1 0x0 || false
	grep -q '^l4mm_node ' /proc/slabinfo
}

# State in a second network namespace is freed by rmmod too.
rmmod_with_other_netns() {
	loaded || pp insmod "$KO"
	if ! command -v unshare >/dev/null 2>&1; then
		pretty "no unshare applet"
		return 77
	fi
	rm -f "$TMPD/ready"
	unshare -n sh -c "'$L4MM' create x1 && '$L4MM' map sigma0 0x1000 x1 0x1000 &&
		'$L4MM' lookup x1 0x1000 >/dev/null && : >'$TMPD/ready' && exec sleep 60" &
	_pid=$!
	_i=0
	while [ ! -e "$TMPD/ready" ] && [ $_i -lt 100 ]; do
		sleep 0.1 2>/dev/null || sleep 1
		_i=$((_i + 1))
	done
	[ -e "$TMPD/ready" ] || { kill "$_pid"; false; }
	# the first namespace does not see x1
	! "$L4MM" lookup x1 0x1000 2>/dev/null || { kill "$_pid"; false; }
	pp rmmod l4mm || { kill "$_pid"; false; }
	kill "$_pid"
	wait "$_pid" 2>/dev/null || true
	! loaded || false
	! grep '^l4mm' /proc/slabinfo || false
	pp insmod "$KO"
	expect_stat spaces 1
}

sigma0_pages_parameter() {
	pp rmmod l4mm
	pp insmod "$KO" sigma0_pages=16
	expect_stat sigma0_pages 16
	expect_stat mappings 16
	lk sigma0 0xf000 0xf000
	lk sigma0 0x10000 unmapped
	! pp "$L4MM" map sigma0 0x10000 sigma0 0x0 || false
	pp rmmod l4mm
	pp insmod "$KO"
	expect_stat sigma0_pages "$DEFAULT_S0"
	expect_stat mappings "$DEFAULT_S0"
}

# Without the module the C tests of the family are a SKIP as a whole
# (kselftest: the subsystem is absent), not a failure.
c_tests_skip_without_module() {
	loaded && pp rmmod l4mm
	for _t in l4mm_genl l4mm_fpage; do
		_rc=0
		"$(dirname "$0")/$_t" >"$TMPD/skip" 2>&1 || _rc=$?
		sed 's/^/#     /' "$TMPD/skip" >&2
		pretty "$_t without the module: exit $_rc (want 4, KSFT_SKIP)"
		[ "$_rc" -eq 4 ]
		grep -q '^1\.\.0 # SKIP .*not loaded' "$TMPD/skip"
		! grep -q '^not ok' "$TMPD/skip" || false
	done
	pp insmod "$KO"
}

# ---------------------------------------------------------------------------

TESTS="destroy_restores_baseline rmmod_with_state reload_is_fresh
	rmmod_with_other_netns sigma0_pages_parameter
	c_tests_skip_without_module dmesg_clean"

tap_plan "$TESTS"
loaded || insmod "$KO"
DEFAULT_S0=$(stat sigma0_pages)
# 77: a test that cannot run here (SKIP)
tap_run "$TESTS" 77
tap_done l4mm_unload
