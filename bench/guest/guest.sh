#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# make bench, the guest half (/run.sh of a bench boot; /bench holds
# bench_guest).  Every result is one line "BENCH-JSON NAME {...}" or
# "BENCH-MEM ..." on the console, which bench/run.sh picks out of the log.
# The module is loaded (default parameters) when this starts and must be
# loaded when it ends: init unloads it and checks the kernel log.
set -e

B=/bench/bench_guest
emit() {
	name=$1
	shift
	printf 'BENCH-JSON %s %s\n' "$name" "$("$@")"
}

echo "BENCH-INFO kernel $(uname -r) cpus $(grep -c ^processor /proc/cpuinfo)"
echo "BENCH-INFO cpu $(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -n 1)"
echo "BENCH-INFO memtotal_kb $(sed -n 's/^MemTotal: *\([0-9]*\).*/\1/p' /proc/meminfo)"

emit kbench $B kbench 16384
emit netlink $B netlink 2048
emit rounds $B rounds 1024 7
emit cli $B cli 50 4096
emit linux $B linux 2048 32
emit share $B share 256
emit share_linux $B linux 64 256

# Memory: reload with sigma0_pages = M (M mappings, M pages of sigma0's
# page table) and read the module's counters and the slab caches.
for m in 1000 10000 100000 1000000 1048576; do
	rmmod l4mm
	insmod /lib/modules/l4mm.ko sigma0_pages=$m
	echo "BENCH-MEM $m stats $(l4mm -j stats)"
	grep '^l4mm_' /proc/slabinfo | while read -r line; do
		echo "BENCH-MEM $m slab $line"
	done
	echo "BENCH-MEM $m meminfo $(sed -n 's/^\(MemAvailable\|Slab\|MemFree\): *\([0-9]*\).*/\1=\2/p' /proc/meminfo | tr '\n' ' ')"
done
rmmod l4mm
echo "BENCH-MEM 0 meminfo $(sed -n 's/^\(MemAvailable\|Slab\|MemFree\): *\([0-9]*\).*/\1=\2/p' /proc/meminfo | tr '\n' ' ')"
insmod /lib/modules/l4mm.ko
echo "BENCH-DONE"
