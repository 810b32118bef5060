// SPDX-License-Identifier: GPL-2.0
/*
 * bench_core: the l4mm core (module/core, built with the tests' shim
 * headers) timed natively.  Each mode prints one JSON object on stdout:
 *
 *   ops [RUNS [PAGES]]  the shared workload (core/bench.c) RUNS times;
 *                       median and p99 ns per op over all chunk samples
 *   icount [PAGES]      the workload once, for valgrind --tool=callgrind:
 *                       collection is on only inside the timed chunks and
 *                       dumped once per op (instructions per op)
 *   subtree             unmap cost vs size of the removed subtree
 *   total               unmap cost vs total mappings, 10^3..10^6
 *   chain               lookup cost vs derivation chain length, 1..1000
 *   memory              metadata bytes per mapping, 10^3..10^6
 *
 * Times are CLOCK_MONOTONIC, read once per chunk of operations.
 */
#include <stdint.h>
#include <stdlib.h>
#include <time.h>

#include <valgrind/callgrind.h>

#include "bench.h"
#include "native.h"

static const char *const op_names[L4MM_BENCH_NR_OPS] = {
	[L4MM_BENCH_MAP] = "map",
	[L4MM_BENCH_LOOKUP] = "lookup",
	[L4MM_BENCH_GRANT] = "grant",
	[L4MM_BENCH_UNMAP] = "unmap",
	[L4MM_BENCH_FLUSH] = "flush",
};

static u64 now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (u64)ts.tv_sec * 1000000000ULL + (u64)ts.tv_nsec;
}

static void die(const char *what, int err)
{
	fprintf(stderr, "bench_core: %s: %s\n", what, strerror(-err));
	exit(1);
}

static void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n, size);

	if (!p)
		die("calloc", -ENOMEM);
	return p;
}

static void check(int err, const char *what)
{
	if (err)
		die(what, err);
}

/* Deterministic pseudo-random pages (a 64-bit LCG), same every run. */
static u64 lcg_state = 0x9e3779b97f4a7c15ULL;

static u32 lcg(u32 bound)
{
	lcg_state = lcg_state * 6364136223846793005ULL + 1442695040888963407ULL;
	return (u32)((lcg_state >> 33) % bound);
}

static double ps_to_ns(u64 ps)
{
	return (double)ps / 1000.0;
}

static int mode_ops(u32 runs, u32 pages)
{
	u32 chunks = pages / L4MM_BENCH_CHUNK, r, op;
	u64 *pool[L4MM_BENCH_NR_OPS], *s[L4MM_BENCH_NR_OPS];
	u64 removed[L4MM_BENCH_NR_OPS], rem_total[L4MM_BENCH_NR_OPS] = { 0 };
	struct l4mm_bench_stat st;

	for (op = 0; op < L4MM_BENCH_NR_OPS; op++)
		pool[op] = xcalloc((size_t)runs * chunks, sizeof(u64));
	for (r = 0; r < runs; r++) {
		for (op = 0; op < L4MM_BENCH_NR_OPS; op++)
			s[op] = pool[op] + (size_t)r * chunks;
		check(l4mm_bench_run(pages, now_ns, s, removed), "workload");
		for (op = 0; op < L4MM_BENCH_NR_OPS; op++)
			rem_total[op] += removed[op];
	}
	printf("{\"runs\":%u,\"pages\":%u,\"chunk\":%u,\"ops\":{", runs, pages,
	       L4MM_BENCH_CHUNK);
	for (op = 0; op < L4MM_BENCH_NR_OPS; op++) {
		l4mm_bench_stat(pool[op], runs * chunks, &st);
		printf("%s\"%s\":{\"median_ns\":%.2f,\"p99_ns\":%.2f,"
		       "\"mean_ns\":%.2f,\"ops\":%llu,\"removed\":%llu}",
		       op ? "," : "", op_names[op], ps_to_ns(st.median_ps),
		       ps_to_ns(st.p99_ps), (double)st.total_ns / st.ops,
		       st.ops, rem_total[op]);
		free(pool[op]);
	}
	printf("}}\n");
	return 0;
}

/*
 * The clock of icount mode: called at the start and the end of every
 * chunk, in op order, so the call number says which op is running.
 */
static u32 icount_chunks;
static u64 icount_calls;

static u64 icount_clock(void)
{
	u64 k = icount_calls++;

	if (!(k & 1)) {
		CALLGRIND_TOGGLE_COLLECT;
		return 0;
	}
	CALLGRIND_TOGGLE_COLLECT;
	if ((k / 2 + 1) % icount_chunks == 0) {
		switch (k / 2 / icount_chunks) {
		case L4MM_BENCH_MAP:
			CALLGRIND_DUMP_STATS_AT("map");
			break;
		case L4MM_BENCH_LOOKUP:
			CALLGRIND_DUMP_STATS_AT("lookup");
			break;
		case L4MM_BENCH_GRANT:
			CALLGRIND_DUMP_STATS_AT("grant");
			break;
		case L4MM_BENCH_UNMAP:
			CALLGRIND_DUMP_STATS_AT("unmap");
			break;
		default:
			CALLGRIND_DUMP_STATS_AT("flush");
			break;
		}
	}
	return 0;
}

