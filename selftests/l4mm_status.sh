#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Status bits and grant modes (docs/extensions.md 3, 6) through the l4mm
# CLI: access sets the referenced/written/executed bit of the mapping it
# goes through; unmap, flush and status return the OR of the bits over an
# fpage's pages and everything derived from them, and clear them; grant
# in paper mode flushes what derived from the granted page, in
# keep-subtree mode moves it along.  Each test runs in a netns of its own.
# Prints TAP.

# shellcheck source-path=SCRIPTDIR source=l4mm_lib.sh disable=SC1091
. "$(dirname "$0")/l4mm_lib.sh"
# shellcheck source-path=SCRIPTDIR source=l4mm_ext_lib.sh disable=SC1091
. "$(dirname "$0")/l4mm_ext_lib.sh"

# ---------------------------------------------------------------------------

access_sets_status() {
	x create A
	x map sigma0 0x700000 A 0x1000
	x access A 0x1000 r
	lkv A 0x1000 "0x700000 status=r--"
	x access A 0x1abc w
	lkv A 0x1000 "0x700000 status=rw-"
	x -j lookup A 0x1000
	[ "$(jkey status)" = rw- ]
	x dump --abstract A
	out_line "A 0x00001000 Virtual sigma0 0x00700000 status=rw-"
	# status reads and clears, revoking nothing
	x status A 0x1000
	out_is "rw-"
	lkv A 0x1000 0x700000
	x status A 0x1000
	out_is "---"
	x -j status A 0x1000
	out_is '{"status":"---"}'
	# an unmapped page: a fault, and no bit anywhere
	fails 2 "translation fault" access A 0x2000 r
}

unmap_returns_status() {
	x create A
	x create B
	x map sigma0 0x700000/14 A 0x0
	x map A 0x0/14 B 0x10000
	x access A 0x1000 r
	x access B 0x12000 w
	# unmap: the fpage's own pages and what derives from them
	x unmap A 0x0/14
	out_is "status rw-"
	lkv B 0x12000 unmapped
	lkv A 0x1000 0x701000
	# and cleared: nothing left to report, so nothing printed
	x unmap A 0x0/14
	out_is ""
	x -j unmap A 0x0/14
	[ "$(jkey status)" = --- ]
	# flush reports the bits of the pages it removes
	x access A 0x3000 x
	x -v flush A 0x2000/13
	head_is "removed 2 status --x"
	lines_are 3
	lkv A 0x3000 unmapped
	# status over an fpage reaches derived mappings too
	x map A 0x0/13 B 0x0
	x access B 0x1000 w
	x status A 0x0/13
	out_is "-w-"
	x status A 0x0/13
	out_is "---"
}

# paper: the granted page's derived mappings are flushed, the new
# mapping starts with clear bits.
grant_paper_mode() {
	x create A
	x create B
	x create C
	x map sigma0 0x701000 A 0x2000
	x map A 0x2000 B 0x2000
	x access A 0x2000 w
	x access B 0x2000 r
	x grant A 0x2000 C 0x2000 paper
	lkv C 0x2000 0x701000
	lkv A 0x2000 unmapped
	lkv B 0x2000 unmapped
	x status C 0x2000
	out_is "---"
}

# keep-subtree: the node moves with its bits and its derived mappings.
grant_keep_subtree() {
	x create A
	x create B
	x create C
	x map sigma0 0x702000 A 0x3000
	x map A 0x3000 B 0x3000
	x access A 0x3000 w
	x access B 0x3000 r
	x grant A 0x3000 C 0x3000 keep-subtree
	lkv A 0x3000 unmapped
	x -v lookup B 0x3000
	out_is "0x702000 depth 2 from C:0x3000 rights=rwx cached status=r-- size=4K"
	x status C 0x3000
	out_is "rw-"
	# a narrowing mask narrows the moved subtree too
	x grant C 0x3000 A 0x4000 keep-subtree rights r-x
	lkv A 0x4000 "0x702000 rights=r-x"
	lkv B 0x3000 "0x702000 rights=r-x"
	x -v lookup B 0x3000
	out_has "from A:0x4000"
}

# The per-netns default (l4mm config), and a grant without a mode.
grant_mode_default() {
	x config
	out_is "grant-mode paper"
	x -j config
	out_is '{"grant_mode":"paper"}'
	x config grant-mode keep-subtree
	out_is "grant-mode keep-subtree"
	x config
	out_is "grant-mode keep-subtree"
	x create A
	x create B
	x create C
	x map sigma0 0x703000 A 0x1000
	x map A 0x1000 B 0x1000
	x grant A 0x1000 C 0x1000
	x -v lookup B 0x1000
	out_has "from C:0x1000"
	# an explicit mode wins over the default
	x grant C 0x1000 A 0x1000 paper
	lkv B 0x1000 unmapped
	x config grant-mode paper
	x map A 0x1000 B 0x1000
	x grant A 0x1000 C 0x1000
	lkv B 0x1000 unmapped
	fails 1 'argument "fiasco" is wrong: MODE' config grant-mode fiasco
	x config
	out_is "grant-mode paper"
}

TESTS="access_sets_status unmap_returns_status grant_paper_mode
	grant_keep_subtree grant_mode_default"

ext_main "$TESTS" "$@"
