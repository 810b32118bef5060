// SPDX-License-Identifier: GPL-2.0
/*
 * Flexpage map, grant, unmap and flush (docs/extensions.md sections 1
 * and 7): page-wise steps in ascending order as one operation, regions
 * across 1 MiB table boundaries, skipped source pages, ENXIO, EINVAL,
 * receive windows, the exact depth check.
 */
#include "unit.h"
#include "tests.h"

#define PG	0x1000U

TEST(test_fpage_map_basic)
{
	struct l4mm_state *st = mkstate(1024);
	struct l4mm_op_result res;
	u32 i;

	mkspace(st, "A");
	mkspace(st, "B");
	CHECK_EQ(do_mapf(st, "sigma0", 0x10000, 16, "A", 0x100000, 16, &res),
		 0);
	CHECK(res.installed);
	CHECK_EQ(res.pages, 16);
	CHECK_EQ(res.removed, 0);
	for (i = 0; i < 16; i++) {
		CHECK_EQ(frame_of(st, "A", 0x100000 + i * PG), 0x10 + i);
		CHECK_EQ(depth_of(st, "A", 0x100000 + i * PG), 1);
	}
	CHECK(!strcmp(src_of(st, "A", 0x10f000), "sigma0:0x1f000"));
	CHECK_EQ(frame_of(st, "A", 0x110000), -1);
	CHECK_EQ(frame_of(st, "A", 0xff000), -1);
	CHECK_EQ(l4mm_space_pages(S(st, "A")), 16);
	/* A chain of fpages, then the same map again: flush, install. */
	CHECK_EQ(do_mapf(st, "A", 0x100000, 16, "B", 0x30000, 16, &res), 0);
	CHECK_EQ(res.pages, 16);
	CHECK_EQ(depth_of(st, "B", 0x3f000), 2);
	CHECK_EQ(do_mapf(st, "A", 0x100000, 16, "B", 0x30000, 16, &res), 0);
	CHECK_EQ(res.pages, 16);
	CHECK_EQ(res.removed, 16);
	/* Order 12 is the single-page map. */
	CHECK_EQ(do_mapf(st, "sigma0", 0x5000, 12, "B", 0x0, 12, &res), 0);
	CHECK_EQ(res.pages, 1);
	CHECK_EQ(frame_of(st, "B", 0), 5);
	CHECK_CLEAN(st);
	l4mm_state_destroy(st);
}

TEST(test_fpage_span_1m)
{
	/* Table counts, bytes or allocation sites of its geometry. */
	UNIT_ONLY_FORMAT(L4MM_FORMAT_ARMV7);
	struct l4mm_state *st = mkstate(1024);
	struct l4mm_op_result res;
	struct l4mm_stats s;
	u32 i;

	mkspace(st, "A");
	mkspace(st, "B");
	mkspace(st, "C");
	/* 2 MiB: two second-level tables. */
	CHECK_EQ(do_mapf(st, "sigma0", 0, 21, "A", 0x7fe00000, 21, &res), 0);
	CHECK_EQ(res.pages, 512);
	CHECK_EQ(l4mm_space_tables(S(st, "A")), 3);
	for (i = 0; i < 512; i += 37)
		CHECK_EQ(frame_of(st, "A", 0x7fe00000 + i * PG), i);
	CHECK_EQ(frame_of(st, "A", 0x7fffe000 + PG), 511);
	/* 4 MiB, all of sigma0, to the bottom of B: four tables. */
	CHECK_EQ(do_mapf(st, "sigma0", 0, 22, "B", 0, 22, &res), 0);
	CHECK_EQ(res.pages, 1024);
	CHECK_EQ(l4mm_space_tables(S(st, "B")), 5);
	/* Grant to the very top of the address space. */
	CHECK_EQ(do_grantf(st, "A", 0x7fe00000, 21, "C", 0xffe00000, 21,
			   L4MM_GRANT_DEFAULT, &res), 0);
	CHECK_EQ(res.pages, 512);
	CHECK_EQ(res.removed, 512);
	CHECK_EQ(l4mm_space_pages(S(st, "A")), 0);
	CHECK_EQ(l4mm_space_tables(S(st, "A")), 1);
	CHECK_EQ(frame_of(st, "C", 0xfffff000), 511);
	CHECK(!strcmp(src_of(st, "C", 0xfffff000), "sigma0:0x1ff000"));
	CHECK_CLEAN(st);
	/* Unmap of the second MiB of sigma0: B's and C's copies of it. */
	CHECK_EQ(l4mm_unmap_fpage(st, S(st, "sigma0"), 0x100000, 20,
				  L4MM_CORE_RWX, &res), 0);
	CHECK_EQ(res.removed, 512);
	CHECK_EQ(frame_of(st, "B", 0xff000), 0xff);
	CHECK_EQ(frame_of(st, "B", 0x100000), -1);
	CHECK_EQ(frame_of(st, "C", 0xfff00000), -1);
	CHECK_EQ(frame_of(st, "C", 0xffeff000), 0xff);
	CHECK_EQ(l4mm_space_tables(S(st, "C")), 2);
	/* Flush of the whole address space of sigma0. */
	CHECK_EQ(l4mm_flush_fpage(st, S(st, "sigma0"), 0, 32, L4MM_CORE_RWX,
				  &res), 0);
	CHECK_EQ(res.removed, 1024 + 768 + 256);
	l4mm_state_stats(st, &s);
	CHECK_EQ(s.mappings, 0);
	CHECK_EQ(s.tables, 4);
	CHECK_CLEAN(st);
	l4mm_state_destroy(st);
}

