// SPDX-License-Identifier: GPL-2.0
/*
 * bench_worst: the constructions a hostile caller would choose (issue
 * "hostile scale"), timed natively with a clock in the yield hook
 * (env.c): for each, the total time of the one operation that used to
 * be quadratic or unbounded, and the longest stretch in it between two
 * offers to yield (l4mm_env_cond_resched()), in thread CPU time, with
 * the 99.9th percentile of the stretches (the longest one on a shared
 * machine may be a page fault or an interrupt), at 2^16, 2^18 and 2^20
 * pages.  Then the cost of finding a mapping's source against the width
 * of its tree.  Prints one JSON object.
 *
 *   chain_check    C:0 -> C:1 -> ... -> C:n-1, then l4mm_space_check(C)
 *   nested_grant   D:0 <- ... <- D:n-1 <- E:0, A:0..n-1 children of E:0;
 *                  grant A 0/ORD D 0/ORD (D:0's flush takes it all)
 *   reversed_grant the chain the other way up, sources in another tree:
 *                  every step flushes a run containing the previous ones
 *   revoke         unmap of a page with n pages derived from it
 *   destroy        destroy a space of n pages, each with a child
 *   sigma0         create and destroy a state with a sigma0 of n pages
 *
 *   width          lookup of the first and the last mapped of W children
 *                  of one page, W = 1 .. 2^20 (ns per lookup)
 */
#include <stdlib.h>

#include "l4mm_core.h"
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

static u8 order_of(u32 pages)
{
	u8 order = 12;

	while ((1U << (order - 12)) < pages)
		order++;
	return order;
}

static void grant_all(struct l4mm_state *st, u32 n)
{
	struct l4mm_map_args a = {
		.src = sp(st, "A"), .src_va = 0, .src_order = order_of(n),
		.dst = sp(st, "D"), .dst_va = 0, .dst_order = order_of(n),
		.rights = L4MM_CORE_RWX, .mode = L4MM_GRANT_PAPER,
	};

	check(l4mm_grant_fpage(st, &a, NULL), "grant");
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

static struct figure chain_check(u32 n)
{
	struct l4mm_state *st = state(1);
	struct figure f;
	char msg[128];
	u64 t0;
	u32 i;

	map(st, "sigma0", 0, "C", 0);
	for (i = 1; i < n; i++)
		map(st, "C", (i - 1) << 12, "C", i << 12);
	t0 = bench_now_ns();
	start();
	check(l4mm_space_check(st, sp(st, "C"), msg, sizeof(msg)), "check");
	f = stop(t0);
	l4mm_state_destroy(st);
	return f;
}

static struct figure nested_grant(u32 n)
{
	struct l4mm_state *st = state(1);
	struct figure f;
	u64 t0;
	u32 i;

	map(st, "sigma0", 0, "D", 0);
	for (i = 1; i < n; i++)
		map(st, "D", (i - 1) << 12, "D", i << 12);
	map(st, "D", (n - 1) << 12, "E", 0);
	for (i = 0; i < n; i++)
		map(st, "E", 0, "A", i << 12);
	t0 = bench_now_ns();
	start();
	grant_all(st, n);
	f = stop(t0);
	l4mm_state_destroy(st);
	return f;
}

static struct figure reversed_grant(u32 n)
{
	struct l4mm_state *st = state(2);
	struct figure f;
	u64 t0;
	u32 i;

	map(st, "sigma0", 0x1000, "D", (n - 1) << 12);
	for (i = n - 1; i > 0; i--)
		map(st, "D", i << 12, "D", (i - 1) << 12);
	for (i = 0; i < n; i++)
		map(st, "sigma0", 0, "A", i << 12);
	t0 = bench_now_ns();
	start();
	grant_all(st, n);
	f = stop(t0);
	l4mm_state_destroy(st);
	return f;
}

static struct figure revoke(u32 n)
{
	struct l4mm_state *st = state(1);
	struct figure f;
	u64 t0;
	u32 i;

	for (i = 0; i < n; i++)
		map(st, "sigma0", 0, "A", i << 12);
	t0 = bench_now_ns();
	start();
	check(l4mm_unmap(st, sp(st, "sigma0"), 0, NULL), "unmap");
	f = stop(t0);
	l4mm_state_destroy(st);
	return f;
}

static struct figure destroy(u32 n)
{
	struct l4mm_state *st = state(n);
	struct figure f;
	u64 t0;
	u32 i;

	for (i = 0; i < n; i++)
		map(st, "sigma0", i << 12, "A", i << 12);
	for (i = 0; i < n; i++)
		map(st, "A", i << 12, "B", i << 12);
	t0 = bench_now_ns();
	start();
	check(l4mm_space_destroy(st, sp(st, "A"), NULL), "destroy");
	f = stop(t0);
	l4mm_state_destroy(st);
	return f;
}

static struct figure sigma0(u32 n)
{
	struct l4mm_state *st;
	struct figure f;
	u64 t0;

	t0 = bench_now_ns();
	start();
	check(l4mm_state_create(n, &st), "state");
	l4mm_state_destroy(st);
	f = stop(t0);
	return f;
}

static const struct {
	const char *name;
	struct figure (*run)(u32 n);
} constructions[] = {
	{ "chain_check", chain_check },
	{ "nested_grant", nested_grant },
	{ "reversed_grant", reversed_grant },
	{ "revoke", revoke },
	{ "destroy", destroy },
	{ "sigma0", sigma0 },
};

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

int main(void)
{
	static const u32 sizes[] = { 1U << 16, 1U << 18, 1U << 20 };
	struct figure f;
	u32 c, k;

	printf("{\"resched_every\":%u,\"constructions\":[",
	       L4MM_CORE_RESCHED_EVERY);
	for (c = 0; c < ARRAY_SIZE(constructions); c++) {
		printf("%s{\"name\":\"%s\",\"points\":[", c ? "," : "",
		       constructions[c].name);
		for (k = 0; k < ARRAY_SIZE(sizes); k++) {
			f = constructions[c].run(sizes[k]);
			printf("%s{\"pages\":%u,\"total_ns\":%llu,\"max_stretch_ns\":%llu,\"p999_stretch_ns\":%llu,\"yields\":%llu}",
			       k ? "," : "", sizes[k], f.total_ns,
			       f.max_stretch_ns, f.p999_stretch_ns, f.yields);
			fflush(stdout);
		}
		printf("]}");
	}
	printf("],");
	width();
	printf("}\n");
	return 0;
}
