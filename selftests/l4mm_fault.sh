#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Allocation failure, nothing lost: for every mutating operation, fail each
# of its allocation sites in turn (debugfs l4mm/fail_nth: the Nth
# allocation of the core from now fails) and check that the operation
# fails with ENOMEM and an extack message, that `l4mm dump` (all spaces),
# `l4mm list` and `l4mm stats` are byte-identical before and after, and
# that the checker (check_after_op=1, a failure WARNs) stays quiet.  The
# first N that lets the operation succeed ends its loop: that run must not
# have consumed the injected failure, and must give the state a run
# without injection gives.  Operations that allocate nothing (unmap,
# flush, destroy; an fpage's rights revocation, a flush that splits a
# superpage, status, access) must succeed with the injection still
# pending.  The extensions' operations (fpage map, receive window,
# keep-subtree grant, create with KIP and UTCB, batched window grant) are
# in the list too.
#
# Reloads the module with sigma0_pages=256 (small dumps) and restores the
# default load at the end.  Prints the number of (operation, site) pairs.

L4MM=${L4MM:-l4mm}
KO=${L4MM_KO:-/lib/modules/l4mm.ko}
DBG=/sys/kernel/debug/l4mm
FN=$DBG/fail_nth
CHECK=/sys/module/l4mm/parameters/check_after_op
TMPD=$(mktemp -d)
pairs=0

# shellcheck source-path=SCRIPTDIR source=l4mm_lib.sh disable=SC1091
. "$(dirname "$0")/l4mm_lib.sh"

# fail_loop NAME SETUP OP: SETUP and OP are shell snippets.  SETUP builds
# the state OP runs on from a freshly loaded module (sigma0 only).
fail_loop() {
	local name=$1 setup=$2 op=$3 n rc left sites=0 bad=0 why=
	reset_state
	eval "$setup" >/dev/null 2>&1 || { ok 1 "$name: setup"; return; }
	# The reference: OP without injection, on a copy of the setup.
	eval "$op" >/dev/null 2>&1
	snapshot "$TMPD/ref"
	reset_state
	eval "$setup" >/dev/null 2>&1
	for n in $(seq 1 64); do
		snapshot "$TMPD/before"
		echo "$n" >"$FN"
		eval "$op" >"$TMPD/out" 2>&1
		rc=$?
		left=$(cat "$FN")
		echo 0 >"$FN"
		if [ $rc -ne 0 ]; then
			sites=$((sites + 1))
			snapshot "$TMPD/after"
			if [ "$left" != 0 ]; then
				why="failed without the injection firing (site $n): $(cat "$TMPD/out")"
				bad=1
			elif ! grep -q 'out of memory (Cannot allocate memory)' "$TMPD/out"; then
				why="site $n: not ENOMEM with a message: $(cat "$TMPD/out")"
				bad=1
			elif ! cmp -s "$TMPD/before" "$TMPD/after"; then
				why="site $n: state changed: $(diff "$TMPD/before" "$TMPD/after" | head -5)"
				bad=1
			fi
			[ $bad -eq 0 ] || break
			continue
		fi
		# Success: the armed failure must still be pending.
		if [ "$left" = 0 ]; then
			why="succeeded although allocation $n was failed"
			bad=1
		fi
		snapshot "$TMPD/after"
		if ! cmp -s "$TMPD/ref" "$TMPD/after"; then
			why="${why:+$why; }result differs from the uninjected run"
			bad=1
		fi
		break
	done
	pairs=$((pairs + sites))
	[ -n "$why" ] && echo "# $name: $why"
	ok $bad "$name: $sites allocation sites failed in turn, ENOMEM + extack, state byte-identical"
}

echo "TAP version 13"
echo "1..24"

if [ ! -w "$FN" ]; then
	echo "Bail out! no $FN (debugfs not mounted or module too old)"
	exit 1
fi
reload sigma0_pages=256 ||
	{ echo "Bail out! cannot reload $KO with sigma0_pages=256"; exit 1; }
echo 1 >"$CHECK"

# A fresh state: reload the module (sigma0 exists only from load).
reset_state() {
	echo 0 >"$FN"
	reload sigma0_pages=256 && echo 1 >"$CHECK"
}

fail_loop "create" "" "$L4MM create A"
fail_loop "create (id table grows)" \
	"for i in \$(seq 1 15); do $L4MM create s\$i; done" "$L4MM create A"
fail_loop "map into an empty space" "$L4MM create A" \
	"$L4MM map sigma0 0x5000 A 0x1000"
