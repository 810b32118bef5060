#!/bin/bash
# "make check-debug": build the debug kernel once (build-kernel.sh), build
# the module against it in a copy of the tree, and boot it with the
# selftests, a longer fuzz run and a longer stress run
# (guest-debug.sh).  Any KASAN, lockdep, sleeping-in-atomic or kmemleak
# report fails the run.  Not part of make check: the first kernel build
# takes 15-30+ minutes, the guest run tens of minutes under TCG.
# Called from the Makefile after cli-static and selftests; TIMEOUT bounds
# the guest run.
set -euo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd)
build=$repo/build
kout=$build/debug-kernel
mod=$build/debug-mod

"$repo/scripts/debug/build-kernel.sh" "$kout"
echo "check-debug: kernel built in $(cat "$kout/build-time" 2>/dev/null || echo '?')s (cached after the first build)" >&2

rm -rf "$mod"
mkdir -p "$mod"
cp -pR "$repo/Kbuild" "$repo/VERSION" "$repo/module" "$repo/uapi" "$mod/"
# Nothing of the host kernel's build may leak into this one.
find "$mod" \( -name '*.o' -o -name '*.ko' -o -name '*.mod' -o -name '*.mod.c' \
	-o -name '.*.cmd' -o -name modules.order -o -name Module.symvers \) -delete
# The test module: the suite drives its debugfs knobs.
nice make -C "$kout/src" M="$mod" W=1 L4MM_TEST=1 modules

"$repo/scripts/qemu/mkinitramfs.sh" --out "$build/debug-initramfs.cpio.gz" \
	--module "$mod/module/l4mm.ko" --cli "$build/static/cli/l4mm" \
	--selftests "$build/guest/selftests"
start=$SECONDS
set +e
QEMU_MEM=${QEMU_MEM:-2048} "$repo/scripts/qemu/run-vm.sh" \
	--timeout "${TIMEOUT:-180m}" --log "$build/debug-guest.log" \
	--result "$build/debug-result.txt" --kernel "$kout/bzImage" \
	--initramfs "$build/debug-initramfs.cpio.gz" \
	"$repo/scripts/debug/guest-debug.sh"
rc=$?
set -e
echo "check-debug: guest run took $((SECONDS - start))s, status $rc" >&2
exit $rc
