#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make bench-loop: the time to first experiment.  Measures, on this
# machine as it is:
#   - "make run" without SCRIPT (must fail at once, with its usage);
#   - a warm "make run SCRIPT=..." of an unchanged tree (a one-line script
#     that lists the spaces), RUNS times after one warming run;
#   - the guest alone (scripts/qemu/run-vm.sh with the same image), for
#     what make adds;
# writes bench/results/loop.json and rewrites bench/README.md from the
# committed results (bench/readme.sh: "Time to first experiment").
# Wall-clock time: the host's load is recorded with it (2 shared cores:
# other jobs slow the emulated guest), and the CPU time of the warm runs,
# which the load disturbs much less.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
runs=${RUNS:-5}
res=$repo/bench/results
out=$repo/build/bench-loop
mkdir -p "$out" "$res"
cd "$repo"
"$repo/bench/deps.sh"

script=$out/list.sh
echo 'l4mm list' >"$script"

# secs CMD...: wall-clock seconds of CMD (its output discarded); the CPU
# seconds of CMD and its children (user + system) are appended to
# $out/cpu, a figure the host's load disturbs much less.
secs() {
	local t0 t1
	t0=$(date +%s.%N)
	/usr/bin/time -f '%U %S' -o "$out/time" "$@" >/dev/null 2>&1 || true
	t1=$(date +%s.%N)
	awk '{ printf "%.3f\n", $1 + $2 }' "$out/time" >>"$out/cpu"
	awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f\n", b - a }'
}

stats() {
	sort -n | awk '{ v[NR] = $1 } END {
		printf "{\"median\":%.2f,\"min\":%.2f,\"max\":%.2f,\"runs\":%d}",
			v[int((NR + 1) / 2)], v[1], v[NR], NR }'
}

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
echo "bench-loop: load average $load_before" >&2

# Usage without SCRIPT: it must fail, and fast.
if make --no-print-directory run >/dev/null 2>&1; then
	echo "bench-loop: make run without SCRIPT succeeded" >&2
	exit 1
fi
nos=$(for i in $(seq "$runs"); do secs make --no-print-directory run; done | stats)

echo "bench-loop: warming (builds what is missing)" >&2
make --no-print-directory run SCRIPT="$script" >/dev/null 2>&1
: >"$out/cpu"
warm=$(for i in $(seq "$runs"); do
	secs make --no-print-directory run SCRIPT="$script"
done | stats)
warm_cpu=$(stats <"$out/cpu")
kver=$(scripts/kver.sh 2>/dev/null)
[[ -s build/guest/run.cpio ]] || { echo "bench-loop: no run image" >&2; exit 1; }
guest=$(for i in $(seq "$runs"); do
	secs scripts/qemu/run-vm.sh --kernel "/boot/vmlinuz-$kver" \
		--initramfs build/guest/run.cpio "$script"
done | stats)
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

jq -n --arg date "$(date -u +%Y-%m-%dT%H:%MZ)" \
	--arg commit "$(git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)" \
	--arg before "$load_before" --arg after "$load_after" \
	--argjson nos "$nos" --argjson warm "$warm" --argjson guest "$guest" \
	--argjson warm_cpu "$warm_cpu" \
	--argjson cpus "$(nproc)" \
	'{date: $date, commit: $commit, cpus: $cpus,
	  loadavg_before: $before, loadavg_after: $after,
	  make_run_without_script_s: $nos, warm_make_run_s: $warm,
	  warm_make_run_cpu_s: $warm_cpu,
	  guest_alone_s: $guest, target_warm_s: 15, target_usage_s: 2}' \
	>"$res/loop.json"
jq . "$res/loop.json"

"$repo/bench/table.sh" "$res" >"$out/table.txt"
"$repo/bench/readme.sh" "$res" "$out/table.txt" results >"$repo/bench/README.md"
echo "bench-loop: bench/results/loop.json, bench/README.md" >&2
