#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The scenarios of section 3 of Tuch & Klein, "Verifying the L4 Virtual
# Memory Subsystem", run through the l4mm CLI, with the lookups the paper's
# definitions predict.  Prints TAP.
#
#  Fig. 2 (address spaces)          sigma0 holds the Real frames:
#                                    virtual page i -> frame i (paddr i*4096)
#   n1:0x1000 --> sigma0:0x10000 --> frame 0x10000
#      ^
#   n2:0x2000 --> n1:0x1000          lookup n1/n2/n4 = 0x10000
#      ^
#   n4:0x4000 --> n2:0x2000
#   n3:0x3000 --> sigma0:0x11000     lookup n3 = 0x11000
#
#  unmap n v     removes everything derived from n,v (n,v stays)
#  flush n v     unmap n v, then n,v itself
#  map n v n' v' if n,v unmapped: ENXIO, nothing changes; else flush n',v',
#                then n',v' := Virtual n v if n,v is still mapped
#  grant n v n' v'  n',v' := the entry of n,v (checked as above), flush n,v
#
# Every test runs in a subshell with `set -e`: every command is an
# assertion; negative cases are written `! cmd || false`.  Each test uses
# its own sigma0 pages, since flushing a sigma0 page is permanent.

L4MM=${L4MM:-l4mm}
TMPD=$(mktemp -d 2>/dev/null || { mkdir -p /tmp/l4mm_paper.$$ && echo /tmp/l4mm_paper.$$; })
SPACES="n1 n2 n3 n4 b1 b2 b3"

# pretty, lk, stat, tap_plan, tap_run, tap_done
# shellcheck source-path=SCRIPTDIR source=l4mm_lib.sh disable=SC1091
. "$(dirname "$0")/l4mm_lib.sh"

# Run the CLI, log the command and its output as TAP comments.
n() {
	pretty "l4mm $*"
	"$L4MM" "$@" >"$TMPD/out" 2>&1 && _rc=0 || _rc=$?
	sed 's/^/#     /' "$TMPD/out"
	return "$_rc"
}

# Minimal JSON sanity check of a file: one object or array, balanced.
json_ok() {
	_s=$(tr -d ' \t\r\n' <"$1")
	case $_s in
	'{'*'}' | '['*']') ;;
	*) pretty "not JSON: $(head -c 80 "$1")"; return 1 ;;
	esac
	[ "$(tr -cd '{' <"$1" | wc -c)" -eq "$(tr -cd '}' <"$1" | wc -c)" ] &&
	[ "$(tr -cd '[' <"$1" | wc -c)" -eq "$(tr -cd ']' <"$1" | wc -c)" ] &&
	[ $(($(tr -cd '"' <"$1" | wc -c) % 2)) -eq 0 ] && return 0
	pretty "unbalanced JSON in $1"
	return 1
}

# Number of mappings in `l4mm -j dump [NAME]` (one "paddr" key each).
dump_count() {
	# $(...) does not stop on errors: answer something that is no number
	"$L4MM" -j dump "$@" >"$TMPD/dump.json" || { echo "dump-failed"; return 1; }
	json_ok "$TMPD/dump.json" || { echo "bad-json"; return 1; }
	# shellcheck disable=SC2020
	tr ',{}' '\n\n\n' <"$TMPD/dump.json" | grep -c '"paddr"' || true
}

cleanup_spaces() {
	for _s in $SPACES; do
		"$L4MM" destroy "$_s" >/dev/null 2>&1 || true
	done
}

cleanup() {
	cleanup_spaces
	rm -rf "$TMPD"
}
trap cleanup EXIT

setup() {
	cleanup_spaces
	for _s in n1 n2 n3 n4; do
		n create "$_s"
	done
}

# ---------------------------------------------------------------------------

fig2_hierarchy() {
	setup
	n map sigma0 0x10000 n1 0x1000
	n map n1 0x1000 n2 0x2000
	n map n2 0x2000 n4 0x4000
	n map sigma0 0x11000 n3 0x3000
	n dump
	lk sigma0 0x10000 0x10000
	lk n1 0x1000 0x10000
	lk n2 0x2000 0x10000
	lk n4 0x4000 0x10000
	lk n3 0x3000 0x11000
	lk n3 0x9000 unmapped
	lk n1 0x0 unmapped
}

fig3_unmap() {
	setup
	n map sigma0 0x12000 n1 0x1000
	n map n1 0x1000 n2 0x2000
	n map n2 0x2000 n4 0x4000
	n map n1 0x1000 n3 0x3000
	n unmap n1 0x1000
	lk n1 0x1000 0x12000
	lk n2 0x2000 unmapped
	lk n4 0x4000 unmapped
	lk n3 0x3000 unmapped
	# unmapping an unmapped page is not an error
	n unmap n2 0x2000
	n map n1 0x1000 n2 0x2000
	n flush n1 0x1000
	lk n1 0x1000 unmapped
	lk n2 0x2000 unmapped
	lk sigma0 0x12000 0x12000
}