static int mode_icount(u32 pages)
{
	u64 *s[L4MM_BENCH_NR_OPS], removed[L4MM_BENCH_NR_OPS];
	u32 op;

	icount_chunks = pages / L4MM_BENCH_CHUNK;
	for (op = 0; op < L4MM_BENCH_NR_OPS; op++)
		s[op] = xcalloc(icount_chunks, sizeof(u64));
	check(l4mm_bench_run(pages, icount_clock, s, removed), "workload");
	printf("{\"pages\":%u,\"running_on_valgrind\":%u}\n", pages,
	       (unsigned int)RUNNING_ON_VALGRIND);
	for (op = 0; op < L4MM_BENCH_NR_OPS; op++)
		free(s[op]);
	return 0;
}

static int cmp_u64(const void *a, const void *b)
{
	u64 x = *(const u64 *)a, y = *(const u64 *)b;

	return x < y ? -1 : x > y;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double median_d(double *v, u32 n)
{
	qsort(v, n, sizeof(*v), cmp_double);
	return v[n / 2];
}

static u64 median(u64 *v, u32 n)
{
	qsort(v, n, sizeof(*v), cmp_u64);
	return v[n / 2];
}

/*
 * Unmap of a subtree of s mappings: sigma0,0 mapped into A at s pages
 * (untimed), then unmap sigma0,0 timed; median of reps.
 */
static int mode_subtree(void)
{
	static const u32 sizes[] = { 1, 4, 16, 64, 256, 1024, 4096, 16384,
				     65536, 262144 };
	struct l4mm_op_result res;
	struct l4mm_state *st;
	struct l4mm_space *s0, *a;
	u32 i, k, r, reps;
	u64 t[64], t0;

	printf("{\"points\":[");
	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		check(l4mm_state_create(1, &st), "state");
		s0 = l4mm_space_find(st, "sigma0");
		check(l4mm_space_create(st, "A", &a), "space");
		reps = sizes[i] >= 65536 ? 9 : 41;
		for (r = 0; r < reps; r++) {
			for (k = 0; k < sizes[i]; k++)
				check(l4mm_map(st, s0, 0, a, k << 12, NULL),
				      "map");
			t0 = now_ns();
			check(l4mm_unmap(st, s0, 0, &res), "unmap");
			t[r] = now_ns() - t0;
			if (res.removed != sizes[i])
				die("unmap removed a wrong count", -EIO);
		}
		t0 = median(t, reps);
		printf("%s{\"removed\":%u,\"median_ns\":%llu,"
		       "\"ns_per_removed\":%.2f}", i ? "," : "", sizes[i], t0,
		       (double)t0 / sizes[i]);
		l4mm_state_destroy(st);
	}
	printf("]}\n");
	return 0;
}

/*
 * Median ns of one unmap over chunks of 64 pages drawn from the first
 * span pages of sigma0: mapped into A (untimed), then unmapped from
 * sigma0 (timed, one mapping removed each).
 */
static double unmap_median(struct l4mm_state *st, struct l4mm_space *s0,
			   struct l4mm_space *a, u32 span, u64 *t, u32 chunks)
{
	u32 c, k, pg[L4MM_BENCH_CHUNK];
	u64 t0;

	for (c = 0; c < chunks; c++) {
		for (k = 0; k < L4MM_BENCH_CHUNK; k++) {
			pg[k] = lcg(span) << 12;
			check(l4mm_map(st, s0, pg[k], a, pg[k], NULL), "map");
		}
		t0 = now_ns();
		for (k = 0; k < L4MM_BENCH_CHUNK; k++)
			check(l4mm_unmap(st, s0, pg[k], NULL), "unmap");
		t[c] = now_ns() - t0;
	}
	return (double)median(t, chunks) / L4MM_BENCH_CHUNK;
}

/*
 * Unmap cost vs total mappings M (sigma0 of M pages), two ways: pages
 * from a fixed working set of the first 1000 pages (the algorithm's
 * dependence on M), and pages uniformly from all M (adds the cache
 * misses of a working set that grows with M).  The sizes are measured
 * in turn, TOTAL_REPS times over, and each figure is the median of its
 * repetitions: a shared host's load then hits all sizes alike.
 */
#define TOTAL_REPS	5

