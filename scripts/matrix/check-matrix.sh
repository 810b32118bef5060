#!/bin/bash
# "make check-matrix": the module on every kernel series x target the
# project supports, {6.1, 6.12} x {x86-64, armmp, armmp-lpae, arm64}.
# Each row builds the module afresh (W=1 and, where installed, sparse: a
# warning fails the row) and runs "make check"'s build and guest suite on
# that kernel (CHECK_HOST=0: the host stages do not depend on the kernel);
# the host stages run once, as their own row, with checkpatch, and so does
# the DKMS build (make check-dkms).  Prints the table and, last,
# "N passed, N failed[, N skipped]" over everything; exits 1 if anything
# failed.  Logs: build/matrix/<row>.log.  Not part of "make check": the
# ARM rows are TCG emulation, many minutes each.
#
# MATRIX_ROWS selects rows by name (e.g. "arm64-6.12 x86-64-6.1"); any
# one is also "make check [ARCH=..] [FLAVOUR=..] KERNEL=..".
# Environment: MAKE, TIMEOUT (per guest run; default 60m).
set -uo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd)
out=$repo/build/matrix
make_=("${MAKE:-make}" --no-print-directory -C "$repo")
timeout=${TIMEOUT:-60m}
mkdir -p "$out"

# name  target  series  make arguments
rows=(
	"x86-64-6.1      x86-64     6.1   ARCH=x86 FLAVOUR=amd64"
	"armmp-6.1       armmp      6.1   ARCH=arm FLAVOUR=armmp"
	"arm64-6.12      arm64      6.12  ARCH=arm64 FLAVOUR=arm64"
	"armmp-lpae-6.12 armmp-lpae 6.12  ARCH=arm FLAVOUR=armmp-lpae"
	"armmp-6.12      armmp      6.12  ARCH=arm FLAVOUR=armmp"
	"x86-64-6.12     x86-64     6.12  ARCH=x86 FLAVOUR=amd64"
	"arm64-6.1       arm64      6.1   ARCH=arm64 FLAVOUR=arm64"
	"armmp-lpae-6.1  armmp-lpae 6.1   ARCH=arm FLAVOUR=armmp-lpae"
)
want=${MATRIX_ROWS:-}
# What was tested: the commit at the start (and whether the tree differed).
started=$(date -u '+%Y-%m-%d %H:%M UTC')
commit=$(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo '?')
git -C "$repo" diff --quiet HEAD -- . 2>/dev/null || commit+=" plus uncommitted changes"

