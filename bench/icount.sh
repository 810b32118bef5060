#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make bench-icount: callgrind instructions per core operation (map,
# lookup, grant, unmap, flush of bench_core's workload, 4096 pages) of a
# base revision and of the working tree, side by side.  Instruction
# counts are exact and repeatable where times are not, so this is the
# figure to hold a change of the core to.
#
# Usage: bench/icount.sh [-f] [-j FILE] [BASE]
#   BASE  a commit (default $ICOUNT_BASE, else fa27cb3: the core before
#         the hostile-scale and reshaping work of issues 12 and 13)
#   -f    also list, per operation, the functions whose instructions
#         changed (exclusive counts per op, inlined code under the
#         function it was inlined into)
#   -j    write the figures as JSON to FILE
#
# BASE is exported with git archive into build/icount/ and built with its
# own bench/native/Makefile; nothing in the repository changes.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
funcs=0 json=
while getopts fj: o; do
	case $o in
	f) funcs=1 ;;
	j) json=$OPTARG ;;
	*) echo "usage: $0 [-f] [-j FILE] [BASE]" >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
base=${1:-${ICOUNT_BASE:-fa27cb3}}
pages=4096
out=$repo/build/icount
"$repo/bench/deps.sh"

sha=$(git -C "$repo" rev-parse --verify -q "$base^{commit}") || {
	echo "icount: $base: no such commit in $repo" >&2
	exit 2
}
short=${sha:0:7}
mkdir -p "$out"

# The base's tree, once per commit.
src=$out/src-$short
if [[ ! -f $src/.done ]]; then
	rm -rf "$src"
	mkdir -p "$src"
	git -C "$repo" archive "$sha" | tar -x -C "$src"
	touch "$src/.done"
fi

say() { printf '==== %s\n' "$*" >&2; }

# measure NAME TREE: build TREE's bench_core, run it under callgrind,
# leave one dump per op in $out/cg-NAME.
measure() {
	local name=$1 tree=$2 bin=$out/build-$1/bench_core
	say "$name: build ($tree)"
	nice make --no-print-directory -s -C "$tree/bench/native" \
		BUILD="$out/build-$name" "$bin" >&2
	rm -rf "$out/cg-$name"
	mkdir -p "$out/cg-$name"
	say "$name: callgrind, $pages pages"
	(cd "$out/cg-$name" && valgrind --tool=callgrind --collect-atstart=no \
		--compress-strings=no --compress-pos=no \
		--callgrind-out-file=cg.out "$bin" icount $pages \
		> icount.json 2> valgrind.log)
}

# per_op NAME: "op instructions-per-op" lines.
per_op() {
	local f
	for f in "$out/cg-$1"/cg.out.*; do
		awk -v pages=$pages '
			/^desc: Trigger: Client Request:/ { op = $NF }
			/^totals:/ { printf "%s %.1f\n", op, $2 / pages }' "$f"
	done
}

# per_fn NAME OP: "function instructions" (exclusive, whole run of OP).
per_fn() {
	local f
	f=$(grep -l "^desc: Trigger: Client Request: $2\$" "$out/cg-$1"/cg.out.*)
	callgrind_annotate --auto=no --threshold=100 "$f" 2>/dev/null |
		sed -n '/file:function/,$p' | sed 1,2d |
		awk 'NF >= 2 && $1 ~ /^[0-9,]+$/ {
			n = $1; gsub(",", "", n); s = $0; sub(/ \[.*/, "", s)
			k = split(s, a, ":"); fn = a[k]; sub(/ .*/, "", fn)
			sub(/\.(isra|part|constprop|cold)\..*/, "", fn)
			v[fn] += n }
			END { for (fn in v) print fn, v[fn] }'
}

measure base "$src"
measure tree "$repo"
per_op base > "$out/base.txt"
per_op tree > "$out/tree.txt"

printf 'instructions per operation (callgrind, bench_core icount %d)\n\n' $pages
printf '%-8s %12s %12s %9s\n' op "$short" "tree" change
join <(sort "$out/base.txt") <(sort "$out/tree.txt") |
	sort -k1,1 | awk '
	BEGIN { split("map lookup grant unmap flush", order) }
	{ b[$1] = $2; t[$1] = $3 }
	END { for (i = 1; i <= 5; i++) { o = order[i]; if (!(o in b)) continue
		printf "%-8s %12.1f %12.1f %+8.1f%%\n", o, b[o], t[o], (t[o] / b[o] - 1) * 100 } }'

if [[ -n $json ]]; then
	join <(sort "$out/base.txt") <(sort "$out/tree.txt") |
		jq -R -s --arg base "$short" --argjson pages $pages \
		'{base: $base, pages: $pages, ops: (split("\n") | map(select(length > 0) | split(" ")) |
		  map({key: .[0], value: {base: (.[1] | tonumber), tree: (.[2] | tonumber)}}) | from_entries)}' > "$json"
fi

if ((funcs)); then
	for op in map lookup grant unmap flush; do
		printf '\n%s: functions that changed (instructions per op)\n' $op
		printf '  %-34s %9s %9s %9s\n' function "$short" tree change
		join -a1 -a2 -e0 -o 0,1.2,2.2 <(per_fn base $op | sort) \
			<(per_fn tree $op | sort) | awk -v p=$pages '
			$1 !~ /^(main|__libc_start|0x|\(below)/ && $2 != $3 {
				printf "  %-34s %9.1f %9.1f %+9.1f\n", $1, $2 / p, $3 / p, ($3 - $2) / p }' |
			sort -k4,4gr 
	done
fi
