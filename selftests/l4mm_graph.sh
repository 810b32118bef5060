#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# `l4mm graph` and `l4mm monitor` against the module.  Prints TAP.
#
#  graph: the derivation trees as DOT; every edge is read back:
#     "CHILD" -> "PARENT"          a mapping and its source (Virtual n v)
#     "ROOT" -> "frame:PADDR"      a Real root and its physical page
#
#  monitor, one listener per network namespace:
#
#     netns A: l4mm monitor  <-- events of A's changes, in order
#     netns B: l4mm monitor  <-- B's only; none of A's, none of init's
#     init:    changes that nobody in A or B may see
#
# Every test runs in a subshell with `set -e` and in a network namespace
# of its own (unshare -n), so that other tests' spaces never show up.

HERE=$(cd "$(dirname "$0")" && pwd)

# shellcheck source-path=SCRIPTDIR source=l4mm_lib.sh disable=SC1091
. "$(dirname "$0")/l4mm_lib.sh"
# ext_main (one netns per test), L4MM and TMPD.
# shellcheck source-path=SCRIPTDIR source=l4mm_ext_lib.sh disable=SC1091
. "$(dirname "$0")/l4mm_ext_lib.sh"
# shellcheck source-path=SCRIPTDIR source=l4mm_figures.sh disable=SC1091
L4MM_FIGURES_LIB=1 . "$(dirname "$0")/l4mm_figures.sh"

# edges FILE: the edges of a DOT file, one "FROM -> TO" line each, in
# the file's order.
edges() {
	sed -n 's/^\t"\([^"]*\)" -> "\([^"]*\)".*/\1 -> \2/p' "$1"
}

# want_edges FILE EDGE...: the edges of FILE are exactly these, in order.
want_edges() {
	_f=$1
	shift
	printf '%s\n' "$@" >"$TMPD/want"
	edges "$_f" >"$TMPD/got"
	if ! cmp -s "$TMPD/want" "$TMPD/got"; then
		pretty "edges of $_f differ (want, then got):"
		sed 's/^/#   /' "$TMPD/want" >&2
		sed 's/^/#   /' "$TMPD/got" >&2
		return 1
	fi
}