fig4_map_flushes_destination() {
	setup
	n map sigma0 0x20000 n1 0x1000
	n map sigma0 0x21000 n2 0x2000
	n map n2 0x2000 n3 0x3000
	lk n3 0x3000 0x21000
	n map n1 0x1000 n2 0x2000
	lk n2 0x2000 0x20000
	lk n3 0x3000 unmapped
	lk n1 0x1000 0x20000
	lk sigma0 0x21000 0x21000
	# the new mapping is a real one: it can be mapped further
	n map n2 0x2000 n4 0x4000
	lk n4 0x4000 0x20000
}

fig5_grant() {
	setup
	n map sigma0 0x30000 n1 0x1000
	n map n1 0x1000 n3 0x3000
	n map sigma0 0x31000 n2 0x2000
	n map n2 0x2000 n4 0x4000
	n grant n1 0x1000 n2 0x2000
	lk n2 0x2000 0x30000
	lk n1 0x1000 unmapped
	lk n3 0x3000 unmapped
	lk n4 0x4000 unmapped
	lk sigma0 0x30000 0x30000
	# granted from an unmapped page: ENXIO, the destination stays
	! n grant n1 0x1000 n2 0x2000 || false
	lk n2 0x2000 0x30000
}

# Liedtke's model loops here; the checked update of the paper does not.
counterexample_no_loop() {
	setup
	n map sigma0 0x40000 n1 0x1000
	_base=$(stat mappings)
	n map n1 0x1000 n2 0x2000
	[ "$(stat mappings)" -eq $((_base + 1)) ]
	n grant n2 0x2000 n1 0x1000
	lk n1 0x1000 unmapped
	lk n2 0x2000 unmapped
	lk sigma0 0x40000 0x40000
	[ "$(stat mappings)" -eq $((_base - 1)) ]
	[ "$(dump_count n1)" -eq 0 ]
	[ "$(dump_count n2)" -eq 0 ]
	[ "$(dump_count --all)" -eq "$(stat mappings)" ]
}

self_map_and_self_grant() {
	setup
	n map sigma0 0x41000 n1 0x1000
	n map n1 0x1000 n2 0x2000
	# map n v n v: the flush of the destination invalidates the source
	n map n1 0x1000 n1 0x1000
	lk n1 0x1000 unmapped
	lk n2 0x2000 unmapped
	# grant n v n v = flush n v after (n,v <= its own entry): gone too
	n map sigma0 0x41000 n1 0x1000
	n map n1 0x1000 n2 0x2000
	n grant n1 0x1000 n1 0x1000
	lk n1 0x1000 unmapped
	lk n2 0x2000 unmapped
	lk sigma0 0x41000 0x41000
	# grant to another page of the same space moves it
	n map sigma0 0x41000 n1 0x1000
	n grant n1 0x1000 n1 0x5000
	lk n1 0x1000 unmapped
	lk n1 0x5000 0x41000
	[ "$(dump_count --all)" -eq "$(stat mappings)" ]
}

grant_into_ancestor() {
	setup
	n map sigma0 0x42000 n1 0x1000
	n map n1 0x1000 n2 0x2000
	n map n2 0x2000 n3 0x3000
	n grant n3 0x3000 n1 0x1000
	lk n1 0x1000 unmapped
	lk n2 0x2000 unmapped
	lk n3 0x3000 unmapped
	lk sigma0 0x42000 0x42000
	# map into the parent: same outcome
	n map sigma0 0x42000 n1 0x1000
	n map n1 0x1000 n2 0x2000
	n map n2 0x2000 n1 0x1000
	lk n1 0x1000 unmapped
	lk n2 0x2000 unmapped
	[ "$(dump_count --all)" -eq "$(stat mappings)" ]
}

map_into_sigma0() {
	setup
	n map sigma0 0x43000 n1 0x1000
	# sigma0's own page 0x44000 is flushed and replaced
	n map n1 0x1000 sigma0 0x44000
	lk sigma0 0x44000 0x43000
	lk n1 0x1000 0x43000
	n map sigma0 0x44000 n2 0x2000
	lk n2 0x2000 0x43000
	# mapping a page back onto its own root flushes it: all gone
	n map sigma0 0x45000 n3 0x3000
	n map n3 0x3000 sigma0 0x45000
	lk sigma0 0x45000 unmapped
	lk n3 0x3000 unmapped
	[ "$(dump_count --all)" -eq "$(stat mappings)" ]
}

