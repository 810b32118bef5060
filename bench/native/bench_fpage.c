// SPDX-License-Identifier: GPL-2.0
/*
 * bench_fpage: the core's operations at superpage size, natively
 * (docs/extensions.md, flexpages and superpages).
 *
 * For a flexpage of 64 KiB and of 1 MiB (16 and 256 pages), at aligned
 * addresses of sigma0 (built of supersections) and of a space A:
 *   fpage:  one map of sigma0's fpage to A (A's region is promoted to a
 *           large page / section: the entry size is printed); one unmap
 *           of sigma0's fpage (removes A's 16 / 256 mappings); after an
 *           untimed re-map, one flush of A's fpage;
 *   single: the same with 16 / 256 single-page maps, unmaps and flushes
 *           (single-page operations never promote: small pages).
 * Each figure is the median over REPS repetitions of the time of the
 * whole step; the report divides by the pages for "per page".  Lookup
 * through each entry size is bench_super's.  One JSON object on stdout.
 */
#include <stdint.h>
#include <stdlib.h>
#include <time.h>

#include "bench.h"
#include "native.h"

#define SUPER_REPS	201
#define SUPER_SIGMA0	0x10000U	/* pages: 256 MiB */
#define SUPER_SRC	0x01000000U	/* sigma0 region (16 MiB aligned) */
#define SUPER_DST	0x40000000U	/* A's region */

static u64 now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (u64)ts.tv_sec * 1000000000ULL + (u64)ts.tv_nsec;
}

static void ok(int err, const char *what)
{
	if (err) {
		fprintf(stderr, "bench_fpage: %s: %s\n", what,
			strerror(-err));
		exit(1);
	}
}

static int cmp(const void *a, const void *b)
{
	u64 x = *(const u64 *)a, y = *(const u64 *)b;

	return x < y ? -1 : x > y;
}

static u64 med(u64 *v, u32 n)
{
	qsort(v, n, sizeof(*v), cmp);
	return v[n / 2];
}

static void fpage_map(struct l4mm_state *st, struct l4mm_space *s0,
		      struct l4mm_space *a, u8 order)
{
	struct l4mm_map_args args = {
		.src = s0, .src_va = SUPER_SRC, .src_order = order,
		.dst = a, .dst_va = SUPER_DST, .dst_order = order,
		.rights = L4MM_CORE_RWX, .mode = L4MM_GRANT_DEFAULT,
	};
	struct l4mm_op_result res = { 0 };

	ok(l4mm_map_fpage(st, &args, &res), "fpage map");
	if (res.pages != 1U << (order - 12))
		ok(-EIO, "fpage map installed a wrong count");
}

static void single_map(struct l4mm_state *st, struct l4mm_space *s0,
		       struct l4mm_space *a, u32 pages)
{
	u32 i;

	for (i = 0; i < pages; i++)
		ok(l4mm_map(st, s0, SUPER_SRC + (i << 12), a,
			    SUPER_DST + (i << 12), NULL), "map");
}

/* The size of the entry that maps A's region, as lookup reports it. */
static unsigned int entry_shift(struct l4mm_state *st, struct l4mm_space *sp,
				u32 va)
{
	struct l4mm_mapping_info info;

	ok(l4mm_lookup(st, sp, va, &info), "lookup");
	return info.page_shift;
}

/* One size: fpage and single-page map, unmap, flush; medians in ns. */
static void one_size(u8 order, u64 t[6])
{
	u32 pages = 1U << (order - 12), i, r;
	struct l4mm_op_result res;
	struct l4mm_space *s0, *a;
	struct l4mm_state *st;
	static u64 s[6][SUPER_REPS];
	unsigned int shift = 0;
	u64 t0;

	ok(l4mm_state_create(SUPER_SIGMA0, &st), "state");
	s0 = l4mm_space_find(st, "sigma0");
	ok(l4mm_space_create(st, "A", &a), "space");
	for (r = 0; r < SUPER_REPS; r++) {
		t0 = now();
		fpage_map(st, s0, a, order);
		s[0][r] = now() - t0;
		shift = entry_shift(st, a, SUPER_DST);
		t0 = now();
		ok(l4mm_unmap_fpage(st, s0, SUPER_SRC, order, L4MM_CORE_RWX,
				    &res), "fpage unmap");
		s[1][r] = now() - t0;
		if (res.removed != pages)
			ok(-EIO, "fpage unmap removed a wrong count");
		fpage_map(st, s0, a, order);
		t0 = now();
		ok(l4mm_flush_fpage(st, a, SUPER_DST, order, L4MM_CORE_RWX,
				    &res), "fpage flush");
		s[2][r] = now() - t0;
		if (res.removed != pages)
			ok(-EIO, "fpage flush removed a wrong count");

		t0 = now();
		single_map(st, s0, a, pages);
		s[3][r] = now() - t0;
		t0 = now();
		for (i = 0; i < pages; i++)
			ok(l4mm_unmap(st, s0, SUPER_SRC + (i << 12), NULL),
			   "unmap");
		s[4][r] = now() - t0;
		single_map(st, s0, a, pages);
		t0 = now();
		for (i = 0; i < pages; i++)
			ok(l4mm_flush(st, a, SUPER_DST + (i << 12), NULL),
			   "flush");
		s[5][r] = now() - t0;
	}
	l4mm_state_destroy(st);
	for (i = 0; i < 6; i++)
		t[i] = med(s[i], SUPER_REPS);
	printf("{\"order\":%u,\"bytes\":%u,\"pages\":%u,\"entry_shift\":%u,"
	       "\"fpage\":{\"map_ns\":%llu,\"unmap_ns\":%llu,\"flush_ns\":%llu},"
	       "\"single\":{\"map_ns\":%llu,\"unmap_ns\":%llu,\"flush_ns\":%llu}}",
	       order, 1U << order, pages, shift, t[0], t[1], t[2], t[3], t[4],
	       t[5]);
}

int main(void)
{
	static const u8 orders[] = { 16, 20 };
	u64 t[6];
	u32 i;

	printf("{\"reps\":%u,\"sizes\":[", SUPER_REPS);
	for (i = 0; i < ARRAY_SIZE(orders); i++) {
		if (i)
			printf(",");
		one_size(orders[i], t);
	}
	printf("]}\n");
	if (l4mm_shim_warnings)
		ok(-EIO, "core warnings");
	return 0;
}
