#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# A guided tour of section 3 of Tuch & Klein, "Verifying the L4 Virtual
# Memory Subsystem": Figures 2-5 replayed on the l4mm module, with the
# state (`l4mm dump`) before and after every operation and the lookups the
# MMU would do.  Run by `make demo` in the guest.

L4MM=${L4MM:-l4mm}
SPACES="n1 n2 n3 n4"

set -e

say() { printf '%s\n' "$*"; }
heading() {
	say ""
	say "=================================================================="
	say "$*"
	say "=================================================================="
}
run() { say "\$ l4mm $*"; "$L4MM" "$@"; }
# Show only the spaces of the demo, not sigma0's 65536 pages.
show() {
	say "--- state (l4mm dump of n1..n4) ---"
	for _s in $SPACES; do
		if "$L4MM" list 2>/dev/null | grep -qw "$_s"; then
			say "[$_s]"
			_d=$("$L4MM" dump "$_s")
			if [ -n "$_d" ]; then
				printf '%s\n' "$_d" | sed 's/^/    /'
			else
				say "    (no page mapped)"
			fi
		fi
	done
	say "-----------------------------------"
}
lookup() {
	_r=$("$L4MM" lookup "$1" "$2" 2>&1) || true
	say "lookup $1 $2  =>  $_r"
}
reset() {
	for _s in $SPACES; do
		"$L4MM" destroy "$_s" >/dev/null 2>&1 || true
	done
	for _s in $SPACES; do
		"$L4MM" create "$_s"
	done
}
trap 'for _s in $SPACES; do "$L4MM" destroy "$_s" >/dev/null 2>&1 || true; done' EXIT

heading "The model"
say "A state maps space names to address spaces; an address space maps each"
say "4 KiB virtual page either to nothing, to another space's page"
say "(Virtual n v), or to a physical frame (Real r).  At boot, sigma0 maps"
say "virtual page i to frame i: sigma0's page 0x10000 is physical 0x10000."
say "Lookup follows the arrows down to the Real frame (the MMU's job)."
run stats

heading "Figure 2: hierarchical address spaces"
say "Pages of several spaces all lead to one physical frame: n1 gets its"
say "page from sigma0, n2 from n1, n4 from n2.  n3 has a different frame."
reset
run map sigma0 0x10000 n1 0x1000
run map n1 0x1000 n2 0x2000
run map n2 0x2000 n4 0x4000
run map sigma0 0x11000 n3 0x3000
show
lookup n1 0x1000
lookup n2 0x2000
lookup n4 0x4000
lookup n3 0x3000
say "All three chains end in frame 0x10000; n3's ends in 0x11000."

heading "Figure 3: unmap n1 0x1000"
say "unmap removes every mapping derived from n1's page (n2's, and n4's"
say "through it).  n1 keeps its own page.  flush would remove it too."
show
run unmap n1 0x1000
show
lookup n1 0x1000
lookup n2 0x2000
lookup n4 0x4000
lookup n3 0x3000

heading "Figure 4: map n1 0x1000 n2 0x2000"
say "n2's page 0x2000 already maps sigma0 0x21000 and n3 depends on it."
say "map first flushes the destination (n2 0x2000 and n3 0x3000 go), then"
say "installs Virtual n1 0x1000 there - if n1 0x1000 is still mapped."
reset
run map sigma0 0x20000 n1 0x1000
run map sigma0 0x21000 n2 0x2000
run map n2 0x2000 n3 0x3000
show
lookup n2 0x2000
run map n1 0x1000 n2 0x2000
show
lookup n2 0x2000
lookup n3 0x3000

heading "Figure 5: grant n1 0x1000 n2 0x2000"
say "grant gives n1's entry itself to n2 (n2 now maps sigma0 directly) and"
say "flushes n1 0x1000: n1 loses the page, and n3 that depended on it too."
reset
run map sigma0 0x30000 n1 0x1000
run map n1 0x1000 n3 0x3000
show
run grant n1 0x1000 n2 0x2000
show
lookup n2 0x2000
lookup n1 0x1000
lookup n3 0x3000

heading "The counterexample: map n1 v n2 v', then grant n2 v' n1 v"
say "In Liedtke's original model this builds a loop: n1 v -> n2 v' -> n1 v."
say "With the checked update, granting into n1 v first flushes n1 v, which"
say "takes n2 v' with it; the entry to install (Virtual n1 v) is then no"
say "longer valid, so nothing is installed.  No loop (Theorem 1), and every"
say "mapped page still translates to a frame (Theorems 2 and 3)."
reset
run map sigma0 0x40000 n1 0x1000
run map n1 0x1000 n2 0x2000
show
run grant n2 0x2000 n1 0x1000
show
lookup n1 0x1000
lookup n2 0x2000

say ""
say "Done."
