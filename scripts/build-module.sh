#!/bin/bash
# Build l4mm.ko in a mirror, TREE, of the files the module needs (Kbuild,
# VERSION, module/, uapi/): Kbuild writes objects next to the sources of
# an external module, so a second build of the same sources with other
# options (the test module, L4MM_TEST=1; another architecture) needs a
# tree of its own.  Files are copied only when changed (cp -p keeps
# mtimes), so the build stays incremental; files gone from the repository
# go from the mirror (Kbuild compiles core/*.c by wildcard).
# Usage: build-module.sh REPO TREE KDIR [MAKE_ARGS...]  -> TREE/module/l4mm.ko
set -euo pipefail

repo=$1 tree=$2 kdir=$3
shift 3
mkdir -p "$tree"
list() {
	(cd "$1" && find Kbuild VERSION module uapi -type f \
		\( -name '*.[ch]' -o -name Kbuild -o -name VERSION \) \
		! -name '*.mod.c' -print0 2>/dev/null)
}
while IFS= read -r -d '' f; do
	if ! cmp -s "$repo/$f" "$tree/$f"; then
		mkdir -p "$(dirname "$tree/$f")"
		cp -p "$repo/$f" "$tree/$f"
	fi
done < <(list "$repo")
while IFS= read -r -d '' f; do
	[[ -e $repo/$f ]] || rm -f "$tree/$f" "$tree/${f%.c}.o"
done < <(list "$tree")

make -C "$kdir" M="$tree" W=1 "$@" modules
