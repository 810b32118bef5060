#!/bin/bash
# Build selftests/ the way the kernel would build
# tools/testing/selftests/l4mm, and stage the result for the guest's
# /selftests: the programs, their data files (run.sh, the guest runner,
# is one of them) and TESTS (run order).
# Usage: stage-selftests.sh REPO KSFT_DIR OUT_DIR STAGE_DIR
#   KSFT_DIR  tree made by ksft-extract.sh (holds lib.mk and the headers)
#   OUT_DIR   lib.mk's OUTPUT (objects and TEST_GEN_* binaries)
#   STAGE_DIR becomes /selftests in the guest
set -euo pipefail

repo=$1 ksft=$2 out=$3 stage=$4
here=$(cd "$(dirname "$0")" && pwd)
src=$ksft/tools/testing/selftests/l4mm

rm -rf "$stage"
mkdir -p "$stage" "$out"

if [[ ! -f $repo/selftests/Makefile ]]; then
	echo "stage-selftests: no selftests/Makefile yet; /selftests is empty" >&2
	: >"$stage/TESTS"
	exit 0
fi

# A fresh copy each time so deleted files do not linger; cp -p keeps the
# mtimes, so lib.mk (whose objects live in OUTPUT) rebuilds only what changed.
rm -rf "$src"
mkdir -p "$src"
cp -pR "$repo/selftests/." "$src/"

# lib.mk tracks no header dependencies: a changed uapi header would leave
# stale test binaries behind, so always rebuild (a few seconds).
# L4MM_MODEL: the reference model l4mm_diff is built from, in the tree.
kmake=(make -C "$src" "KHDR_INCLUDES=-I$repo/uapi" "OUTPUT=$out"
	"L4MM_MODEL=$repo/model")
# KSFT_MAKE_ARGS: extra make arguments, e.g. CROSS_COMPILE (ARM build).
# shellcheck disable=SC2206
kmake+=(${KSFT_MAKE_ARGS-})
# -B: lib.mk tracks no header dependencies, so a changed uapi header
# would leave stale test binaries behind; a rebuild takes seconds.
"${kmake[@]}" -B

declare -A var
while IFS='=' read -r name value; do
	var[$name]=$value
done < <("${kmake[@]}" -s --no-print-directory -f Makefile \
	-f "$here/ksft-vars.mk" l4mm-print-vars)

# TEST_GEN_* already carry OUTPUT; the others are relative to the source.
for f in ${var[TEST_GEN_PROGS]} ${var[TEST_GEN_PROGS_EXTENDED]} \
	${var[TEST_GEN_FILES]} ${var[TEST_CUSTOM_PROGS]}; do
	cp -p "$f" "$stage/"
done
for f in ${var[TEST_PROGS]} ${var[TEST_PROGS_EXTENDED]} ${var[TEST_FILES]}; do
	if [[ ! -e $src/$f ]]; then
		echo "stage-selftests: $f listed in selftests/Makefile but missing" >&2
		exit 1
	fi
	cp -pR "$src/$f" "$stage/"
done
# kselftest's optional per-directory files (run.sh reads "timeout=").
for f in config settings; do
	if [[ -e $src/$f ]]; then
		cp -p "$src/$f" "$stage/"
	fi
done

# lib.mk's run order: generated programs, custom programs, then scripts.
for f in ${var[TEST_GEN_PROGS]} ${var[TEST_CUSTOM_PROGS]} ${var[TEST_PROGS]}; do
	basename "$f"
done >"$stage/TESTS"

# The guest has no dynamic loader for anything but bash: insist on static
# test binaries here, where the error is clear.
for f in ${var[TEST_GEN_PROGS]} ${var[TEST_GEN_PROGS_EXTENDED]}; do
	if readelf -l "$f" 2>/dev/null | grep -q 'Requesting program interpreter'; then
		echo "stage-selftests: $f is dynamically linked; the guest needs static binaries" >&2
		exit 1
	fi
done
echo "stage-selftests: $(wc -l <"$stage/TESTS") test programs staged" >&2
