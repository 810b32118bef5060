#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make bench, guest part: build bench_guest (static), add it as /bench to
# the full initramfs (concatenated cpio archives unpack in order, a later
# file replacing an earlier one of the same name), boot
# once with bench/guest/guest.sh as /run.sh and keep the console log.
#
# Usage: boot.sh REPO BUILD_DIR KVER TIMEOUT LOG
set -euo pipefail

repo=$1 out=$2 kver=$3 timeout=$4 log=$5
mkdir -p "$out/overlay/bench"

# shellcheck disable=SC2046 # pkg-config output is a word list
gcc -static -O2 -Wall -Wextra -Werror -I"$repo/uapi" \
	$(pkg-config --cflags libnl-genl-3.0) \
	-o "$out/overlay/bench/bench_guest" "$repo/bench/guest/bench_guest.c" \
	$(pkg-config --static --libs libnl-genl-3.0) -lpthread -lm 2> "$out/ld.log" || {
	cat "$out/ld.log" >&2
	exit 1
}

# The module that ships (build/guest/l4mm.cpio, make bench builds it)
# replaces the test module of the full image: the benchmark measures no
# test instrumentation.
{
	cat "$repo/build/initramfs.cpio.gz" "$repo/build/guest/l4mm.cpio"
	(cd "$out/overlay" && find bench | cpio -o -H newc -R 0:0 --quiet | gzip -n)
} > "$out/initramfs.cpio.gz"

"$repo/scripts/qemu/run-vm.sh" --timeout "$timeout" --log "$log" \
	--result "$out/result.txt" --kernel "/boot/vmlinuz-$kver" \
	--initramfs "$out/initramfs.cpio.gz" "$repo/bench/guest/guest.sh"
