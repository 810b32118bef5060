#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The console examples of README.md and of the man page's EXAMPLES, as a
# spec for tests/docs/run.sh, which runs them in the guest and compares
# what the tool prints with the text (make check: docs cannot drift).
#
#   extract.sh README.md cli/l4mm.8 > docs.spec
#
# Spec lines (one letter, a blank, the rest):
#   S LABEL    a session: a fresh network namespace (a fresh sigma0) for
#              the blocks up to the next S.  README.md: each "## "
#              section; the man page's EXAMPLES: one session.
#   B LABEL    a block (```console ... ```, or .nf ... .fi): one TAP line
#   K WHY      the block runs only where WHY says: "arm" (an ARM guest)
#              or "skip REASON" (never), from <!-- doc-test: WHY --> on
#              the line before the block
#   C COMMAND  a command ("# COMMAND" in the text), run with sh -c
#   O LINE     a line it prints (stdout and stderr, as a terminal shows)
#   X N        its exit status ("(exit status N)" after its output; 0
#              when there is none)
set -euo pipefail

readme=$1 man=$2

awk -v file="$(basename "$readme")" '
	/^## / && !inblock {
		sect = substr($0, 4); sub_ = ""; mark = ""
		printf "S %s: %s\n", file, sect; next }
	/^### / && !inblock { sub_ = substr($0, 5); next }
	/^<!-- doc-test: .* -->$/ && !inblock {
		mark = $0; sub(/^<!-- doc-test: /, "", mark); sub(/ -->$/, "", mark); next }
	/^```console$/ {
		inblock = 1
		printf "B %s:%d (%s)\n", file, NR + 1, sub_ != "" ? sub_ : sect
		if (mark != "") print "K " mark
		mark = ""
		next
	}
	/^```/ && inblock { inblock = 0; next }
	!inblock { if ($0 != "") mark = ($0 ~ /^<!--/) ? mark : ""; next }
	/^# / { printf "C %s\n", substr($0, 3); next }
	/^\(exit status [0-9]+\)$/ { n = $0; gsub(/[^0-9]/, "", n); print "X " n; next }
	{ printf "O %s\n", $0 }
' "$readme"

# The man page: the .nf/.fi blocks of EXAMPLES, roff escapes undone.
awk -v file="$(basename "$man")" '
	/^\.SH / { ex = ($0 == ".SH EXAMPLES"); if (ex) printf "S %s: EXAMPLES\n", file; next }
	!ex { next }
	/^\.nf/ { inblock = 1; printf "B %s:%d (EXAMPLES)\n", file, NR + 1; next }
	/^\.fi/ { inblock = 0; next }
	!inblock { next }
	{
		gsub(/\\-/, "-"); gsub(/\\e/, "\\"); gsub(/\\\(aq/, "'\''")
		if ($0 ~ /^# /) printf "C %s\n", substr($0, 3)
		else if ($0 ~ /^\(exit status [0-9]+\)$/) { n = $0; gsub(/[^0-9]/, "", n); print "X " n }
		else printf "O %s\n", $0
	}
' "$man"
