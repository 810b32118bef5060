#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make bench: the native core benchmark, one guest boot, then the JSON in
# bench/results/, the plots, the table on stdout and bench/README.md.
# Called from the Makefile with KVER, TIMEOUT and BENCH_ARCH set; the base
# initramfs (make initramfs) exists unless BENCH_ARCH is arm.
#
# Nothing here asserts a timing: targets are stated as measured (met, or
# missed by how much) in results/targets.json and the report.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
out=$repo/build/bench
arch=${BENCH_ARCH:-x86}
# The x86 run owns bench/results and bench/README.md; other arches get a
# subdirectory (the arch tag: bench/results/arm/*.json) with their own
# report, so one never overwrites the other, and a section of the main
# report (bench/readme.sh).
res=$repo/bench/results
readme=$repo/bench/README.md
if [[ $arch != x86 ]]; then
	res=$repo/bench/results/$arch
	readme=$res/README.md
	out=$out/$arch
fi
mkdir -p "$out/raw" "$res"
"$repo/bench/deps.sh"

say() { printf '==== %s\n' "$*" >&2; }

say "native core benchmark (host)"
nice make --no-print-directory -s -C "$repo/bench/native"
bin=$repo/build/bench/bench_core
"$bin" ops 30 65536 > "$out/raw/ops.json"
for m in subtree total chain memory; do
	"$bin" $m > "$out/raw/$m.json"
done
# Superpage size: lookup through each entry size, fpage operations.
"$repo/build/bench/bench_super" > "$out/raw/super_lookup.json"
"$repo/build/bench/bench_fpage" > "$out/raw/fpage.json"
# The hostile constructions and the width of a tree (bench_worst.c).
"$repo/build/bench/bench_worst" > "$out/raw/worst.json"

say "instruction counts (valgrind --tool=callgrind)"
pages=4096
rm -rf "$out/cg"
mkdir -p "$out/cg"
(cd "$out/cg" && valgrind --tool=callgrind --collect-atstart=no \
	--callgrind-out-file=cg.out "$bin" icount $pages > icount.json 2> valgrind.log)
# One dump per op: "desc: Trigger: Client Request: OP" ... "totals: N".
for f in "$out/cg"/cg.out.*; do
	awk -v pages=$pages '
		/^desc: Trigger: Client Request:/ { op = $NF }
		/^totals:/ { printf "\"%s\":%.1f\n", op, $2 / pages }' "$f"
done | paste -sd, | sed 's/^/{/; s/$/}/' > "$out/raw/icount.json"

# The same counts against the reference revision (bench/icount.sh):
# the table goes to stdout now, the figures into the report.
say "instruction counts against ${ICOUNT_BASE:-fa27cb3} (bench/icount.sh)"
"$repo/bench/icount.sh" -j "$out/raw/icount_base.json" || \
	echo '{}' > "$out/raw/icount_base.json"

guest=0
mkdir -p "$out/guest"
if [[ $arch == arm ]]; then
	say "guest ($KVER, qemu-system-arm, TCG)"
	"$repo/bench/guest/boot-arm.sh" "$repo" "$out/guest" "$KVER" \
		"$TIMEOUT" "$out/guest/console.log" > /dev/null && guest=1
else
	say "guest ($KVER, TCG unless KVM=1)"
	"$repo/bench/guest/boot.sh" "$repo" "$out/guest" "$KVER" "$TIMEOUT" \
		"$out/guest/console.log" > /dev/null && guest=1
fi

if ((guest)); then
	log=$out/guest/console.log
	tr -d '\r' < "$log" > "$out/raw/console.txt"
	grep -q '^BENCH-DONE' "$out/raw/console.txt" || {
		echo "bench: the guest did not finish (see $log)" >&2
		exit 1
	}
	# "BENCH-JSON name {...}" -> {"name": {...}, ...}
	sed -n 's/^BENCH-JSON \([a-z_]*\) \(.*\)$/"\1":\2/p' "$out/raw/console.txt" |
		paste -sd, | sed 's/^/{/; s/$/}/' | jq . > "$out/raw/guest.json"
	# Memory at M mappings: module counters, l4mm_node slab, meminfo.
	awk '
	$1 == "BENCH-MEM" && $3 == "stats" { m = $2; sub(/^[^{]*/, ""); stats[m] = $0; order[n++] = m }
	$1 == "BENCH-MEM" && $3 == "slab" && $4 == "l4mm_node" {
		node[$2] = sprintf("{\"active_objs\":%s,\"num_objs\":%s,\"objsize\":%s,\"objperslab\":%s,\"pagesperslab\":%s,\"num_slabs\":%s}", $5, $6, $7, $8, $9, $18) }
	$1 == "BENCH-MEM" && $3 == "slab" && $4 ~ /^l4mm_table_/ { tslab[$2] += $18 * $9 * 4096 }
	$1 == "BENCH-MEM" && $3 == "meminfo" {
		s = ""; for (i = 4; i <= NF; i++) { split($i, kv, "="); s = s (s ? "," : "") "\"" kv[1] "_kb\":" kv[2] }
		mem[$2] = "{" s "}" }
	END {
		printf "{\"baseline_meminfo\":%s,\"points\":[", mem[0]
		for (i = 0; i < n; i++) { m = order[i]
			printf "%s{\"mappings\":%s,\"stats\":%s,\"node_slab\":%s,\"table_slab_bytes\":%d,\"meminfo\":%s}", i ? "," : "", m, stats[m], node[m], tslab[m], mem[m] }
		print "]}" }' "$out/raw/console.txt" | jq . > "$out/raw/guest_memory.json"
	sed -n 's/^BENCH-INFO //p' "$out/raw/console.txt" > "$out/raw/guest_info.txt"
else
	echo '{}' > "$out/raw/guest.json"
	echo '{"points":[]}' > "$out/raw/guest_memory.json"
	: > "$out/raw/guest_info.txt"
fi

say "results"
BENCH_ARCH=$arch "$repo/bench/report.sh" "$out/raw" "$res" "$readme"
# The main report includes the other arches' guest figures: rewrite it
# from the committed x86 results and this run's.
if [[ $arch != x86 && -s $repo/bench/results/machine.json ]]; then
	"$repo/bench/table.sh" "$repo/bench/results" > "$out/raw/table-x86.txt"
	"$repo/bench/readme.sh" "$repo/bench/results" "$out/raw/table-x86.txt" \
		results > "$repo/bench/README.md"
	echo "bench: $arch figures added to bench/README.md" >&2
fi
