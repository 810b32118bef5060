#!/bin/bash
# "make check-all": the host's "make check", then "make ARCH=arm check"
# (qemu-system-arm, TCG: a few minutes more, plus ~60 MB of downloads the
# first time), and one summary of both as the last line.  Both runs go on
# whatever the other did.  Called from the Makefile with MAKE set.
set -euo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd)
mkdir -p "$repo/build"
passed=0 failed=0 status=0
for arch in host arm; do
	log=$repo/build/check-all-$arch.log
	args=(--no-print-directory -C "$repo" check)
	[[ $arch == arm ]] && args+=(ARCH=arm)
	set +e
	"${MAKE:-make}" "${args[@]}" 2>&1 | tee "$log"
	((PIPESTATUS[0] == 0)) || status=1
	set -e
	line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1) || true
	if [[ -z $line ]]; then
		echo "check-all: $arch: no summary line"
		failed=$((failed + 1))
		status=1
		continue
	fi
	read -r p _ f _ <<<"${line//,/}"
	passed=$((passed + p)) failed=$((failed + f))
done
echo "$passed passed, $failed failed"
exit "$status"
