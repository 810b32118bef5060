#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Concurrency stress for L4MM_STRESS_SECS seconds (default 20) with
# L4MM_STRESS_WORKERS processes (default 4; the guest has 2 vCPUs):
#
#   workers     random batches (map, grant, unmap, flush, create, destroy)
#               on four shared spaces st0..st3 and one private space each;
#   netns       a loop creating a netns, filling it, letting it die;
#   unloader    a loop trying rmmod: it must fail with EBUSY/EAGAIN while
#               the module is in use (a dump holds it) or succeed cleanly,
#               in which case the module is loaded again at once.
#
# The workers never flush or grant away sigma0's own pages, so that
# destroying every other space brings the state back to its start.
# Afterwards: no worker saw an error a valid command must not get (EINVAL,
# ENOMEM, a crash), the checker passes (check_after_op=1 on one command),
# and after destroying every space but sigma0 the stats and the module's
# live objects (debugfs l4mm/live) equal the baseline of a fresh load.

L4MM=${L4MM:-l4mm}
KO=${L4MM_KO:-/lib/modules/l4mm.ko}
LIVE=/sys/kernel/debug/l4mm/live
SECS=${L4MM_STRESS_SECS:-20}
WORKERS=${L4MM_STRESS_WORKERS:-4}
TMPD=$(mktemp -d)

# shellcheck source-path=SCRIPTDIR source=l4mm_lib.sh disable=SC1091
. "$(dirname "$0")/l4mm_lib.sh"

# One batch of random commands; the RNG is awk's, seeded per call.
random_batch() {
	awk -v seed="$1" -v me="$2" 'BEGIN {
		srand(seed)
		for (i = 0; i < 40; i++) {
			r = int(rand() * 100)
			a = sprintf("st%d", int(rand() * 4))
			b = (rand() < 0.3) ? me : sprintf("st%d", int(rand() * 4))
			va = int(rand() * 32) * 4096
			vb = int(rand() * 32) * 4096
			sp = (int(rand() * 64) + 256) * 4096
			if (r < 35)
				printf "map sigma0 %d %s %d\n", sp, a, va
			else if (r < 60)
				printf "map %s %d %s %d\n", a, va, b, vb
			else if (r < 70)
				printf "grant %s %d %s %d\n", a, va, b, vb
			else if (r < 80)
				printf "unmap %s %d\n", a, va
			else if (r < 88)
				printf "flush %s %d\n", b, vb
			else if (r < 92)
				printf "unmap sigma0 %d\n", sp
			else if (r < 96)
				printf "destroy %s\n", b
			else
				printf "create %s\n", b
		}
	}'
}

worker() {
	local id=$1 me="pv$1" n=0 bad=0 out
	while [ ! -e "$TMPD/stop" ]; do
		n=$((n + 1))
		$L4MM create "$me" 2>/dev/null
		out=$(random_batch "$id$n" "$me" | $L4MM -force -b - 2>&1)
		# Allowed: ENOENT, ENXIO, EEXIST (races on shared spaces), a
		# module that was unloaded under us.
		if echo "$out" | grep -qE 'Invalid argument|Cannot allocate|Numerical result|Bad address|Segmentation|Killed'; then
			echo "# worker $id: $out" | head -3
			bad=$((bad + 1))
		fi
		# A dump now and then: it holds the module while it runs.
		[ $((n % 4)) -eq 0 ] && $L4MM dump >/dev/null 2>&1
	done
	echo "$n $bad" >"$TMPD/worker.$id"
}

netns_churn() {
	local n=0
	while [ ! -e "$TMPD/stop" ]; do
		unshare -n sh -c "$L4MM create a 2>/dev/null && $L4MM map sigma0 0x1000 a 0x1000 && $L4MM create b && $L4MM map a 0x1000 b 0x1000" >/dev/null 2>&1
		n=$((n + 1))
	done
	echo "$n" >"$TMPD/netns"
}

unloader() {
	local busy=0 unloaded=0 bad=0 out
	while [ ! -e "$TMPD/stop" ]; do
		sleep 1
		if out=$(rmmod l4mm 2>&1); then
			unloaded=$((unloaded + 1))
			loaded && bad=$((bad + 1))
			insmod "$KO" || bad=$((bad + 1))
		elif echo "$out" | grep -qE 'Resource temporarily unavailable|Device or resource busy|in use'; then
			busy=$((busy + 1))
		else
			echo "# rmmod: $out"
			bad=$((bad + 1))
		fi
	done
	echo "$busy $unloaded $bad" >"$TMPD/unloader"
}

echo "TAP version 13"
echo "1..6"

rmmod l4mm 2>/dev/null
insmod "$KO" || { echo "Bail out! cannot load $KO"; exit 1; }
# stats first: the initial netns makes its state on its first request.
# bytes: the space id table keeps the size it grew to.
base_stats=$($L4MM stats | grep -vE '^(ops|bytes):')
base_live=$(cat $LIVE)
for s in st0 st1 st2 st3; do $L4MM create $s; done

echo "# $WORKERS workers, netns churn and rmmod attempts for ${SECS}s"
for i in $(seq 1 "$WORKERS"); do worker "$i" & done
netns_churn &
unloader &
sleep "$SECS"
touch "$TMPD/stop"
wait

ops=0 bad=0
for i in $(seq 1 "$WORKERS"); do
	read -r n b <"$TMPD/worker.$i" || { n=0; b=1; }
	ops=$((ops + n * 40)) bad=$((bad + b))
done
read -r busy unloaded ubad <"$TMPD/unloader" || ubad=1
echo "# $ops batched commands, $(cat "$TMPD/netns" 2>/dev/null) netns, rmmod: $busy busy, $unloaded unloaded"
[ "$bad" -eq 0 ] && [ "$ops" -gt 0 ]
ok $? "$WORKERS workers: $ops commands, none got an error a valid command must not get"
[ "$ubad" -eq 0 ]
ok $? "rmmod attempts: $busy refused as busy, $unloaded clean unloads (reloaded at once), nothing else"

loaded || insmod "$KO"
echo 1 >/sys/module/l4mm/parameters/check_after_op
$L4MM create stress_chk && $L4MM destroy stress_chk
ok $? "a command with the checker on after the stress"
echo 0 >/sys/module/l4mm/parameters/check_after_op
for s in $($L4MM list | awk 'NR > 1 && $2 != "sigma0" { print $2 }'); do
	$L4MM destroy "$s"
done
[ "$($L4MM stats | grep -vE '^(ops|bytes):')" = "$base_stats" ]
ok $? "stats back to the baseline after destroying every space but sigma0"
wait_live "$base_live"
[ "$(cat $LIVE)" = "$base_live" ]
ok $? "live objects back to the baseline: $(cat $LIVE | tr '\n' ' ')"
dmesg | grep -E 'WARNING:|BUG:|state check failed|leaked|Objects remaining' >"$TMPD/dmesg"
[ ! -s "$TMPD/dmesg" ]
ok $? "kernel log clean"
[ -s "$TMPD/dmesg" ] && sed 's/^/# /' "$TMPD/dmesg"

rm -rf "$TMPD"
totals
