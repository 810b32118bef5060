#!/bin/bash
# Build the guest's base initramfs (cpio newc, gzip) from a staging tree:
#   /init                  scripts/qemu/init
#   /bin/busybox + links   Debian's busybox-static, applets linked at build
#   /bin/bash              + its shared libraries, for bash selftests
#   /bin/l4mm              the static CLI            (--cli, optional)
#   /lib/modules/l4mm.ko   the module                (--module)
#   /selftests/            staged selftests + run.sh (--selftests, optional)
#   /examples/             examples/*.sh             (--examples, optional)
#   /lib/modules/early/    modules init loads first (--early-module KO,
#                          repeatable, in order; e.g. the ARM guest's
#                          virtio drivers for the result port; a .ko.xz is
#                          unpacked, busybox's insmod takes plain ELF)
#   /boot/                 files for /boot (--boot FILE, repeatable: the
#                          kernel's config-RELEASE, which selftests read
#                          as on an installed system)
#   /DST                   any file                  (--file SRC:DST)
# /run.sh is not here: run-vm.sh appends it per boot as a second archive.
# --sysroot DIR takes busybox and bash (with its libraries) from an
# unpacked foreign-architecture tree instead of the host (the ARM guest).
#
# Layers: the kernel unpacks concatenated archives in order, so the image
# can be built in parts that change at different rates and concatenated
# (the top-level Makefile: base, module + CLI, selftests).  --base-only
# makes the base alone (init, busybox, bash: no module); --layer makes an
# archive of only the parts given, to go after a base.
# FILE ending in .gz is compressed (gzip -9n); any other name is a plain
# cpio, which the kernel unpacks without the cost of decompressing it.
# Usage: mkinitramfs.sh --out FILE --module KO [--cli BIN]
#                       [--selftests DIR] [--examples DIR] [--file SRC:DST]...
#                       [--sysroot DIR] [--early-module KO]...
#                       [--boot FILE]...
#        mkinitramfs.sh --out FILE --base-only [--sysroot DIR]
#        mkinitramfs.sh --out FILE --layer [--module KO] [--cli BIN] ...
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
out='' module='' cli='' selftests='' examples='' sysroot=''
early=() files=() boot=()
mode=full
while (($#)); do
	case $1 in
	--base-only) mode=base; shift; continue ;;
	--layer) mode=layer; shift; continue ;;
	--out) out=$2 ;;
	--module) module=$2 ;;
	--cli) cli=$2 ;;
	--selftests) selftests=$2 ;;
	--examples) examples=$2 ;;
	--file) files+=("$2") ;;
	--sysroot) sysroot=$2 ;;
	--early-module) early+=("$2") ;;
	--boot) boot+=("$2") ;;
	*) echo "mkinitramfs: unknown argument $1" >&2; exit 2 ;;
	esac
	shift 2
done
[[ -n $out && ( -n $module || $mode != full ) ]] || { echo "usage: mkinitramfs.sh --out FILE --module KO ..." >&2; exit 2; }
[[ -z $module || -f $module ]] || { echo "mkinitramfs: no module at $module (run make module)" >&2; exit 1; }

is_static() {
	! readelf -l "$1" 2>/dev/null | grep -q 'Requesting program interpreter'
}

# Copy a dynamic executable with the libraries ldd resolves, at the same
# paths, so it runs in the guest without anything else from the host.
copy_with_libs() {
	local bin=$1 lib
	install -D -m 0755 "$bin" "$root$bin"
	for lib in $(ldd "$bin" | grep -o '/[^ ]*'); do
		install -D -m 0755 "$(readlink -f "$lib")" "$root$lib"
	done
}

