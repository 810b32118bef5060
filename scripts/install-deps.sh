#!/bin/bash
# Install the Debian packages the build and the qemu harness need
# (usage: install-deps.sh [fuzz] [debug]).
# Idempotent and cheap when everything is there (one dpkg-query), so every
# make target can call it first.  apt-get update runs only when something
# is missing, because it is the slow, network-bound step.
set -euo pipefail

# Required: the kernel to boot and its headers (module build), qemu,
# a static busybox for the guest, libnl for the CLI and selftests, cpio for
# the initramfs, the kernel source tarball (kselftest headers, lib.mk,
# checkpatch), xz to unpack it, and a C toolchain with static glibc.
required=(
	linux-image-amd64 linux-headers-amd64 qemu-system-x86 busybox-static
	libnl-genl-3-dev libnl-3-dev pkg-config cpio linux-source-6.1 xz-utils
	make gcc libc6-dev
)
# Optional: nice to have (make C=1 runs sparse); never fail without them.
optional=(sparse)

# Extra groups, named on the command line by the targets that need them:
#   fuzz   libFuzzer (make fuzz): clang and its sanitizer runtimes
#   debug  building the KASAN/lockdep kernel (make check-debug)
for group in "$@"; do
	case $group in
	fuzz) required+=(clang libclang-rt-14-dev) ;;
	debug) required+=(build-essential bc bison flex libelf-dev libssl-dev
			  dwarves rsync) ;;
	*) echo "install-deps: unknown group '$group' (fuzz, debug)" >&2; exit 2 ;;
	esac
done

missing_of() {
	local pkg
	for pkg in "$@"; do
		# db:Status-Abbrev is "ii " for an installed package.
		[[ $(dpkg-query -W -f='${db:Status-Abbrev}' "$pkg" 2>/dev/null) == ii* ]] ||
			printf '%s\n' "$pkg"
	done
}

mapfile -t missing < <(missing_of "${required[@]}")
mapfile -t missing_opt < <(missing_of "${optional[@]}")

if ((${#missing[@]} + ${#missing_opt[@]})); then
	if ((EUID != 0)); then
		echo "install-deps: missing packages: ${missing[*]} ${missing_opt[*]}" >&2
		echo "install-deps: run as root to install them" >&2
		((${#missing[@]} == 0)) || exit 1
	else
		export DEBIAN_FRONTEND=noninteractive
		echo "install-deps: installing ${missing[*]} ${missing_opt[*]}" >&2
		# One failing index (e.g. a foreign architecture's security
		# index mid-sync) must not stop the packages the others provide.
		apt-get update -qq ||
			echo "install-deps: apt-get update reported errors; installing anyway" >&2
		if ((${#missing[@]})); then
			apt-get install -y -qq --no-install-recommends "${missing[@]}"
		fi
		if ((${#missing_opt[@]})); then
			apt-get install -y -qq --no-install-recommends "${missing_opt[@]}" ||
				echo "install-deps: optional ${missing_opt[*]} not installed" >&2
		fi
	fi
fi

# The meta packages must have produced a kernel we can both build for and
# boot; say so here rather than deep inside a build.
"$(dirname "$0")/kver.sh" >/dev/null
