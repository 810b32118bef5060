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
# Elsewhere (x86, arm64, a 32-bit ARM kernel with LPAE, whose MMU walks
# long descriptors only) the command must fail cleanly with EOPNOTSUPP,
# "not available on this kernel", and the tests that need the MMU are
# skipped, each with the reason.  Which case this is comes from the
# kernel's own description (uname -m, its config), not from the module.
#
# And the check must be able to fail: the test-only knob debugfs
# l4mm/hwcheck_corrupt makes one hwcheck see one wrong descriptor.
# On ARM the module is reloaded first (L4MM_KO, default
# /lib/modules/l4mm.ko) for a sigma0 with all its pages.  Every test
# prints the counts hwcheck reported (pages, unmapped, mismatches).

L4MM=${L4MM:-l4mm}
KNOB=/sys/kernel/debug/l4mm/hwcheck_corrupt
KO=${L4MM_KO:-/lib/modules/l4mm.ko}
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
	"$L4MM" destroy H >/dev/null 2>&1
	rm -rf "$TMPD"
}
trap cleanup EXIT

not_available() {
	pretty "l4mm hwcheck sigma0 (want EOPNOTSUPP: $WHY)"
	! "$L4MM" hwcheck sigma0 >"$TMPD/out" 2>&1 || false
	sed 's/^/#     /' "$TMPD/out"
	grep -q "^l4mm: hwcheck: not available on this kernel: " "$TMPD/out"
	grep -q 'Operation not supported' "$TMPD/out"
	# The test knob exists only where hwcheck does.
	[ ! -e "$KNOB" ]
}

# hw_expected: whether this kernel's MMU can walk l4mm's tables, a 32-bit
# ARM kernel without LPAE; if not, WHY says why (status 1), or that it
# cannot tell (status 2: a 32-bit ARM kernel without a config to read).
hw_expected() {
	case $(uname -m) in
	armv7* | armv8l) ;;
	*) WHY="no ARMv7 short-descriptor MMU on this $(uname -m) kernel"; return 1 ;;
	esac
	_cfg=/boot/config-$(uname -r)
	if [ -r "$_cfg" ]; then
		_lpae=$(grep -c '^CONFIG_ARM_LPAE=y$' "$_cfg")
	elif [ -r /proc/config.gz ]; then
		_lpae=$(zcat /proc/config.gz | grep -c '^CONFIG_ARM_LPAE=y$')
	else
		WHY="cannot tell whether this ARM kernel uses LPAE (no $_cfg or /proc/config.gz)"
		return 2
	fi
	if [ "$_lpae" -ne 0 ]; then
		WHY="LPAE kernel: TTBCR.EAE=1, the MMU walks long descriptors only"
		return 1
	fi
	return 0
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

# hw_bad NAME KNOB PAGES VA RW WANT: arm debugfs l4mm/hwcheck_corrupt with
# KNOB ("ap N" / "frame N"); hwcheck NAME must exit 1 with PAGES pages and
# exactly one mismatch, the first at VA in the RW (read/write)
# translation with WANT expected; the PAR it prints is left in $PAR.
hw_bad() {
	pretty "hwcheck $1 with '$2' armed (want 1 mismatch at $4 ($5), expected $6)"
	echo "$2" >"$KNOB"
	[ "$(cat "$KNOB")" = "$2" ]
	"$L4MM" hwcheck "$1" >"$TMPD/out" 2>"$TMPD/err" && _rc=0 || _rc=$?
	sed 's/^/#     /' "$TMPD/out" "$TMPD/err"
	[ "$_rc" -eq 1 ]
	[ "$(cat "$KNOB")" = 0 ]
	grep -q "^hwcheck $1: $3 pages, [0-9]* unmapped, 0 skipped, 1 mismatches\$" "$TMPD/out"
	PAR=$(sed -n "s/^l4mm: hwcheck: first mismatch at $4 ($5): PAR \(0x[0-9a-f]*\), expected $6\$/\1/p" "$TMPD/err")
	[ -n "$PAR" ]
	_va=$(printf '0x%08x' $(($4)))
	dmesg | grep -q "hwcheck $1: test knob: ${2% *} of the descriptor of $_va corrupted"
	dmesg | grep -q "hwcheck $1 $_va: $5: PAR $(printf '0x%08x' $((PAR)))"
}

# The knob corrupts one descriptor for one translation: hwcheck must see
# it, say where and what, and a normal hwcheck right after must see the
# tables intact.  H:0x10000.. holds 16 small pages, sigma0 0x20000..
mismatch_is_reported() {
	"$L4MM" create H
	map_run 0x20000 0x10000 16 | sed 's/ A / H /' >"$TMPD/batch"
	"$L4MM" -b "$TMPD/batch"
	hw H 16 0
	# AP[2] of the 5th page: writable in software, read-only in hardware,
	# so the write translation faults: PAR.F set, FS = 0b11x1, a
	# permission fault (of a section or a page).
	hw_bad H "ap 5" 16 0x14000 write 0x24000
	[ $((PAR & 1)) -eq 1 ] && [ $(((PAR >> 1) & 0xd)) -eq 13 ]
	hw H 16 0
	# The frame of the last page: the read lands one frame off.
	hw_bad H "frame 16" 16 0x1f000 read 0x2f000
	[ $((PAR & 1)) -eq 0 ] && [ $((PAR & 0xfffff000)) -eq $((0x2e000)) ]
	hw H 16 0
	# The knob is consumed by any hwcheck, even one with fewer pages.
	echo "ap 17" >"$KNOB"
	hw H 16 0
	[ "$(cat "$KNOB")" = 0 ]
	! echo "bogus 1" 2>/dev/null >"$KNOB" || false
	! echo "ap 0" 2>/dev/null >"$KNOB" || false
	echo 0 >"$KNOB"
	"$L4MM" destroy H
}

