#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make bench, last step: turn the raw figures of one run (RAW: ops.json,
# icount.json, subtree/total/chain/memory.json from bench_core;
# guest.json, guest_memory.json, guest_info.txt from the guest) into
# RESULTS/*.json, RESULTS/*.svg, a table on stdout and the report README.
#
# Usage: report.sh RAW RESULTS README
set -euo pipefail

raw=$1 res=$2 readme=$3
mkdir -p "$res"

host_cpu=$(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -n 1)
host_cpus=$(grep -c ^processor /proc/cpuinfo)
guest_kernel=$(sed -n 's/^kernel \([^ ]*\).*/\1/p' "$raw/guest_info.txt")
guest_cpu=$(sed -n 's/^cpu //p' "$raw/guest_info.txt")
guest_mem=$(sed -n 's/^memtotal_kb //p' "$raw/guest_info.txt")
jq -n --arg arch "${BENCH_ARCH:-x86}" \
	--arg date "$(date -u +%Y-%m-%dT%H:%MZ)" --arg cpu "$host_cpu" \
	--argjson cpus "$host_cpus" --arg kernel "$(uname -r)" \
	--arg cc "$(gcc --version | head -n 1)" \
	--arg valgrind "$(valgrind --version)" \
	--arg gkernel "$guest_kernel" --arg gcpu "$guest_cpu" \
	--arg gmem "$guest_mem" --arg commit "$(git -C "$(dirname "$readme")" rev-parse --short=12 HEAD 2>/dev/null || echo unknown)" \
	'{arch: $arch, date: $date, commit: $commit,
	  host: {cpu: $cpu, cpus: $cpus, kernel: $kernel, cc: $cc, valgrind: $valgrind},
	  guest: {kernel: $gkernel, cpu: $gcpu, memtotal_kb: ($gmem | tonumber? // null),
		  accel: "TCG (software emulation)"}}' > "$res/machine.json"

# Core: native figures, instruction counts and the module's, side by side.
jq -n --slurpfile ops "$raw/ops.json" --slurpfile ic "$raw/icount.json" \
	--slurpfile g "$raw/guest.json" --slurpfile sl "$raw/super_lookup.json" \
	--slurpfile fp "$raw/fpage.json" '
	($ops[0]) as $o | ($g[0].kbench // {}) as $k |
	{native: {runs: $o.runs, pages: $o.pages, chunk: $o.chunk},
	 module: {pages: $k.pages},
	 ops: ($o.ops | to_entries | map({key, value: {
		native_median_ns: .value.median_ns, native_p99_ns: .value.p99_ns,
		native_ns_per_removed: (if .value.removed > 0
			then .value.median_ns * .value.ops / .value.removed else null end),
		instructions: $ic[0][.key],
		module_median_ns: $k.ops[.key].median_ns,
		module_p99_ns: $k.ops[.key].p99_ns}}) | from_entries),
	 superpage: {lookup: $sl[0], fpage: {reps: $fp[0].reps, sizes: [$fp[0].sizes[] |
		. as $z | . + {ops: ([["map", "map_ns"], ["unmap", "unmap_ns"], ["flush", "flush_ns"]] |
			map({key: .[0], value: {
				fpage_ns: $z.fpage[.[1]], fpage_ns_per_page: ($z.fpage[.[1]] / $z.pages),
				single_ns: $z.single[.[1]], single_ns_per_page: ($z.single[.[1]] / $z.pages),
				fpage_over_single: ($z.fpage[.[1]] / $z.single[.[1]])}}) | from_entries)}]}}}
	' > "$res/core.json"

jq -n --slurpfile s "$raw/subtree.json" --slurpfile t "$raw/total.json" \
	--slurpfile c "$raw/chain.json" \
	'{unmap_vs_subtree: $s[0].points, unmap_vs_total: $t[0],
	  lookup_vs_chain: $c[0].points}' > "$res/scaling.json"

