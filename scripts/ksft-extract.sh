#!/bin/bash
# Unpack the few files the build borrows from Debian's kernel source:
# kselftest headers and lib.mk (to build selftests/ as an in-tree
# tools/testing/selftests/l4mm would be) and checkpatch with its data files.
# They go to build/ksft/ once (a stamp marks success) and are never copied
# into the repository.  Usage: ksft-extract.sh DESTDIR
set -euo pipefail

dest=${1:?usage: ksft-extract.sh DESTDIR}
tarball=${LINUX_SOURCE_TARBALL:-/usr/src/linux-source-6.1.tar.xz}
stamp=$dest/.extracted

[[ -f $stamp && $stamp -nt $tarball ]] && exit 0

# Paths inside the tarball, under its top directory.
files=(
	tools/testing/selftests/kselftest_harness.h
	tools/testing/selftests/kselftest.h
	tools/testing/selftests/lib.mk
	scripts/checkpatch.pl
	scripts/spelling.txt
	scripts/const_structs.checkpatch
)
top=$(basename "$tarball" .tar.xz)

echo "ksft-extract: unpacking kselftest and checkpatch files from $tarball" >&2
rm -rf "$dest"
mkdir -p "$dest"
# One pass over the tarball (xz cannot seek); strip the top directory so
# $dest mirrors a kernel tree.
tar -xJf "$tarball" -C "$dest" --strip-components=1 "${files[@]/#/$top/}"
touch "$stamp"
