#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The l4mm tool as a user meets it, against the module: help per command,
# usage and reasons on bad arguments, abbreviations, options after the
# command, errors that name the argument the kernel's extack points at,
# JSON errors (-j) and pretty JSON (-p), one JSON document for -j -b,
# batch errors naming the right argument, lines that may fail (-f in a
# line), -f listing exactly the failing lines, the EPERM hint, the
# CLI's and the module's versions, sigma0's protection from destroy and
# status of an unmapped fpage as an error.  Each test runs in a netns of its own
# (a fresh sigma0).  Prints TAP.
#
#   stdout of l4mm ARGS  -> $TMPD/out      (xo: stdout and stderr apart)
#   stderr               -> $TMPD/err
#   JSON is judged by l4mm_jsoncheck (built next to this script).

# shellcheck source-path=SCRIPTDIR source=l4mm_lib.sh disable=SC1091
. "$(dirname "$0")/l4mm_lib.sh"
# shellcheck source-path=SCRIPTDIR source=l4mm_ext_lib.sh disable=SC1091
. "$(dirname "$0")/l4mm_ext_lib.sh"

JSONCHECK=$(cd "$(dirname "$0")" && pwd)/l4mm_jsoncheck

# xo ARGS: l4mm ARGS with stdout in $TMPD/out and stderr in $TMPD/err,
# both logged; returns its exit status.
xo() {
	pretty "l4mm $*"
	"$L4MM" "$@" >"$TMPD/out" 2>"$TMPD/err" && _rc=0 || _rc=$?
	sed 's/^/#  out: /' "$TMPD/out" >&2
	sed 's/^/#  err: /' "$TMPD/err" >&2
	[ "$_rc" -eq 0 ] || pretty "exit status $_rc"
	return "$_rc"
}

# err_is TEXT / err_has TEXT / err_lines N: about $TMPD/err.
err_is() {
	[ "$(cat "$TMPD/err")" = "$1" ] && return 0
	pretty "want stderr \"$1\""
	return 1
}

err_has() {
	grep -qF -- "$1" "$TMPD/err" && return 0
	pretty "want \"$1\" on stderr"
	return 1
}

err_lines() {
	[ "$(grep -c . "$TMPD/err")" -eq "$1" ] && return 0
	pretty "want $1 lines on stderr"
	return 1
}

# json [TYPE]: $TMPD/out is one JSON document (of TYPE); prints the
# number of members or elements.
json() {
	"$JSONCHECK" ${1:+-t "$1"} <"$TMPD/out"
}

# rc WANT ARGS: l4mm ARGS (xo) exits with WANT.
rc() {
	_want=$1
	shift
	xo "$@" && _rc=0 || _rc=$?
	[ "$_rc" -eq "$_want" ] && return 0
	pretty "want exit status $_want"
	return 1
}

# ---------------------------------------------------------------------------

# help CMD, CMD help, CMD --help, -h CMD: the same text, that command's,
# on stdout, exit 0; every command has one.
help_per_command() {
	xo help
	_cmds=$(sed -n '/^Commands:/,/^Options/s/^  \([a-z]*\) .*/\1/p' "$TMPD/out")
	[ "$(echo "$_cmds" | wc -w)" -ge 17 ]
	for _c in $_cmds; do
		xo help "$_c"
		head -n 1 "$TMPD/out" | grep -q "^Usage: l4mm $_c\( \|\$\)"
		[ ! -s "$TMPD/err" ]
		cp "$TMPD/out" "$TMPD/help1"
		[ "$_c" = help ] && continue
		for _form in "$_c help" "$_c --help" "$_c -h" "-h $_c"; do
			# shellcheck disable=SC2086
			xo $_form
			cmp -s "$TMPD/out" "$TMPD/help1"
		done
	done
	# map's help defines the words of its usage line
	xo map help
	grep -q '^Where: ' "$TMPD/out"
	for _w in SRC FPAGE DST DEST MAPOPT RIGHTS; do
		grep -q " $_w *:= " "$TMPD/out"
	done
	rc 1 help frobnicate
	err_has 'argument "frobnicate" is wrong: COMMAND: unknown'
}

