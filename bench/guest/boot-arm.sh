#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make ARCH=arm bench, guest part: the same as boot.sh for the armhf
# guest.  bench_guest is cross-built (static, against the armhf libnl that
# scripts/arm/fetch.sh unpacked), added as /bench to the ARM initramfs,
# and the same bench/guest/guest.sh runs in qemu-system-arm (-M virt
# -cpu cortex-a15, TCG), so the figures are the x86 guest's, on ARM.
#
# Usage: boot-arm.sh REPO BUILD_DIR KREL TIMEOUT LOG
#   KREL: the armmp kernel release (6.1.0-50-armmp), as arm.mk has it
set -euo pipefail

repo=$1 out=$2 krel=$3 timeout=$4 log=$5
arm=$repo/build/arm
root=$arm/root
mkdir -p "$out/overlay/bench"

arm-linux-gnueabihf-gcc -static -O2 -Wall -Wextra -Werror -I"$repo/uapi" \
	-I"$root/usr/include/libnl3" -L"$root/lib/arm-linux-gnueabihf" \
	-o "$out/overlay/bench/bench_guest" "$repo/bench/guest/bench_guest.c" \
	-lnl-genl-3 -lnl-3 -lpthread -lm 2> "$out/ld.log" || {
	cat "$out/ld.log" >&2
	exit 1
}

{
	cat "$arm/initramfs.cpio.gz"
	(cd "$out/overlay" && find bench | cpio -o -H newc -R 0:0 --quiet | gzip -n)
} > "$out/initramfs.cpio.gz"

ARCH=arm "$repo/scripts/qemu/run-vm.sh" --timeout "$timeout" --log "$log" \
	--result "$out/result.txt" --kernel "$root/boot/vmlinuz-$krel" \
	--initramfs "$out/initramfs.cpio.gz" "$repo/bench/guest/guest.sh"
