#!/bin/bash
# Cross-build l4mm.ko for Debian's armhf armmp kernel.  Kbuild (6.1) writes
# objects next to the sources of an external module, so the build happens
# in a mirror, TREE, of the files the module needs (Kbuild, module/,
# uapi/), copied only when changed (cp -p keeps mtimes) so it stays
# incremental and never mixes with the host module's objects.
# Usage: build-module.sh REPO TREE KDIR  -> TREE/module/l4mm.ko
set -euo pipefail

repo=$1 tree=$2 kdir=$3
mkdir -p "$tree"
while IFS= read -r -d '' f; do
	if ! cmp -s "$repo/$f" "$tree/$f"; then
		mkdir -p "$(dirname "$tree/$f")"
		cp -p "$repo/$f" "$tree/$f"
	fi
done < <(cd "$repo" && find Kbuild module uapi -type f \
	\( -name '*.[ch]' -o -name Kbuild \) ! -name '*.mod.c' -print0)

# L4MM_TEST=1: the guest loads the test module (debugfs knobs).
make -C "$kdir" M="$tree" ARCH=arm CROSS_COMPILE=arm-linux-gnueabihf- L4MM_TEST=1 \
	W=1 modules
