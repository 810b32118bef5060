#!/bin/bash
# "make prove": Frama-C WP on the annotated core (docs/proofs.md).
#
# For each unit below (a source file and the functions whose contracts
# and runtime-error goals are proved), run WP with its RTE goals on
# (-wp-rte: no out-of-bounds or invalid access, no signed overflow, no
# bad shift, no uninitialised read) and the provers Debian ships (z3 and
# CVC4, through Why3, with a project-local Why3 configuration: the
# developer's ~/.why3.conf is not read), print a per-function table
# (function, goals, proved, provers, time) and a last line
# "N passed, N failed" counting goals.  Any unproved goal fails it.
#
# Caching: WP's cache (-wp-cache update) under OUT/cache keys each goal
# by its prover input; a function whose source and contract did not
# change yields the same goals and is not re-proved (Frama-C still
# parses and generates them: seconds).
#
# Usage: prove.sh [CORE_DIR]   (default module/core; make mutation passes
# a mutant's copy).  Environment: PROVE_OUT (default build/proof),
# PROVE_TIMEOUT (seconds per goal and prover, default 10), PROVE_JOBS
# (parallel prover runs, default 2), PROVE_TAP=1 (also a TAP line per
# function, for make check).
set -uo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
core=$(cd "${1:-$repo/module/core}" && pwd) || exit 2
out=${PROVE_OUT:-$repo/build/proof}
timeout=${PROVE_TIMEOUT:-10}
jobs=${PROVE_JOBS:-2}
mkdir -p "$out/cache"

for tool in frama-c why3 z3 cvc4 python3; do
	command -v "$tool" >/dev/null ||
		{ echo "prove: $tool missing (scripts/install-deps.sh prove)" >&2; exit 2; }
done

# The provers, as Why3 sees them, in our own configuration file.
export WHY3CONFIG=$out/why3.conf
if [[ ! -s $WHY3CONFIG ]] || ! grep -q '"CVC4"' "$WHY3CONFIG" ||
	! grep -q '"Z3"' "$WHY3CONFIG"; then
	why3 config detect -C "$WHY3CONFIG" >"$out/why3-detect.log" 2>&1 ||
		{ cat "$out/why3-detect.log" >&2; exit 2; }
fi

# The units: file and functions.  mdb.c's list primitives with mdb.h's
# inline key helpers; the rest of mdb.c (unmap/flush/narrow, which call
# the page-table engine) waits for the engine's contracts (docs/proofs.md).
units=(
"mdb.c:l4mm_mdb_vpn,l4mm_mdb_id,l4mm_mdb_depth,l4mm_mdb_status,\
l4mm_mdb_set_status,l4mm_mdb_clear_status,l4mm_mdb_key,l4mm_mdb_va,\
l4mm_mdb_parent,l4mm_mdb_init_root,l4mm_mdb_insert_child,\
l4mm_mdb_insert_before,mdb_unlink,l4mm_mdb_move,l4mm_mdb_in_subtree,\
l4mm_mdb_run_end"
)

# The core as the userspace builds compile it (shim/core.mk's
# CORE_CPPFLAGS), with the GCC machine model (the core uses GNU C:
# statement expressions, empty initialisers, __builtin_expect) and
# __always_inline, which the shim takes from glibc's <sys/cdefs.h> and
# Frama-C's own libc does not define.
cpp="-I$core -I$repo/shim -DL4MM_TEST -D__always_inline=inline"

status=0
# The bit-field facts that l4mm_spec.h takes as axioms, on bit-vectors.
if [[ $(z3 -T:"$timeout" "$core/proof/key_fields.smt2" 2>&1) != unsat ]]; then
	echo "prove: z3 does not prove proof/key_fields.smt2" >&2
	status=1
fi

jsons=()
for unit in "${units[@]}"; do
	file=${unit%%:*} fcts=${unit#*:}
	json=$out/${file%.c}.json log=$out/${file%.c}.log
	rm -f "$json"
	if ! frama-c -machdep gcc_x86_64 -cpp-extra-args="$cpp" \
		"$core/$file" -wp -wp-rte -wp-fct "$fcts" \
		-wp-prover z3,cvc4 -wp-timeout "$timeout" -wp-par "$jobs" \
		-wp-cache update -wp-cache-dir "$out/cache" \
		-wp-report-json "$json" >"$log" 2>&1 || [[ ! -s $json ]]; then
		echo "prove: frama-c failed on $file, see $log" >&2
		tail -n 15 "$log" >&2
		status=1
		continue
	fi
	jsons+=("$file:$json:$log")
done

python3 - "${jsons[@]}" <<'PY' || status=1
import json, os, re, sys

# Times from the log: "[wp] [Z3 4.8.12] Goal typed_G : Valid (Qed:4ms)
# (110ms) (166709)"; every "(Qed:T)" and "(T)" of a goal's lines counts.
def times(log):
    t, goal = {}, None
    for line in open(log):
        m = re.search(r'Goal typed_(\S+)', line)
        if m:
            goal = m.group(1)
        elif not line.startswith('  '):
            goal = None
        if goal:
            for v, u in re.findall(r'\((?:Qed:)?([0-9.]+)(ms|s)\)', line):
                t[goal] = t.get(goal, 0.0) + float(v) / (1000 if u == 'ms' else 1)
    return t

rows, passed, failed = [], 0, 0
for arg in sys.argv[1:]:
    src, path, log = arg.split(':')
    t = times(log)
    for fct, goals in sorted(json.load(open(path))['wp:functions'].items()):
        r = {'goals': 0, 'proved': 0, 'provers': set(), 'time': 0.0,
             'failed': []}
        for goal, res in goals.items():
            if goal == 'wp:section':    # the function's own summary
                continue
            main = res.get('wp:main', {})
            r['goals'] += main.get('total', 0)
            r['proved'] += main.get('valid', 0)
            if main.get('valid', 0) < main.get('total', 0):
                r['failed'].append(goal)
            for prover, v in res.items():
                if prover != 'wp:main' and v.get('valid', 0):
                    r['provers'].add(prover.split(':')[0])
            r['time'] += t.get(goal, 0.0)
        rows.append((src, fct, r))
        passed += r['proved']
        failed += r['goals'] - r['proved']

print('%-6s %-24s %5s %6s  %-14s %7s' %
      ('file', 'function', 'goals', 'proved', 'prover(s)', 'time(s)'))
for src, fct, r in rows:
    print('%-6s %-24s %5d %6d  %-14s %7.2f' %
          (src, fct, r['goals'], r['proved'],
           ','.join(sorted(r['provers'])) or '-', r['time']))
    for goal in r['failed']:
        print('  not proved: %s' % goal)
# make check counts TAP lines (scripts/count-results.sh): one per
# function, before the summary, which stays the last line.
if os.environ.get('PROVE_TAP'):
    for i, (src, fct, r) in enumerate(rows, 1):
        print('%sok %d - prove %s: %d of %d goals' %
              ('not ' if r['failed'] else '', i, fct, r['proved'], r['goals']))
print('%d passed, %d failed' % (passed, failed))
sys.exit(1 if failed or not rows else 0)
PY
exit $status
