#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Flexpages and receive windows (docs/extensions.md 1, 7) through the
# l4mm CLI: an fpage operation is the page-wise operation on every page
# of the fpage, as one atomic operation.  Each test runs in a netns of its
# own (a fresh sigma0: page i at frame i).  Prints TAP.
#
#   map sigma0 0x100000/20 A 0x200000    256 pages, "pages 256"
#   unmap A 0x240000/16                  16 of B's pages derived from them
#   map ... A 0x400000/20 base 0x36000   a 16K fpage into a 1M window
#   map ... A 0x600000/14 base 0x29000   the 16K part of a 1M fpage

# shellcheck source-path=SCRIPTDIR source=l4mm_lib.sh disable=SC1091
. "$(dirname "$0")/l4mm_lib.sh"
# shellcheck source-path=SCRIPTDIR source=l4mm_ext_lib.sh disable=SC1091
. "$(dirname "$0")/l4mm_ext_lib.sh"

# pages_of NAME: the PAGES column of `l4mm list` for NAME.
pages_of() {
	"$L4MM" list | awk -v n="$1" '$2 == n { print $3 }'
}

# ---------------------------------------------------------------------------

map_counts_pages() {
	x create A
	x map sigma0 0x100000/20 A 0x200000
	out_is "pages 256"
	lkv A 0x200000 0x100000
	lkv A 0x2ff000 0x1ff000
	lkv A 0x300000 unmapped
	lkv A 0x1ff000 unmapped
	x map sigma0 0x400000+64K A 0x10000
	out_is "pages 16"
	x -v map sigma0 0x500000+8K A 0x20000
	out_is "removed 0 installed yes pages 2
  + A:0x20000 -> 0x500000 from sigma0:0x500000
  + A:0x21000 -> 0x501000 from sigma0:0x501000"
	x -j map sigma0 0x700000/13 A 0x40000
	[ "$(jkey pages)" = 2 ]
	[ "$(jkey installed)" = true ]
	# a paper-style line prints nothing, as before
	x map sigma0 0x600000 A 0x30000
	out_is ""
	[ "$(pages_of A)" -eq $((256 + 16 + 2 + 2 + 1)) ]
}

partial_unmap_of_1m() {
	x create A
	x create B
	x map sigma0 0x100000/20 A 0x200000
	x map A 0x200000/20 B 0x200000
	out_is "pages 256"
	# 16 of B's pages derive from A's 64 KiB at 0x240000
	x -v unmap A 0x240000/16
	head_is "removed 16 status ---"
	lines_are 17
	out_has "  - B:0x240000 -> 0x140000"
	out_has "  - B:0x24f000 -> 0x14f000"
	lkv B 0x240000 unmapped
	lkv B 0x24f000 unmapped
	lkv B 0x23f000 0x13f000
	lkv B 0x250000 0x150000
	lkv A 0x240000 0x140000
	# flush: A's 64 pages and B's 64 derived from them
	x -v flush A 0x280000+256K
	head_is "removed 128 status ---"
	# at most 32 pages listed, then how many more
	lines_are 34
	out_has "  ... 96 more"
	lkv A 0x280000 unmapped
	lkv A 0x2bf000 unmapped
	lkv B 0x2a0000 unmapped
	lkv A 0x2c0000 0x1c0000
	lkv B 0x2c0000 0x1c0000
	[ "$(pages_of A)" -eq 192 ]
	[ "$(pages_of B)" -eq 176 ]
}

map_skips_unmapped_pages() {
	x create A
	x flush sigma0 0x103000
	x map sigma0 0x100000/16 A 0x0
	out_is "pages 15"
	lkv A 0x3000 unmapped
	lkv A 0x4000 0x104000
	# no page of the source mapped: ENXIO, nothing changes
	x flush sigma0 0x200000/16
	state "$TMPD/before"
	fails 1 "No such device or address" map sigma0 0x200000/16 A 0x100000
	fails 1 "No such device or address" grant sigma0 0x200000/16 A 0x100000
	state "$TMPD/after"
	same "$TMPD/before" "$TMPD/after"
}

fpage_errors() {
	x create A
	x map sigma0 0x100000/20 A 0x200000
	state "$TMPD/before"
	# refused by the CLI, naming the argument
	fails 1 'argument "0x101000/20" is wrong: FPAGE' \
		map sigma0 0x101000/20 A 0x0
	fails 1 'argument "0x8000/16" is wrong: DEST' \
		map sigma0 0x100000/16 A 0x8000/16
	fails 1 'argument "0x200000+3K" is wrong: FPAGE' unmap A 0x200000+3K
	fails 1 'argument "0x200000/33" is wrong: FPAGE' flush A 0x200000/33
	fails 1 'argument "keep" is wrong' grant sigma0 0x100000 A 0x0 keep
	# refused by the kernel: overlapping regions in one space
	fails 1 "Invalid argument" map A 0x200000/20 A 0x200000
	# the 8K part at 0x202000 of the 16K fpage onto itself
	fails 1 "Invalid argument" grant A 0x200000/14 A 0x202000/13 base 0x2000
	state "$TMPD/after"
	same "$TMPD/before" "$TMPD/after"
}

