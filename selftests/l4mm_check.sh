#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The live checker (l4mm check, check_after_op) and the canonical abstract
# export (l4mm dump --abstract), through the CLI.  Prints TAP.
#
#   sigma0:0x5000 <-- A:0x1000 <-- B:0x2000     Virtual chain, Real 0x5000
#
# Every test runs in a subshell with `set -e`: every command is an
# assertion; negative cases are written `! cmd || false`.

L4MM=${L4MM:-l4mm}
TMPD=$(mktemp -d 2>/dev/null || { mkdir -p /tmp/l4mm_check.$$ && echo /tmp/l4mm_check.$$; })
PARAM=/sys/module/l4mm/parameters/check_after_op
NTESTS=6
N=0
FAILED=0

# pretty
# shellcheck source-path=SCRIPTDIR source=l4mm_lib.sh disable=SC1091
. "$(dirname "$0")/l4mm_lib.sh"

cleanup() {
	for s in A B C; do "$L4MM" destroy "$s" >/dev/null 2>&1; done
	[ -w "$PARAM" ] && echo 0 >"$PARAM"
	rm -rf "$TMPD"
}
trap cleanup EXIT

t() {
	N=$((N + 1))
	# Not "if (...)": set -e is ignored inside a condition, so only a
	# test's last command would count.
	(set -e; "$@")
	# shellcheck disable=SC2181
	if [ $? -eq 0 ]; then
		echo "ok $N $1"
	else
		echo "not ok $N $1"
		FAILED=$((FAILED + 1))
	fi
	cleanup_spaces
}

cleanup_spaces() {
	for s in A B C; do "$L4MM" destroy "$s" >/dev/null 2>&1; done
	return 0
}

check_whole_state() {
	pages=$("$L4MM" -j stats | tr '{},' '\n\n\n' |
		sed -n 's/^"mappings":\([0-9]*\)$/\1/p')
	spaces=$("$L4MM" -j stats | tr '{},' '\n\n\n' |
		 sed -n 's/^"spaces":\([0-9]*\)$/\1/p')
	out=$("$L4MM" check)
	pretty "check: $out"
	[ "$out" = "ok: $spaces spaces, $pages mappings checked" ]
	"$L4MM" -j check >"$TMPD/j"
	pretty "check -j: $(cat "$TMPD/j")"
	grep -q '"ok":true' "$TMPD/j"
	grep -q '"violation":null' "$TMPD/j"
}

check_one_space() {
	"$L4MM" create A
	"$L4MM" create B
	"$L4MM" map sigma0 0x5000 A 0x1000
	"$L4MM" map A 0x1000 B 0x2000
	out=$("$L4MM" check B)
	pretty "check B: $out"
	[ "$out" = "ok: 1 spaces, 1 mappings checked" ]
	! "$L4MM" check nosuch 2>"$TMPD/err" || false
	pretty "check nosuch: $(cat "$TMPD/err")"
	grep -q "space not found" "$TMPD/err"
	! "$L4MM" check A B 2>/dev/null || false
}

dump_abstract_format() {
	"$L4MM" create B
	"$L4MM" create A
	"$L4MM" create C
	"$L4MM" map sigma0 0x5000 A 0x1000
	"$L4MM" map A 0x1000 B 0x2000
	"$L4MM" grant sigma0 0x6000 B 0x7000
	"$L4MM" dump --abstract B >"$TMPD/b"
	printf '%s\n' B "B 0x00002000 Virtual A 0x00001000" \
		"B 0x00007000 Real 0x00006000" >"$TMPD/want"
	pretty "dump --abstract B: $(tr '\n' '|' <"$TMPD/b")"
	cmp "$TMPD/want" "$TMPD/b"
	# Whole state: sorted bytewise, names first, empty C listed.
	"$L4MM" dump --abstract >"$TMPD/all"
	LC_ALL=C sort -c "$TMPD/all"
	grep -qx C "$TMPD/all"
	grep -qx "A 0x00001000 Virtual sigma0 0x00005000" "$TMPD/all"
	grep -qx "sigma0 0x00005000 Real 0x00005000" "$TMPD/all"
	! grep -q "^sigma0 0x00006000" "$TMPD/all" || false
	"$L4MM" -j dump --abstract A >"$TMPD/j"
	pretty "-j dump --abstract A: $(cat "$TMPD/j")"
	[ "$(tr -d ' \n' <"$TMPD/j")" = '["A","A0x00001000Virtualsigma00x00005000"]' ]
}

batch_check() {
	printf '%s\n' "create A" "map sigma0 0x8000 A 0x8000" "check" \
		"dump --abstract A" "flush sigma0 0x8000" "check A" \
		"dump --abstract A" | "$L4MM" -b - >"$TMPD/out"
	pretty "batch: $(tr '\n' '|' <"$TMPD/out")"
	[ "$(sed -n 1p "$TMPD/out" | cut -d' ' -f1)" = "ok:" ]
	[ "$(sed -n 3p "$TMPD/out")" = "A 0x00008000 Virtual sigma0 0x00008000" ]
	[ "$(sed -n 4p "$TMPD/out")" = "ok: 1 spaces, 0 mappings checked" ]
	[ "$(sed -n 5p "$TMPD/out")" = "A" ]
	[ "$(wc -l <"$TMPD/out")" -eq 5 ]
}

check_after_op_param() {
	[ -w "$PARAM" ]
	echo 1 >"$PARAM"
	dmesg | grep -c "state check failed" >"$TMPD/before" || true
	"$L4MM" create A
	"$L4MM" create B
	"$L4MM" map sigma0 0x9000 A 0x9000
	"$L4MM" map A 0x9000 B 0x9000
	"$L4MM" grant B 0x9000 A 0xa000
	"$L4MM" map A 0xa000 A 0xa000
	! "$L4MM" map A 0xa000 B 0 2>/dev/null || false
	"$L4MM" destroy A
	echo 0 >"$PARAM"
	dmesg | grep -c "state check failed" >"$TMPD/after" || true
	cmp "$TMPD/before" "$TMPD/after"
}

check_needs_admin() {
	# A new user namespace has no CAP_NET_ADMIN over this netns: the
	# O(state) checker is refused, the read-only export is not.
	"$L4MM" create A
	! unshare -U "$L4MM" check 2>"$TMPD/err" || false
	pretty "check without CAP_NET_ADMIN: $(cat "$TMPD/err")"
	grep -q "Operation not permitted" "$TMPD/err"
	unshare -U "$L4MM" dump --abstract A >"$TMPD/out"
	[ "$(cat "$TMPD/out")" = A ]
}

echo "TAP version 13"
echo "1..$NTESTS"
t check_whole_state
t check_one_space
t dump_abstract_format
t batch_check
t check_after_op_param
t check_needs_admin
[ "$FAILED" -eq 0 ]
