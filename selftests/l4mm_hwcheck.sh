#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# "l4mm hwcheck": on ARM the MMU itself walks the tables l4mm built
# (ATS1CPR/ATS1CPW with TTBR0 pointing at the space's first-level table)
# and the kernel compares every mapped page below 2 GiB, and a sample of
# unmapped addresses, with its software walk.  Prints TAP.
#
#   A:0x00010000  16 pages    <- sigma0:0x00020000   (one 64 KiB run)
#   A:0x00100000  256 pages   <- sigma0:0x00100000   (one 1 MiB run)
#   A:0x03000000  4096 pages  <- sigma0:0x01000000   (one 16 MiB run)
#   A:0x7ffff000  1 page      <- sigma0:0x07ff5000   (last page of TTBR0)
#   A:0x80000000  1 page      <- sigma0:0x07ff6000   (TTBR1's half: skipped)
#   B:0x40000000  1 page      <- A:0x00010000        (a derived mapping)
#
# The runs are made of single-page maps, so they stay small pages in 64
# KiB, 1 MiB and 16 MiB aligned blocks.  sigma0 itself is built of
# supersections (docs/extensions.md section 8); flushing one of its pages
# demotes one to 15 sections and a second-level table of large and small
# pages, which the MMU then walks too.  (sigma0's pages near 0x7ff0000 are
# used by no other selftest: a flushed sigma0 page is gone for good.)
# Elsewhere (x86) the command must fail cleanly with EOPNOTSUPP.

L4MM=${L4MM:-l4mm}
TMPD=$(mktemp -d 2>/dev/null || { mkdir -p /tmp/l4mm_hw.$$ && echo /tmp/l4mm_hw.$$; })

# pretty, tap_plan, tap_run, tap_done
# shellcheck source-path=SCRIPTDIR source=l4mm_lib.sh disable=SC1091
. "$(dirname "$0")/l4mm_lib.sh"

# hw NAME PAGES SKIPPED: run hwcheck, log it, check the counts and that
# nothing mismatched.
hw() {
	pretty "l4mm hwcheck $1 (want $2 pages, $3 skipped, 0 mismatches)"
	"$L4MM" hwcheck "$1" >"$TMPD/out" 2>&1 && _rc=0 || _rc=$?
	sed 's/^/#     /' "$TMPD/out"
	[ "$_rc" -eq 0 ] || return 1
	# hwcheck A: 12 pages, 2047 unmapped, 0 skipped, 0 mismatches
	set -- "$2" "$3" $(sed -n 's/^hwcheck [^:]*: \([0-9]*\) pages, \([0-9]*\) unmapped, \([0-9]*\) skipped, \([0-9]*\) mismatches$/\1 \2 \3 \4/p' "$TMPD/out")
	[ $# -eq 6 ] || { pretty "unexpected output"; return 1; }
	[ "$3" -eq "$1" ] && [ "$5" -eq "$2" ] && [ "$6" -eq 0 ] &&
		[ "$4" -gt 0 ] && return 0
	pretty "MISMATCH: $3 pages, $5 skipped, $6 mismatches, $4 unmapped"
	return 1
}

# map_run SRC DST PAGES: map PAGES consecutive pages of sigma0 into A.
map_run() {
	_i=0
	while [ "$_i" -lt "$3" ]; do
		printf 'map sigma0 0x%x A 0x%x\n' $(($1 + _i * 4096)) $(($2 + _i * 4096))
		_i=$((_i + 1))
	done
}

cleanup() {
	"$L4MM" destroy B >/dev/null 2>&1
	"$L4MM" destroy A >/dev/null 2>&1
	rm -rf "$TMPD"
}
trap cleanup EXIT

not_arm() {
	pretty "l4mm hwcheck sigma0 (want EOPNOTSUPP off ARM)"
	! "$L4MM" hwcheck sigma0 >"$TMPD/out" 2>&1 || false
	sed 's/^/#     /' "$TMPD/out"
	grep -q 'hwcheck needs an ARM kernel' "$TMPD/out"
	grep -q 'Operation not supported' "$TMPD/out"
}

sigma0_all() {
	_n=$("$L4MM" -j list | tr '{}' '\n\n' | sed -n 's/.*"name":"sigma0","pages":\([0-9]*\).*/\1/p')
	[ -n "$_n" ]
	hw sigma0 "$_n" 0
}

# A page flushed inside a supersection: the rest still translates, through
# sections, large pages and small pages, and the page itself faults.
sigma0_demoted() {
	_n=$("$L4MM" -j list | tr '{}' '\n\n' | sed -n 's/.*"name":"sigma0","pages":\([0-9]*\).*/\1/p')
	[ -n "$_n" ]
	"$L4MM" flush sigma0 0x7ff3000
	lk sigma0 0x7ff3000 unmapped
	lk sigma0 0x7ff4000 0x7ff4000
	hw sigma0 $((_n - 1)) 0
}

runs_of_every_size() {
	"$L4MM" create A
	"$L4MM" create B
	{
		map_run 0x20000 0x10000 16
		map_run 0x100000 0x100000 256
		map_run 0x1000000 0x3000000 4096
		echo "map sigma0 0x7ff5000 A 0x7ffff000"
		echo "map sigma0 0x7ff6000 A 0x80000000"
		echo "map A 0x10000 B 0x40000000"
	} >"$TMPD/batch"
	"$L4MM" -b "$TMPD/batch"
	hw A 4369 1
	hw B 1 0
	"$L4MM" lookup B 0x40000000 | grep -qx 0x20000
	# Flushing the 1 MiB run frees its L2 table: the hardware must now
	# fault there, and the derived page of B goes with A:0x10000.
	map_run 0x100000 0x100000 256 | sed 's/^map sigma0 0x[0-9a-f]* A/flush A/' >"$TMPD/flush"
	echo "flush A 0x10000" >>"$TMPD/flush"
	"$L4MM" -b "$TMPD/flush"
	hw A 4112 1
	hw B 0 0
}

errors() {
	! "$L4MM" hwcheck nosuchspace 2>"$TMPD/err" || false
	grep -q 'space not found' "$TMPD/err"
}

if [ "$(uname -m)" = "${L4MM_HW_ARCH:-armv7l}" ]; then
	TESTS="sigma0_all sigma0_demoted runs_of_every_size errors"
else
	TESTS="not_arm"
fi

tap_plan "$TESTS"
tap_run "$TESTS"
tap_done l4mm_hwcheck
