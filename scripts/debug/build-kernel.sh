#!/bin/bash
# Build the debug kernel for "make check-debug" once: Debian's
# linux-source-6.1, x86_64_defconfig + kvm_guest.config + kernel.config
# (KASAN, lockdep, kmemleak, failslab, fail_nth).  The result is cached:
# OUT/bzImage exists only after a complete build, and a rerun with the
# same config fragment is a no-op.  The build runs under nice; its time is
# written to OUT/build-time.
# Usage: build-kernel.sh OUT
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
out=${1:?usage: build-kernel.sh OUT}
tarball=/usr/src/linux-source-6.1.tar.xz
frag=$here/kernel.config
jobs=${JOBS:-$(nproc)}

stamp=$(sha256sum "$frag" | cut -d' ' -f1)
if [[ -f $out/bzImage && $(cat "$out/config.sha256" 2>/dev/null) == "$stamp" ]]; then
	echo "build-kernel: cached $out/bzImage" >&2
	exit 0
fi
[[ -r $tarball ]] || { echo "build-kernel: no $tarball (apt-get install linux-source-6.1)" >&2; exit 1; }
for tool in bc bison flex; do
	command -v "$tool" >/dev/null || { echo "build-kernel: needs $tool (apt-get install build-essential bc bison flex libelf-dev libssl-dev)" >&2; exit 1; }
done

mkdir -p "$out"
rm -f "$out/bzImage" "$out/config.sha256"
src=$out/src
if [[ ! -f $src/Makefile ]]; then
	echo "build-kernel: unpacking $tarball" >&2
	rm -rf "$src" "$out/unpack"
	mkdir -p "$out/unpack"
	tar -C "$out/unpack" -xJf "$tarball"
	mv "$out/unpack"/linux-source-6.1 "$src"
	rmdir "$out/unpack"
fi

start=$SECONDS
kmake=(nice -n 19 make -C "$src" -j"$jobs" LOCALVERSION=-l4mm-debug)
"${kmake[@]}" x86_64_defconfig
"$src/scripts/kconfig/merge_config.sh" -m -O "$src" "$src/.config" \
	"$src/kernel/configs/kvm_guest.config" "$frag" >/dev/null
"${kmake[@]}" olddefconfig
# Fail early if an option did not stick (a dependency was missing).
for opt in KASAN PROVE_LOCKING DEBUG_ATOMIC_SLEEP DEBUG_KMEMLEAK FAILSLAB \
	FAULT_INJECTION_DEBUG_FS NET_NS USER_NS MODULE_UNLOAD; do
	grep -q "^CONFIG_$opt=y" "$src/.config" ||
		{ echo "build-kernel: CONFIG_$opt is not set after olddefconfig" >&2; exit 1; }
done
"${kmake[@]}" bzImage modules
cp "$src/arch/x86/boot/bzImage" "$out/bzImage.tmp"
mv "$out/bzImage.tmp" "$out/bzImage"
echo "$stamp" >"$out/config.sha256"
echo "$((SECONDS - start))" >"$out/build-time"
echo "build-kernel: built $out/bzImage in $((SECONDS - start))s" >&2
