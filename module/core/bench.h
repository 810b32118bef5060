/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The benchmark workload of l4mm, shared by the module's BENCH command
 * (timed with ktime in the kernel) and by bench/native (timed with
 * clock_gettime on the host), so that both places time exactly the same
 * sequence of core calls.
 */
#ifndef _L4MM_BENCH_H
#define _L4MM_BENCH_H

#include "l4mm_core.h"

/* The timed operations, in the order the workload runs them. */
enum l4mm_bench_op {
	L4MM_BENCH_MAP,		/* map sigma0,i -> A,i (fresh destination) */
	L4MM_BENCH_LOOKUP,	/* lookup A,i (depth 1) */
	L4MM_BENCH_GRANT,	/* grant A,i -> B,i (A,i flushed) */
	L4MM_BENCH_UNMAP,	/* unmap sigma0,i (removes B,i: 1 mapping) */
	L4MM_BENCH_FLUSH,	/* flush A,i after an untimed re-map */
	L4MM_BENCH_NR_OPS
};

/*
 * Every chunk of L4MM_BENCH_CHUNK consecutive operations is timed as one
 * sample: reading a clock per operation would cost as much as the
 * operation itself.  pages must be a multiple of it.
 */
#define L4MM_BENCH_CHUNK	64

/*
 * The spread of the per-operation time over the samples of one op, in
 * picoseconds per operation (ns would round a 10 ns lookup too coarsely).
 */
struct l4mm_bench_stat {
	u64 ops;		/* operations timed */
	u64 total_ns;		/* sum over all samples */
	u64 median_ps;		/* per operation */
	u64 p99_ps;		/* per operation, 99th percentile sample */
	u64 removed;		/* mappings the timed operations removed */
};

/*
 * l4mm_bench_run() - run the workload once on a private state
 * @pages: pages per operation (multiple of L4MM_BENCH_CHUNK, <= 2^20)
 * @now_ns: the clock
 * @samples: per op, room for pages / L4MM_BENCH_CHUNK chunk times in ns
 * @removed: per op, receives the mappings the timed calls removed
 *
 * Creates a state with a sigma0 of @pages pages and two spaces, runs the
 * operations of enum l4mm_bench_op over every page in turn, and destroys
 * the state.  Any error of a core call stops the run.
 *
 * Return: 0, -EINVAL (@pages), -ENOMEM, or the first core error.
 */
int l4mm_bench_run(u32 pages, u64 (*now_ns)(void),
		   u64 *samples[L4MM_BENCH_NR_OPS],
		   u64 removed[L4MM_BENCH_NR_OPS]);

/* Sorts @samples in place and fills @out (removed is left alone). */
void l4mm_bench_stat(u64 *samples, u32 n, struct l4mm_bench_stat *out);

#endif /* _L4MM_BENCH_H */
