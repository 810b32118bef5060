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

#endif /* _L4MM_BENCH_NATIVE_H */