jq -n --slurpfile n "$raw/memory.json" --slurpfile g "$raw/guest_memory.json" '
	{native: $n[0],
	 guest: ($g[0] + {points: [$g[0].points[] | . + {
		mdb_bytes_per_mapping: (.stats.node_bytes / .mappings),
		node_slab_bytes_per_mapping: (.node_slab.num_slabs * .node_slab.pagesperslab * 4096 / .mappings),
		pt_bytes_per_page: (.stats.table_bytes / .mappings),
		used_kb: ($g[0].baseline_meminfo.MemAvailable_kb - .meminfo.MemAvailable_kb)}]})}
	| .guest.largest = (.guest.points | max_by(.mappings) | if . == null then null else
		{mappings, memavailable_kb: .meminfo.MemAvailable_kb,
		 bytes_per_mapping: (.used_kb * 1024 / .mappings),
		 projected_max_mappings: (.mappings + .meminfo.MemAvailable_kb * .mappings / .used_kb | floor)} end)
	' > "$res/memory.json"

jq -n --slurpfile g "$raw/guest.json" '
	def median: sort | .[length / 2 | floor];
	$g[0] as $g | if ($g | length) == 0 then {} else
	($g.rounds | {n, rounds,
		median_ratio: ([.rounds[].ratio] | median),
		min_ratio: ([.rounds[].ratio] | min),
		max_ratio: ([.rounds[].ratio] | max),
		median_l4mm_map_flush_ns: ([.rounds[].l4mm_map_flush_ns] | median),
		median_l4mm_build_ns: ([.rounds[].l4mm_build_ns] | median),
		median_linux_mmap_munmap_ns: ([.rounds[].linux_mmap_munmap_ns] | median)}) as $r | ($g.netlink.batched.map_ns + $g.netlink.batched.flush_ns) as $bmf |
	($g.kbench.ops.map.mean_ns + $g.kbench.ops.flush.mean_ns) as $kmf |
	{netlink: $g.netlink, cli: $g.cli, linux: $g.linux, rounds: $r,
	 kbench_map_flush_mean_ns: $kmf,
	 share_l4mm: $g.share, share_linux: $g.share_linux,
	 ratios_l4mm_over_linux: {
		map_unmap_batched_netlink: $r.median_ratio,
		map_unmap_single_netlink: (($g.netlink.single.map_ns + $g.netlink.single.flush_ns) / $g.linux.mmap_populate_munmap_ns),
		map_unmap_in_kernel: ($kmf / $g.linux.mmap_populate_munmap_ns),
		map_batched_vs_mprotect: ($g.netlink.batched.map_ns / $g.linux.mprotect_ns),
		share_one_page: ($g.share.per_space_ns / $g.share_linux.share_per_process_ns)},
	 batching: {
		cli_batched_over_process_per_op: ($g.cli.batched_ops_per_s / $g.cli.single_ops_per_s),
		netlink_batched_over_request_per_op: ($g.netlink.batched.map_flush_ops_per_s / $g.netlink.single.map_flush_ops_per_s)}} end
	' > "$res/guest.json"

