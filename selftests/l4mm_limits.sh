#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Limits and huge revocations.
#
#   max_spaces / max_mappings / max_bytes (module parameters, per netns):
#   the command that would exceed one fails with ENOSPC (counts) or EDQUOT
#   (bytes) and an extack message naming the limit, the state unchanged
#   (dump + list + stats byte-identical); each netns has its own budget;
#   freeing makes room again; BATCH entries hit the caps too.  The core
#   charges what an operation adds, once it knows it: at the cap an
#   operation that only removes succeeds, an unmapped source is ENXIO
#   before any ENOSPC, and an order-32 map of a source with one mapped
#   page needs one free slot.
#
#   max_user_bytes: the netns of the user namespaces one user (uid 65534
#   here) made share one budget; the next netns's sigma0 is refused with
#   EDQUOT and a message naming it, netns creation itself never fails
#   because of l4mm, and the budget comes back when a netns goes.  CHECK
#   is for administrators of the initial user namespace: the attacker
#   gets EPERM, root entering its netns checks it.
#
#   A 10^6-node subtree (sigma0 reloaded with 2^20 pages; sigma0:0 mapped
#   into 10^6 pages of A) is revoked by one unmap, then sigma0 (2^20
#   pages) is destroyed in one command: no soft lockup, RCU stall or hung
#   task report, stats back to zero.  The core yields every 1024 node
#   removals (l4mm_env_cond_resched) and holds no spinlock.
#
# Restores the default module load at the end.

L4MM=${L4MM:-l4mm}
KO=${L4MM_KO:-/lib/modules/l4mm.ko}
P=/sys/module/l4mm/parameters
TMPD=$(mktemp -d)
# The attacker (uid 65534) writes its pid file here.
chmod 1777 "$TMPD"
HUGE=${L4MM_HUGE_NODES:-1000000}

# shellcheck source-path=SCRIPTDIR source=l4mm_lib.sh disable=SC1091
. "$(dirname "$0")/l4mm_lib.sh"

# expect_refused ERRNO_TEXT WHAT MSG CMD...: CMD fails with that errno and
# MSG, the state unchanged
expect_refused() {
	local errtext=$1 what=$2 msg=$3 rc
	shift 3
	snapshot "$TMPD/before"
	"$@" >"$TMPD/out" 2>&1
	rc=$?
	snapshot "$TMPD/after"
	[ $rc -ne 0 ] && grep -q "$msg" "$TMPD/out" &&
		grep -q "$errtext" "$TMPD/out" &&
		cmp -s "$TMPD/before" "$TMPD/after"
	rc=$?
	[ $rc -eq 0 ] || echo "# $what: $(cat "$TMPD/out")"
	ok $rc "$what: $errtext with extack, state unchanged"
}

expect_enospc() { expect_refused 'No space left on device' "$@"; }
expect_edquot() { expect_refused 'Disk quota exceeded' "$@"; }

stat_of() {
	$L4MM stats | awk -v k="$1:" '$1 == k { print $2 }'
}

echo "TAP version 13"
echo "1..32"

reload sigma0_pages=64 ||
	{ echo "Bail out! cannot reload $KO"; exit 1; }

# --- max_spaces -----------------------------------------------------------
echo 4 >$P/max_spaces
$L4MM create A && $L4MM create B && $L4MM create C
ok $? "max_spaces=4: sigma0 + 3 spaces fit"
expect_enospc "create beyond max_spaces" "too many spaces in this netns" \
	$L4MM create D
expect_enospc "batch create beyond max_spaces" "too many spaces in this netns" \
	sh -c "printf 'create D\n' | $L4MM -b -"
unshare -n sh -c "$L4MM create A && $L4MM create B && $L4MM create C && ! $L4MM create D 2>/dev/null"
ok $? "another netns has its own max_spaces budget (names repeat)"
$L4MM destroy C && $L4MM create D
ok $? "destroying a space makes room for another"

