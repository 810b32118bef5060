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
#   - checkpatch --strict is clean on module/ and uapi/.
#
# Usage: lint.sh REPO CHECKPATCH MODULE_DIR...
#   CHECKPATCH  checkpatch.pl (make ksft extracts it), or "" to skip
#   MODULE_DIR  a built module/ directory (objects next to the sources)
set -uo pipefail

repo=$1 checkpatch=$2
shift 2
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
for dir in "$@"; do
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

if [[ -n $checkpatch ]]; then
	mapfile -t files < <(cd "$repo" && ls module/*.[ch] module/core/*.[ch] \
		uapi/linux/*.h | grep -v '\.mod\.c$')
	(cd "$repo" && "$checkpatch" --strict --no-tree --show-types -q \
		-f "${files[@]}") >"$tmp/out" 2>&1
	rc=$?
	sed 's/^/# /' "$tmp/out" | head -n 40
	ok $rc "checkpatch --strict: module/, module/core/, uapi/ clean (${#files[@]} files)"
fi

echo "# lint: $((n - failed)) passed, $failed failed"
[[ $failed -eq 0 ]]
