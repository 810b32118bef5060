#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Limits and huge revocations.
#
#   max_spaces / max_mappings (module parameters, per netns): the command
#   that would exceed one fails with ENOSPC and an extack message, the
#   state unchanged (dump + list + stats byte-identical); each netns has
#   its own budget; freeing makes room again; BATCH entries hit the caps
#   too.
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
HUGE=${L4MM_HUGE_NODES:-1000000}

# shellcheck source-path=SCRIPTDIR source=l4mm_lib.sh disable=SC1091
. "$(dirname "$0")/l4mm_lib.sh"

# expect_enospc WHAT MSG CMD...: fails with ENOSPC and MSG, state unchanged
expect_enospc() {
	local what=$1 msg=$2 rc
	shift 2
	snapshot "$TMPD/before"
	"$@" >"$TMPD/out" 2>&1
	rc=$?
	snapshot "$TMPD/after"
	[ $rc -ne 0 ] && grep -q "$msg" "$TMPD/out" &&
		grep -q 'No space left on device' "$TMPD/out" &&
		cmp -s "$TMPD/before" "$TMPD/after"
	rc=$?
	[ $rc -eq 0 ] || echo "# $what: $(cat "$TMPD/out")"
	ok $rc "$what: ENOSPC with extack, state unchanged"
}

stat_of() {
	$L4MM stats | awk -v k="$1:" '$1 == k { print $2 }'
}

echo "TAP version 13"
echo "1..15"

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
echo 4096 >$P/max_spaces
echo 4194304 >$P/max_mappings
[ "$(cat $P/max_spaces) $(cat $P/max_mappings)" = "4096 4194304" ]
ok $? "defaults restored (max_spaces 4096, max_mappings 4194304)"

# --- huge revocation ------------------------------------------------------
reload sigma0_pages=1048576 ||
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
