#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# "make lint": static checks of the built module, as TAP (make check runs
# it and counts the lines).
#
#   - the symbol graph of the module's objects has no cycle among the glue
#     objects, none between glue and core, and inside the core only those
#     listed in scripts/symcycles.allow (scripts/symcycles.py), for every
#     module build given;
#   - the cycle check itself finds a cycle planted in two small objects
#     (a check that cannot fail proves nothing);
#   - no glue file includes a core header but l4mm_core.h (and bench.h);
#   - the module that ships has none of the test knobs (no test symbol in
#     nm, no test_build field in modinfo, no debugfs file name) and the
#     test module has all of them, so the check can tell them apart;
#   - checkpatch --strict is clean on module/ and uapi/.
#
# Usage: lint.sh REPO CHECKPATCH PROD_DIR TEST_DIR
#   CHECKPATCH  checkpatch.pl (make ksft extracts it), or "" to skip
#   PROD_DIR    the built module/ directory of the shipped module
#   TEST_DIR    the built module/ directory of the test module (L4MM_TEST=1)
set -uo pipefail

repo=$1 checkpatch=$2 prod=$3 test=$4
n=0 failed=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

ok() {
	n=$((n + 1))
	if [[ $1 -eq 0 ]]; then
		echo "ok $n - $2"
	else
		echo "not ok $n - $2"
		failed=$((failed + 1))
	fi
}

# The nested TAP of symcycles.py, as comments, and one line for it.
for dir in "$prod" "$test"; do
	"$repo/scripts/symcycles.py" "$dir" >"$tmp/out" 2>&1
	rc=$?
	sed 's/^/# /' "$tmp/out"
	ok $rc "symbol graph of $dir: no cycle in the glue, none between glue and core, only listed ones in the core"
done

# A cycle planted in two objects must be found: a.o uses b.o and back.
mkdir -p "$tmp/planted/core"
printf 'int b(void);\nint a(void) { return b(); }\n' >"$tmp/a.c"
printf 'int a(void);\nint b(void) { return a() + 1; }\n' >"$tmp/b.c"
cc -c -o "$tmp/planted/a.o" "$tmp/a.c" && cc -c -o "$tmp/planted/b.o" "$tmp/b.c"
"$repo/scripts/symcycles.py" "$tmp/planted" >"$tmp/out" 2>&1
rc=$?
grep -q '^not ok 1 ' "$tmp/out" && grep -q 'cycle: a.o <-> b.o' "$tmp/out" &&
	[[ $rc -ne 0 ]]
ok $? "the cycle check finds a cycle planted in two objects"

# The glue reaches the core through its API only: of the core's headers
# a glue file includes l4mm_core.h, and nl_bench.c bench.h (the workload
# the module and bench/native share), nothing else (the hwcheck files
# once included state.h).
for f in "$repo"/module/*.[ch]; do
	[[ $f == *.mod.c ]] && continue
	sed -n 's/^#include "\([^"]*\)".*/\1/p' "$f" | while read -r h; do
		[[ $h != l4mm_core.h && $h != bench.h &&
			-e $repo/module/core/$h ]] &&
			echo "${f#"$repo"/}: $h"
	done
done >"$tmp/inc"
sed 's/^/# core-internal header in the glue: /' "$tmp/inc"
[[ ! -s $tmp/inc ]]
ok $? "the glue includes no core-internal header (only l4mm_core.h, bench.h)"

# The test knobs: symbols of the fault injector, the debugfs directory,
# the hwcheck corrupter (ARM) and the core's test-only entry points.
knobs='^(l4mm_fault_alloc|l4mm_debugfs_init|l4mm_hwcheck_corrupt|l4mm_state_set_depth_max)$'
# knobs KO: the test knobs KO has, one per line (symbols, then modinfo).
knobs() {
	nm "$1" | awk '{ print $NF }' | grep -E "$knobs"
	modinfo -F test_build "$1" | sed 's/^/modinfo test_build: /'
	strings "$1" | grep -x fail_nth
}
knobs "$prod/l4mm.ko" >"$tmp/prod" 2>&1
knobs "$test/l4mm.ko" >"$tmp/test" 2>&1
sed 's/^/# shipped module: /' "$tmp/prod"
sed 's/^/# test module: /' "$tmp/test"
[[ -f $prod/l4mm.ko && ! -s $tmp/prod ]]
ok $? "the shipped module ($prod/l4mm.ko) has no test knob (nm, modinfo, strings)"
grep -q '^l4mm_fault_alloc$' "$tmp/test" && grep -q '^l4mm_debugfs_init$' "$tmp/test" &&
	grep -q '^l4mm_state_set_depth_max$' "$tmp/test" &&
	grep -q '^modinfo test_build: ' "$tmp/test" && grep -q '^fail_nth$' "$tmp/test"
ok $? "the test module ($test/l4mm.ko) has them: fault injector, debugfs, core test hooks, modinfo test_build"

if [[ -n $checkpatch ]]; then
	"$repo/scripts/checkpatch.sh" "$repo" "$checkpatch" -q >"$tmp/out" 2>&1
	rc=$?
	sed 's/^/# /' "$tmp/out" | head -n 40
	ok $rc "checkpatch --strict: module/, module/core/, uapi/ clean (compat.h: its version tests aside)"
fi

echo "# lint: $((n - failed)) passed, $failed failed"
[[ $failed -eq 0 ]]
