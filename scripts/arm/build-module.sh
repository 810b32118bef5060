#!/bin/bash
# Cross-build the test l4mm.ko (L4MM_TEST=1: the guest's selftests drive
# its debugfs knobs) for an unpacked Debian kernel (scripts/arm/arm.mk,
# scripts/matrix/check-matrix.sh), in a mirror TREE of the sources
# (scripts/build-module.sh says why).
# Usage: build-module.sh REPO TREE KDIR KARCH [CROSS_COMPILE]
#   -> TREE/module/l4mm.ko
# Environment: KBUILD_ARGS, extra arguments for Kbuild (e.g. C=1).
set -euo pipefail

repo=$1 tree=$2 kdir=$3 karch=$4 cross=${5-}
# shellcheck disable=SC2086
exec "$repo/scripts/build-module.sh" "$repo" "$tree" "$kdir" \
	ARCH="$karch" CROSS_COMPILE="$cross" L4MM_TEST=1 ${KBUILD_ARGS-}
