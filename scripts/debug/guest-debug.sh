#!/bin/sh
# /run.sh for "make check-debug" (debug kernel: KASAN, lockdep,
# kmemleak): the whole selftest suite, a longer fuzz run and a longer
# stress run, then a kmemleak scan.  The harness's init fails the run on
# any BUG:/WARNING: in the kernel log (KASAN and lockdep reports start
# with those); kmemleak reports are checked here.
cd /selftests || exit 1
status=0
./run.sh || status=1
echo "# check-debug: l4mm_fuzz 300000"
./l4mm_fuzz 300000 || status=1
[ -d /sys/module/l4mm ] || insmod /lib/modules/l4mm.ko
echo "# check-debug: l4mm_stress.sh 60 s"
L4MM_STRESS_SECS=60 ./l4mm_stress.sh || status=1
[ -d /sys/module/l4mm ] || insmod /lib/modules/l4mm.ko
KML=/sys/kernel/debug/kmemleak
if [ -w $KML ]; then
	# Two scans: kmemleak reports an object only once it was seen
	# unreferenced in two scans.
	echo scan >$KML; sleep 5; echo scan >$KML
	if grep -q l4mm $KML; then
		echo "not ok - kmemleak: leaks in l4mm"
		cat $KML
		status=1
	else
		echo "ok - kmemleak: no leak in l4mm ($(grep -c unreferenced $KML) reports elsewhere)"
	fi
else
	echo "not ok - kmemleak: $KML missing (not the debug kernel?)"
	status=1
fi
dmesg | grep -E 'KASAN|possible circular|possible recursive|inconsistent lock|sleeping function|lockdep' && status=1
echo "# check-debug: guest status $status"
exit $status