# flips NAME PAGES NTH VA WANT UNIT: NAME has PAGES pages, the NTH of
# them at VA (expected address WANT) in an entry of UNIT bytes.  The
# knob's frame flip must move the page by exactly UNIT (which shows the
# MMU walked an entry of that size), its AP flip must make the write a
# permission fault of that kind of entry.
flips() {
	_fva=$(printf '0x%x' $(($4))) _fw=$(printf '0x%x' $(($5)))
	hw_bad "$1" "frame $3" "$2" "$_fva" read "$_fw"
	_got=$((PAR & 0xfffff000)) _want=$(($5 ^ $6))
	if [ $((PAR & 2)) -ne 0 ]; then
		# PAR.SS: a supersection, PAR gives PA[31:24] only
		_got=$((PAR & 0xff000000)) _want=$((_want & 0xff000000))
		[ $(($6)) -eq $((0x1000000)) ]
	fi
	pretty "PAR $PAR: $(printf '0x%x' $_got), want $(printf '0x%x' $_want)"
	[ $((PAR & 1)) -eq 0 ] && [ "$_got" -eq "$_want" ]
	hw_bad "$1" "ap $3" "$2" "$_fva" write "$_fw"
	# FS 0b1101 is a permission fault of a (super)section, 0b1111 of a
	# page (small or large)
	_fs=15
	[ $(($6)) -lt $((0x100000)) ] || _fs=13
	[ $((PAR & 1)) -eq 1 ] && [ $(((PAR >> 1) & 0xf)) -eq $_fs ]
}

# F holds one entry of every size, made by flexpage maps (the destination
# of a map of 64 KiB or more is promoted where the frames allow):
#   F:0x00010000  64 KiB  <- sigma0:0x00020000/16  (a large page)
#   F:0x00100000  1 MiB   <- sigma0:0x00100000/20  (a section)
#   F:0x03000000  16 MiB  <- sigma0:0x01000000/24  (a supersection)
#   F:0x7ffff000  4 KiB   <- sigma0:0x00005000     (a small page)
# lookup must report those sizes, hwcheck must agree on all 4369 pages,
# and a page of each entry must move by the entry's size when the knob
# flips its frame.
fpage_entry_sizes() {
	"$L4MM" create F
	"$L4MM" map sigma0 0x20000/16 F 0x10000
	"$L4MM" map sigma0 0x100000/20 F 0x100000
	"$L4MM" map sigma0 0x1000000/24 F 0x3000000
	"$L4MM" map sigma0 0x5000 F 0x7ffff000
	for _s in 0x10000:64K 0x100000:1M 0x3000000:16M 0x7ffff000:4K; do
		_out=$("$L4MM" -v lookup F "${_s%:*}")
		pretty "lookup -v F ${_s%:*}: $_out (want size=${_s#*:})"
		case "$_out " in *" size=${_s#*:} "*) ;; *) false ;; esac
	done
	hw F 4369 0
	# NTH VA WANT UNIT: the 8th page, the 128th of the section, the
	# 2048th of the supersection, the last
	flips F 4369 8 0x17000 0x27000 0x10000
	flips F 4369 145 0x180000 0x180000 0x100000
	flips F 4369 2321 0x3800000 0x1800000 0x1000000
	flips F 4369 4369 0x7ffff000 0x5000 0x1000
	hw F 4369 0
	"$L4MM" destroy F
}

# sigma0 is built of the largest entries that fit: with 4369 pages
# (4096 + 256 + 16 + 1) a 16 MiB supersection at 0, a 1 MiB section at
# 0x1000000, a 64 KiB large page at 0x1100000 and a small page at
# 0x1110000.  hwcheck must agree on every page, and a page in the middle
# of each entry must move by the entry's size when its frame is flipped.
every_entry_size() {
	reload sigma0_pages=4369
	hw sigma0 4369 0
	for _s in 0x800000:0x1000000 0x1080000:0x100000 0x1108000:0x10000 \
		  0x1110000:0x1000; do
		_v=${_s%:*}
		flips sigma0 4369 $((_v / 4096 + 1)) "$_v" "$_v" "${_s#*:}"
	done
	hw sigma0 4369 0
	reload
}

# The tests that need the MMU; errors runs everywhere.
HW_TESTS="sigma0_all sigma0_demoted runs_of_every_size"
HW_TESTS="$HW_TESTS mismatch_is_reported fpage_entry_sizes every_entry_size"
WHY=''
hw_expected && _hw=0 || _hw=$?
case $_hw in
0)
	TESTS="$HW_TESTS errors" SKIPPED=''
	# A fresh sigma0: the tests before this one in the same boot flush
	# and grant away pages of sigma0 that the tests here map.
	if loaded && ! reload; then
		echo "Bail out! cannot reload $KO"
		exit 1
	fi
	;;
1) TESTS="not_available errors" SKIPPED=$HW_TESTS ;;
*) TESTS="errors" SKIPPED=$HW_TESTS ;;
esac

tap_plan "$TESTS $SKIPPED"
tap_run "$TESTS"
_n=$i
for t in $SKIPPED; do
	_n=$((_n + 1))
	echo "ok $_n $t # SKIP $WHY"
done
tap_done l4mm_hwcheck