# Targets: value, limit, and met or missed by how much (in percent).
jq -n --slurpfile c "$res/core.json" --slurpfile s "$res/scaling.json" \
	--slurpfile m "$res/memory.json" --slurpfile g "$res/guest.json" '
	def inv: if . == null then null else 1 / . end;
	def rnd($k): if . == null then null else . * $k | round / $k end;
	def t($name; $value; $op; $limit; $unit; $how):
		{name: $name, value: $value, op: $op, limit: $limit, unit: $unit, how: $how,
		 met: (if $value == null then null elif $op == "<=" then $value <= $limit else $value >= $limit end),
		 missed_by_pct: (if $value == null then null
			elif $op == "<=" then ([0, ($value / $limit - 1) * 100] | max)
			else ([0, (1 - $value / $limit) * 100] | max) end)};
	($s[0].unmap_vs_total.points) as $tp |
	$m[0].guest.largest as $mm |
	($m[0].guest.points | map(select(.mappings == 1000000)) | first) as $m6 |
	[t("core lookup, native"; $c[0].ops.lookup.native_median_ns; "<="; 30; "ns"; "median over chunks of 64 lookups (depth 1)"),
	 t("core map, native"; $c[0].ops.map.native_median_ns; "<="; 200; "ns"; "median, fresh destination, tables allocated as needed"),
	 t("core unmap, native, per removed mapping"; $c[0].ops.unmap.native_ns_per_removed; "<="; 100; "ns"; "median unmap removing 1 mapping each"),
	 ($c[0].superpage.lookup.points | map(select(.entry == "1M")) | first) as $l1m |
	 t("core lookup through a 1 MiB section, native"; $l1m.lookup_ns; "<="; 30; "ns"; "bench_super: median over chunks of 64 pseudo-random lookups of 4096 pages mapped through sections; through small pages, the same pages take \($c[0].superpage.lookup.points | map(select(.entry == "4K")) | first.lookup_ns) ns: the random pages, not the section, cost the difference to the sequential lookup above"),
	 ($c[0].superpage.fpage.sizes | map(select(.order == 20)) | first) as $f1m |
	 t("core map of a 1 MiB flexpage, native, per page"; $f1m.ops.map.fpage_ns_per_page; "<="; 200; "ns"; "bench_fpage: one fpage map of 256 pages, median of \($c[0].superpage.fpage.reps) (destination entry: \(pow(2; $f1m.entry_shift) / 1024) KiB)"),
	 t("core unmap of a 1 MiB flexpage, native, per removed mapping"; $f1m.ops.unmap.fpage_ns_per_page; "<="; 100; "ns"; "bench_fpage: one fpage unmap removing 256 mappings, median of \($c[0].superpage.fpage.reps)"),
	 t("guest map+unmap vs Linux mmap(MAP_FIXED|MAP_POPULATE)+munmap"; ($g[0].ratios_l4mm_over_linux.map_unmap_batched_netlink | inv); ">="; 10; "x cheaper"; "l4mm map+flush per page through batched netlink against Linux in the same guest; median of \($g[0].rounds.rounds | length) interleaved rounds, whose ratios range from \($g[0].rounds.max_ratio | inv | rnd(10))x to \($g[0].rounds.min_ratio | inv | rnd(10))x on this shared host"),
	 t("batched CLI vs one request per op"; $g[0].batching.cli_batched_over_process_per_op; ">="; 20; "x ops/s"; "l4mm -b FILE vs one l4mm process (one request) per op"),
	 t("unmap 10^6 vs 10^3 total mappings"; (($tp | map(select(.total == 1000000)) | first.median_ns) / ($tp | map(select(.total == 1000)) | first.median_ns)); "<="; 1.3; "ratio"; "native, pages from a fixed working set"),
	 t("MDB metadata per mapping"; $m6.mdb_bytes_per_mapping; "<="; 32; "bytes"; "guest, module node bytes / mappings at 10^6 (l4mm_node slab objsize \($m6.node_slab.objsize)); 24 before the parent pointer (see Worst cases)"),
	 t("mappings held in a 512 MiB guest"; $mm.mappings; ">="; 1000000; "mappings"; "guest reloaded with sigma0_pages=\($mm.mappings) (the most one state holds in sigma0); \($mm.bytes_per_mapping | rnd(1)) bytes of guest memory per mapping all told, \($mm.memavailable_kb) kB still available: about \($mm.projected_max_mappings | if . == null then null else . / 1e6 end | rnd(10)) million mappings would fit at that cost (an estimate)")]
	' > "$res/targets.json"

# Worst cases: the hostile constructions, and a mapping's source against
# the width of its tree (bench_worst.c).
jq '.' "$raw/worst.json" > "$res/worst.json"
# Instructions per op against the reference revision (bench/icount.sh).
jq '.' "$raw/icount_base.json" > "$res/icount_base.json"

