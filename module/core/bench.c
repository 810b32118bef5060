// SPDX-License-Identifier: GPL-2.0
/*
 * The benchmark workload (see bench.h).  It only calls the public core
 * API, so it measures what a netlink handler gets, and it allocates only
 * through the core, so the kernel times its slab caches and userspace its
 * own allocator.
 */
#include "bench.h"

#define BENCH_PAGE(i)	((u32)(i) << L4MM_CORE_PAGE_SHIFT)

struct bench_ctx {
	struct l4mm_state *st;
	struct l4mm_space *s0, *a, *b;
	u32 pages;
};

/* One timed pass of @op over every page; chunk times go to @samples. */
static int bench_pass(struct bench_ctx *c, enum l4mm_bench_op op,
		      u64 (*now_ns)(void), u64 *samples, u64 *removed)
{
	struct l4mm_mapping_info info;
	struct l4mm_op_result res = { };
	u32 i, j, va;
	int err = 0;
	u64 t0;

	*removed = 0;
	for (i = 0; i < c->pages; i += L4MM_BENCH_CHUNK) {
		t0 = now_ns();
		for (j = i; j < i + L4MM_BENCH_CHUNK; j++) {
			va = BENCH_PAGE(j);
			switch (op) {
			case L4MM_BENCH_MAP:
				err = l4mm_map(c->st, c->s0, va, c->a, va,
					       &res);
				break;
			case L4MM_BENCH_LOOKUP:
				err = l4mm_lookup(c->st, c->a, va, &info);
				break;
			case L4MM_BENCH_GRANT:
				err = l4mm_grant(c->st, c->a, va, c->b, va,
						 &res);
				break;
			case L4MM_BENCH_UNMAP:
				err = l4mm_unmap(c->st, c->s0, va, &res);
				break;
			default:
				err = l4mm_flush(c->st, c->a, va, &res);
				break;
			}
			if (unlikely(err))
				return err;
			if (op != L4MM_BENCH_LOOKUP)
				*removed += res.removed;
		}
		samples[i / L4MM_BENCH_CHUNK] = now_ns() - t0;
	}
	return 0;
}

static int bench_remap(struct bench_ctx *c)
{
	u32 i;
	int err;

	for (i = 0; i < c->pages; i++) {
		err = l4mm_map(c->st, c->s0, BENCH_PAGE(i), c->a,
			       BENCH_PAGE(i), NULL);
		if (err)
			return err;
	}
	return 0;
}

int l4mm_bench_run(u32 pages, u64 (*now_ns)(void),
		   u64 *samples[L4MM_BENCH_NR_OPS],
		   u64 removed[L4MM_BENCH_NR_OPS])
{
	struct bench_ctx c = { .pages = pages };
	int op, err;

	if (!pages || pages % L4MM_BENCH_CHUNK || pages > L4MM_CORE_MAX_FRAMES)
		return -EINVAL;
	err = l4mm_state_create(pages, &c.st);
	if (err)
		return err;
	c.s0 = l4mm_space_find(c.st, "sigma0");
	err = l4mm_space_create(c.st, "A", &c.a);
	if (!err)
		err = l4mm_space_create(c.st, "B", &c.b);
	for (op = 0; !err && op < L4MM_BENCH_NR_OPS; op++) {
		/* UNMAP took A's pages away with B's: put them back. */
		if (op == L4MM_BENCH_FLUSH)
			err = bench_remap(&c);
		if (!err)
			err = bench_pass(&c, op, now_ns, samples[op],
					 &removed[op]);
	}
	l4mm_state_destroy(c.st);
	return err;
}

static void sift_down(u64 *a, u32 root, u32 n)
{
	u32 child;
	u64 t;

	while ((child = 2 * root + 1) < n) {
		if (child + 1 < n && a[child + 1] > a[child])
			child++;
		if (a[root] >= a[child])
			return;
		t = a[root];
		a[root] = a[child];
		a[child] = t;
		root = child;
	}
}

/* Heap sort: no recursion, no allocation, O(n log n) worst case. */
static void sort_u64(u64 *a, u32 n)
{
	u32 i;
	u64 t;

	for (i = n / 2; i-- > 0;)
		sift_down(a, i, n);
	for (i = n; i-- > 1;) {
		t = a[0];
		a[0] = a[i];
		a[i] = t;
		sift_down(a, 0, i);
	}
}

void l4mm_bench_stat(u64 *samples, u32 n, struct l4mm_bench_stat *out)
{
	u32 i;

	out->ops = (u64)n * L4MM_BENCH_CHUNK;
	out->total_ns = 0;
	out->median_ps = 0;
	out->p99_ps = 0;
	if (!n)
		return;
	for (i = 0; i < n; i++)
		out->total_ns += samples[i];
	sort_u64(samples, n);
	out->median_ps = samples[n / 2] * 1000 / L4MM_BENCH_CHUNK;
	out->p99_ps = samples[(u64)n * 99 / 100] * 1000 / L4MM_BENCH_CHUNK;
}
