#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Rights and the cached attribute (docs/extensions.md 2, 4) through the
# l4mm CLI.  Every mapping's rights contain r; map and grant narrow the
# source's rights by a mask; unmap and flush revoke rights, removing only
# what loses r.  Each test runs in a netns of its own.  Prints TAP.
#
#   sigma0:0x600000 rwx --rw--> A:0x1000 rw- --r-x--> B:0x1000 r-- --> C

# shellcheck source-path=SCRIPTDIR source=l4mm_lib.sh disable=SC1091
. "$(dirname "$0")/l4mm_lib.sh"
# shellcheck source-path=SCRIPTDIR source=l4mm_ext_lib.sh disable=SC1091
. "$(dirname "$0")/l4mm_ext_lib.sh"

chain() {
	x create A
	x create B
	x create C
	x map sigma0 0x600000 A 0x1000 rights rw
	x map A 0x1000 B 0x1000 rights r-x
	x map B 0x1000 C 0x1000
}

# ---------------------------------------------------------------------------

narrowing_along_a_chain() {
	chain
	lkv sigma0 0x600000 0x600000
	lkv A 0x1000 "0x600000 rights=rw-"
	lkv B 0x1000 "0x600000 rights=r--"
	lkv C 0x1000 "0x600000 rights=r--"
	x -v lookup B 0x1000
	out_is "0x600000 depth 2 from A:0x1000 rights=r-- cached status=--- size=4K"
	x -j lookup C 0x1000
	[ "$(jkey rights)" = r-- ]
	[ "$(jkey uncached)" = false ]
	x dump B
	out_is "B 0x1000 -> 0x600000 from A:0x1000 rights=r--"
	x dump --abstract A
	out_line "A 0x00001000 Virtual sigma0 0x00600000 rights=rw-"
	x -j dump A
	[ "$(jkey rights)" = rw- ]
	# a mask can only narrow: rwx from an rw- source stays rw-
	x map A 0x1000 C 0x2000 rights rwx
	lkv C 0x2000 "0x600000 rights=rw-"
	# letters in any order
	x map sigma0 0x601000 A 0x2000 rights xr
	lkv A 0x2000 "0x601000 rights=r-x"
}

mask_without_r_refused() {
	x create A
	x map sigma0 0x600000 A 0x1000
	state "$TMPD/before"
	fails 1 "Invalid argument" map sigma0 0x601000 A 0x2000 rights wx
	fails 1 "Invalid argument" grant sigma0 0x601000 A 0x2000 rights -w-
	fails 1 "Invalid argument" unmap A 0x1000 rights ---
	fails 1 'argument "rwq" is wrong: RIGHTS' map sigma0 0x601000 A 0x2000 rights rwq
	state "$TMPD/after"
	same "$TMPD/before" "$TMPD/after"
}

revoking_rights() {
	x create A
	x create B
	x create C
	x map sigma0 0x600000 A 0x1000
	x map A 0x1000 B 0x1000
	x map B 0x1000 C 0x1000
	# unmap w: what derives from A:0x1000 keeps r-x, A itself rwx
	x -v unmap A 0x1000 rights w
	out_is "removed 0 status ---"
	lkv A 0x1000 0x600000
	lkv B 0x1000 "0x600000 rights=r-x"
	lkv C 0x1000 "0x600000 rights=r-x"
	# flush x: A loses it too
	x flush A 0x1000 rights x
	lkv A 0x1000 "0x600000 rights=rw-"
	lkv B 0x1000 "0x600000 rights=r--"
	# unmap r: B and C lose their last right and go; A stays
	x -v unmap A 0x1000 rights r
	head_is "removed 2 status ---"
	lines_are 3
	out_has "  - B:0x1000 -> 0x600000"
	out_has "  - C:0x1000 -> 0x600000"
	lkv A 0x1000 "0x600000 rights=rw-"
	lkv B 0x1000 unmapped
	lkv C 0x1000 unmapped
	# the default mask is the paper's unmap/flush
	x map A 0x1000 B 0x1000
	x -v flush A 0x1000
	out_is "removed 2 status ---
  - B:0x1000 -> 0x600000
  - A:0x1000 -> 0x600000"
	lkv A 0x1000 unmapped
}

uncached_attribute() {
	x create A
	x create B
	x map sigma0 0x600000 A 0x1000 uncached
	lkv A 0x1000 "0x600000 uncached"
	x -v lookup A 0x1000
	out_has " uncached status=--- size="
	x -j lookup A 0x1000
	[ "$(jkey uncached)" = true ]
	# inherited, and independent of the rights
	x map A 0x1000 B 0x1000 rights r
	lkv B 0x1000 "0x600000 rights=r-- uncached"
	x dump --abstract B
	out_line "B 0x00001000 Virtual A 0x00001000 rights=r-- uncached"
	# sigma0's pages are cached
	x -v lookup sigma0 0x601000
	out_has " cached status="
	x map sigma0 0x601000 B 0x2000
	lkv B 0x2000 0x601000
}

access_checks_rights() {
	chain
	x access A 0x1234 w
	fails 3 "permission fault" access B 0x1000 w
	out_has "write of B:0x1000"
	out_has "Permission denied"
	fails 3 "permission fault" access C 0x1ffc x
	x access B 0x1ffc r
	fails 2 "translation fault" access B 0x2000 r
	out_has "Bad address"
}

TESTS="narrowing_along_a_chain mask_without_r_refused revoking_rights
	uncached_attribute access_checks_rights"

ext_main "$TESTS" "$@"
