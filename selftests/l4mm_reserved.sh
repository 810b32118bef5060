#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# KIP and UTCB regions (docs/extensions.md 5) through the l4mm CLI:
# create NAME kip VADDR utcb FPAGE reserves kernel-backed pages that have
# translations (lookup, access, dump show them) but that map, grant,
# unmap, flush and status refuse with EPERM, as a source and as a
# destination.  Each test runs in a netns of its own.  Prints TAP.
#
#   R:0x3000             kip  -> frame 0xfffff (every space's one KIP)
#   R:0x100000..0x103fff utcb -> frames 0xf0000.. (lowest free, per page)

# shellcheck source-path=SCRIPTDIR source=l4mm_lib.sh disable=SC1091
. "$(dirname "$0")/l4mm_lib.sh"
# shellcheck source-path=SCRIPTDIR source=l4mm_ext_lib.sh disable=SC1091
. "$(dirname "$0")/l4mm_ext_lib.sh"

# refused ARGS: l4mm ARGS fails with EPERM, and its message names the
# region (the kernel's extack).
refused() {
	fails 1 "Operation not permitted" "$@"
	grep -qiE 'kip|utcb|reserved' "$TMPD/out" && return 0
	pretty "the message names no region"
	return 1
}

# ---------------------------------------------------------------------------

create_and_show() {
	x create R kip 0x3000 utcb 0x100000/14
	x create P
	x list
	# the KIP and UTCB columns appear once a space has them
	out_line "$(printf '%-4s %-15s %7s %8s %-10s %s' ID NAME PAGES TABLES KIP UTCB)"
	[ "$(awk '$2 == "R" { print $5, $6 }' "$TMPD/out")" = "0x3000 0x100000/14" ]
	[ "$(awk '$2 == "P" { print $5, $6 }' "$TMPD/out")" = "- -" ]
	x -j list
	out_has '"name":"R",'
	out_has '"kip":12288,"utcb":1048576,"utcb_order":14}'
	lkv R 0x3000 "0xfffff000 kip rights=r-x"
	lkv R 0x100000 "0xf0000000 utcb rights=rw-"
	lkv R 0x103000 "0xf0003000 utcb rights=rw-"
	lkv R 0x104000 unmapped
	x -j lookup R 0x3000
	[ "$(jkey reserved)" = kip ]
	[ "$(jkey src_space)" = null ]
	x dump R
	out_line "R 0x3000 -> 0xfffff000 kip rights=r-x"
	out_line "R 0x101000 -> 0xf0001000 utcb rights=rw-"
	x dump --abstract R
	out_line "R 0x00003000 Kip 0xfffff000 rights=r-x"
	out_line "R 0x00100000 Utcb 0xf0000000 rights=rw-"
	out_line "R 0x00103000 Utcb 0xf0003000 rights=rw-"
	# the rest of the space is an ordinary one
	x map sigma0 0x900000 R 0x5000
	lkv R 0x5000 0x900000
}

refused_as_source_and_destination() {
	x create R kip 0x3000 utcb 0x100000/14
	x create A
	x map sigma0 0x900000 R 0x5000
	state "$TMPD/before"
	refused map R 0x3000 A 0x1000
	refused grant R 0x3000 A 0x1000
	refused map R 0x100000/14 A 0x0
	refused grant R 0x102000 A 0x0
	refused map sigma0 0x900000 R 0x3000
	refused grant sigma0 0x900000 R 0x101000
	# an fpage that only overlaps the region
	refused map sigma0 0x900000/16 R 0x100000
	refused map R 0x0/16 A 0x0
	refused unmap R 0x3000
	refused flush R 0x100000/14
	refused flush R 0x0/20
	refused status R 0x102000
	state "$TMPD/after"
	same "$TMPD/before" "$TMPD/after"
	lkv sigma0 0x900000 0x900000
}

access_reserved() {
	x create R kip 0x3000 utcb 0x100000/14
	x access R 0x3abc r
	x access R 0x3000 x
	fails 3 "permission fault" access R 0x3000 w
	x access R 0x100ffc w
	fails 3 "permission fault" access R 0x101000 x
	fails 2 "translation fault" access R 0x4000 r
	# reserved pages record no status
	lkv R 0x3000 "0xfffff000 kip rights=r-x"
	lkv R 0x100000 "0xf0000000 utcb rights=rw-"
}

create_errors_and_frames() {
	x create R utcb 0x0/14
	# the KIP inside the UTCB area
	fails 1 "Invalid argument" create K kip 0x102000 utcb 0x100000/14
	fails 1 'argument "0x1000+16K" is wrong: UTCB' \
		create K utcb 0x1000+16K
	fails 1 '"KIP" is required' create K kip
	x list
	! grep -q ' K ' "$TMPD/out" || false
	# UTCB frames: the lowest free ones, freed by destroy
	x create S utcb 0x0/13
	lkv S 0x1000 "0xf0005000 utcb rights=rw-"
	x destroy R
	x create T kip 0x0 utcb 0x1000
	lkv T 0x1000 "0xf0000000 utcb rights=rw-"
	lkv T 0x0 "0xfffff000 kip rights=r-x"
}

TESTS="create_and_show refused_as_source_and_destination access_reserved
	create_errors_and_frames"

ext_main "$TESTS" "$@"
