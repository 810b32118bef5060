#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The figures of section 3 of Tuch & Klein, "Verifying the L4 Virtual
# Memory Subsystem", and the map-then-grant-back counterexample, replayed
# on the module and drawn by `l4mm graph`.  Run directly, it prints every
# picture as a DOT file after a line "### NAME.dot": `make figures` runs
# it in the guest and renders them into docs/figures/; l4mm_graph.sh
# sources it (L4MM_FIGURES_LIB=1) and checks every edge.
#
# Each picture shows the trees of the frames its scenario uses
# (--frames, --all: sigma0's pages stay in the picture when nothing is
# derived from them any more), one box per address space, the physical
# pages at the bottom, an arrow from each mapping to its source.

L4MM=${L4MM:-l4mm}
FIG_SPACES="n1 n2 n3 n4"

fig_reset() {
	for _s in $FIG_SPACES; do
		"$L4MM" destroy "$_s" >/dev/null 2>&1 || true
	done
	for _s in $FIG_SPACES; do
		"$L4MM" create "$_s" || return 1
	done
}

# fig_draw NAME TITLE FRAMES: the picture of the trees of FRAMES.
fig_draw() {
	echo "### $1.dot"
	"$L4MM" graph --all --frames "$3" >"${TMPDIR:-/tmp}/fig.$$" || return 1
	awk -v t="$2" 'NR == 2 { gsub(/; /, "\\n", t); print; print "\tlabel=\"" t "\";"; next } 1' \
		"${TMPDIR:-/tmp}/fig.$$"
	rm -f "${TMPDIR:-/tmp}/fig.$$"
}

# Every picture, in order; stops at the first failing command.
fig_all() {
	# Fig. 2: pages of n1, n2 and n4 lead to one frame; n3 to another.
	fig_reset &&
	"$L4MM" map sigma0 0x10000 n1 0x1000 &&
	"$L4MM" map n1 0x1000 n2 0x2000 &&
	"$L4MM" map n2 0x2000 n4 0x4000 &&
	"$L4MM" map sigma0 0x11000 n3 0x3000 &&
	fig_draw fig2 "Fig. 2: map sigma0 0x10000 n1 0x1000; map n1 0x1000 n2 0x2000; map n2 0x2000 n4 0x4000; map sigma0 0x11000 n3 0x3000" 0x10000+8K &&
	# Fig. 3: unmap n1 0x1000 removes what derives from it; n1 keeps it.
	"$L4MM" unmap n1 0x1000 >/dev/null &&
	fig_draw fig3 "Fig. 3: after unmap n1 0x1000 (before: Fig. 2)" 0x10000+8K &&
	# Fig. 4: map n1 0x1000 n2 0x2000 flushes n2 0x2000 (and n3) first.
	fig_reset &&
	"$L4MM" map sigma0 0x20000 n1 0x1000 &&
	"$L4MM" map sigma0 0x21000 n2 0x2000 &&
	"$L4MM" map n2 0x2000 n3 0x3000 &&
	fig_draw fig4-before "Fig. 4, before: map sigma0 0x20000 n1 0x1000; map sigma0 0x21000 n2 0x2000; map n2 0x2000 n3 0x3000" 0x20000+8K &&
	"$L4MM" map n1 0x1000 n2 0x2000 &&
	fig_draw fig4-after "Fig. 4, after: map n1 0x1000 n2 0x2000" 0x20000+8K &&
	# Fig. 5: grant n1 0x1000 n2 0x2000 gives n2 n1's entry, flushes n1.
	fig_reset &&
	"$L4MM" map sigma0 0x30000 n1 0x1000 &&
	"$L4MM" map n1 0x1000 n3 0x3000 &&
	fig_draw fig5-before "Fig. 5, before: map sigma0 0x30000 n1 0x1000; map n1 0x1000 n3 0x3000" 0x30000 &&
	"$L4MM" grant n1 0x1000 n2 0x2000 &&
	fig_draw fig5-after "Fig. 5, after: grant n1 0x1000 n2 0x2000" 0x30000 &&
	# The counterexample: granting back flushes the source; no loop.
	fig_reset &&
	"$L4MM" map sigma0 0x40000 n1 0x1000 &&
	"$L4MM" map n1 0x1000 n2 0x2000 &&
	fig_draw counter-before "Counterexample, before: map sigma0 0x40000 n1 0x1000; map n1 0x1000 n2 0x2000" 0x40000 &&
	"$L4MM" grant n2 0x2000 n1 0x1000 2>/dev/null &&
	fig_draw counter-after "Counterexample, after: grant n2 0x2000 n1 0x1000 (nothing installed, no loop)" 0x40000 &&
	for _s in $FIG_SPACES; do "$L4MM" destroy "$_s" >/dev/null; done
}

[ -n "${L4MM_FIGURES_LIB-}" ] || fig_all