# The paper's figures, as `make figures` draws them: each edge checked.
figures_edges() {
	fig_all >"$TMPD/figs" 2>"$TMPD/figs.err"
	awk -v d="$TMPD" '/^### / { f = d "/" $2; next } f { print > f }' \
		"$TMPD/figs"
	want_edges "$TMPD/fig2.dot" \
		"sigma0:0x10000 -> frame:0x10000" \
		"n1:0x1000 -> sigma0:0x10000" \
		"n2:0x2000 -> n1:0x1000" \
		"n4:0x4000 -> n2:0x2000" \
		"sigma0:0x11000 -> frame:0x11000" \
		"n3:0x3000 -> sigma0:0x11000"
	want_edges "$TMPD/fig3.dot" \
		"sigma0:0x10000 -> frame:0x10000" \
		"n1:0x1000 -> sigma0:0x10000" \
		"sigma0:0x11000 -> frame:0x11000" \
		"n3:0x3000 -> sigma0:0x11000"
	want_edges "$TMPD/fig4-before.dot" \
		"sigma0:0x20000 -> frame:0x20000" \
		"n1:0x1000 -> sigma0:0x20000" \
		"sigma0:0x21000 -> frame:0x21000" \
		"n2:0x2000 -> sigma0:0x21000" \
		"n3:0x3000 -> n2:0x2000"
	want_edges "$TMPD/fig4-after.dot" \
		"sigma0:0x20000 -> frame:0x20000" \
		"n1:0x1000 -> sigma0:0x20000" \
		"n2:0x2000 -> n1:0x1000" \
		"sigma0:0x21000 -> frame:0x21000"
	want_edges "$TMPD/fig5-before.dot" \
		"sigma0:0x30000 -> frame:0x30000" \
		"n1:0x1000 -> sigma0:0x30000" \
		"n3:0x3000 -> n1:0x1000"
	want_edges "$TMPD/fig5-after.dot" \
		"sigma0:0x30000 -> frame:0x30000" \
		"n2:0x2000 -> sigma0:0x30000"
	want_edges "$TMPD/counter-before.dot" \
		"sigma0:0x40000 -> frame:0x40000" \
		"n1:0x1000 -> sigma0:0x40000" \
		"n2:0x2000 -> n1:0x1000"
	want_edges "$TMPD/counter-after.dot" \
		"sigma0:0x40000 -> frame:0x40000"
	# Every picture is a whole digraph, one cluster per space in it.
	for _f in "$TMPD"/*.dot; do
		head -n 1 "$_f" | grep -qx 'digraph l4mm {'
		tail -n 1 "$_f" | grep -qx '}'
	done
	grep -q 'subgraph "cluster_n4"' "$TMPD/fig2.dot"
	grep -q 'subgraph cluster_physical' "$TMPD/fig2.dot"
}

# Siblings keep the MDB's order (a map makes the first child), and the
# default leaves out sigma0's pages nobody derived from.
sibling_order() {
	for _s in A B C D; do "$L4MM" create $_s; done
	"$L4MM" map sigma0 0x5000 A 0x1000
	"$L4MM" map A 0x1000 B 0x2000
	"$L4MM" map A 0x1000 C 0x3000
	"$L4MM" map A 0x1000 D 0x4000
	"$L4MM" graph >"$TMPD/g.dot"
	want_edges "$TMPD/g.dot" \
		"sigma0:0x5000 -> frame:0x5000" \
		"A:0x1000 -> sigma0:0x5000" \
		"D:0x4000 -> A:0x1000" \
		"C:0x3000 -> A:0x1000" \
		"B:0x2000 -> A:0x1000"
	[ "$(grep -c '^[[:space:]]*"sigma0:[^"]*" \[' "$TMPD/g.dot")" -eq 1 ]
	# --all: every page of sigma0 (65536 by default, or what it has).
	_n=$("$L4MM" -j graph --all --limit 1048576 | tr '{' '\n' |
	     grep -c '"space":"sigma0"')
	[ "$_n" -eq $(($(stat mappings) - 4)) ]
	# Spaces: C and D with their source A as a context node (dashed).
	"$L4MM" graph D C >"$TMPD/g.dot"
	want_edges "$TMPD/g.dot" "D:0x4000 -> A:0x1000" "C:0x3000 -> A:0x1000"
	grep -q '"A:0x1000" .*dashed' "$TMPD/g.dot"
	# JSON: the same nodes and edges.
	"$L4MM" -j graph >"$TMPD/g.json"
	"$HERE/l4mm_jsoncheck" <"$TMPD/g.json"
	grep -q '"edges":\[{"from":"A:0x1000","to":"sigma0:0x5000"},{"from":"D:0x4000","to":"A:0x1000"},{"from":"C:0x3000","to":"A:0x1000"},{"from":"B:0x2000","to":"A:0x1000"}\]' "$TMPD/g.json"
}

# graph NAME VADDR after a grant, in both modes.
subtree_after_grant() {
	for _s in b1 b2 b3; do "$L4MM" create $_s; done
	"$L4MM" map sigma0 0x50000 b1 0x1000
	"$L4MM" map b1 0x1000 b2 0x2000
	"$L4MM" map b2 0x2000 b3 0x3000
	"$L4MM" graph b2 0x2000 >"$TMPD/g.dot"
	want_edges "$TMPD/g.dot" "b2:0x2000 -> b1:0x1000" \
		"b3:0x3000 -> b2:0x2000"
	# keep-subtree: b3:0x8000 takes b1's place, the subtree moves along
	"$L4MM" grant b1 0x1000 b3 0x8000 keep-subtree
	"$L4MM" graph b3 0x8000 >"$TMPD/g.dot"
	want_edges "$TMPD/g.dot" "b3:0x8000 -> sigma0:0x50000" \
		"b2:0x2000 -> b3:0x8000" "b3:0x3000 -> b2:0x2000"
	# paper: the granted page's subtree is flushed
	"$L4MM" grant b3 0x8000 b1 0x9000 paper
	"$L4MM" graph b1 0x9000 >"$TMPD/g.dot"
	want_edges "$TMPD/g.dot" "b1:0x9000 -> sigma0:0x50000"
	! "$L4MM" graph b3 0x3000 2>"$TMPD/err" || false
	grep -q 'VADDR "0x3000": not mapped in b3' "$TMPD/err"
}

# A picture that would be too large is refused, with a message.
node_limit() {
	"$L4MM" create L
	"$L4MM" map sigma0 0x100000/20 L 0x100000 >/dev/null
	! "$L4MM" graph --limit 100 >"$TMPD/out" 2>"$TMPD/err" || false
	grep -q 'more than 100 mappings selected' "$TMPD/err"
	[ ! -s "$TMPD/out" ]
	"$L4MM" graph --limit 512 >"$TMPD/g.dot"
	[ "$(edges "$TMPD/g.dot" | wc -l)" -eq 512 ]
	! "$L4MM" graph --limit 0 2>"$TMPD/err" || false
	grep -q 'N: must be 1..1048576' "$TMPD/err"
	! "$L4MM" graph nosuch 2>"$TMPD/err" || false
	grep -q 'space not found' "$TMPD/err"
	# --frames picks trees by their physical page
	"$L4MM" graph --frames 0x180000+8K >"$TMPD/g.dot"
	want_edges "$TMPD/g.dot" \
		"sigma0:0x180000 -> frame:0x180000" \
		"L:0x180000 -> sigma0:0x180000" \
		"sigma0:0x181000 -> frame:0x181000" \
		"L:0x181000 -> sigma0:0x181000"
}

# dump leaves sigma0's untouched pages out unless --all; ranges.
dump_filters() {
	# A fresh netns: every page of sigma0 is as it began.
	"$L4MM" dump >"$TMPD/d"
	[ ! -s "$TMPD/d" ]
	[ "$("$L4MM" dump --all | wc -l)" -eq "$(stat mappings)" ]
	"$L4MM" create A
	"$L4MM" map sigma0 0x5000 A 0x1000
	"$L4MM" access sigma0 0x7000 r >/dev/null
	"$L4MM" map sigma0 0x8000 A 0x8000 rights r
	"$L4MM" dump >"$TMPD/d"
	printf '%s\n' "sigma0 0x5000 -> 0x5000 real" \
		"sigma0 0x7000 -> 0x7000 real status=r--" \
		"sigma0 0x8000 -> 0x8000 real" \
		"A 0x1000 -> 0x5000 from sigma0:0x5000" \
		"A 0x8000 -> 0x8000 from sigma0:0x8000 rights=r--" >"$TMPD/want"
	cmp "$TMPD/want" "$TMPD/d"
	# The abstract state is all of it.
	[ "$("$L4MM" dump --abstract | wc -l)" -eq $(($(stat mappings) + 2)) ]
	# A range: any whole pages, or an fpage.
	"$L4MM" dump sigma0 0x4000+12K >"$TMPD/d"
	printf '%s\n' "sigma0 0x4000 -> 0x4000 real" \
		"sigma0 0x5000 -> 0x5000 real" \
		"sigma0 0x6000 -> 0x6000 real" >"$TMPD/want"
	cmp "$TMPD/want" "$TMPD/d"
	[ "$("$L4MM" dump sigma0 0x0/16 | wc -l)" -eq 16 ]
	[ "$("$L4MM" dump A 0x0+4K | wc -l)" -eq 0 ]
	[ "$("$L4MM" dump A 0x1000 | wc -l)" -eq 1 ]
	! "$L4MM" dump A 0x1000+5 2>"$TMPD/err" || false
	grep -q 'RANGE: SIZE: whole pages' "$TMPD/err"
}

# start_monitor FILE [ARGS]: l4mm monitor in the background into FILE;
# MON is its pid.  It has joined once a first event reaches it.
start_monitor() {
	_out=$1
	shift
	"$L4MM" monitor "$@" >"$_out" 2>&1 &
	MON=$!
	sleep 0.3
}

# The events of a scripted sequence, exactly and in order; nothing of
# another netns.
monitor_sequence() {
	start_monitor "$TMPD/mon"
	# Another netns changes at the same time: none of it may show.
	unshare -n sh -c "$L4MM create other; $L4MM map sigma0 0x7000 other 0x7000" \
		>/dev/null
	"$L4MM" create m1
	"$L4MM" create m2
	"$L4MM" map sigma0 0x60000 m1 0x1000
	"$L4MM" map m1 0x1000 m2 0x2000
	"$L4MM" access m2 0x2000 w >/dev/null
	"$L4MM" unmap m1 0x1000 >/dev/null
	printf 'grant m1 0x1000 m2 0x3000\nflush m2 0x3000\n' | "$L4MM" -b -
	"$L4MM" config grant-mode keep-subtree >/dev/null
	"$L4MM" destroy m2
	sleep 0.5
	kill "$MON"
	cat >"$TMPD/want" <<-'EOT'
	create m1
	create m2
	map sigma0 0x60000 m1 0x1000: removed 0 pages 1
	  + m1:0x1000 -> 0x60000 from sigma0:0x60000
	map m1 0x1000 m2 0x2000: removed 0 pages 1
	  + m2:0x2000 -> 0x60000 from m1:0x1000
	access m2 0x2000 -w-: -> 0x60000 status -w-
	unmap m1 0x1000: removed 1 status -w-
	  - m2:0x2000 -> 0x60000
	grant m1 0x1000 m2 0x3000: removed 1 pages 1
	  + m2:0x3000 -> 0x60000 from sigma0:0x60000
	  - m1:0x1000 -> 0x60000
	flush m2 0x3000: removed 1 status ---
	  - m2:0x3000 -> 0x60000
	config grant-mode keep-subtree
	destroy m2: removed 0
	EOT
	if ! cmp -s "$TMPD/want" "$TMPD/mon"; then
		pretty "monitor output differs (want, then got):"
		sed 's/^/#   /' "$TMPD/want" >&2
		sed 's/^/#   /' "$TMPD/mon" >&2
		return 1
	fi
}

# -j: one JSON object per event and line, with the time on request.
monitor_json() {
	start_monitor "$TMPD/mon" -j --time
	"$L4MM" create j1
	"$L4MM" map sigma0 0x61000 j1 0x1000
	sleep 0.5
	kill "$MON"
	[ "$(wc -l <"$TMPD/mon")" -eq 2 ]
	while read -r _l; do
		printf '%s\n' "$_l" | "$HERE/l4mm_jsoncheck"
	done <"$TMPD/mon"
	grep -q '^{"time":"[0-9T:.-]*","event":"map","src":"sigma0","src_vaddr":397312,"name":"j1","vaddr":4096,"removed":0,"pages":1,"effects":\[{"op":"+","space":"j1","vaddr":4096,"paddr":397312,"src_space":"sigma0","src_vaddr":397312}\]}$' "$TMPD/mon"
}

# An unprivileged user in a user and network namespace of its own
# listens to the changes it makes there.
monitor_unprivileged() {
	unshare -r -n sh -c "
		$L4MM monitor >$TMPD/mon 2>&1 &
		sleep 0.3
		$L4MM create u1 && $L4MM map sigma0 0x1000 u1 0x1000
		sleep 0.5
		kill \$!" >/dev/null
	grep -qx 'create u1' "$TMPD/mon"
	grep -qx '  + u1:0x1000 -> 0x1000 from sigma0:0x1000' "$TMPD/mon"
	[ "$(wc -l <"$TMPD/mon")" -eq 3 ]
}

# A listener that does not keep up loses events and is told so.
monitor_overrun() {
	"$L4MM" create o1
	start_monitor "$TMPD/mon"
	kill -STOP "$MON"
	_i=0
	while [ $_i -lt 3000 ]; do
		echo "map sigma0 0x62000 o1 0x2000"
		_i=$((_i + 1))
	done >"$TMPD/batch"
	"$L4MM" -b "$TMPD/batch"
	kill -CONT "$MON"
	sleep 1
	"$L4MM" map sigma0 0x63000 o1 0x3000
	sleep 0.5
	kill "$MON"
	grep -qx 'monitor: events lost (receive buffer overrun)' "$TMPD/mon"
	# fewer than all, and the events after the overrun still arrive
	[ "$(grep -c '^map sigma0 0x62000' "$TMPD/mon")" -lt 3000 ]
	tail -n 2 "$TMPD/mon" | grep -qx 'map sigma0 0x63000 o1 0x3000: removed 0 pages 1'
}

TESTS="figures_edges sibling_order subtree_after_grant node_limit
	dump_filters monitor_sequence monitor_json monitor_unprivileged monitor_overrun"

ext_main "$TESTS" "$@"