/* Unmapped source pages are skipped: their destinations stay. */
TEST(test_fpage_skip_unmapped)
{
	struct l4mm_state *st = mkstate(16);
	struct l4mm_op_result res;
	char *before, *after;

	mkspace(st, "A");
	mkspace(st, "B");
	CHECK_EQ(do_map(st, "sigma0", 0x1000, "A", 0x11000, NULL), 0);
	CHECK_EQ(do_map(st, "sigma0", 0x3000, "A", 0x13000, NULL), 0);
	CHECK_EQ(do_map(st, "sigma0", 0x5000, "B", 0x20000, NULL), 0);
	CHECK_EQ(do_map(st, "sigma0", 0x6000, "B", 0x21000, NULL), 0);
	CHECK_EQ(do_mapf(st, "A", 0x10000, 14, "B", 0x20000, 14, &res), 0);
	CHECK_EQ(res.pages, 2);
	CHECK_EQ(res.removed, 1);
	CHECK_EQ(frame_of(st, "B", 0x20000), 5);
	CHECK_EQ(frame_of(st, "B", 0x21000), 1);
	CHECK_EQ(frame_of(st, "B", 0x22000), -1);
	CHECK_EQ(frame_of(st, "B", 0x23000), 3);
	/* No source page mapped: ENXIO, nothing changes. */
	before = dump_state(st);
	CHECK_EQ(do_mapf(st, "A", 0x40000, 14, "B", 0x20000, 14, &res),
		 -ENXIO);
	CHECK_EQ(do_grantf(st, "A", 0x40000, 14, "B", 0x20000, 14,
			   L4MM_GRANT_KEEP, &res), -ENXIO);
	after = dump_state(st);
	CHECK(!strcmp(before, after));
	free(before);
	free(after);
	CHECK_CLEAN(st);
	l4mm_state_destroy(st);
}