# A foreign binary (or library) from the sysroot with the libraries it
# names (DT_NEEDED, recursively), found in the sysroot's library dirs.
copy_sysroot_bin() {
	local lib path dir
	install -D -m 0755 "$(readlink -f "$sysroot$1")" "$root$1"
	for lib in $(readelf -d "$sysroot$1" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'); do
		for dir in "${libdirs[@]}"; do
			path=$dir/$lib
			[[ -e $sysroot$path && ! -e $root$path ]] || continue
			copy_sysroot_bin "$path"
			break
		done
	done
}

# The sysroot's multiarch library directories (/lib/aarch64-linux-gnu, ...).
libdirs=()
if [[ -n $sysroot ]]; then
	for dir in "$sysroot"/lib/*-linux-gnu* "$sysroot"/usr/lib/*-linux-gnu*; do
		[[ -d $dir ]] && libdirs+=("${dir#"$sysroot"}")
	done
fi

busybox=$sysroot/bin/busybox
root=${out%.gz}
root=${root%.cpio}.root
rm -rf "$root"
mkdir -p "$root"

# --- the base: init, busybox and its applets, bash -----------------------
base() {
	is_static "$busybox" || { echo "mkinitramfs: $busybox is not static; install busybox-static" >&2; exit 1; }
	mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,dev,proc,sys,tmp,run,root,lib/modules}

	install -m 0755 "$here/init" "$root/init"
	install -m 0755 "$busybox" "$root/bin/busybox"
	if [[ -z $sysroot ]]; then
		copy_with_libs /bin/bash
	elif [[ -e $sysroot/bin/bash ]]; then
		copy_sysroot_bin /bin/bash
		# The dynamic loader is named by the program header, not DT_NEEDED.
		loader=$(readelf -l "$sysroot/bin/bash" | sed -n 's/.*interpreter: \(.*\)\]/\1/p')
		[[ -z $loader ]] || copy_sysroot_bin "$loader"
	fi

	# Applet links made here rather than by "busybox --install" at boot, so the
	# archive is complete and init can use plain command names from line one.
	# A sysroot's busybox cannot run here; Debian builds busybox-static from
	# one configuration for every architecture, so the host's list is its list.
	lister=$busybox
	[[ -z $sysroot ]] || lister=/bin/busybox
	# linuxrc is for initrd setups; never shadow a real binary we ship.
	while read -r applet; do
		[[ $applet == linuxrc ]] && continue
		[[ -e $root/$applet ]] && continue
		ln -s /bin/busybox "$root/$applet"
	done < <("$lister" --list-full)

	# The kernel opens /dev/console for init before devtmpfs is mounted; the
	# node needs root to create.  init copes without it (it reopens stdio).
	mknod -m 0600 "$root/dev/console" c 5 1 2>/dev/null || true
	mknod -m 0666 "$root/dev/null" c 1 3 2>/dev/null || true
}

# --- the parts: module, CLI, selftests, examples, files ------------------
parts() {
	mkdir -p "$root/bin" "$root/lib/modules"
	if [[ -n $cli ]]; then
		is_static "$cli" || { echo "mkinitramfs: $cli is not static (make -C cli STATIC=1)" >&2; exit 1; }
		install -m 0755 "$cli" "$root/bin/l4mm"
	fi
	[[ -z $module ]] || install -m 0644 "$module" "$root/lib/modules/l4mm.ko"
	if ((${#early[@]})); then
		mkdir -p "$root/lib/modules/early"
		for ko in "${early[@]}"; do
			name=$(basename "$ko" .xz)
			if [[ $ko == *.xz ]]; then
				xz -dc "$ko" >"$root/lib/modules/early/$name"
			else
				install -m 0644 "$ko" "$root/lib/modules/early/"
			fi
			echo "$name" >>"$root/lib/modules/early/order"
		done
	fi
	for f in "${boot[@]}"; do
		install -D -m 0644 "$f" "$root/boot/$(basename "$f")"
	done
	if [[ -n $selftests ]]; then
		mkdir -p "$root/selftests"
		cp -pR "$selftests/." "$root/selftests/"
	fi
	if [[ -n $examples ]]; then
		mkdir -p "$root/examples"
		cp -pR "$examples/." "$root/examples/"
	fi
	for f in "${files[@]}"; do
		install -D -m 0644 "${f%%:*}" "$root/${f#*:}"
	done
}

case $mode in
full) base; parts ;;
base) base ;;
layer) parts ;;
esac

compress=(cat)
[[ $out != *.gz ]] || compress=(gzip -9n)
(cd "$root" && find . -print0 | LC_ALL=C sort -z |
	cpio --null -o -H newc -R 0:0 --quiet) | "${compress[@]}" >"$out.tmp"
mv "$out.tmp" "$out"
echo "mkinitramfs: $out ($(du -h "$out" | cut -f1))" >&2
