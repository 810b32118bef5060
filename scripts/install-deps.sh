#!/bin/bash
# Install the Debian packages the build and the qemu harness need
# (usage: install-deps.sh [build] [guest] [ksft] [fuzz] [debug] [deb]
# [figures] [prove]).
# Idempotent and cheap when everything is there (one dpkg-query), so every
# make target can call it first.  apt-get update runs only when something
# is missing, because it is the slow, network-bound step.
set -euo pipefail

# The groups, named on the command line by the targets that need them:
#   build  the module's kernel headers, libnl for the CLI and selftests,
#          a C toolchain with static glibc (every build target)
#   guest  the kernel to boot, qemu, a static busybox for the guest and
#          cpio for its initramfs (the targets that boot the guest)
#   ksft   the kernel source tarball (kselftest headers, lib.mk,
#          checkpatch) and xz to unpack it
# None of these three named: all three (every target needed them before
# they were told apart).  On top of them:
#   fuzz   libFuzzer (make fuzz): clang and its sanitizer runtimes
#   debug  building the KASAN/lockdep kernel (make check-debug)
#   deb    building and checking the packages (make deb, check-packages)
#   figures  Graphviz, to render the paper's figures (make figures)
#   prove  Frama-C with WP, Why3 and the SMT solvers it drives (make
#          prove).  bookworm's why3 1.5.1 does not know cvc5 (packaged,
#          1.0.3, but first detected by why3 1.6), and alt-ergo is not
#          packaged: the provers are z3 and cvc4 1.8.
build_pkgs=(linux-headers-amd64 libnl-genl-3-dev libnl-3-dev pkg-config
	    make gcc libc6-dev)
guest_pkgs=(linux-image-amd64 qemu-system-x86 busybox-static cpio)
ksft_pkgs=(linux-source-6.1 xz-utils)
# Optional: nice to have (make C=1 runs sparse); never fail without them.
optional=(sparse)

required=()
base=0
for group in "$@"; do
	case $group in
	build) required+=("${build_pkgs[@]}"); base=1 ;;
	guest) required+=("${guest_pkgs[@]}"); base=1 ;;
	ksft) required+=("${ksft_pkgs[@]}"); base=1 ;;
	fuzz) required+=(clang libclang-rt-14-dev) ;;
	debug) required+=(build-essential bc bison flex libelf-dev libssl-dev
			  dwarves rsync) ;;
	deb) required+=(debhelper dh-dkms dkms dpkg-dev lintian fakeroot
			groff-base man-db bash-completion) ;;
	figures) required+=(graphviz) ;;
	prove) required+=(frama-c-base why3 z3 cvc4) ;;
	*) echo "install-deps: unknown group '$group' (build, guest, ksft, fuzz, debug, deb, figures, prove)" >&2; exit 2 ;;
	esac
done
((base)) || required+=("${build_pkgs[@]}" "${guest_pkgs[@]}" "${ksft_pkgs[@]}")

# One dpkg-query for all of them (every make target calls this): the
# packages that are not "ii " (installed), unknown ones included.
missing_of() {
	(($#)) || return 0
	dpkg-query -W -f='${db:Status-Abbrev} ${Package}\n' "$@" 2>/dev/null |
		awk -v want="$*" '$1 == "ii" { ok[$2] = 1 }
			END { n = split(want, w, " ")
			      for (i = 1; i <= n; i++) if (!ok[w[i]]) print w[i] }' ||
		true
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