TEST(test_fpage_einval)
{
	struct l4mm_state *st = mkstate(64);
	struct l4mm_op_result res;
	struct l4mm_map_args a;
	char *before, *after;

	mkspace(st, "A");
	CHECK_EQ(do_mapf(st, "sigma0", 0, 16, "A", 0, 16, NULL), 0);
	before = dump_state(st);
	/* Misaligned bases, orders out of range. */
	CHECK_EQ(do_mapf(st, "sigma0", 0x1000, 13, "A", 0x10000, 13, &res),
		 -EINVAL);
	CHECK_EQ(do_mapf(st, "sigma0", 0, 13, "A", 0x11000, 13, &res),
		 -EINVAL);
	CHECK_EQ(do_mapf(st, "sigma0", 0, 11, "A", 0x10000, 12, &res),
		 -EINVAL);
	CHECK_EQ(do_mapf(st, "sigma0", 0, 33, "A", 0x10000, 12, &res),
		 -EINVAL);
	CHECK_EQ(do_mapf(st, "sigma0", 0x800, 12, "A", 0x10000, 12, &res),
		 -EINVAL);
	/* Rights without r, or unknown bits. */
	a = fp_args(st, "sigma0", 0, 12, "A", 0x10000, 12);
	a.rights = L4MM_CORE_W | L4MM_CORE_X;
	CHECK_EQ(l4mm_map_fpage(st, &a, &res), -EINVAL);
	CHECK_EQ(l4mm_grant_fpage(st, &a, &res), -EINVAL);
	a.rights = 0;
	CHECK_EQ(l4mm_map_fpage(st, &a, &res), -EINVAL);
	a.rights = 8 | L4MM_CORE_R;
	CHECK_EQ(l4mm_map_fpage(st, &a, &res), -EINVAL);
	/*
	 * Overlapping regions of more than one page in one space (both are
	 * aligned to their common size: they overlap iff they coincide).
	 */
	CHECK_EQ(do_mapf(st, "A", 0, 14, "A", 0, 14, &res), -EINVAL);
	a = fp_args(st, "A", 0x2000, 13, "A", 0, 16);
	a.snd_base = 0x3000;
	CHECK_EQ(l4mm_map_fpage(st, &a, &res), -EINVAL);
	CHECK_EQ(do_grantf(st, "A", 0, 16, "A", 0, 16, L4MM_GRANT_PAPER,
			   &res), -EINVAL);
	/* unmap/flush: bad fpage, empty or unknown rights. */
	CHECK_EQ(l4mm_unmap_fpage(st, S(st, "A"), 0x1000, 13, L4MM_CORE_RWX,
				  &res), -EINVAL);
	CHECK_EQ(l4mm_flush_fpage(st, S(st, "A"), 0, 16, 0, &res), -EINVAL);
	CHECK_EQ(l4mm_flush_fpage(st, S(st, "A"), 0, 16, 9, &res), -EINVAL);
	CHECK_EQ(l4mm_status_fpage(st, S(st, "A"), 0, 40, &res), -EINVAL);
	after = dump_state(st);
	CHECK(!strcmp(before, after));
	free(after);
	free(before);
	/* Adjacent regions in one space are fine, and one page may be self. */
	CHECK_EQ(do_mapf(st, "A", 0, 14, "A", 0x4000, 14, &res), 0);
	CHECK_EQ(res.pages, 4);
	CHECK(!strcmp(src_of(st, "A", 0x7000), "A:0x3000"));
	CHECK_EQ(do_mapf(st, "A", 0x7000, 12, "A", 0x7000, 12, &res), 0);
	CHECK(!res.installed);
	CHECK_EQ(frame_of(st, "A", 0x7000), -1);
	CHECK_CLEAN(st);
	l4mm_state_destroy(st);
}

/*
 * Each page step sees what the earlier ones did: step 0 flushes B's page
 * 0, which A's page 1 derives from, so step 1 finds its source gone and
 * leaves B's page 1 alone.
 */
static struct l4mm_state *sequential_setup(void)
{
	struct l4mm_state *st = mkstate(16);

	mkspace(st, "A");
	mkspace(st, "B");
	CHECK_EQ(do_map(st, "sigma0", 0x1000, "B", 0x20000, NULL), 0);
	CHECK_EQ(do_map(st, "B", 0x20000, "A", 0x11000, NULL), 0);
	CHECK_EQ(do_map(st, "sigma0", 0x2000, "A", 0x10000, NULL), 0);
	CHECK_EQ(do_map(st, "sigma0", 0x7000, "B", 0x21000, NULL), 0);
	return st;
}

