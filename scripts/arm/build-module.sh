#!/bin/bash
# Cross-build l4mm.ko for an unpacked Debian kernel (scripts/arm/arm.mk).
# Kbuild writes objects next to the sources of an external module, so the
# build happens in a mirror, TREE, of the files the module needs (Kbuild,
# module/, uapi/), copied only when changed (cp -p keeps mtimes) so it
# stays incremental and never mixes with the host module's objects.
# Usage: build-module.sh REPO TREE KDIR KARCH [CROSS_COMPILE]
#   -> TREE/module/l4mm.ko
# Environment: KBUILD_ARGS, extra arguments for Kbuild (e.g. C=1).
set -euo pipefail

repo=$1 tree=$2 kdir=$3 karch=$4 cross=${5-}
mkdir -p "$tree"
while IFS= read -r -d '' f; do
	if ! cmp -s "$repo/$f" "$tree/$f"; then
		mkdir -p "$(dirname "$tree/$f")"
		cp -p "$repo/$f" "$tree/$f"
	fi
done < <(cd "$repo" && find Kbuild module uapi -type f \
	\( -name '*.[ch]' -o -name Kbuild \) ! -name '*.mod.c' -print0)

# A source deleted or moved in the repository must not linger here (Kbuild
# compiles core/*.c by wildcard).
while IFS= read -r -d '' f; do
	[[ -e $repo/$f ]] || rm -f "$tree/$f" "$tree/${f%.c}.o"
done < <(cd "$tree" && find Kbuild module uapi -type f \
	\( -name '*.[ch]' -o -name Kbuild \) ! -name '*.mod.c' -print0)

# shellcheck disable=SC2086
make -C "$kdir" M="$tree" ARCH="$karch" CROSS_COMPILE="$cross" \
	W=1 ${KBUILD_ARGS-} modules
