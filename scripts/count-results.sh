#!/bin/bash
# Count the results of "make check" and print the summary as the last line:
#   N passed, N failed[, N skipped]
# Sources (see docs/CONTRACTS.md, "Test output and counting"):
#   --unit LOG    host unit tests: the numbers of their final
#                 "unit: N passed, N failed" line (their TAP is not recounted)
#   --guest LOG   guest console: every line matching ^(not )?ok [0-9]+;
#                 "ok ... # SKIP" is a skip; indented or "#"-prefixed
#                 (nested) TAP is not counted
#   --result FILE guest result port: "L4MM-EXIT <status>"
#   --tap LOG     a host TAP log (differential test, mutation check; may
#                 be given more than once): every line matching
#                 ^(not )?ok [0-9]+; none at all is a failure
# A missing source counts as one failure, so a broken stage can never leave
# the summary green: no unit summary line, no guest log, no guest result,
# or a non-zero guest status with no failing test line to show for it.
# Exit 1 if anything failed or if no test ran at all.
set -euo pipefail

unit='' guest='' result='' taps=()
while (($#)); do
	case $1 in
	--unit) unit=$2 ;;
	--guest) guest=$2 ;;
	--result) result=$2 ;;
	--tap) taps+=("$2") ;;
	*) echo "count-results: unknown argument $1" >&2; exit 2 ;;
	esac
	shift 2
done

passed=0 failed=0 skipped=0
problem() {
	echo "count-results: FAIL: $*"
	failed=$((failed + 1))
}

if [[ -n $unit ]]; then
	line=$(grep -E '^unit: [0-9]+ passed, [0-9]+ failed' "$unit" 2>/dev/null | tail -n 1) || true
	if [[ $line =~ ^unit:\ ([0-9]+)\ passed,\ ([0-9]+)\ failed ]]; then
		passed=$((passed + BASH_REMATCH[1]))
		failed=$((failed + BASH_REMATCH[2]))
		echo "count-results: unit tests: ${BASH_REMATCH[1]} passed, ${BASH_REMATCH[2]} failed"
	else
		problem "unit tests printed no 'unit: N passed, N failed' line (build failure?)"
	fi
fi

if [[ -n $guest ]]; then
	if [[ -r $guest ]]; then
		# The console has CRLF line ends.
		read -r gp gf gs < <(tr -d '\r' <"$guest" | awk '
			/^not ok [0-9]+/ { f++; next }
			/^ok [0-9]+/ { if ($0 ~ /#[ \t]*[Ss][Kk][Ii][Pp]/) s++; else p++ }
			END { print p + 0, f + 0, s + 0 }')
		passed=$((passed + gp)) failed=$((failed + gf)) skipped=$((skipped + gs))
		echo "count-results: guest tests: $gp passed, $gf failed, $gs skipped"
		tr -d '\r' <"$guest" | grep -E '^not ok [0-9]+' | sed 's/^/count-results:   /' || true
	else
		problem "no guest output ($guest): the guest did not run"
		gf=1
	fi
	status=''
	if [[ -r $result ]]; then
		status=$(tr -d '\r' <"$result" |
			sed -n 's/^L4MM-EXIT \([0-9][0-9]*\)$/\1/p' | tail -n 1)
	fi
	if [[ -z $status ]]; then
		[[ -r $guest ]] && problem "the guest reported no result (crash, panic, timeout or setup failure)"
	elif ((status != 0 && gf == 0)); then
		problem "the guest script exited with status $status but no test reported a failure"
	fi
fi

for tap in "${taps[@]}"; do
	tp=$(grep -cE '^ok [0-9]+' "$tap" 2>/dev/null) || true
	tf=$(grep -cE '^not ok [0-9]+' "$tap" 2>/dev/null) || true
	passed=$((passed + ${tp:-0})) failed=$((failed + ${tf:-0}))
	echo "count-results: $(basename "$tap" .log) (host): ${tp:-0} passed, ${tf:-0} failed"
	grep -E '^not ok [0-9]+' "$tap" | sed 's/^/count-results:   /' || true
	((${tp:-0} + ${tf:-0})) || problem "no TAP line in $tap (build failure?)"
done

summary="$passed passed, $failed failed"
((skipped == 0)) || summary+=", $skipped skipped"
if ((passed + failed + skipped == 0)); then
	echo "count-results: FAIL: no test ran"
	echo "$summary"
	exit 1
fi
echo "$summary"
((failed == 0))