TEST(test_fpage_sequential)
{
	struct l4mm_state *st = sequential_setup();
	struct l4mm_op_result res;
	char *before, *after;

	CHECK_EQ(do_mapf(st, "A", 0x10000, 13, "B", 0x20000, 13, &res), 0);
	CHECK_EQ(res.removed, 2);
	CHECK_EQ(res.pages, 1);
	CHECK_EQ(frame_of(st, "B", 0x20000), 2);
	CHECK(!strcmp(src_of(st, "B", 0x20000), "A:0x10000"));
	CHECK_EQ(frame_of(st, "A", 0x11000), -1);
	CHECK_EQ(frame_of(st, "B", 0x21000), 7);
	CHECK_CLEAN(st);
	l4mm_state_destroy(st);

	/*
	 * The exact depth check: A 0x11000 is at the limit, but its step
	 * never runs, so the map is not refused...
	 */
	st = sequential_setup();
	l4mm_state_set_depth_max(st, 2);
	CHECK_EQ(depth_of(st, "A", 0x11000), 2);
	CHECK_EQ(do_mapf(st, "A", 0x10000, 13, "B", 0x20000, 13, &res), 0);
	CHECK_EQ(res.pages, 1);
	CHECK_CLEAN(st);
	l4mm_state_destroy(st);

	/* ...unless step 0 has nothing to do: then -EMLINK, no change. */
	st = sequential_setup();
	l4mm_state_set_depth_max(st, 2);
	CHECK_EQ(l4mm_flush(st, S(st, "A"), 0x10000, NULL), 0);
	before = dump_state(st);
	CHECK_EQ(do_mapf(st, "A", 0x10000, 13, "B", 0x20000, 13, &res),
		 -EMLINK);
	after = dump_state(st);
	CHECK(!strcmp(before, after));
	free(before);
	free(after);
	/* A map into an ancestor of the deep page is not refused. */
	CHECK_EQ(do_map(st, "A", 0x11000, "B", 0x20000, &res), 0);
	CHECK(!res.installed);
	CHECK_EQ(res.removed, 2);
	/* Grants keep depths: never -EMLINK. */
	CHECK_EQ(do_map(st, "sigma0", 0x1000, "B", 0x20000, NULL), 0);
	CHECK_EQ(do_map(st, "B", 0x20000, "A", 0x11000, NULL), 0);
	CHECK_EQ(do_grantf(st, "A", 0x10000, 13, "B", 0x30000, 13,
			   L4MM_GRANT_PAPER, &res), 0);
	CHECK_EQ(depth_of(st, "B", 0x31000), 2);
	CHECK_CLEAN(st);
	l4mm_state_destroy(st);
}

/* map SIGMA0 FPAGE A WINDOW base SNDBASE, the X.2 rule (section 7). */
TEST(test_receive_windows)
{
	struct l4mm_state *st = mkstate(512);
	struct l4mm_op_result res;
	struct l4mm_map_args a;
	u32 i;

	mkspace(st, "A");
	/* s < r: 4 pages into a 1 MiB window at (base mod 2^20) & ~0x3fff. */
	a = fp_args(st, "sigma0", 0x8000, 14, "A", 0x200000, 20);
	a.snd_base = 0xabc12345;
	CHECK_EQ(l4mm_map_fpage(st, &a, &res), 0);
	CHECK_EQ(res.pages, 4);
	CHECK_EQ(l4mm_space_pages(S(st, "A")), 4);
	for (i = 0; i < 4; i++)
		CHECK_EQ(frame_of(st, "A", 0x210000 + i * PG), 8 + i);
	/* s > r: the part of a 1 MiB fpage at (base mod 2^20) & ~0x3fff. */
	a = fp_args(st, "sigma0", 0, 20, "A", 0xc000, 14);
	a.snd_base = 0xfff2a000;
	CHECK_EQ(l4mm_map_fpage(st, &a, &res), 0);
	CHECK_EQ(res.pages, 4);
	for (i = 0; i < 4; i++)
		CHECK_EQ(frame_of(st, "A", 0xc000 + i * PG), 0x28 + i);
	CHECK_EQ(frame_of(st, "A", 0x10000), -1);
	/* s == r: page i to page i, whatever the base. */
	a = fp_args(st, "sigma0", 0x100000, 20, "A", 0x400000, 20);
	a.snd_base = 0x12345678;
	CHECK_EQ(l4mm_map_fpage(st, &a, &res), 0);
	CHECK_EQ(res.pages, 256);
	CHECK_EQ(frame_of(st, "A", 0x4ff000), 0x1ff);
	/* The same rule for grant; a window of the whole space. */
	mkspace(st, "B");
	a = fp_args(st, "A", 0xc000, 14, "B", 0, 32);
	a.snd_base = 0x80004000;
	CHECK_EQ(l4mm_grant_fpage(st, &a, &res), 0);
	CHECK_EQ(res.pages, 4);
	CHECK_EQ(frame_of(st, "B", 0x80004000), 0x28);
	CHECK_EQ(frame_of(st, "B", 0x80007000), 0x2b);
	CHECK_EQ(frame_of(st, "A", 0xc000), -1);
	CHECK_CLEAN(st);
	l4mm_state_destroy(st);
}

