#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The table make bench prints, from RESULTS/*.json (Markdown, so that the
# report can include it as is).  With "guest", only what the guest of
# that run measured: the x86 report includes the ARM run's that way.
#
# Usage: table.sh RESULTS [guest]
set -euo pipefail

res=$1 only=${2:-all}
f1() { jq -r "$1" "$res/$2"; }

if [[ $only == guest ]]; then
echo "### Core operations in the module (ns per operation, TCG)"
echo
echo "| op | module median | module p99 |"
echo "|---|---:|---:|"
f1 '.ops | to_entries[] | "| \(.key) | \(.value.module_median_ns // "-") | \(.value.module_p99_ns // "-") |"' core.json
else
echo "### Core operations (ns per operation; instructions from callgrind)"
echo
echo "| op | native median | native p99 | instructions | module median (TCG) | module p99 (TCG) |"
echo "|---|---:|---:|---:|---:|---:|"
f1 '.ops | to_entries[] | "| \(.key) | \(.value.native_median_ns) | \(.value.native_p99_ns) | \(.value.instructions) | \(.value.module_median_ns // "-") | \(.value.module_p99_ns // "-") |"' core.json
fi
echo
if [[ $only != guest ]] && jq -e '.superpage | objects | .fpage' "$res/core.json" > /dev/null; then
echo "### Superpage size (native)"
echo
echo "| flexpage | entry | op | one fpage op (ns) | per page | single-page ops (ns) | per page | fpage / single |"
echo "|---|---|---|---:|---:|---:|---:|---:|"
f1 '
	def r: . * 100 | round / 100;
	def sz: if . >= 1048576 then "\(. / 1048576) MiB" else "\(. / 1024) KiB" end;
	.superpage.fpage.sizes[] | . as $z | .ops | to_entries[] |
	"| \($z.bytes | sz) (\($z.pages) pages) | \(pow(2; $z.entry_shift) | sz) | \(.key) | \(.value.fpage_ns) | \(.value.fpage_ns_per_page | r) | \(.value.single_ns) (\($z.pages) ops) | \(.value.single_ns_per_page | r) | \(.value.fpage_over_single | r) |"' core.json
echo
echo "| lookup through | l4mm_lookup (ns) | engine walk only (ns) |"
echo "|---|---:|---:|"
f1 '.superpage.lookup.points[] | "| \(.entry) entry | \(.lookup_ns) | \(.walk_ns) |"' core.json
echo
fi
if [[ $(jq length "$res/guest.json") == 0 ]]; then
	echo "### Guest: not run"
	echo
else
echo "### Guest: l4mm next to Linux (same guest, same run; time ratio l4mm / Linux)"
echo
echo "| what | l4mm | Linux | l4mm / Linux |"
echo "|---|---:|---:|---:|"
f1 '
	def r: . * 1000 | round / 1000;
	"| map+unmap of one page, batched netlink vs mmap(MAP_FIXED\\|MAP_POPULATE)+munmap (median of \(.rounds.rounds | length) interleaved rounds of \(.rounds.n) pages) | \(.rounds.median_l4mm_map_flush_ns) ns (userspace message building: \(.rounds.median_l4mm_build_ns) ns) | \(.rounds.median_linux_mmap_munmap_ns) ns | \(.ratios_l4mm_over_linux.map_unmap_batched_netlink | r) |",
	"| map+unmap of one page, one netlink request each | \(.netlink.single.map_ns + .netlink.single.flush_ns) ns | \(.linux.mmap_populate_munmap_ns) ns | \(.ratios_l4mm_over_linux.map_unmap_single_netlink | r) |",
	"| map+unmap of one page, core in the kernel (BENCH, mean) | \(.kbench_map_flush_mean_ns | round) ns | \(.linux.mmap_populate_munmap_ns) ns | \(.ratios_l4mm_over_linux.map_unmap_in_kernel | r) |",
	"| change one page: batched map vs mprotect | \(.netlink.batched.map_ns) ns | \(.linux.mprotect_ns) ns | \(.ratios_l4mm_over_linux.map_batched_vs_mprotect | r) |",
	"| one page shared by \(.share_l4mm.spaces) spaces / processes, per space | \(.share_l4mm.per_space_ns) ns | \(.share_linux.share_per_process_ns) ns | \(.ratios_l4mm_over_linux.share_one_page | r) |"
	' guest.json
echo
echo "### Guest: batching (ops/s)"
echo
echo "| path | one request per op | batched | batched / single |"
echo "|---|---:|---:|---:|"
f1 '
	def r: . * 10 | round / 10;
	"| CLI: one l4mm process per op vs l4mm -b | \(.cli.single_ops_per_s) | \(.cli.batched_ops_per_s) | \(.batching.cli_batched_over_process_per_op | r) |",
	"| netlink: one request per op vs BATCH of 1024 (persistent socket) | \(.netlink.single.map_flush_ops_per_s) | \(.netlink.batched.map_flush_ops_per_s) | \(.batching.netlink_batched_over_request_per_op | r) |"
	' guest.json
echo
fi
if [[ $only != guest ]]; then
echo "### Scaling (native)"
echo
echo "| removed subtree | unmap ns | ns per removed |"
echo "|---:|---:|---:|"
f1 '.unmap_vs_subtree[] | "| \(.removed) | \(.median_ns) | \(.ns_per_removed) |"' scaling.json
echo
echo "| total mappings | unmap ns (fixed working set) | unmap ns (uniform pages) |"
echo "|---:|---:|---:|"
f1 '.unmap_vs_total.points[] | "| \(.total) | \(.median_ns) | \(.uniform_median_ns) |"' scaling.json
echo
echo "| chain length | lookup ns |"
echo "|---:|---:|"
f1 '.lookup_vs_chain[] | "| \(.chain) | \(.median_ns) |"' scaling.json
echo
fi
echo "### Memory"
echo
echo "| mappings | MDB bytes/mapping | l4mm_node slab bytes/mapping | page-table bytes/page | guest memory used (kB) |"
echo "|---:|---:|---:|---:|---:|"
f1 '
	def r: . * 100 | round / 100;
	.guest.points[] | "| \(.mappings) | \(.mdb_bytes_per_mapping | r) | \(.node_slab_bytes_per_mapping | r) | \(.pt_bytes_per_page | r) | \(.used_kb) |"' memory.json
echo
echo "### Targets"
echo
echo "| target | measured | limit | status |"
echo "|---|---:|---:|---|"
# The guest's report leaves the native targets to the native run.
sel=.
[[ $only == guest ]] && sel='map(select(.name + .how | test("native") | not))'
f1 "$sel"' |
	def r: if . == null then "-" else . * 100 | round / 100 end;
	.[] | "| \(.name | gsub("\\|"; "\\|")) | \(.value | r) \(.unit) | \(.op) \(.limit) | \(if .met == null then "not measured" elif .met then "met" else "missed by \(.missed_by_pct | r)%" end) |"' targets.json