static int mode_total(void)
{
	static const u32 totals[] = { 1000, 10000, 100000, 1000000 };
	double fixed[ARRAY_SIZE(totals)][TOTAL_REPS];
	double uniform[ARRAY_SIZE(totals)][TOTAL_REPS];
	u32 i, rep, chunks = 2000;
	struct l4mm_state *st;
	struct l4mm_space *s0, *a;
	u64 *t;

	t = xcalloc(chunks, sizeof(u64));
	for (rep = 0; rep < TOTAL_REPS; rep++) {
		for (i = 0; i < ARRAY_SIZE(totals); i++) {
			check(l4mm_state_create(totals[i], &st), "state");
			s0 = l4mm_space_find(st, "sigma0");
			check(l4mm_space_create(st, "A", &a), "space");
			fixed[i][rep] = unmap_median(st, s0, a, 1000, t,
						     chunks);
			uniform[i][rep] = unmap_median(st, s0, a, totals[i],
						       t, chunks);
			l4mm_state_destroy(st);
		}
	}
	printf("{\"working_set\":1000,\"reps\":%u,\"points\":[",
	       TOTAL_REPS);
	for (i = 0; i < ARRAY_SIZE(totals); i++)
		printf("%s{\"total\":%u,\"median_ns\":%.2f,"
		       "\"uniform_median_ns\":%.2f}", i ? "," : "",
		       totals[i], median_d(fixed[i], TOTAL_REPS),
		       median_d(uniform[i], TOTAL_REPS));
	printf("]}\n");
	free(t);
	return 0;
}

/* lookup of the last page of a chain sigma0,0 -> S1,0 -> ... -> SL,0. */
static int mode_chain(void)
{
	static const u32 lens[] = { 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000 };
	struct l4mm_space *prev, *sp;
	struct l4mm_mapping_info info;
	struct l4mm_state *st;
	u32 i, l, c, k, chunks = 2000;
	char name[16];
	u64 *t, t0;

	t = xcalloc(chunks, sizeof(u64));
	printf("{\"points\":[");
	for (i = 0; i < ARRAY_SIZE(lens); i++) {
		check(l4mm_state_create(1, &st), "state");
		prev = l4mm_space_find(st, "sigma0");
		for (l = 1; l <= lens[i]; l++) {
			snprintf(name, sizeof(name), "S%u", l);
			check(l4mm_space_create(st, name, &sp), "space");
			check(l4mm_map(st, prev, 0, sp, 0, NULL), "map");
			prev = sp;
		}
		for (c = 0; c < chunks; c++) {
			t0 = now_ns();
			for (k = 0; k < L4MM_BENCH_CHUNK; k++)
				check(l4mm_lookup(st, prev, 0, &info),
				      "lookup");
			t[c] = now_ns() - t0;
		}
		if (info.depth != lens[i] || info.frame != 0)
			die("lookup of the chain's end is wrong", -EIO);
		t0 = median(t, chunks);
		printf("%s{\"chain\":%u,\"median_ns\":%.2f}", i ? "," : "",
		       lens[i], (double)t0 / L4MM_BENCH_CHUNK);
		l4mm_state_destroy(st);
	}
	printf("]}\n");
	free(t);
	return 0;
}

/*
 * Metadata of M mappings: sigma0 of M pages, as the core counts it (MDB
 * nodes; hardware tables + shadow arrays + headers).
 */
static int mode_memory(void)
{
	static const u32 totals[] = { 1000, 10000, 100000, 1000000 };
	struct l4mm_state *st;
	struct l4mm_stats s;
	u32 i;

	printf("{\"node_size\":%zu,\"points\":[", L4MM_CORE_NODE_SIZE);
	for (i = 0; i < ARRAY_SIZE(totals); i++) {
		check(l4mm_state_create(totals[i], &st), "state");
		l4mm_state_stats(st, &s);
		printf("%s{\"mappings\":%llu,\"node_bytes\":%llu,"
		       "\"table_bytes\":%llu,\"tables\":%llu,"
		       "\"mdb_bytes_per_mapping\":%.2f,"
		       "\"pt_bytes_per_page\":%.2f}", i ? "," : "",
		       s.mappings, s.node_bytes, s.table_bytes, s.tables,
		       (double)s.node_bytes / s.mappings,
		       (double)s.table_bytes / s.mappings);
		l4mm_state_destroy(st);
	}
	printf("]}\n");
	return 0;
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "ops";
	int ret;

	if (!strcmp(mode, "ops"))
		ret = mode_ops(argc > 2 ? atoi(argv[2]) : 30,
			       argc > 3 ? atoi(argv[3]) : 65536);
	else if (!strcmp(mode, "icount"))
		ret = mode_icount(argc > 2 ? atoi(argv[2]) : 4096);
	else if (!strcmp(mode, "subtree"))
		ret = mode_subtree();
	else if (!strcmp(mode, "total"))
		ret = mode_total();
	else if (!strcmp(mode, "chain"))
		ret = mode_chain();
	else if (!strcmp(mode, "memory"))
		ret = mode_memory();
	else {
		fprintf(stderr, "usage: bench_core ops|icount|subtree|total|chain|memory\n");
		return 2;
	}
	if (l4mm_shim_warnings) {
		fprintf(stderr, "bench_core: %lu core warnings\n",
			l4mm_shim_warnings);
		return 1;
	}
	return ret;
}