/*
 * A map or grant of at least 64 KiB tries superpages over its
 * destination (docs/extensions.md section 8); a single page never does.
 */
TEST(test_fpage_promotes)
{
	/* Table counts, bytes or allocation sites of its geometry. */
	UNIT_ONLY_FORMAT(L4MM_FORMAT_ARMV7);
	struct l4mm_state *st = mkstate(1024);
	struct l4mm_mapping_info mi;
	struct l4mm_op_result res;
	struct l4mm_map_args a;
	u32 i;

	mkspace(st, "A");
	mkspace(st, "B");
	mkspace(st, "C");
	CHECK_EQ(do_mapf(st, "sigma0", 0x100000, 20, "A", 0x300000, 20, &res),
		 0);
	CHECK_EQ(l4mm_lookup(st, S(st, "A"), 0x3ff000, &mi), 0);
	CHECK_EQ(mi.page_shift, 20);
	CHECK_EQ(mi.frame, 0x1ff);
	/* 64 KiB, rights r-x: a large page with those rights. */
	a = fp_args(st, "sigma0", 0x10000, 16, "B", 0x50000, 16);
	a.rights = L4MM_CORE_R | L4MM_CORE_X;
	CHECK_EQ(l4mm_map_fpage(st, &a, &res), 0);
	CHECK_EQ(l4mm_lookup(st, S(st, "B"), 0x5f000, &mi), 0);
	CHECK_EQ(mi.page_shift, 16);
	CHECK_EQ(mi.rights, L4MM_CORE_R | L4MM_CORE_X);
	/* 32 KiB, or 16 single pages: 4 KiB entries. */
	CHECK_EQ(do_mapf(st, "sigma0", 0x20000, 15, "C", 0x20000, 15, &res),
		 0);
	for (i = 0; i < 16; i++)
		CHECK_EQ(do_map(st, "sigma0", 0x30000 + i * PG, "C",
				0x30000 + i * PG, NULL), 0);
	CHECK_EQ(l4mm_lookup(st, S(st, "C"), 0x20000, &mi), 0);
	CHECK_EQ(mi.page_shift, 12);
	CHECK_EQ(l4mm_lookup(st, S(st, "C"), 0x30000, &mi), 0);
	CHECK_EQ(mi.page_shift, 12);
	CHECK_CLEAN(st);
	/* Taking w from one page splits the section; the rest stays rwx. */
	CHECK_EQ(l4mm_unmap_fpage(st, S(st, "sigma0"), 0x100000, 12,
				  L4MM_CORE_W, &res), 0);
	CHECK_EQ(rights_of(st, "A", 0x300000), L4MM_CORE_R | L4MM_CORE_X);
	CHECK_EQ(rights_of(st, "A", 0x301000), L4MM_CORE_RWX);
	CHECK_EQ(l4mm_lookup(st, S(st, "A"), 0x3ff000, &mi), 0);
	CHECK(mi.page_shift < 20);
	/* A keep-subtree grant of the whole MiB: promoted at its new place. */
	CHECK_EQ(do_mapf(st, "sigma0", 0x100000, 20, "A", 0x300000, 20, &res),
		 0);
	CHECK_EQ(do_grantf(st, "A", 0x300000, 20, "C", 0x700000, 20,
			   L4MM_GRANT_KEEP, &res), 0);
	CHECK_EQ(res.pages, 256);
	CHECK_EQ(l4mm_lookup(st, S(st, "C"), 0x700000, &mi), 0);
	CHECK_EQ(mi.page_shift, 20);
	CHECK_EQ(l4mm_space_pages(S(st, "A")), 0);
	CHECK_CLEAN(st);
	l4mm_state_destroy(st);
}
