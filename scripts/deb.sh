#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make deb: the l4mm and l4mm-dkms packages, built with debhelper
# (debian/) from a clean copy of the tree in build/deb/l4mm-VERSION, so
# that nothing built in the working tree ends up in them.  The version is
# the top-level VERSION file's: debian/changelog is written from it here.
# Then lintian: its report goes to build/deb/lintian.txt, and any error
# or warning that debian/*.lintian-overrides does not explain fails.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
out=$repo/build/deb
ver=$(cat "$repo/VERSION")
src=$out/l4mm-$ver

rm -rf "$out"
mkdir -p "$src"
# The tree's files (tracked, or new and not ignored), without build/.
if git -C "$repo" rev-parse --git-dir >/dev/null 2>&1; then
	(cd "$repo" && git ls-files -z --cached --others --exclude-standard |
		while IFS= read -r -d '' f; do
			[[ -e $f ]] && printf '%s\0' "$f"
		done | xargs -0 cp --parents -t "$src")
else
	(cd "$repo" && find . -path ./build -prune -o -type f -print0 |
		xargs -0 cp --parents -t "$src")
fi

# The changelog's date: the last commit's, so that a rebuild of the same
# tree makes the same packages.
date=$(git -C "$repo" log -1 --format=%cD 2>/dev/null || date -R)
maint=$(sed -n 's/^Maintainer: //p' "$src/debian/control")
cat >"$src/debian/changelog" <<EOT
l4mm ($ver) unstable; urgency=medium

  * l4mm $ver: the version of the top-level VERSION file.

 -- $maint  $date
EOT

echo "deb: building l4mm $ver in $src" >&2
(cd "$src" && dpkg-buildpackage -us -uc -b) >"$out/build.log" 2>&1 || {
	tail -n 40 "$out/build.log" >&2
	echo "deb: dpkg-buildpackage failed (all of it in $out/build.log)" >&2
	exit 1
}
ls "$out"/*.deb

changes=$(ls "$out"/l4mm_"$ver"_*.changes)
# Every tag, down to info and pedantic ones (-I --pedantic); running as
# root draws a note of lintian's own, which is not about the packages.
lintian -I --pedantic "$changes" 2>&1 |
	grep -v 'running with root privileges' >"$out/lintian.txt" || true
sed 's/^/lintian: /' "$out/lintian.txt" >&2
if grep -qE '^[EW]: ' "$out/lintian.txt"; then
	echo "deb: lintian reports errors or warnings (above)" >&2
	exit 1
fi
echo "deb: lintian: no error or warning; $(grep -c . "$out/lintian.txt") info or pedantic tags (build/deb/lintian.txt)" >&2
