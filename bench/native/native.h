/* SPDX-License-Identifier: GPL-2.0 */
/* Shared by the native benchmark's files. */
#ifndef _L4MM_BENCH_NATIVE_H
#define _L4MM_BENCH_NATIVE_H

#include "l4mm_core.h"

/* Live allocations of the benchmark's environment (env.c). */
struct bench_env_counters {
	long zalloc;
	long tables;
	long nodes;
	long node_slabs;	/* 4 KiB slabs ever carved into nodes */
};

extern struct bench_env_counters bench_env;

/*
 * The clock in the yield hook (env.c): while armed, every
 * l4mm_env_cond_resched() measures the stretch since the previous one
 * (or since the arming) in thread CPU time and keeps the longest.
 */
struct bench_yield_clock {
	bool armed;
	u64 last_ns;
	u64 max_ns;
	u64 yields;
	u64 *stretch;		/* every stretch of this arming, ns */
	u64 nstretch, cap;
};

extern struct bench_yield_clock bench_yields;
u64 bench_now_ns(void);
void bench_yield_arm(void);
/* Disarm; the stretch from the last yield to now counts too. */
void bench_yield_disarm(void);
/* The stretch below which @permille of the stretches fall. */
u64 bench_yield_quantile(u32 permille);

#endif /* _L4MM_BENCH_NATIVE_H */
