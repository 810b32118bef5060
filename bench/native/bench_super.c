// SPDX-License-Identifier: GPL-2.0
/*
 * bench_super: the software cost of a lookup through each hardware entry
 * size (docs/extensions.md section 8).  Four states, each with a space A
 * whose 16 MiB at 0x1000000 maps 4096 consecutive sigma0 pages, promoted
 * with l4mm_pt_promote(); only the source offset differs, so that the
 * largest entry that fits is a 4 KiB page (frames off by 4 KiB), a 64 KiB
 * large page (off by 64 KiB), a 1 MiB section (off by 1 MiB) or a 16 MiB
 * supersection.  The MDB is the same in all four (one node per page, one
 * level deep).  Times pseudo-random lookups of A's pages:
 *
 *   lookup_ns   l4mm_lookup(): walk, node, leaf fields and source
 *   walk_ns     l4mm_pt_lookup() + l4mm_pt_decode(): the engine alone
 *
 * Through a section the walk still ends in the page's own leaf of the
 * reserve table and decode climbs back to the entry the MMU uses; the
 * figures show what that costs in software (the MMU's gain, TLB reach,
 * is not measured here).  One JSON object on stdout; median over chunks.
 */
#include <stdint.h>
#include <stdlib.h>
#include <time.h>

#include "state.h"
#include "bench.h"
#include "native.h"

#define SUPER_PAGES	4096U
#define SUPER_VA	0x1000000U
#define SUPER_CHUNKS	2000U

static u64 now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (u64)ts.tv_sec * 1000000000ULL + (u64)ts.tv_nsec;
}

static void die(const char *what)
{
	fprintf(stderr, "bench_super: %s\n", what);
	exit(1);
}

static u64 lcg_state = 0x9e3779b97f4a7c15ULL;

static u32 lcg(u32 bound)
{
	lcg_state = lcg_state * 6364136223846793005ULL + 1442695040888963407ULL;
	return (u32)((lcg_state >> 33) % bound);
}

static int cmp_u64(const void *a, const void *b)
{
	u64 x = *(const u64 *)a, y = *(const u64 *)b;

	return x < y ? -1 : x > y;
}

static double median_ns(u64 *t, u32 n)
{
	qsort(t, n, sizeof(*t), cmp_u64);
	return (double)t[n / 2] / L4MM_BENCH_CHUNK;
}

/* ns per lookup, median over chunks; @walk: the engine walk only. */
static double time_lookups(struct l4mm_state *st, struct l4mm_space *a,
			   u32 frame0, bool walk)
{
	struct l4mm_mapping_info info;
	struct l4mm_pte_leaf leaf;
	struct l4mm_pte_ref ref;
	u32 va[L4MM_BENCH_CHUNK], c, k, sum = 0;
	u64 t[SUPER_CHUNKS], t0;

	for (c = 0; c < SUPER_CHUNKS; c++) {
		for (k = 0; k < L4MM_BENCH_CHUNK; k++)
			va[k] = SUPER_VA + (lcg(SUPER_PAGES) << 12);
		t0 = now_ns();
		for (k = 0; k < L4MM_BENCH_CHUNK; k++) {
			if (walk) {
				l4mm_pt_lookup(&a->pt, va[k], &ref);
				l4mm_pt_decode(&a->pt, &ref, &leaf);
				sum += leaf.frame;
			} else {
				l4mm_lookup(st, a, va[k], &info);
				sum += info.frame;
			}
		}
		t[c] = now_ns() - t0;
		/* The last lookup must be right (and keeps the loop). */
		if ((walk ? leaf.frame : info.frame) !=
		    frame0 + ((va[k - 1] - SUPER_VA) >> 12))
			die("wrong frame");
	}
	if (!sum)
		die("no lookups");
	return median_ns(t, SUPER_CHUNKS);
}

int main(void)
{
	static const struct { const char *name; u32 src; u32 shift; } v[] = {
		{ "4K", 0x1001000, 12 }, { "64K", 0x1010000, 16 },
		{ "1M", 0x1100000, 20 }, { "16M", 0x1000000, 24 },
	};
	struct l4mm_state *st;
	struct l4mm_space *s0, *a;
	struct l4mm_pte_ref ref;
	double lookup, walk;
	unsigned int i;
	u32 p;

	printf("{\"pages\":%u,\"points\":[", SUPER_PAGES);
	for (i = 0; i < ARRAY_SIZE(v); i++) {
		if (l4mm_state_create(0x3000, &st) ||
		    l4mm_space_create(st, "A", &a))
			die("state");
		s0 = l4mm_space_find(st, "sigma0");
		for (p = 0; p < SUPER_PAGES; p++)
			if (l4mm_map(st, s0, v[i].src + (p << 12), a,
				     SUPER_VA + (p << 12), NULL))
				die("map");
		l4mm_pt_promote(&a->pt, SUPER_VA, SUPER_PAGES << 12);
		l4mm_pt_lookup(&a->pt, SUPER_VA + 0x5000, &ref);
		if (l4mm_pt_page_shift(&a->pt, &ref) != v[i].shift)
			die("not promoted as expected");
		lookup = time_lookups(st, a, v[i].src >> 12, false);
		walk = time_lookups(st, a, v[i].src >> 12, true);
		printf("%s{\"entry\":\"%s\",\"lookup_ns\":%.2f,\"walk_ns\":%.2f}",
		       i ? "," : "", v[i].name, lookup, walk);
		l4mm_state_destroy(st);
	}
	printf("]}\n");
	if (l4mm_shim_warnings)
		die("core warnings");
	return 0;
}
