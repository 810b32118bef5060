// SPDX-License-Identifier: GPL-2.0
/*
 * bench_worst: the constructions a hostile caller would choose (issue
 * "hostile scale"; shim/hostile.c builds them, the same ones the unit
 * tests prove linear), timed natively with a clock in the yield hook
 * (env.c): for each, the total time of the one operation that used to
 * be quadratic or unbounded, and the longest stretch in it between two
 * offers to yield (l4mm_env_cond_resched()), in thread CPU time, with
 * the 99.9th percentile of the stretches (the longest one on a shared
 * machine may be a page fault or an interrupt), at 2^16 .. 2^20 pages
 * (fewer where a construction says its memory would not be sane).  Each
 * result is checked against what the construction implies.  Then the
 * cost of finding a mapping's source against the width of its tree.
 * Prints one JSON object.  With an argument, only the construction of
 * that name (no width).
 *
 *   width          lookup of the first and the last mapped of W children
 *                  of one page, W = 1 .. 2^20 (ns per lookup)
 */
#include <malloc.h>
#include <stdlib.h>

#include "l4mm_core.h"
#include "hostile.h"
#include "native.h"

static void check(int err, const char *what)
{
	if (err) {
		fprintf(stderr, "bench_worst: %s: %d\n", what, err);
		exit(1);
	}
}

static struct l4mm_space *sp(struct l4mm_state *st, const char *name)
{
	struct l4mm_space *s = l4mm_space_find(st, name);

	if (!s)
		check(l4mm_space_create(st, name, &s), "create");
	return s;
}

static struct l4mm_state *state(u32 sigma0_pages)
{
	struct l4mm_state *st;

	check(l4mm_state_create(sigma0_pages, &st), "state");
	return st;
}

static void map(struct l4mm_state *st, const char *a, u32 va,
		const char *b, u32 vb)
{
	check(l4mm_map(st, sp(st, a), va, sp(st, b), vb, NULL), "map");
}

struct figure {
	u64 total_ns;
	u64 max_stretch_ns;
	u64 p999_stretch_ns;
	u64 yields;
};

static void start(void)
{
	bench_yield_arm();
}

static struct figure stop(u64 t0)
{
	struct figure f;

	bench_yield_disarm();
	f.total_ns = bench_now_ns() - t0;
	f.max_stretch_ns = bench_yields.max_ns;
	f.p999_stretch_ns = bench_yield_quantile(999);
	f.yields = bench_yields.yields;
	return f;
}

/* Build @h at @n pages, time its operation, check its result. */
static struct figure run(const struct l4mm_hostile *h, u32 n)
{
	struct l4mm_state *st = state(h->sigma0(n));
	struct l4mm_op_result res = { };
	struct figure f;
	u64 t0;

	check(h->build(st, n), h->name);
	t0 = bench_now_ns();
	start();
	check(h->run(st, n, &res), h->name);
	f = stop(t0);
	check(h->verify(st, n, &res), h->name);
	l4mm_state_destroy(st);
	return f;
}

/* ns per lookup of page @va of W, best of 5 rounds of @reps. */
static double lookup_ns(struct l4mm_state *st, u32 va, u32 reps)
{
	struct l4mm_mapping_info mi;
	struct l4mm_space *w = sp(st, "W");
	u64 best = ~0ULL, t0, t;
	u32 r, i;

	for (r = 0; r < 5; r++) {
		t0 = bench_now_ns();
		for (i = 0; i < reps; i++)
			check(l4mm_lookup(st, w, va, &mi), "lookup");
		t = bench_now_ns() - t0;
		if (t < best)
			best = t;
	}
	return (double)best / reps;
}

static void width(void)
{
	struct l4mm_state *st = state(1);
	u32 w = 0, next = 1, first = 1;

	printf("\"width\":[");
	/* Children of sigma0:0, added one at a time, measured at 4^k. */
	while (next <= (1U << 20)) {
		for (; w < next; w++)
			map(st, "sigma0", 0, "W", w << 12);
		printf("%s{\"siblings\":%u,\"first_ns\":%.2f,\"last_ns\":%.2f}",
		       first ? "" : ",", w, lookup_ns(st, 0, 100000),
		       lookup_ns(st, (w - 1) << 12, 100000));
		first = 0;
		next *= 4;
	}
	printf("]");
	l4mm_state_destroy(st);
}

int main(int argc, char **argv)
{
	const struct l4mm_hostile *h;
	u32 c, n, k, shown = 0;
	struct figure f;

	/*
	 * Tables come from libc here (env.c); without this, free() gives
	 * the top of the heap back to the system in the middle of a
	 * construction's teardown, a cost the module's kfree() does not
	 * have, and the stretch it lands in grows with the heap.
	 */
	mallopt(M_TRIM_THRESHOLD, 1 << 30);

	printf("{\"resched_every\":%u,\"constructions\":[",
	       L4MM_CORE_RESCHED_EVERY);
	for (c = 0; c < l4mm_hostile_count; c++) {
		h = &l4mm_hostile[c];
		if (argc > 1 && strcmp(argv[1], h->name))
			continue;
		printf("%s{\"name\":\"%s\",\"what\":\"%s\",\"points\":[",
		       shown++ ? "," : "", h->name, h->what);
		for (k = 0, n = 1U << 16; n <= (1U << 20); n <<= 1) {
			if (h->max_pages && n > h->max_pages)
				break;
			f = run(h, n);
			printf("%s{\"pages\":%u,\"total_ns\":%llu,\"max_stretch_ns\":%llu,\"p999_stretch_ns\":%llu,\"yields\":%llu}",
			       k++ ? "," : "", n, f.total_ns,
			       f.max_stretch_ns, f.p999_stretch_ns, f.yields);
			fflush(stdout);
		}
		printf("]}");
	}
	printf("]");
	if (argc == 1) {
		printf(",");
		width();
	}
	printf("}\n");
	return 0;
}