# A missing or bad argument: what and why, then the usage line; nothing
# is sent (no module needed, nothing changes).
usage_on_bad_arguments() {
	rc 1 map
	err_is 'Error: argument "SRC" is required
Usage: l4mm map SRC FPAGE DST DEST [MAPOPT...]'
	rc 1 map sigma0 zz n1 0x1000
	err_is 'Error: argument "zz" is wrong: FPAGE: not a number (decimal or 0x-hex)
Usage: l4mm map SRC FPAGE DST DEST [MAPOPT...]'
	rc 1 map sigma0 0x5000 c1 0x1000 rights q
	err_has 'Error: argument "q" is wrong: RIGHTS: letters of r, w, x and -'
	rc 1 lookup A
	err_has 'argument "VADDR" is required'
	err_has 'Usage: l4mm lookup NAME VADDR'
	# a name that begins with a dash is an unknown option ...
	rc 1 dump --abstrakt
	err_has 'argument "--abstrakt" is wrong: unknown option'
	# ... unless "--" ends the options
	x create -- -x
	x dump --abstract -- -x
	out_is "-x"
	# and a single dash begins arguments: rights, names
	x create A
	x map sigma0 0x5000 A 0x1000
	x unmap sigma0 0x5000 rights -w-
	x lookup A 0x1000
	out_is "0x5000 rights=r-x"
	x dump --abstract -x
	rc 1 frob
	err_is 'Error: argument "frob" is wrong: COMMAND: unknown, try "l4mm help"'
	[ ! -s "$TMPD/out" ]
}

# Unique prefixes and aliases as ip(8) takes them; ambiguity is an error.
abbreviations() {
	x create A
	xo list
	cp "$TMPD/out" "$TMPD/list"
	for _w in lis ls li; do
		xo "$_w"
		cmp -s "$TMPD/out" "$TMPD/list"
	done
	x map sigma0 0x5000 A 0x1000
	xo loo A 0x1000
	[ "$(cat "$TMPD/out")" = 0x5000 ]
	rc 1 l
	err_has 'argument "l" is wrong: COMMAND: ambiguous: lookup list'
	rc 1 s
	err_has 'ambiguous: status stats'
	x stats
}

# Options after the command; -p is indented JSON; -verb is -verbose.
options_after_command() {
	x create A
	x map sigma0 0x5000 A 0x1000
	xo -j list
	cp "$TMPD/out" "$TMPD/j1"
	xo list -j
	cmp -s "$TMPD/out" "$TMPD/j1"
	xo list --json
	cmp -s "$TMPD/out" "$TMPD/j1"
	[ "$(json array)" -eq 2 ]
	xo lookup A 0x1000 -verb
	[ "$(cat "$TMPD/out")" = "0x5000 depth 1 from sigma0:0x5000 rights=rwx cached status=--- size=4K" ]
	xo -p lookup A 0x1000
	json object >/dev/null
	[ "$(wc -l <"$TMPD/out")" -gt 10 ]
	grep -qx '    "paddr": 20480,' "$TMPD/out"
	xo list -p
	[ "$(json array)" -eq 2 ]
	rc 1 list -V
	err_has 'must come before the command'
	rc 1 -ver list
	err_has 'ambiguous option'
}

