#!/bin/bash
# checkpatch --strict over the kernel C of the tree: module/, module/core/
# and uapi/.  module/compat.h exists to hold the kernel-version tests,
# which checkpatch warns about (LINUX_VERSION_CODE, and taking it for a
# constant on the left); those two are ignored there, and the tests may be
# nowhere else.  make checkpatch and make lint (scripts/lint.sh) run this.
# Usage: checkpatch.sh REPO CHECKPATCH [CHECKPATCH_ARGS...]
set -uo pipefail

repo=$1 checkpatch=$2
shift 2
cd "$repo" || exit 2
files=()
for f in module/*.[ch] module/core/*.[ch] uapi/linux/*.h; do
	[[ $f == *.mod.c || $f == module/compat.h ]] || files+=("$f")
done
# ACSL annotations (/*@ ... */, make prove) continue their lines with @,
# not *: checkpatch reads a copy of the tree in which those continuation
# lines start with * instead, so that everything else in them (length,
# spacing) is still checked and the line numbers stay the same.
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
for f in "${files[@]}" module/compat.h; do
	mkdir -p "$tmp/$(dirname "$f")"
	sed '/\/\*@/,/\*\//{s/^\([[:space:]]*\)@\*\//\1*\//;s/^\([[:space:]]*\)@/\1*/}' \
		"$f" >"$tmp/$f"
done
cd "$tmp" || exit 2
rc=0
"$checkpatch" --strict --no-tree --show-types "$@" -f "${files[@]}" || rc=1
"$checkpatch" --strict --no-tree --show-types "$@" \
	--ignore LINUX_VERSION_CODE,CONSTANT_COMPARISON -f module/compat.h || rc=1
cd "$repo" || exit 2
if grep -rln LINUX_VERSION_CODE module/ | grep -vx module/compat.h; then
	echo "checkpatch: LINUX_VERSION_CODE outside module/compat.h" >&2
	rc=1
fi
exit $rc