fail_loop "map into an existing table" \
	"$L4MM create A; $L4MM map sigma0 0x5000 A 0x1000" \
	"$L4MM map sigma0 0x6000 A 0x2000"
fail_loop "map over a mapped page" \
	"$L4MM create A; $L4MM map sigma0 0x5000 A 0x1000" \
	"$L4MM map sigma0 0x6000 A 0x1000"
fail_loop "map at the top of the address space" "$L4MM create A" \
	"$L4MM map sigma0 0x5000 A 0xfffff000"
fail_loop "map a derived page" \
	"$L4MM create A; $L4MM create B; $L4MM map sigma0 0x5000 A 0x1000" \
	"$L4MM map A 0x1000 B 0x400000"
fail_loop "grant a root" "$L4MM create A" \
	"$L4MM grant sigma0 0x7000 A 0x3000"
fail_loop "grant a derived page with children" \
	"$L4MM create A; $L4MM create B; $L4MM create C; $L4MM map sigma0 0x5000 A 0x1000; $L4MM map A 0x1000 C 0x1000" \
	"$L4MM grant A 0x1000 B 0x800000"
fail_loop "batch: one map" "$L4MM create A" \
	"printf 'map sigma0 0x5000 A 0x1000\n' | $L4MM -b -"
fail_loop "batch: create" "" "printf 'create A\n' | $L4MM -b -"
# The extensions (docs/extensions.md): fpages, windows, modes, regions.
fail_loop "map a 64K fpage" "$L4MM create A" \
	"$L4MM map sigma0 0x40000/16 A 0x200000"
fail_loop "map into a receive window" "$L4MM create A" \
	"$L4MM map sigma0 0x40000/14 A 0x400000/20 base 0x12345 rights r-x uncached"
fail_loop "grant keep-subtree of a 64K fpage" \
	"$L4MM create A; $L4MM create B; $L4MM create C; $L4MM map sigma0 0x10000/16 A 0x10000; $L4MM map A 0x10000/16 C 0x10000" \
	"$L4MM grant A 0x10000/16 B 0x800000 keep-subtree"
fail_loop "create with KIP and UTCB" "" \
	"$L4MM create K kip 0x1000 utcb 0x10000/14"
fail_loop "batch: fpage grant into a window" \
	"$L4MM create A; $L4MM create B; $L4MM map sigma0 0x20000/15 A 0x40000" \
	"printf 'grant A 0x40000/15 B 0x0/16 base 0x8000 paper\n' | $L4MM -b -"

# No allocation at all: the armed failure must survive the operation.
no_alloc() {
	local name=$1 setup=$2 op=$3 rc left
	reset_state
	eval "$setup" >/dev/null 2>&1
	snapshot "$TMPD/before"
	echo 1 >"$FN"
	eval "$op" >"$TMPD/out" 2>&1
	rc=$?
	left=$(cat "$FN")
	echo 0 >"$FN"
	[ $rc -eq 0 ] && [ "$left" = 1 ]
	ok $? "$name allocates nothing (succeeds with fail_nth=1 pending)"
}
no_alloc "unmap" "$L4MM create A; $L4MM map sigma0 0x5000 A 0x1000" \
	"$L4MM unmap sigma0 0x5000"
no_alloc "flush" "$L4MM create A; $L4MM map sigma0 0x5000 A 0x1000" \
	"$L4MM flush sigma0 0x5000"
no_alloc "destroy" "$L4MM create A; $L4MM map sigma0 0x5000 A 0x1000;
	$L4MM create B; $L4MM map A 0x1000 B 0x1000" "$L4MM destroy A"
no_alloc "unmap of w over an fpage" \
	"$L4MM create A; $L4MM map sigma0 0x40000/16 A 0x40000" \
	"$L4MM unmap sigma0 0x40000/16 rights w"
no_alloc "flush of a page of a superpage" "$L4MM create A" \
	"$L4MM flush sigma0 0x41000"
no_alloc "status" "$L4MM create A; $L4MM map sigma0 0x40000/16 A 0x40000" \
	"$L4MM status sigma0 0x0/20"
no_alloc "access" "$L4MM create A; $L4MM map sigma0 0x40000/16 A 0x40000" \
	"$L4MM access A 0x41234 w"

echo 0 >"$CHECK"
dmesg | grep -E 'state check failed|WARNING:|BUG:' >"$TMPD/dmesg"
[ ! -s "$TMPD/dmesg" ]
ok $? "kernel log: no checker failure or warning"
echo "# l4mm_fault: $pairs (operation, allocation site) pairs failed, state unchanged"

reload
rm -rf "$TMPD"
totals
