#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# scripts/figures.sh OUT DIR: split the guest output of
# selftests/l4mm_figures.sh (OUT: "### NAME.dot" lines, each followed by
# one DOT file) into DIR/NAME.dot and render each with Graphviz into
# DIR/NAME.svg and DIR/NAME.png.  Run by `make figures`.
set -eu

out=$1
dir=$2
mkdir -p "$dir"
# The guest's console may end lines with CR; the harness's own lines
# (TAP, kernel messages) come outside the DOT files.
tr -d '\r' <"$out" | awk -v dir="$dir" '
	/^### [A-Za-z0-9_.-]+\.dot$/ { f = dir "/" $2; printf "" > f; next }
	f != "" { print >> f; if ($0 == "}") { close(f); f = "" } }'
n=0
for dot in "$dir"/*.dot; do
	[ -e "$dot" ] || { echo "figures: no DOT file in $out" >&2; exit 1; }
	dot -Tsvg -o "${dot%.dot}.svg" "$dot"
	dot -Tpng -Gdpi=96 -o "${dot%.dot}.png" "$dot"
	n=$((n + 1))
done
echo "figures: $n pictures in $dir"