# --- max_mappings ---------------------------------------------------------
m=$(stat_of mappings)
echo $((m + 2)) >$P/max_mappings
$L4MM map sigma0 0x1000 A 0x1000 && $L4MM map sigma0 0x2000 A 0x2000
ok $? "max_mappings=$((m + 2)): two more mappings fit"
expect_enospc "map beyond max_mappings" "too many mappings in this netns" \
	$L4MM map sigma0 0x3000 B 0x3000
expect_enospc "grant at max_mappings" "too many mappings in this netns" \
	$L4MM grant A 0x1000 B 0x3000
expect_enospc "batch map beyond max_mappings" "too many mappings in this netns" \
	sh -c "printf 'map sigma0 0x3000 B 0x3000\n' | $L4MM -b -"
$L4MM unmap sigma0 0x1000 && $L4MM map sigma0 0x3000 B 0x3000
ok $? "unmapping makes room for another mapping"
$L4MM map A 0x2000 A 0x2000 && [ "$(stat_of mappings)" = $((m + 1)) ]
ok $? "at max_mappings: map A 0x2000 A 0x2000 (it only removes) succeeds"
$L4MM map sigma0 0x1000 A 0x1000 && [ "$(stat_of mappings)" = $((m + 2)) ]
ok $? "back at max_mappings"
out=$($L4MM map A 0x9000 B 0x9000 2>&1)
echo "$out" | grep -q 'No such device or address'
ok $? "at max_mappings: an unmapped source is ENXIO, not ENOSPC ($out)"
expect_enospc "at max_mappings: an order-32 map of a source with one page" \
	"too many mappings in this netns" $L4MM map A 0x0/32 D 0x0
echo $((m + 3)) >$P/max_mappings
$L4MM map A 0x0/32 D 0x0 && [ "$(stat_of mappings)" = $((m + 3)) ]
ok $? "one free slot: an order-32 map of a source with one mapped page succeeds"

echo 4096 >$P/max_spaces
echo 4194304 >$P/max_mappings
[ "$(cat $P/max_spaces) $(cat $P/max_mappings)" = "4096 4194304" ]
ok $? "defaults restored (max_spaces 4096, max_mappings 4194304)"

# --- max_bytes --------------------------------------------------------------
mb=$(cat $P/max_bytes)
[ "$mb" -gt 0 ] && [ "$(stat_of max_bytes)" = "$mb" ] &&
	[ "$(stat_of bytes)" -gt 0 ] && [ "$(stat_of bytes)" -le "$mb" ]
ok $? "max_bytes $mb by default (an eighth of RAM), stats bytes $(stat_of bytes) within it"
echo $(($(stat_of bytes) + 1024)) >$P/max_bytes
# A page in a fresh MiB needs a second-level table: more than 1 KiB.
expect_edquot "a table beyond max_bytes" \
	"memory limit of this netns reached (max_bytes)" \
	$L4MM map sigma0 0x5000 D 0x40000000
expect_edquot "batch: a table beyond max_bytes" \
	"memory limit of this netns reached (max_bytes)" \
	sh -c "printf 'map sigma0 0x5000 D 0x40000000\n' | $L4MM -b -"
$L4MM unmap sigma0 0x1000 && $L4MM flush D 0x0/32
ok $? "at max_bytes, unmap and flush (they only remove) succeed"
echo "$mb" >$P/max_bytes
$L4MM map sigma0 0x5000 D 0x40000000
ok $? "max_bytes restored: the table fits again"

# --- max_user_bytes: one budget for all the netns of one user ---------------
ub=$(cat $P/max_user_bytes)
att_start
att "$L4MM" stats >"$TMPD/s1"
u1=$(awk '$1 == "user_bytes:" { print $2 }' "$TMPD/s1")
[ -n "$u1" ] && [ "$u1" -gt 0 ] &&
	grep -qx "max_user_bytes: $ub" "$TMPD/s1" && ! $L4MM stats | grep -q user_bytes
