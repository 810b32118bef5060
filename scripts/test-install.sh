#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make check's host test of make install / uninstall / install-dkms and of
# the one version string: installs into a scratch DESTDIR, checks every
# file (the module's version, the man page rendering, the completion
# defining its function), uninstalls and checks nothing is left; then
# compares VERSION with every place that carries a copy of it.  TAP on stdout.
# Called by scripts/check.sh after the build (MAKE, KVER set).
set -uo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
dest=$repo/build/install-test
ver=$(cat "$repo/VERSION")
make_=("${MAKE:-make}" --no-print-directory -s -C "$repo" KVER="$KVER")
n=0 failed=0

ok() {
	n=$((n + 1))
	if [[ $1 == 0 ]]; then
		echo "ok $n - $2"
	else
		echo "not ok $n - $2"
		failed=$((failed + 1))
	fi
}

# check NAME COMMAND...: one TAP line for the command's success.
check() {
	local name=$1
	shift
	"$@" >"$repo/build/install-test.out" 2>&1
	local rc=$?
	((rc == 0)) || sed 's/^/# /' "$repo/build/install-test.out"
	ok "$rc" "$name"
}

echo "TAP version 13"
rm -rf "$dest"
ko=$dest/lib/modules/$KVER/extra/module/l4mm.ko
check "make install DESTDIR PREFIX=/usr" \
	"${make_[@]}" install DESTDIR="$dest" PREFIX=/usr
check "the module is installed with its version" \
	test "$(modinfo -F version "$ko" 2>/dev/null)" = "$ver"
check "the CLI is installed and runs" \
	test "$("$dest/usr/bin/l4mm" -V | head -n 1)" = "l4mm $ver"
check "the man page renders" \
	bash -c "man -l '$dest/usr/share/man/man8/l4mm.8' 2>/dev/null | tr -s ' ' | grep -q 'drive the L4 virtual-memory'"
check "the completion defines _l4mm for l4mm" \
	bash -c "source '$dest/usr/share/bash-completion/completions/l4mm' && complete -p l4mm | grep -q -- '-F _l4mm'"
check "make install-dkms: the module's source and dkms.conf" \
	"${make_[@]}" install-dkms DESTDIR="$dest"
check "the installed dkms.conf has PACKAGE_VERSION=\"$ver\"" \
	grep -qx "PACKAGE_VERSION=\"$ver\"" "$dest/usr/src/l4mm-$ver/dkms.conf"
check "dkms.conf and the sources DKMS builds from are there" \
	test -f "$dest/usr/src/l4mm-$ver/dkms.conf" -a \
	-f "$dest/usr/src/l4mm-$ver/module/Kbuild" -a \
	-f "$dest/usr/src/l4mm-$ver/Kbuild" -a \
	-f "$dest/usr/src/l4mm-$ver/VERSION" -a \
	-f "$dest/usr/src/l4mm-$ver/uapi/linux/l4mm.h" -a \
	-f "$dest/usr/src/l4mm-$ver/module/core/l4mm_core.h"
check "make uninstall uninstall-dkms" \
	"${make_[@]}" uninstall uninstall-dkms DESTDIR="$dest" PREFIX=/usr
check "nothing is left" \
	test -z "$(find "$dest" -type f)"

# The one version: VERSION, and whatever carries a copy of it.
check "dkms.conf leaves the version to the installation" \
	grep -qx 'PACKAGE_VERSION="#MODULE_VERSION#"' "$repo/dkms.conf"
check "the man page's header says l4mm VERSION" \
	grep -q "^\.TH L4MM 8 \"[^\"]*\" \"l4mm $ver\"" "$repo/cli/l4mm.8"
check "the built module's MODULE_VERSION is VERSION" \
	test "$(modinfo -F version "$repo/module/l4mm.ko" 2>/dev/null)" = "$ver"
check "the built CLI's version is VERSION" \
	test "$("$repo/cli/l4mm" -V | head -n 1)" = "l4mm $ver"

echo "1..$n"
echo "# install: $((n - failed)) passed, $failed failed"
((failed == 0))
