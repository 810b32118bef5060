#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Guest runner (/selftests/run.sh, cwd /selftests): runs every l4mm
# selftest in order, each printing its own TAP, and exits non-zero if any
# failed.  The order is ./TESTS when the harness staged one (lib.mk's order:
# TEST_GEN_PROGS, then TEST_PROGS), else the list below; l4mm_unload.sh,
# which rmmods and insmods the module, is last, and the module is loaded
# again afterwards whatever happened.
#
# A program that ends without the verdicts it planned (crash, timeout) gets
# a "not ok" line from here, so that the host's count sees it.
# Per-program timeout: "timeout=N" in ./settings, else 300 s (TCG is slow).
# Each program's guest time is printed as a TAP comment, so that a slow
# row of make check-matrix shows where its time went.
# busybox ash.

KO=${L4MM_KO:-/lib/modules/l4mm.ko}
DEFAULT_TESTS="l4mm_genl l4mm_paper.sh l4mm_hwcheck.sh l4mm_unload.sh"

cd "$(dirname "$0")" || exit 1
TMPD=$(mktemp -d 2>/dev/null || { mkdir -p /tmp/l4mm_run.$$ && echo /tmp/l4mm_run.$$; })

timeout=300
if [ -f settings ]; then
	t=$(sed -n 's/^timeout=\([0-9][0-9]*\)$/\1/p' settings)
	[ -n "$t" ] && timeout=$t
fi
if command -v timeout >/dev/null 2>&1; then
	run_one() { timeout "$timeout" "./$1"; }
else
	run_one() { "./$1"; }
fi

tests=$DEFAULT_TESTS
[ -s TESTS ] && tests=$(cat TESTS)

ensure_loaded() { [ -d /sys/module/l4mm ] || insmod "$KO"; }

ensure_loaded
failed=0
for t in $tests; do
	echo "# selftests: l4mm: $t"
	t0=$(date +%s)
	if [ ! -x "./$t" ]; then
		echo "not ok 1 selftests: l4mm: $t # missing"
		failed=$((failed + 1))
		continue
	fi
	# Live output; the status travels through a file (ash's $? is tee's).
	{ run_one "$t" 2>&1; echo $? >"$TMPD/rc"; } | tee "$TMPD/log"
	rc=$(cat "$TMPD/rc")
	echo "# selftests: l4mm: $t: $(($(date +%s) - t0)) s"
	plan=$(sed -n 's/^1\.\.\([0-9][0-9]*\)$/\1/p' "$TMPD/log" | head -n 1)
	ran=$(grep -cE '^(not )?ok [0-9]+' "$TMPD/log")
	[ "$rc" -eq 143 ] && echo "# selftests: l4mm: $t: timed out after ${timeout}s"
	if [ "$rc" -eq 4 ] && grep -q '^1\.\.0 # SKIP' "$TMPD/log"; then
		# The whole program skipped (kselftest's ksft_exit_skip()).
		echo "ok 1 selftests: l4mm: $t # SKIP"
	elif [ -z "$plan" ] || [ "$ran" -ne "$plan" ]; then
		echo "not ok 1 selftests: l4mm: $t # exit=$rc, ran $ran of ${plan:-?} planned tests"
		failed=$((failed + 1))
	elif [ "$rc" -ne 0 ] && [ "$rc" -ne 4 ]; then
		# 4 = KSFT_SKIP
		echo "# selftests: l4mm: $t: exit status $rc"
		failed=$((failed + 1))
		grep -Eq '^not ok [0-9]+' "$TMPD/log" ||
			echo "not ok 1 selftests: l4mm: $t # exit=$rc without a failed test"
	fi
	ensure_loaded
done
rm -rf "$TMPD"
ensure_loaded
echo "# selftests: l4mm: $failed of $(echo "$tests" | wc -w) programs failed"
[ "$failed" -eq 0 ]
