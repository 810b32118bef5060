#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Docs that cannot drift: every console example of README.md and of the
# man page's EXAMPLES (tests/docs/extract.sh made the spec from them on
# the host) runs here, in the guest, and what the tool prints must be the
# text.  One TAP line per example block; a block that differs prints the
# command, the expected and the real output.  Part of make check
# (scripts/qemu/check-boot.sh runs it after the selftests).
#
#   sh run.sh [SPEC]        (default: docs.spec next to this script)
#
# Each session (a "## " section of README.md, the man page's EXAMPLES)
# runs in a network namespace of its own, so it starts from a fresh sigma0
# of the default size, whatever ran before; its blocks share the state, as
# a reader typing them in order would.  A command runs with sh -c; its
# stdout and stderr are compared together, as a terminal shows them, and
# its exit status with "(exit status N)" (0 when the text shows none).
#
# Normalised, because it must vary and nothing else is:
#   - a line "..." in the text stands for any number of lines;
#   - blanks at the end of a line;
#   - "modprobe l4mm" (how a reader loads the installed module) loads
#     /lib/modules/l4mm.ko, the guest's, unless it is loaded.
# A block marked <!-- doc-test: arm --> runs only in an ARM guest
# (hwcheck), one marked <!-- doc-test: skip REASON --> never: both are
# reported as SKIP with the reason.  POSIX sh (busybox ash).

here=$(cd "$(dirname "$0")" && pwd)
KO=${L4MM_KO:-/lib/modules/l4mm.ko}
TMPD=$(mktemp -d 2>/dev/null || { mkdir -p /tmp/docs.$$ && echo /tmp/docs.$$; })
trap 'rm -rf "$TMPD"' EXIT

# match WANT GOT: GOT is WANT, "..." lines in WANT matching any lines.
match() {
	awk '
		{ sub(/[ \t]+$/, "") }
		NR == FNR { w[++nw] = $0; next }
		{ g[++ng] = $0 }
		END {
			i = 1; j = 1
			while (i <= nw) {
				if (w[i] == "...") {
					if (++i > nw) exit 0
					while (j <= ng && g[j] != w[i]) j++
					if (j > ng) exit 1
					continue
				}
				if (j > ng || g[j] != w[i]) exit 1
				i++; j++
			}
			exit j <= ng
		}' "$1" "$2"
}

# run_cmd: the pending command (cmd, want, status), compared.
run_cmd() {
	[ -n "$cmd" ] || return 0
	case $cmd in
	"modprobe l4mm")
		_run='[ -d /sys/module/l4mm ] || insmod '"$KO" ;;
	*) _run=$cmd ;;
	esac
	sh -c "$_run" >"$TMPD/got" 2>&1
	_rc=$?
	if ! match "$TMPD/want" "$TMPD/got" || [ "$_rc" -ne "$status" ]; then
		bad=1
		echo "# \$ $cmd"
		echo "#   want (exit status $status):"
		sed 's/^/#     /' "$TMPD/want"
		echo "#   got (exit status $_rc):"
		sed 's/^/#     /' "$TMPD/got"
	fi
	cmd=''
	: >"$TMPD/want"
	status=0
}

# end_block: the TAP line of the block that ends here.
end_block() {
	[ -n "$label" ] || return 0
	run_cmd
	n=$((n + 1))
	if [ -n "$skip" ]; then
		echo "ok $n - $label # SKIP $skip"
	elif [ "$bad" -eq 0 ]; then
		echo "ok $n - $label"
	else
		echo "not ok $n - $label"
		failed=$((failed + 1))
	fi
	label=''
}

# session FILE FIRST: the blocks of one session, numbered from FIRST + 1;
# exit status: how many failed (at most 125).
session() {
	n=$2 failed=0 label='' cmd='' status=0 skip='' bad=0
	: >"$TMPD/want"
	while IFS= read -r line; do
		tag=${line%% *}
		rest=${line#? }
		[ "$line" = "$tag" ] && rest=''
		if [ -n "$skip" ] && [ "$tag" != B ]; then
			continue
		fi
		case $tag in
		B)
			end_block
			label=$rest skip='' bad=0 ;;
		K)
			case $rest in
			arm) case $(uname -m) in
			     arm* | aarch64) ;;
			     *) skip="needs an ARM guest" ;;
			     esac ;;
			skip*) skip=${rest#skip }
			       [ -n "$skip" ] || skip="marked skip" ;;
			*) skip="unknown marker: $rest" ;;
			esac ;;
		C)
			run_cmd
			cmd=$rest ;;
		O)
			printf '%s\n' "$rest" >>"$TMPD/want" ;;
		X)
			status=$rest ;;
		esac
	done <"$1"
	end_block
	[ "$failed" -gt 125 ] && failed=125
	return "$failed"
}

if [ "${1-}" = --session ]; then
	session "$2" "$3"
	exit $?
fi

spec=${1:-$here/docs.spec}
[ -d /sys/module/l4mm ] || insmod "$KO" || exit 1
# The examples show the default sigma0 (sigma0_pages=65536).
if [ "$(cat /sys/module/l4mm/parameters/sigma0_pages)" != 65536 ]; then
	rmmod l4mm && insmod "$KO" || exit 1
fi

blocks=$(grep -c '^B ' "$spec")
echo "TAP version 13"
echo "1..$((blocks + 1))"

# First, that the comparison can fail at all: a wrong output, a wrong
# exit status and a missing line must each be caught.
cat >"$TMPD/self" <<'EOT'
B wrong output
C l4mm list
O this is not what l4mm list prints
B wrong exit status
C l4mm lookup sigma0 0x5000
O 0x5000
X 1
B a line too many
C l4mm lookup sigma0 0x5000
O 0x5000
O 0x6000
B right, with an ellipsis
C l4mm stats
O spaces: 1
O ...
EOT
unshare -n sh "$0" --session "$TMPD/self" 0 >"$TMPD/self.out" 2>&1
if [ "$(grep -c '^not ok' "$TMPD/self.out")" -eq 3 ] &&
   grep -q '^ok 4 ' "$TMPD/self.out"; then
	echo "ok 1 - the comparison catches a wrong output, exit status and line"
else
	sed 's/^/# /' "$TMPD/self.out"
	echo "not ok 1 - the comparison catches a wrong output, exit status and line"
fi

# Then the sessions, each in a netns of its own.
awk -v d="$TMPD" '/^S / { f = sprintf("%s/session.%03d", d, ++s); print substr($0, 3) > (f ".name"); next }
	s { print > f }' "$spec"
first=1 failed=0
for f in "$TMPD"/session.[0-9][0-9][0-9]; do
	[ -f "$f" ] || continue
	echo "# session: $(cat "$f.name")"
	unshare -n sh "$0" --session "$f" "$first"
	failed=$((failed + $?))
	first=$((first + $(grep -c '^B ' "$f")))
done
echo "# docs: $failed of $blocks example blocks differ from the tool"
[ "$failed" -eq 0 ]
