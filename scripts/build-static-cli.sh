#!/bin/bash
# Build the static CLI for the guest without disturbing the host's dynamic
# cli/l4mm: both "make -C cli" and "make -C cli STATIC=1" write cli/l4mm,
# and alternating them would rebuild everything each time.  So the static
# build happens in a mirror, TREE/cli, with the repository's other
# top-level entries symlinked next to it so relative paths (-I../uapi)
# still resolve.  Usage: build-static-cli.sh REPO TREE  -> TREE/cli/l4mm
# Environment: CLI_MAKE_ARGS, extra arguments for make -C cli.
set -euo pipefail

repo=$1 tree=$2
mkdir -p "$tree/cli"
for entry in "$repo"/*; do
	name=${entry##*/}
	[[ $name == cli || $name == build ]] && continue
	ln -sfn "$entry" "$tree/$name"
done

# Mirror the sources, not the in-tree build products; copy only what
# changed (cp -p keeps mtimes) so make stays incremental.
while IFS= read -r -d '' f; do
	if ! cmp -s "$repo/cli/$f" "$tree/cli/$f"; then
		mkdir -p "$(dirname "$tree/cli/$f")"
		cp -p "$repo/cli/$f" "$tree/cli/$f"
	fi
done < <(cd "$repo/cli" && find . -type f ! -name '*.o' ! -name '*.d' \
	! -name .flags ! -name l4mm -print0)

# CLI_MAKE_ARGS: extra make arguments, e.g. a cross compiler (ARM build).
# shellcheck disable=SC2086
make -C "$tree/cli" STATIC=1 ${CLI_MAKE_ARGS-}
if readelf -l "$tree/cli/l4mm" | grep -q 'Requesting program interpreter'; then
	echo "build-static-cli: $tree/cli/l4mm is not static" >&2
	exit 1
fi
