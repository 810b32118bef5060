#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# A tour of what l4mm has beyond the paper (docs/extensions.md):
# flexpages, rights, the cached attribute, status bits, KIP and UTCB
# regions, grant modes, receive windows and superpages.  Every command is
# printed as "# l4mm ..." followed by its output, as in README.md, whose
# examples come from this script:
#
#	make run SCRIPT=examples/extensions.sh
#
# Runs in a network namespace of its own (a fresh sigma0), so it can run
# on a loaded module without touching the caller's spaces.

L4MM=${L4MM:-l4mm}

if [ "${1-}" != --in-netns ] && command -v unshare >/dev/null 2>&1; then
	exec unshare -n "$0" --in-netns
fi

say() { printf '%s\n' "$*"; }
heading() { say ""; say "## $*"; }
# One command: the prompt line, its output, a note when it fails.
run() {
	say "# l4mm $*"
	"$L4MM" "$@" 2>&1
	_rc=$?
	[ $_rc -eq 0 ] || say "(exit status $_rc)"
}

heading "Flexpages"
run create F
run create G
run map sigma0 0x100000/20 F 0x200000
run map F 0x200000+1M G 0x200000
run -v unmap F 0x240000/16
run lookup G 0x240000
run lookup G 0x250000
run map sigma0 0x101000/20 F 0x0
run list

heading "Rights and the cached attribute"
run create A
run create B
run map sigma0 0x5000 A 0x1000 rights rw
run map A 0x1000 B 0x1000 rights r-x
run lookup B 0x1000
run -v lookup B 0x1000
run map sigma0 0x6000 A 0x2000 uncached
run map A 0x2000 B 0x2000
run unmap A 0x2000 rights w
run lookup B 0x2000
run dump B
run map sigma0 0x7000 A 0x3000 rights wx

heading "Status bits"
run access B 0x1234 r
run access B 0x1000 w
run access B 0x9000 r
run access A 0x1000 w
run lookup A 0x1000
run status A 0x1000
run status A 0x1000
run access A 0x2000 r
run unmap A 0x2000

heading "KIP and UTCB"
run create R kip 0x3000 utcb 0x100000/14
run list
run lookup R 0x3000
run lookup R 0x101000
run access R 0x3000 w
run map sigma0 0x8000 R 0x3000
run unmap R 0x100000/14
run dump R

heading "Grant modes"
run create C
run config
run map sigma0 0x9000 A 0x9000
run map A 0x9000 B 0x9000
run grant A 0x9000 C 0x9000 keep-subtree
run -v lookup B 0x9000
run grant C 0x9000 A 0x9000 paper
run lookup B 0x9000
run config grant-mode keep-subtree
run -j config

heading "Receive windows"
run create D
run map sigma0 0x400000/14 D 0x400000/20 base 0x36000
run map sigma0 0x500000/20 D 0x600000/14 base 0x29000
run dump D

heading "Superpages"
run -v lookup sigma0 0x3000000
run flush sigma0 0x3123000
run -v lookup sigma0 0x3000000
run -v lookup sigma0 0x3100000
run -v lookup sigma0 0x3120000
run -v lookup sigma0 0x3124000
run -j lookup sigma0 0x4000000

heading "The abstract export"
run dump --abstract B
run dump --abstract R