# Plots.
plot() { gnuplot -e "set terminal svg size 640,400 font 'sans,11' background rgb 'white'; set output '$res/$1.svg'; set grid; set key top left; $2"; }
jq -r '.unmap_vs_subtree[] | "\(.removed)\t\(.median_ns)\t\(.ns_per_removed)"' "$res/scaling.json" > "$raw/subtree.dat"
jq -r '.unmap_vs_total.points[] | "\(.total)\t\(.median_ns)\t\(.uniform_median_ns)"' "$res/scaling.json" > "$raw/total.dat"
jq -r '.lookup_vs_chain[] | "\(.chain)\t\(.median_ns)"' "$res/scaling.json" > "$raw/chain.dat"
jq -r '.native.points[] | "\(.mappings)\t\(.mdb_bytes_per_mapping)\t\(.pt_bytes_per_page)"' "$res/memory.json" > "$raw/mem_native.dat"
jq -r '.guest.points[] | "\(.mappings)\t\(.mdb_bytes_per_mapping)\t\(.pt_bytes_per_page)\t\(.node_slab_bytes_per_mapping)"' "$res/memory.json" > "$raw/mem_guest.dat"
# The reference line goes through the 1024-mapping point.
slope=$(awk '$1 == 1024 { print $3 }' "$raw/subtree.dat")
plot unmap_vs_subtree "set key bottom right; set title 'unmap cost vs removed subtree (native)'; set logscale xy; set xlabel 'mappings removed by one unmap'; set ylabel 'ns'; plot '$raw/subtree.dat' u 1:2 w lp t 'unmap time', x*$slope w l dt 2 t 'linear ($slope ns each)'"
plot unmap_vs_total "set title 'unmap cost vs total mappings (native)'; set logscale x; set xlabel 'mappings in the state'; set ylabel 'ns per unmap'; set yrange [0:*]; plot '$raw/total.dat' u 1:2 w lp t 'fixed working set (1000 pages)', '' u 1:3 w lp t 'pages uniform over all mappings'"
plot lookup_vs_chain "set title 'lookup cost vs derivation chain length (native)'; set logscale x; set xlabel 'chain length'; set ylabel 'ns per lookup'; set yrange [0:*]; plot '$raw/chain.dat' u 1:2 w lp t 'lookup at the end of the chain'"
guest_curves=''
if [[ -s $raw/mem_guest.dat ]]; then
	guest_curves=", '$raw/mem_guest.dat' u 1:4 w lp t 'l4mm\\_node slab pages (guest)', '' u 1:3 w p t 'page tables (guest)'"
fi
plot memory "set title 'metadata per mapping'; set logscale x; set xlabel 'mappings'; set ylabel 'bytes'; set yrange [0:*]; plot '$raw/mem_native.dat' u 1:2 w lp t 'MDB node (native)', '' u 1:3 w lp t 'page tables (native)'$guest_curves"

jq -r '.width[] | "\(.siblings)\t\(.first_ns)\t\(.last_ns)"' "$res/worst.json" > "$raw/width.dat"
plot source_vs_width "set title 'lookup (with its source) vs siblings (native)'; set logscale x; set xlabel 'children of one page'; set ylabel 'ns per lookup'; set yrange [0:*]; plot '$raw/width.dat' u 1:2 w lp t 'first child mapped', '' u 1:3 w lp t 'last child mapped'"
names=$(jq -r '.constructions[].name' "$res/worst.json")
curves='' tcurves=''
for n in $names; do
	jq -r --arg n "$n" '.constructions[] | select(.name == $n) | .points[] | "\(.pages)\t\(.p999_stretch_ns / 1000)\t\(.max_stretch_ns / 1000)"' "$res/worst.json" > "$raw/stretch_$n.dat"
	curves+="${curves:+, }'$raw/stretch_$n.dat' u 1:2 w lp t '${n//_/\\_}'"
	jq -r --arg n "$n" '.constructions[] | select(.name == $n) | .points[] | "\(.pages)\t\(.total_ns / .pages)"' "$res/worst.json" > "$raw/total_$n.dat"
	tcurves+="${tcurves:+, }'$raw/total_$n.dat' u 1:2 w lp t '${n//_/\\_}'"
done
plot worst_total "set key outside right; set title 'total time per page of each construction (native)'; set logscale x 2; set format x '2^{%L}'; set logscale y; set xlabel 'pages of the construction'; set ylabel 'ns per page'; plot $tcurves"
plot stretch_vs_size "set key outside right; set title '99.9th percentile of the stretches between yield points (native)'; set logscale x 2; set format x '2^{%L}'; set xlabel 'pages of the construction'; set ylabel 'microseconds of CPU'; set yrange [0:*]; plot $curves"

"$(dirname "$0")/table.sh" "$res" | tee "$raw/table.txt"
"$(dirname "$0")/readme.sh" "$res" "$raw/table.txt" \
	"$(realpath --relative-to="$(dirname "$readme")" "$res")" > "$readme"
echo "bench: results in $res, report in $readme" >&2