# Kernel errors name the argument the extack attribute offset points at
# (the same message without the name was ambiguous), one line each.
errors_name_argument() {
	x create n1
	rc 1 map sigma0 0x5001 n1 0x1000
	err_is 'l4mm: map: FPAGE "0x5001": address is not page-aligned (Invalid argument)'
	rc 1 map sigma0 0x5000 n1 0x1001
	err_is 'l4mm: map: DEST "0x1001": address is not page-aligned (Invalid argument)'
	rc 1 map n1 0x9000 nX 0x1000
	err_is 'l4mm: map: DST "nX": space not found (No such file or directory)'
	rc 1 map nY 0x9000 n1 0x1000
	err_is 'l4mm: map: SRC "nY": source space not found (No such file or directory)'
	rc 1 map sigma0 0x100000000 n1 0
	err_is 'l4mm: map: FPAGE "0x100000000": integer out of range: 0x0..0xffffffff (Numerical result out of range)'
	rc 1 unmap nX 0x1000
	err_has 'l4mm: unmap: NAME "nX": space not found'
	rc 1 create abcdefghijklmnopq
	err_is 'l4mm: create: NAME "abcdefghijklmnopq": Attribute failed policy validation: at most 15 characters (Invalid argument)'
	rc 1 create bad/name
	err_has 'NAME "bad/name": '
	# a dump's errors come without extack on 6.1: still named
	rc 1 dump nX
	err_is 'l4mm: dump: NAME "nX": space not found (No such file or directory)'
	rc 1 check nX
	err_has 'NAME "nX"'
	rc 1 lookup nX 0
	err_has 'NAME "nX"'
	# nothing was created or mapped by any of them
	xo list
	[ "$(grep -c . "$TMPD/out")" -eq 3 ]
}

# Without CAP_NET_ADMIN over the netns (a user namespace of its own):
# EPERM says what is missing; reading still works.
eperm_hint() {
	unshare -U "$L4MM" create x >"$TMPD/out" 2>"$TMPD/err" && return 1
	sed 's/^/#  err: /' "$TMPD/err" >&2
	err_is 'l4mm: create: needs CAP_NET_ADMIN over this network namespace (Operation not permitted)'
	unshare -U "$L4MM" list >/dev/null
}

# -j: errors also as a JSON document on stdout, the exit status unchanged.
json_errors() {
	x create n1
	rc 1 -j map n1 0x9000 nX 0x1000
	json object >/dev/null
	[ "$(cat "$TMPD/out")" = '{"error":{"command":"map","argument":"DST","value":"nX","message":"space not found","errno":2,"strerror":"No such file or directory"}}' ]
	err_is 'l4mm: map: DST "nX": space not found (No such file or directory)'
	rc 1 -j map sigma0 zz n1 0
	[ "$(cat "$TMPD/out")" = '{"error":{"command":"map","argument":"FPAGE","value":"zz","message":"argument \"zz\" is wrong: FPAGE: not a number (decimal or 0x-hex)","errno":null,"strerror":null}}' ]
	rc 1 -j frob
	json object >/dev/null
	grep -q '"argument":"COMMAND","value":"frob"' "$TMPD/out"
	# no command at all: the usage on stderr, the error as JSON too
	rc 1 -j
	json object >/dev/null
	err_has 'Error: argument "COMMAND" is required'
	err_has 'Usage: l4mm [OPTIONS] COMMAND [ARGS]'
	# the unmapped lookup is no error: its document says so
	rc 1 lookup n1 0x0 -j
	grep -q '"paddr":null' "$TMPD/out"
	# access faults keep their exit statuses
	rc 2 -j access n1 0x9000 r
	grep -q '"errno":14' "$TMPD/out"
	rc 1 -p map n1 0x9000 nX 0x1000
	json object >/dev/null
	grep -qx '        "argument": "DST",' "$TMPD/out"
}