flush_sigma0_page() {
	setup
	n map sigma0 0x46000 n1 0x1000
	n map n1 0x1000 n2 0x2000
	_before=$(stat mappings)
	n flush sigma0 0x46000
	lk sigma0 0x46000 unmapped
	lk n1 0x1000 unmapped
	lk n2 0x2000 unmapped
	[ "$(stat mappings)" -eq $((_before - 3)) ]
	# the frame cannot be mapped any more: ENXIO, nothing changes
	n map sigma0 0x47000 n3 0x3000
	! n map sigma0 0x46000 n3 0x3000 || false
	lk n3 0x3000 0x47000
	lk sigma0 0x47000 0x47000
}

destroy_removes_derived() {
	setup
	n map sigma0 0x48000 n1 0x1000
	n map n1 0x1000 n2 0x2000
	n map n2 0x2000 n3 0x3000
	n map n2 0x2000 n4 0x4000
	n map sigma0 0x49000 n2 0x5000
	n destroy n2
	lk n1 0x1000 0x48000
	lk n3 0x3000 unmapped
	lk n4 0x4000 unmapped
	! n lookup n2 0x2000 || false
	lk sigma0 0x49000 0x49000
	[ "$(dump_count --all)" -eq "$(stat mappings)" ]
}

json_output() {
	setup
	n map sigma0 0x4a000 n1 0x1000
	"$L4MM" -j list >"$TMPD/list.json"
	json_ok "$TMPD/list.json"
	grep -q '"n1"' "$TMPD/list.json"
	grep -q '"sigma0"' "$TMPD/list.json"
	"$L4MM" -j stats >"$TMPD/stats.json"
	json_ok "$TMPD/stats.json"
	[ "$(dump_count n1)" -eq 1 ]
	[ "$(dump_count n2)" -eq 0 ]
	[ "$(dump_count --all)" -eq "$(stat mappings)" ]
	[ "$(stat spaces)" -ge 5 ]
}

errors_one_line() {
	setup
	for _cmd in "create n1" "destroy nope_x" "map sigma0 0x1001 n1 0x1000" \
	    "map sigma0 0x1000 n1 0x100000000" "create bad/name" \
	    "map n1 0x7000 n2 0x1000" "lookup nope_x 0x1000"; do
		pretty "l4mm $_cmd  (must fail)"
		# shellcheck disable=SC2086
		! "$L4MM" $_cmd >"$TMPD/o" 2>"$TMPD/e" || false
		sed 's/^/#     /' "$TMPD/e"
		[ ! -s "$TMPD/o" ]
		[ "$(grep -c . "$TMPD/e")" -eq 1 ]
	done
	# a failed lookup of an unknown space is an error, not "unmapped"
	! "$L4MM" lookup nope_x 0x1000 2>/dev/null | grep -q unmapped || false
	lk n1 0x1000 unmapped
}

batch_file() {
	setup
	_f=$TMPD/batch.txt
	printf '%s\n' 'create b1' '' 'map sigma0 0x4b000 b1 0x1000' \
	    'map b1 0x9000 n1 0x1000' 'create b2' >"$_f"
	! n -b "$_f" || false
	grep -q "Command failed $_f:4" "$TMPD/out"
	lk b1 0x1000 0x4b000
	! "$L4MM" lookup b2 0x0 2>/dev/null || false
	n destroy b1
	# -force goes on after the failing line, and still reports it
	! n -force -b "$_f" || false
	grep -q "Command failed $_f:4" "$TMPD/out"
	lk b2 0x0 unmapped
	lk b1 0x1000 0x4b000
	# '-' reads stdin
	printf 'create b3\nmap b1 0x1000 b3 0x2000\n' | n -b -
	lk b3 0x2000 0x4b000
}

# Addresses are decimal or 0x-hex; a leading zero is not octal.
address_syntax() {
	lk sigma0 40960 0xa000
	lk sigma0 0XA000 0xa000
	# 0100000 is decimal 100000: misaligned, refused by the kernel
	! n lookup sigma0 0100000 || false
	grep -q "align" "$TMPD/out"
	for _a in 0x -1 +4096 0x-1 12abc; do
		! n lookup sigma0 "$_a" || false
		grep -q "is wrong" "$TMPD/out"
	done
}

# A line the CLI cannot queue still lets the lines before it run first.
batch_bad_line_after_queue() {
	setup
	_f=$TMPD/batch2.txt
	_long=$(printf '%0300d' 0)
	printf '%s\n' 'create b1' 'map sigma0 0x4c000 b1 0x1000' \
	    "create $_long" >"$_f"
	! n -b "$_f" || false
	grep -q "Command failed $_f:3" "$TMPD/out"
	lk b1 0x1000 0x4c000
}

# ---------------------------------------------------------------------------

TESTS="fig2_hierarchy fig3_unmap fig4_map_flushes_destination fig5_grant
	counterexample_no_loop self_map_and_self_grant grant_into_ancestor
	map_into_sigma0 flush_sigma0_page destroy_removes_derived json_output
	errors_one_line batch_file address_syntax batch_bad_line_after_queue"

tap_plan "$TESTS"
tap_run "$TESTS"
cleanup_spaces
tap_done l4mm_paper