# The X.2 placement rule, with the examples of docs/extensions.md 7.
receive_windows() {
	x create A
	# s == r: page i to page i
	x map sigma0 0x100000/16 A 0x300000/16
	out_is "pages 16"
	lkv A 0x300000 0x100000
	lkv A 0x30f000 0x10f000
	# s < r: the fpage goes to (0x36000 mod 1M) rounded down to 16K
	x map sigma0 0x400000/14 A 0x400000/20 base 0x36000
	out_is "pages 4"
	lkv A 0x433000 unmapped
	lkv A 0x434000 0x400000
	lkv A 0x437000 0x403000
	lkv A 0x438000 unmapped
	# s > r: the 16K part at (0x29000 mod 1M) rounded down to 16K
	x map sigma0 0x500000/20 A 0x600000/14 base 0x29000
	out_is "pages 4"
	lkv A 0x600000 0x528000
	lkv A 0x603000 0x52b000
	lkv A 0x604000 unmapped
	# only the low bits of the send base count
	x map sigma0 0x700000/12 A 0x800000/16 base 0x12345000
	out_is "pages 1"
	lkv A 0x805000 0x700000
	# the same rule for grant: the source pages move
	x grant sigma0 0x900000/13 A 0xa00000/16 base 0x8000
	out_is "pages 2"
	lkv A 0xa08000 0x900000
	lkv A 0xa09000 0x901000
	lkv sigma0 0x900000 unmapped
}

# The size of the hardware entry behind a page (docs/extensions.md 8):
# sigma0 is built of the largest entries that fit, fpage maps promote,
# and a partial flush or rights change splits in place.
entry_size() {
	x -v lookup sigma0 0x3000000
	out_is "0x3000000 depth 0 real rights=rwx cached status=--- size=16M"
	x -j lookup sigma0 0x3000000
	[ "$(jkey entry_size)" = 16777216 ]
	# one page goes: supersection -> sections -> large pages -> pages
	x flush sigma0 0x3123000
	x -v lookup sigma0 0x3000000
	out_has " size=1M"
	x -v lookup sigma0 0x3100000
	out_has " size=64K"
	x -v lookup sigma0 0x3124000
	out_is "0x3124000 depth 0 real rights=rwx cached status=--- size=4K"
	lkv sigma0 0x3123000 unmapped
	x -v lookup sigma0 0x2000000
	out_has " size=16M"
	# an fpage map of aligned, contiguous frames is promoted ...
	x create A
	x map sigma0 0x100000/20 A 0x100000
	x -v lookup A 0x180000
	out_is "0x180000 depth 1 from sigma0:0x180000 rights=rwx cached status=--- size=1M"
	x -j lookup A 0x180000
	[ "$(jkey entry_size)" = 1048576 ]
	x map sigma0 0x400000/16 A 0x400000
	x -v lookup A 0x408000
	out_has " size=64K"
	x map sigma0 0x1000000/24 A 0x1000000
	x -v lookup A 0x1800000
	out_has " size=16M"
	# ... and a rights change of part of it splits it
	x unmap sigma0 0x1800000 rights w
	x -v lookup A 0x1800000
	out_is "0x1800000 depth 1 from sigma0:0x1800000 rights=r-x cached status=--- size=4K"
	x -v lookup A 0x1900000
	out_is "0x1900000 depth 1 from sigma0:0x1900000 rights=rwx cached status=--- size=1M"
}

# Every new command line works in a batch file too.
batch_lines() {
	_f=$TMPD/batch.txt
	cat >"$_f" <<-EOF
	create A
	map sigma0 0x200000/16 A 0x200000
	map sigma0 0x300000+64K A 0x400000/20 base 0x20000
	grant sigma0 0x500000 A 0x500000 keep-subtree rights r-x
	unmap A 0x200000/16 rights w
	flush A 0x20f000/12 rights rwx
	access A 0x201000 r
	status A 0x200000/16
	config grant-mode paper
	lookup A 0x500000
	create R kip 0x3000 utcb 0x100000/13
	map sigma0 0x600000 R 0x0 uncached rights rw
	lookup R 0x101000
	EOF
	x -b "$_f"
	out_line "r--"
	out_line "grant-mode paper"
	out_line "0x500000 rights=r-x"
	out_line "0xf0001000 utcb rights=rw-"
	lkv R 0x0 "0x600000 rights=rw- uncached"
	lkv R 0x3000 "0xfffff000 kip rights=r-x"
	lkv A 0x420000 0x300000
	lkv A 0x42f000 0x30f000
	lkv A 0x20f000 unmapped
	lkv A 0x20e000 0x20e000
	lkv sigma0 0x500000 unmapped
}

TESTS="map_counts_pages partial_unmap_of_1m map_skips_unmapped_pages
	fpage_errors receive_windows entry_size batch_lines"

ext_main "$TESTS" "$@"