ok $? "a netns of uid 65534 charges its user ($u1 bytes of max_user_bytes $ub); root's has no per-user budget"
ap1=$AP
echo "$u1" >$P/max_user_bytes
att_start
ap2=$AP
out=$(att "$L4MM" stats 2>&1)
[ $? -ne 0 ] && echo "$out" | grep -q 'memory limit of this user reached, all its netns together (max_user_bytes)' &&
	echo "$out" | grep -q 'Disk quota exceeded'
ok $? "the user's next netns: sigma0 refused by max_user_bytes ($out)"
nsenter -S 65534 -G 65534 unshare -r -n true
ok $? "netns creation itself never fails because of l4mm"
AP=$ap1
awk 'BEGIN { print "create X"
	for (i = 0; i < 64; i++) printf "map sigma0 0x1000 X 0x%x\n", i * 1048576 }' \
	>"$TMPD/grow"
! att "$L4MM" -b "$TMPD/grow" >"$TMPD/out" 2>&1 || false
grep -q 'memory limit of this user reached, all its netns together (max_user_bytes)' "$TMPD/out" &&
	[ "$(att "$L4MM" stats | awk '$1 == "user_bytes:" { print $2 }')" -le "$u1" ]
ok $? "the first netns grows until the user's budget refuses: $(tail -n 2 "$TMPD/out" | tr '\n' ' ')"
out=$(att "$L4MM" check 2>&1)
[ $? -ne 0 ] && echo "$out" | grep -q 'Operation not permitted'
ok $? "CHECK as the attacker in its own netns: EPERM ($out)"
root_in "$L4MM" check | grep -q '^ok: '
ok $? "CHECK by root entering the attacker's netns: $(root_in "$L4MM" check)"
att_stop
AP=$ap2
for i in $(seq 1 60); do
	att "$L4MM" stats >/dev/null 2>&1 && break
	sleep 0.5
done
att "$L4MM" stats >/dev/null
ok $? "the first netns gone, its bytes are back: the second netns gets its sigma0"
att_stop
echo "$ub" >$P/max_user_bytes
kill -9 "$ap1" "$ap2" 2>/dev/null

# --- huge revocation ------------------------------------------------------
# Root lifts the byte limit of the netns for this one (max_bytes=0).
reload sigma0_pages=1048576 max_bytes=0 ||
	{ echo "Bail out! cannot load $KO sigma0_pages=1048576"; exit 1; }
dmesg -c >/dev/null
$L4MM create A
# %.0f: busybox awk's %d is 32-bit signed.
awk -v n="$HUGE" 'BEGIN { for (i = 0; i < n; i++) printf "map sigma0 0 A %.0f\n", i * 4096 }' |
	$L4MM -b - && [ "$(stat_of mappings)" = $((1048576 + HUGE)) ]
ok $? "a $HUGE-node subtree under sigma0:0 ($(stat_of mappings) mappings)"
start=$(date +%s)
$L4MM -j unmap sigma0 0 >"$TMPD/unmap" 2>&1 &&
	grep -q "\"removed\":$HUGE" "$TMPD/unmap" &&
	[ "$(stat_of mappings)" = 1048576 ]
ok $? "one unmap revokes all $HUGE nodes in $(($(date +%s) - start))s: $(cat "$TMPD/unmap")"
start=$(date +%s)
$L4MM destroy A && $L4MM flush sigma0 0/32 && [ "$(stat_of mappings)" = 0 ] &&
	[ "$(stat_of tables)" = 1 ]
ok $? "flushing all of sigma0 (1048576 pages) in one command ($(($(date +%s) - start))s), stats back to sigma0's empty root"
dmesg | grep -iE 'soft lockup|rcu.*stall|blocked for more than|WARNING:|BUG:' >"$TMPD/dmesg"
[ ! -s "$TMPD/dmesg" ]
ok $? "no soft lockup, RCU stall or hung task report"
[ -s "$TMPD/dmesg" ] && sed 's/^/# /' "$TMPD/dmesg"

reload
rm -rf "$TMPD"
totals