# -j -b: one JSON array holding every document and error of the batch.
batch_json_array() {
	cat >"$TMPD/b" <<-EOF
	create A
	map sigma0 0x5000 A 0x1000
	lookup A 0x1000
	list
	map nX 0x0 A 0x2000
	-f lookup A 0x2000
	dump A
	EOF
	rc 1 -j -f -b "$TMPD/b"
	[ "$(json array)" -eq 5 ]
	grep -q '"line":5' "$TMPD/out"
	err_has "Command failed $TMPD/b:5"
	x destroy A
	rc 1 -p -f -b "$TMPD/b"
	[ "$(json array)" -eq 5 ]
	grep -qx '        "paddr": 20480,' "$TMPD/out"
	# nothing to print: an empty array, still JSON
	printf 'create B\n' | "$L4MM" -j -b - >"$TMPD/out"
	[ "$(json array)" -eq 0 ]
	# -v's round trips are elements too
	printf 'create C\ncreate D\nlist\n' | "$L4MM" -j -v -b - >"$TMPD/out"
	[ "$(json array)" -eq 2 ]
}

# A bad option value in a batch names the value, as on the command line;
# a bad line after queued ones runs after them.
batch_names_argument() {
	printf 'create c1\nmap sigma0 0x5000 c1 0x1000 rights q\n' >"$TMPD/b"
	rc 1 -b "$TMPD/b"
	err_is "l4mm: $TMPD/b:2: Error: argument \"q\" is wrong: RIGHTS: letters of r, w, x and -
Usage: l4mm map SRC FPAGE DST DEST [MAPOPT...]
Command failed $TMPD/b:2"
	xo list
	grep -q ' c1 ' "$TMPD/out"
	printf 'create c2\nfrob c2\n' >"$TMPD/b"
	rc 1 -b "$TMPD/b"
	err_has "$TMPD/b:2: Error: argument \"frob\" is wrong: COMMAND: unknown"
	printf 'lookup c1 0x1000 -j\n' >"$TMPD/b"
	rc 1 -b "$TMPD/b"
	err_has 'only -f may be given in a batch line'
	# a kernel error of a line run on its own names its argument
	printf 'lookup cX 0x1000\n' >"$TMPD/b"
	rc 1 -b "$TMPD/b"
	err_has "l4mm: $TMPD/b:1: lookup: NAME \"cX\": space not found"
}

