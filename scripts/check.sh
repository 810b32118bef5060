#!/bin/bash
# "make check": build everything, run the unit tests on the host, boot the
# guest once to run /selftests/run.sh, then print the summary as the very
# last line (scripts/count-results.sh).  Every stage runs even if an
# earlier one failed, as far as it can, so one report shows all failures.
# Called from the Makefile with MAKE, KVER, TIMEOUT (and KVM) set; the ARM
# build (scripts/arm/arm.mk) also sets ARCH=arm, VMLINUZ, INITRAMFS and
# CHECK_OUT (where the logs go).  CHECK_HOST=0 leaves out the host stages
# (unit, CLI, differential, proofs, mutation: they do not depend on the
# kernel),
# for make check-matrix, which runs them once.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
build=${CHECK_OUT:-$repo/build}
vmlinuz=${VMLINUZ:-/boot/vmlinuz-$KVER}
initramfs=${INITRAMFS:-$repo/build/initramfs.cpio.gz}
make_=("${MAKE:-make}" --no-print-directory -C "$repo")
mkdir -p "$build"
rm -f "$build/unit.log" "$build/guest.log" "$build/result.txt" \
	"$build/diff.log" "$build/mutation.log" "$build/cli-test.log" \
	"$build/install.log" "$build/exhaust.log" "$build/lint.log" \
	"$build/prove.log"

stage() { printf '\n==== %s\n' "$*"; }

stage "build: module, CLI, static CLI, selftests, initramfs"
built=1
"${make_[@]}" -k all initramfs || built=0

host=${CHECK_HOST:-1}
if ((host)); then
	# Of the host's x86 build (scripts/arm/arm.mk has no lint).
	if [[ ${ARCH:-x86} != arm* ]]; then
		stage "lint (host): symbol cycles of the module's objects, test knobs, checkpatch"
		"${make_[@]}" lint 2>&1 | tee "$build/lint.log" || true
	fi

	stage "unit tests (host)"
	"${make_[@]}" unit 2>&1 | tee "$build/unit.log" || true

	stage "CLI parsing tests (host): command lines to netlink requests"
	"${MAKE:-make}" --no-print-directory -C "$repo/tests/cli" 2>&1 |
		tee "$build/cli-test.log" || true

	# make install/uninstall into a scratch DESTDIR, and the one
	# VERSION.  Not for ARM (scripts/arm/arm.mk sets ARCH): it installs
	# the host build.
	if [[ ${ARCH:-x86} != arm* ]]; then
		stage "install, uninstall and the version string (host)"
		KVER="$KVER" "$repo/scripts/test-install.sh" 2>&1 |
			tee "$build/install.log" || true
	fi

	stage "differential test (host): core vs reference model"
	"${make_[@]}" diff 2>&1 | tee "$build/diff.log" || true

	stage "exhaustive search (host): every reachable state of a small configuration"
	"${MAKE:-make}" --no-print-directory -s -C "$repo/exhaust" quick 2>&1 |
		tee "$build/exhaust.log" || true

	# Before the mutation check: its prove mutants need the provers
	# (make prove installs them) and start from a warm cache.
	stage "proofs (host): Frama-C WP on the annotated core"
	PROVE_TAP=1 "${make_[@]}" prove 2>&1 | tee "$build/prove.log" || true

	stage "mutation check (host): deliberate bugs in the core must be caught"
	"$repo/scripts/mutation.sh" 2>&1 | tee "$build/mutation.log" || true
fi

if ((built)); then
	stage "kselftests (guest, $KVER, timeout $TIMEOUT)"
	start=$SECONDS
	"$repo/scripts/qemu/run-vm.sh" --timeout "$TIMEOUT" \
		--log "$build/guest.log" --result "$build/result.txt" \
		--kernel "$vmlinuz" --initramfs "$initramfs" \
		"$repo/scripts/qemu/check-boot.sh" || true
	echo "check: guest run took $((SECONDS - start))s"
else
	stage "kselftests (guest): SKIPPED, the build failed"
fi

stage "summary"
if ((host)); then
	# shellcheck disable=SC2046
	exec "$repo/scripts/count-results.sh" --unit "$build/unit.log" \
		--guest "$build/guest.log" --result "$build/result.txt" \
		--tap "$build/diff.log" --tap "$build/mutation.log" \
		--tap "$build/cli-test.log" --tap "$build/exhaust.log" \
		--tap "$build/prove.log" \
		$([[ ${ARCH:-x86} == arm* ]] ||
			echo --tap "$build/install.log" --tap "$build/lint.log")
fi
exec "$repo/scripts/count-results.sh" --guest "$build/guest.log" \
	--result "$build/result.txt"