# The host's 6.1 kernel for the x86-64 row, named explicitly so that an
# installed newer kernel cannot stand in for it.
host_61() {
	local d best=''
	for d in /lib/modules/6.1.*-amd64; do
		[[ -d $d/build && -r /boot/vmlinuz-${d##*/} ]] && best+="${d##*/}"$'\n'
	done
	printf '%s' "$best" | sort -V | tail -n 1
}

# summary LOG -> "passed failed skipped" of its last summary line, or "".
summary() {
	sed -n 's/^\([0-9][0-9]*\) passed, \([0-9][0-9]*\) failed\(, \([0-9][0-9]*\) skipped\)\{0,1\}$/\1 \2 \4/p' \
		"$1" 2>/dev/null | tail -n 1 | awk '{ print $1, $2, $3 + 0 }'
}

table=()
tp=0 tf=0 ts=0
add_row() { # TARGET KERNEL PASSED FAILED SKIPPED
	table+=("$(printf '%-11s %-26s %7s %7s %8s' "$@")")
	tp=$((tp + $3)) tf=$((tf + $4)) ts=$((ts + $5))
	# The table so far, for a look while the rest runs.
	printf '%s\n' "${table[@]}" >"$out/table.partial"
}

# build_check NAME ARGS...: the module from scratch in its own tree,
# W=1 and C=1 (sparse) if installed; one TAP line in the row's log.
build_check() {
	local name=$1 log=$out/$1.build.log
	shift
	local tree=$out/$name.src kdir karch cross=''
	rm -rf "$tree"
	kdir=$("${make_[@]}" -s "$@" matrix-print-kdir 2>/dev/null | tail -n 1)
	karch=$("${make_[@]}" -s "$@" matrix-print-karch 2>/dev/null | tail -n 1)
	cross=$("${make_[@]}" -s "$@" matrix-print-cross 2>/dev/null | tail -n 1)
	local sparse=''
	command -v sparse >/dev/null && sparse=C=1
	KBUILD_ARGS="$sparse -j2" "$repo/scripts/arm/build-module.sh" "$repo" \
		"$tree" "$kdir" "$karch" "$cross" >"$log" 2>&1
	local rc=$?
	# /usr/src/linux-headers-REL or /lib/modules/REL/build
	local rel=${kdir%/build}
	rel=${rel##*/}
	rel=${rel#linux-headers-}
	if ((rc == 0)) && ! grep -qE 'warning:|error:' "$log"; then
		echo "ok 1 - module builds for $rel without warnings (W=1 $sparse)"
	else
		grep -E 'warning:|error:|Error' "$log" | head -n 20 | sed 's/^/# /'
		echo "not ok 1 - module builds for $rel without warnings (W=1 $sparse)"
	fi
}

for row in "${rows[@]}"; do
	read -r name target series args <<<"$row"
	if [[ -n $want && " $want " != *" $name "* ]]; then
		continue
	fi
	# shellcheck disable=SC2206
	margs=($args KERNEL="$series")
	if [[ $name == x86-64-6.1 ]]; then
		kv=$(host_61)
		[[ -n $kv ]] || { add_row "$target" "none: no host 6.1" 0 1 0; continue; }
		margs+=(KVER="$kv")
	fi
	log=$out/$name.log
	printf '\n==== matrix: %s (make check %s)\n' "$name" "${margs[*]}"
	{
		"${make_[@]}" "${margs[@]}" deps
		build_check "$name" "${margs[@]}"
		"${make_[@]}" "${margs[@]}" CHECK_HOST=0 TIMEOUT="$timeout" check
	} 2>&1 | tee "$log"
	kver=$(sed -n 's/^==== kselftests (guest, \([^,]*\),.*/\1/p' "$log" | tail -n 1)
	p='' f='' s=''
	read -r p f s < <(summary "$log") || true
	if [[ -z ${p:-} ]]; then
		add_row "$target" "${kver:-?}" 0 1 0
		continue
	fi
	# The build check's line is not in check's count.
	if grep -q '^ok 1 - module builds' "$log"; then
		p=$((p + 1))
	else
		f=$((f + 1))
	fi
	add_row "$target" "${kver:-?}" "$p" "$f" "$s"
done

if [[ -z $want || " $want " == *" host "* ]]; then
	printf '\n==== matrix: host tests (unit, CLI, diff, mutation) and checkpatch\n'
	log=$out/host.log
	{
		"${make_[@]}" unit 2>&1 | tee "$out/unit.log"
		"${MAKE:-make}" --no-print-directory -C "$repo/tests/cli" 2>&1 |
			tee "$out/cli-test.log"
		"${make_[@]}" diff 2>&1 | tee "$out/diff.log"
		"$repo/scripts/mutation.sh" 2>&1 | tee "$out/mutation.log"
		if "${make_[@]}" checkpatch >"$out/checkpatch.log" 2>&1; then
			echo "ok 1 - checkpatch --strict, LINUX_VERSION_CODE only in module/compat.h"
		else
			grep -E '^(ERROR|WARNING|CHECK)|checkpatch:' "$out/checkpatch.log" | sed 's/^/# /'
			echo "not ok 1 - checkpatch --strict, LINUX_VERSION_CODE only in module/compat.h"
		fi >"$out/checkpatch.tap"
		cat "$out/checkpatch.tap"
		"$repo/scripts/count-results.sh" --unit "$out/unit.log" \
			--tap "$out/cli-test.log" --tap "$out/diff.log" \
			--tap "$out/mutation.log" --tap "$out/checkpatch.tap"
	} 2>&1 | tee "$log"
	p='' f='' s=''
	read -r p f s < <(summary "$log") || true
	add_row "host" "(any)" "${p:-0}" "${f:-1}" "${s:-0}"
fi

if [[ -z $want || " $want " == *" dkms "* ]]; then
	printf '\n==== matrix: DKMS build (make check-dkms)\n'
	log=$out/dkms.log
	"$repo/scripts/matrix/check-dkms.sh" 2>&1 | tee "$log"
	kv=$(sed -n 's/^ok 1 - dkms build .* -k //p' "$log")
	p='' f='' s=''
	read -r p f s < <(summary "$log") || true
	add_row "dkms" "${kv:-6.12 amd64}" "${p:-0}" "${f:-1}" "${s:-0}"
fi

printf '\n==== matrix: started %s, commit %s\n' "$started" "$commit"
printf '%-11s %-26s %7s %7s %8s\n' target kernel passed failed skipped
printf '%s\n' "${table[@]}" | tee "$out/table.txt"
summary_line="$tp passed, $tf failed"
((ts == 0)) || summary_line+=", $ts skipped"
echo "$summary_line"
((tf == 0 && ${#table[@]} > 0))