# "-f" in a line: its failure is shown but neither stops the batch nor
# counts, so "check it is gone" can be scripted.
batch_line_may_fail() {
	cat >"$TMPD/b" <<-EOF
	create A
	map sigma0 0x5000 A 0x1000
	unmap sigma0 0x5000
	-f lookup A 0x1000
	flush sigma0 0x5000
	map sigma0 0x5000 A 0x1000 -f
	lookup sigma0 0x6000
	EOF
	xo -b "$TMPD/b"
	[ "$(cat "$TMPD/out")" = "unmapped
0x6000" ]
	err_lines 1
	err_has "l4mm: $TMPD/b:6: map: "
	! grep -q 'Command failed' "$TMPD/err" || false
	# without -f the same lookup stops the batch
	printf 'lookup A 0x1000\ncreate B\n' >"$TMPD/b"
	rc 1 -b "$TMPD/b"
	err_is "Command failed $TMPD/b:1"
	rc 1 lookup B 0
}

# -f: every failing line named, exactly, the others run; queued commands
# (one BATCH request) as well as lines run on their own.
batch_force_lists_failing_lines() {
	cat >"$TMPD/b" <<-EOF
	create d1
	map nX 0 d1 0
	create d2
	map nZ 0 d1 0
	create d3
	lookup d1 0
	create d4
	EOF
	rc 1 -f -b "$TMPD/b"
	[ "$(grep -c '^Command failed' "$TMPD/err")" -eq 3 ]
	err_has "Command failed $TMPD/b:2"
	err_has "Command failed $TMPD/b:4"
	err_has "Command failed $TMPD/b:6"
	err_has "l4mm: $TMPD/b: 3 commands failed, lines 2, 4 and 6"
	! grep -q 'more commands failed' "$TMPD/err" || false
	xo list
	for _s in d1 d2 d3 d4; do
		grep -q " $_s " "$TMPD/out"
	done
	# without -f: stops at line 2, line 1 done
	x destroy d1
	x destroy d2
	rc 1 -b "$TMPD/b"
	err_is "l4mm: $TMPD/b:2: map: source space not found (No such file or directory)
Command failed $TMPD/b:2"
	xo list
	grep -q ' d1 ' "$TMPD/out"
	! grep -q ' d2 ' "$TMPD/out" || false
}

# -V: the CLI's and the loaded module's version, the same VERSION file;
# a different module version is warned about (exit 0).
versions() {
	xo -V
	_cli=$(sed -n 's/^l4mm //p' "$TMPD/out")
	_mod=$(sed -n 's/^module //p' "$TMPD/out")
	[ -n "$_cli" ]
	[ "$_mod" = "$(cat /sys/module/l4mm/version)" ]
	[ "$_cli" = "$_mod" ]
	[ ! -s "$TMPD/err" ]
	xo version
	[ "$(sed -n 's/^l4mm //p' "$TMPD/out")" = "$_cli" ]
	xo -j -V
	[ "$(cat "$TMPD/out")" = "{\"cli\":\"$_cli\",\"module\":\"$_mod\",\"match\":true}" ]
	# Another module version: a file bind-mounted over sysfs's.
	echo 0.0.1-other >"$TMPD/version"
	mount --bind "$TMPD/version" /sys/module/l4mm/version
	xo -V && _rc=0 || _rc=$?
	umount /sys/module/l4mm/version
	[ "$_rc" -eq 0 ]
	grep -qx "module 0.0.1-other" "$TMPD/out"
	err_is "l4mm: warning: the CLI is $_cli but the loaded module is 0.0.1-other: install the CLI and the module of one version"
}

# sigma0 cannot be destroyed: EPERM with the kernel's message, nothing
# changes, on the command line and in a batch.
sigma0_protected() {
	x create A
	x map sigma0 0x5000 A 0x1000
	rc 1 destroy sigma0
	err_lines 1
	err_has 'sigma0 cannot be destroyed (Operation not permitted)'
	xo lookup A 0x1000
	[ "$(cat "$TMPD/out")" = 0x5000 ]
	xo list
	grep -q '^0 *sigma0 *65536 ' "$TMPD/out"
	printf 'destroy sigma0\ncreate B\n' >"$TMPD/b"
	rc 1 -b "$TMPD/b"
	err_has 'sigma0 cannot be destroyed'
	err_has "Command failed $TMPD/b:1"
	rc 1 lookup B 0
	xo lookup sigma0 0x5000
	[ "$(cat "$TMPD/out")" = 0x5000 ]
}

# status of an fpage none of whose pages is mapped is an error (ENXIO,
# exit 1), as a lookup of an unmapped page; one mapped page suffices.
status_unmapped() {
	x create A
	rc 1 status A 0x9000
	err_lines 1
	err_has 'no page of the fpage is mapped (No such device or address)'
	[ ! -s "$TMPD/out" ]
	rc 1 -j status A 0x20000/16
	grep -q '"errno":6' "$TMPD/out"
	x map sigma0 0x5000 A 0x1000
	xo status A 0x0/16
	[ "$(cat "$TMPD/out")" = "---" ]
	# in a batch: named, and a line that may fail may fail
	printf -- '-f status A 0x9000\nstatus A 0x1000\n' >"$TMPD/b"
	xo -b "$TMPD/b"
	[ "$(cat "$TMPD/out")" = "---" ]
	err_has "l4mm: $TMPD/b:1: status: "
}

# ---------------------------------------------------------------------------

TESTS="help_per_command usage_on_bad_arguments abbreviations
	options_after_command errors_name_argument eperm_hint json_errors
	batch_json_array batch_names_argument batch_line_may_fail
	batch_force_lists_failing_lines versions sigma0_protected
	status_unmapped"

ext_main "$TESTS" "$@"
