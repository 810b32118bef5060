#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Network-namespace isolation beyond l4mm_genl's checks: names repeat
# across netns, no command in one netns can name a space of another (every
# command that takes a name gets ENOENT for a space that exists only
# elsewhere, and changes nothing there), each netns has its own sigma0,
# and tearing a netns down frees all of its spaces (debugfs l4mm/live, the
# module's count of live objects of all netns, returns to its baseline).

L4MM=${L4MM:-l4mm}
LIVE=/sys/kernel/debug/l4mm/live
TMPD=$(mktemp -d)

# shellcheck source-path=SCRIPTDIR source=l4mm_lib.sh disable=SC1091
. "$(dirname "$0")/l4mm_lib.sh"

echo "TAP version 13"
echo "1..6"

# A fresh load, so that no netns of an earlier test is still being torn
# down while the baseline is taken.
rmmod l4mm 2>/dev/null
insmod "${L4MM_KO:-/lib/modules/l4mm.ko}" || { echo "Bail out! cannot load the module"; exit 1; }
[ -r $LIVE ] || { echo "Bail out! no $LIVE"; exit 1; }
sleep 1
# The initial netns makes its state on its first request: now, before the
# baseline.
$L4MM stats >/dev/null || { echo "Bail out! stats failed"; exit 1; }
base=$(cat $LIVE)

# The initial netns holds iso_only (with a mapping) and iso_both.
$L4MM create iso_only && $L4MM create iso_both &&
	$L4MM map sigma0 0x9000 iso_only 0x1000
ok $? "initial netns: iso_only and iso_both created"
snapshot "$TMPD/init_before"

# In a new netns: iso_both again (names repeat), and every command naming
# iso_only fails with ENOENT.
unshare -n bash -c '
	L4MM='"$L4MM"'
	fail=0
	$L4MM create iso_both || fail=1
	$L4MM map sigma0 0x9000 iso_both 0x1000 || fail=1
	expect_enoent() {
		if out=$("$@" 2>&1); then
			echo "# succeeded: $*"; fail=1
		elif ! echo "$out" | grep -q "No such file or directory"; then
			echo "# not ENOENT: $*: $out"; fail=1
		fi
	}
	expect_enoent $L4MM destroy iso_only
	expect_enoent $L4MM map iso_only 0x1000 iso_both 0x2000
	expect_enoent $L4MM map sigma0 0x9000 iso_only 0x2000
	expect_enoent $L4MM grant iso_only 0x1000 iso_both 0x2000
	expect_enoent $L4MM grant iso_both 0x1000 iso_only 0x2000
	expect_enoent $L4MM unmap iso_only 0x1000
	expect_enoent $L4MM flush iso_only 0x1000
	expect_enoent $L4MM lookup iso_only 0x1000
	expect_enoent $L4MM dump iso_only
	printf "map iso_only 0x1000 iso_both 0x3000\n" | $L4MM -b - 2>/dev/null && fail=1
	# its own sigma0, its own counters
	[ "$($L4MM lookup iso_both 0x1000)" = 0x9000 ] || fail=1
	[ "$($L4MM list | wc -l)" = 3 ] || fail=1
	exit $fail
' >"$TMPD/ns.out" 2>&1
rc=$?
sed 's/^/# /' "$TMPD/ns.out"
ok $rc "second netns: same name created, every command naming the other netns's space gets ENOENT"
snapshot "$TMPD/init_after"
cmp -s "$TMPD/init_before" "$TMPD/init_after"
ok $? "initial netns unchanged by the second netns"

# Teardown frees: build a few thousand mappings in netns that then die.
for i in 1 2 3; do
	unshare -n sh -c "
		$L4MM create big && $L4MM create big2 &&
		awk 'BEGIN { for (i = 0; i < 2000; i++) printf \"map sigma0 %d big %d\n\", i * 4096, i * 4096 }' | $L4MM -b - &&
		$L4MM map big 0x1000 big2 0x1000" || echo "# netns $i setup failed"
done
$L4MM destroy iso_only && $L4MM destroy iso_both
ok $? "initial netns: spaces destroyed"
wait_live "$base"
ok $? "after netns teardown the live objects are back to the baseline ($(echo $base | tr '\n' ' '))"
[ "$(cat $LIVE)" = "$base" ] || { echo "# now:"; sed 's/^/#   /' $LIVE; }
dmesg | grep -E 'WARNING:|BUG:|leaked' >"$TMPD/dmesg"
[ ! -s "$TMPD/dmesg" ]
ok $? "kernel log clean"

rm -rf "$TMPD"
totals
