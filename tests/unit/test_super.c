// SPDX-License-Identifier: GPL-2.0
/*
 * Superpages (docs/extensions.md section 8, module/core/pt_super.c): the
 * ARMv7 descriptors promotion writes (large pages, sections,
 * supersections), demotion in place by clear and update at the first,
 * middle and last page, walks through superpages, the checker, and that
 * demotion never allocates.
 *
 * Expected descriptors, worked out from the ARM ARM (B3.5.1) as in
 * test_armv7.c, for RWX cached (Normal WBWA, nG, S, AP 011):
 *   small page  PA | 0xc7e    large page    PA | 0x1c3d
 *   section     PA | 0x31c2e  supersection  PA | 0x71c0e (no domain)
 * and a read-only small page PA | 0xe7e (AP[2] set).
 */
#include "unit.h"
#include "tests.h"

#define SMALL(pa)	((u32)(pa) | 0xc7eU)
#define SMALL_RO(pa)	((u32)(pa) | 0xe7eU)
#define LARGE(pa)	((u32)(pa) | 0x1c3dU)
#define SECT(pa)	((u32)(pa) | 0x31c2eU)
#define SUPER(pa)	((u32)(pa) | 0x71c0eU)
#define PT_PTR(t)	((l4mm_env_table_phys((t)->hw) & 0xfffffc00U) | 0x21U)

/* 16 MiB + 1 MiB + 64 KiB + 3 pages: one of each size. */
#define MIXED_PAGES	(4096 + 256 + 16 + 3)

static struct l4mm_pt_table *root_of(struct l4mm_state *st, const char *n)
{
	return S(st, n)->pt.root;
}

static struct l4mm_pt_table *l2_of(struct l4mm_state *st, const char *n,
				   u32 mb)
{
	return root_of(st, n)->shadow[mb];
}

static unsigned int shift_at(struct l4mm_state *st, const char *n, u32 va)
{
	struct l4mm_pte_ref ref;

	if (l4mm_pt_lookup(&S(st, n)->pt, va, &ref) != L4MM_PTE_LEAF)
		return 0;
	return l4mm_pt_page_shift(&S(st, n)->pt, &ref);
}

static void map_run(struct l4mm_state *st, u32 src, const char *dst,
		    u32 dva, u32 pages)
{
	u32 i;

	for (i = 0; i < pages; i++)
		CHECK_EQ(do_map(st, "sigma0", src + (i << 12), dst,
				dva + (i << 12), NULL), 0);
}

/* Every page of [va, va + pages) in @n holds frame first + i. */
static void check_frames(struct l4mm_state *st, const char *n, u32 va,
			 u32 pages, u32 first, int line)
{
	u32 i;

	for (i = 0; i < pages; i++)
		if (frame_of(st, n, va + (i << 12)) != (long)(first + i)) {
			unit_fail(__FILE__, line, "%s 0x%08x: frame %ld, want 0x%x",
				  n, va + (i << 12),
				  frame_of(st, n, va + (i << 12)), first + i);
			return;
		}
}

TEST(test_super_sigma0)
{
	UNIT_ONLY_FORMAT(L4MM_FORMAT_ARMV7);
	struct l4mm_state *st = mkstate(MIXED_PAGES);
	struct l4mm_pt_table *root = root_of(st, "sigma0"), *t;
	u32 i;

	for (i = 0; i < 16; i++)
		CHECK_EQ(root->hw[i], SUPER(0));
	CHECK_EQ(root->hw[16], SECT(0x1000000));
	t = root->shadow[17];
	CHECK_EQ(root->hw[17], PT_PTR(t));
	for (i = 0; i < 16; i++)
		CHECK_EQ(t->hw[i], LARGE(0x1100000));
	for (i = 16; i < 19; i++)
		CHECK_EQ(t->hw[i], SMALL(0x1100000 + (i << 12)));
	CHECK_EQ(t->hw[19], 0);
	CHECK_EQ(root->hw[18], 0);
	/* Behind the sections, the reserve tables hold large pages. */
	CHECK_EQ(l2_of(st, "sigma0", 5)->hw[0x27], LARGE(0x520000));
	CHECK_EQ(l2_of(st, "sigma0", 16)->hw[0xff], LARGE(0x10f0000));

	CHECK_EQ(shift_at(st, "sigma0", 0x3000), 24);
	CHECK_EQ(shift_at(st, "sigma0", 0xfff000), 24);
	CHECK_EQ(shift_at(st, "sigma0", 0x1005000), 20);
	CHECK_EQ(shift_at(st, "sigma0", 0x110f000), 16);
	CHECK_EQ(shift_at(st, "sigma0", 0x1112000), 12);
	check_frames(st, "sigma0", 0, MIXED_PAGES, 0, __LINE__);
	/* Counters stay page-wise: every table is still there. */
	CHECK_EQ(l4mm_space_pages(S(st, "sigma0")), MIXED_PAGES);
	CHECK_EQ(l4mm_space_tables(S(st, "sigma0")), 1 + 18);
	CHECK_CLEAN(st);
	l4mm_state_destroy(st);
}

TEST(test_super_promote_sizes)
{
	UNIT_ONLY_FORMAT(L4MM_FORMAT_ARMV7);
	struct l4mm_state *st = mkstate(0x2000);
	struct l4mm_space *a = mkspace(st, "A");
	struct l4mm_pt_table *root = a->pt.root, *t;
	unsigned long syncs;
	u32 i, snap[0x60];

	/* 64 KiB: sigma0 0x30000.. at A 0x50000. */
	map_run(st, 0x30000, "A", 0x50000, 16);
	t = root->shadow[0];
	CHECK_EQ(t->hw[0x50], SMALL(0x30000));
	CHECK_EQ(shift_at(st, "A", 0x50000), 12);
	syncs = l4mm_shim_table_syncs;
	l4mm_pt_promote(&a->pt, 0x50000, 0x10000);
	CHECK(l4mm_shim_table_syncs >= syncs + 16);
	for (i = 0x50; i < 0x60; i++)
		CHECK_EQ(t->hw[i], LARGE(0x30000));
	CHECK_EQ(shift_at(st, "A", 0x5f000), 16);
	check_frames(st, "A", 0x50000, 16, 0x30, __LINE__);

	/* 1 MiB: sigma0 0x200000.. at A 0x300000. */
	map_run(st, 0x200000, "A", 0x300000, 256);
	t = root->shadow[3];
	CHECK_EQ(root->hw[3], PT_PTR(t));
	l4mm_pt_promote(&a->pt, 0x300000, 0x100000);
	CHECK_EQ(root->hw[3], SECT(0x200000));
	CHECK(root->shadow[3] == t);
	for (i = 0; i < 256; i++)
		CHECK_EQ(t->hw[i], LARGE(0x200000 + ((i & ~15U) << 12)));
	CHECK_EQ(shift_at(st, "A", 0x3ab000), 20);
	check_frames(st, "A", 0x300000, 256, 0x200, __LINE__);

	/* 16 MiB: sigma0 0x1000000.. at A 0x5000000. */
	map_run(st, 0x1000000, "A", 0x5000000, 4096);
	l4mm_pt_promote(&a->pt, 0x5000000, 0x1000000);
	for (i = 0x50; i < 0x60; i++) {
		CHECK_EQ(root->hw[i], SUPER(0x1000000));
		CHECK_EQ(((struct l4mm_pt_table *)root->shadow[i])->hw[0],
			 LARGE(0x1000000 + ((i - 0x50) << 20)));
	}
	CHECK_EQ(shift_at(st, "A", 0x5fff000), 24);
	check_frames(st, "A", 0x5000000, 4096, 0x1000, __LINE__);
	CHECK_EQ(l4mm_space_pages(a), 16 + 256 + 4096);
	CHECK_EQ(l4mm_space_tables(a), 1 + 1 + 1 + 16);
	CHECK_CLEAN(st);

	/* Promotion is idempotent, over the whole address space too. */
	memcpy(snap, root->hw, sizeof(snap));
	l4mm_pt_promote(&a->pt, 0, 1ULL << 32);
	CHECK(!memcmp(snap, root->hw, sizeof(snap)));
	CHECK_CLEAN(st);
	l4mm_state_destroy(st);
}

TEST(test_super_promote_refused)
{
	UNIT_ONLY_FORMAT(L4MM_FORMAT_ARMV7);
	struct l4mm_state *st = mkstate(0x400);
	struct l4mm_space *a = mkspace(st, "A");
	struct l4mm_pt_table *t;
	struct l4mm_pte_leaf leaf;
	struct l4mm_pte_ref ref;
	u32 i;

	/* A hole at 0x17000. */
	map_run(st, 0x20000, "A", 0x10000, 7);
	map_run(st, 0x28000, "A", 0x18000, 8);
	/* Not contiguous: 0x25000 holds frame 0x3f. */
	map_run(st, 0x20000, "A", 0x20000, 5);
	map_run(st, 0x3f000, "A", 0x25000, 1);
	map_run(st, 0x26000, "A", 0x26000, 10);
	/* Contiguous but not aligned to 64 KiB: frames 1..16. */
	map_run(st, 0x1000, "A", 0x30000, 16);
	/* Aligned, contiguous, but one page read-only. */
	map_run(st, 0x40000, "A", 0x40000, 16);
	CHECK(l4mm_node_at(a, 0x4a000, &ref, &leaf) != NULL);
	leaf.wr = false;
	l4mm_pt_update(&a->pt, &ref, &leaf);
	/* Good, for the region tests below. */
	map_run(st, 0x60000, "A", 0x60000, 16);

	l4mm_pt_promote(&a->pt, 0x10000, 0x40000);
	/* Not wholly inside the region given. */
	l4mm_pt_promote(&a->pt, 0x60000, 0xf000);
	l4mm_pt_promote(&a->pt, 0x61000, 0x10000);
	t = a->pt.root->shadow[0];
	for (i = 0x10; i < 0x50; i++)
		CHECK(i == 0x17 ? !t->hw[i] : (t->hw[i] & 3) >= 2);
	CHECK_EQ(t->hw[0x4a], SMALL_RO(0x4a000));
	for (i = 0x60; i < 0x70; i++)
		CHECK_EQ(t->hw[i], SMALL(i << 12));
	/* A region that holds it: promoted. */
	l4mm_pt_promote(&a->pt, 0x5f000, 0x11000);
	CHECK_EQ(t->hw[0x6f], LARGE(0x60000));

	/* One page short of a section: large pages only. */
	map_run(st, 0x100000, "A", 0x100000, 255);
	l4mm_pt_promote(&a->pt, 0x100000, 0x100000);
	t = a->pt.root->shadow[1];
	CHECK_EQ(a->pt.root->hw[1], PT_PTR(t));
	CHECK_EQ(t->hw[0], LARGE(0x100000));
	CHECK_EQ(t->hw[0xef], LARGE(0x1e0000));
	CHECK_EQ(t->hw[0xf0], SMALL(0x1f0000));
	CHECK_EQ(t->hw[0xff], 0);
	CHECK_CLEAN(st);
	l4mm_state_destroy(st);
}

/* The second supersection of a 32 MiB sigma0 after @va lost its page. */
static void check_demoted(struct l4mm_state *st, u32 va, bool cleared,
			  int line)
{
	struct l4mm_pt_table *root = root_of(st, "sigma0"), *t;
	u32 mb = va >> 20, i, pg = (va >> 12) & 0xff;
	u32 want;

	for (i = 0; i < 16; i++)
		if (root->hw[i] != SUPER(0))
			unit_fail(__FILE__, line, "L1 %u: 0x%08x", i,
				  root->hw[i]);
	for (i = 16; i < 32; i++) {
		t = root->shadow[i];
		want = i == mb ? PT_PTR(t) : SECT(i << 20);
		if (root->hw[i] != want)
			unit_fail(__FILE__, line, "L1 %u: 0x%08x, want 0x%08x",
				  i, root->hw[i], want);
	}
	t = root->shadow[mb];
	for (i = 0; i < 256; i++) {
		if (i == pg)
			want = cleared ? 0 : SMALL_RO((mb << 20) | (i << 12));
		else if ((i ^ pg) < 16)
			want = SMALL((mb << 20) | (i << 12));
		else
			want = LARGE((mb << 20) | ((i & ~15U) << 12));
		if (t->hw[i] != want)
			unit_fail(__FILE__, line, "L2 %u of MiB %u: 0x%08x, want 0x%08x",
				  i, mb, t->hw[i], want);
	}
	CHECK_EQ(shift_at(st, "sigma0", 0x400000), 24);
	CHECK_EQ(shift_at(st, "sigma0", ((mb ^ 1) << 20) | 0x3000), 20);
	CHECK_EQ(shift_at(st, "sigma0", va ^ 0x20000), 16);
	CHECK_EQ(shift_at(st, "sigma0", va ^ 0x1000), 12);
}

TEST(test_super_demote_clear)
{
	UNIT_ONLY_FORMAT(L4MM_FORMAT_ARMV7);
	static const u32 where[] = { 0x1000000, 0x17a5000, 0x1fff000 };
	struct l4mm_op_result res;
	struct l4mm_state *st;
	unsigned int w;

	for (w = 0; w < ARRAY_SIZE(where); w++) {
		st = mkstate(0x2000);
		CHECK_EQ(l4mm_flush(st, S(st, "sigma0"), where[w], &res), 0);
		CHECK_EQ(res.removed, 1);
		CHECK_EQ(frame_of(st, "sigma0", where[w]), -1);
		check_demoted(st, where[w], true, __LINE__);
		/* Exactly one page went. */
		check_frames(st, "sigma0", 0x1000000,
			     (where[w] - 0x1000000) >> 12, 0x1000, __LINE__);
		check_frames(st, "sigma0", where[w] + 0x1000,
			     (0x2000000 - where[w]) / 0x1000 - 1,
			     (where[w] >> 12) + 1, __LINE__);
		CHECK_EQ(l4mm_space_pages(S(st, "sigma0")), 0x2000 - 1);
		CHECK_EQ(l4mm_space_tables(S(st, "sigma0")), 1 + 32);
		CHECK_CLEAN(st);
		l4mm_state_destroy(st);
	}
}

TEST(test_super_demote_update)
{
	UNIT_ONLY_FORMAT(L4MM_FORMAT_ARMV7);
	static const u32 where[] = { 0x1000000, 0x17a5000, 0x1fff000 };
	struct l4mm_pte_leaf leaf, got;
	struct l4mm_pte_ref ref;
	struct l4mm_space *s0;
	struct l4mm_state *st;
	unsigned int w;
	u32 i;

	for (w = 0; w < ARRAY_SIZE(where); w++) {
		st = mkstate(0x2000);
		s0 = S(st, "sigma0");
		CHECK(l4mm_node_at(s0, where[w], &ref, &leaf) != NULL);
		CHECK_EQ(leaf.frame, where[w] >> 12);
		CHECK(leaf.wr && leaf.rd && leaf.ex && leaf.cached);
		CHECK_EQ(leaf.dup_shift, 0);
		leaf.wr = false;
		l4mm_pt_update(&s0->pt, &ref, &leaf);
		check_demoted(st, where[w], false, __LINE__);
		CHECK(l4mm_node_at(s0, where[w], NULL, &got) != NULL);
		CHECK(!got.wr && got.rd && got.frame == where[w] >> 12);
		CHECK(l4mm_node_at(s0, where[w] ^ 0x1000, NULL, &got) != NULL);
		CHECK(got.wr);
		check_frames(st, "sigma0", 0, 0x2000, 0, __LINE__);
		CHECK_CLEAN(st);

		/* Back to rwx: promotion merges it all again. */
		leaf.wr = true;
		l4mm_pt_update(&s0->pt, &ref, &leaf);
		l4mm_pt_promote(&s0->pt, 0, 0x2000000);
		for (i = 0; i < 32; i++)
			CHECK_EQ(s0->pt.root->hw[i], SUPER(i & 16 ? 0x1000000
								   : 0));
		CHECK_EQ(shift_at(st, "sigma0", where[w]), 24);
		CHECK_CLEAN(st);
		l4mm_state_destroy(st);
	}
}

/* All pages of a superpage are mapped: an insertion finds its leaf. */
TEST(test_super_insert_exists)
{
	UNIT_ONLY_FORMAT(L4MM_FORMAT_ARMV7);
	struct l4mm_state *st = mkstate(0x400);
	struct l4mm_space *s0 = S(st, "sigma0");
	struct l4mm_pt_prealloc pa = { };
	struct l4mm_pte_leaf leaf = { .frame = 0x77, .rd = true };
	unsigned long attempts = l4mm_shim_alloc_attempts;
	struct l4mm_pte_ref ref;
	u32 l1 = s0->pt.root->hw[1];

	CHECK_EQ(l1, SECT(0x100000));
	CHECK_EQ(l4mm_pt_prepare(&s0->pt, 0x105000, 0, &pa), 0);
	CHECK(!pa.tab[0] && !pa.tab[1]);
	CHECK_EQ(l4mm_shim_alloc_attempts, attempts);
	CHECK_EQ(l4mm_pt_insert(&s0->pt, 0x105000, 0, &pa, &leaf, NULL, &ref),
		 L4MM_PT_INS_EXISTS);
	CHECK_EQ(ref.level, 0);
	CHECK(ref.tab == s0->pt.root->shadow[1]);
	CHECK_EQ(ref.index, 5);
	CHECK_EQ(s0->pt.root->hw[1], l1);
	check_frames(st, "sigma0", 0x100000, 256, 0x100, __LINE__);
	CHECK_CLEAN(st);
	l4mm_state_destroy(st);
}

TEST(test_super_walks)
{
	UNIT_ONLY_FORMAT(L4MM_FORMAT_ARMV7);
	struct l4mm_state *st = mkstate(MIXED_PAGES);
	struct l4mm_space *s0 = S(st, "sigma0");
	struct l4mm_mapping_info info;
	struct l4mm_mdb_node *n;
	struct l4mm_pte_ref ref;
	u32 va, count = 0;
	u64 from = 0;

	while (l4mm_pt_next_leaf(&s0->pt, from, &va, &ref)) {
		n = l4mm_pt_obj(&ref);
		if (va != count << 12 || ref.level != 0 ||
		    l4mm_mdb_vpn(n) != va >> 12) {
			unit_fail(__FILE__, __LINE__,
				  "leaf %u at 0x%08x level %u node vpn 0x%x",
				  count, va, ref.level, l4mm_mdb_vpn(n));
			break;
		}
		count++;
		from = (u64)va + 0x1000;
	}
	CHECK_EQ(count, MIXED_PAGES);
	CHECK(l4mm_pt_next_leaf(&s0->pt, 0x1012345, &va, &ref));
	CHECK_EQ(va, 0x1013000);
	CHECK_EQ(l4mm_space_next_mapping(st, s0, 0x7ff001, &info), 0);
	CHECK_EQ(info.vaddr, 0x800000);
	CHECK_EQ(info.frame, 0x800);
	CHECK_EQ(l4mm_lookup(st, s0, 0x10ff000, &info), 0);
	CHECK_EQ(info.frame, 0x10ff);
	CHECK(info.rd && info.wr && info.ex && info.cached && info.is_real);
	CHECK_EQ(l4mm_lookup(st, s0, MIXED_PAGES << 12, &info), -ENOENT);
	l4mm_state_destroy(st);
}

static void expect_corrupt(struct l4mm_state *st, const char *what,
			   int line)
{
	char msg[256];

	if (l4mm_state_check(st, msg, sizeof(msg)) != -EUCLEAN)
		unit_fail(__FILE__, line, "not caught: %s", what);
	else if (!strstr(msg, what))
		unit_fail(__FILE__, line, "wanted '%s', got: %s", what, msg);
	if (l4mm_check_space_tables(st, S(st, "sigma0"), NULL, 0) != -EUCLEAN)
		unit_fail(__FILE__, line, "space check missed: %s", what);
}

TEST(test_super_check_corruption)
{
	UNIT_ONLY_FORMAT(L4MM_FORMAT_ARMV7);
	struct l4mm_state *st = mkstate(MIXED_PAGES);
	struct l4mm_pt_table *root = root_of(st, "sigma0");
	struct l4mm_pt_table *r16 = root->shadow[16], *t17 = root->shadow[17];
	u32 save;

	CHECK_CLEAN(st);
	/* One of 16 supersection descriptors holds another frame. */
	save = root->hw[3];
	root->hw[3] = SUPER(0x3000000);
	expect_corrupt(st, "entry 3 of its group", __LINE__);
	root->hw[3] = save;
	/* A section descriptor narrower than its reserve table. */
	save = root->hw[16];
	root->hw[16] = save | 0x8000;
	expect_corrupt(st, "differs from the superpage", __LINE__);
	root->hw[16] = SECT(0x2000000);
	expect_corrupt(st, "differs from the superpage", __LINE__);
	root->hw[16] = save;
	/* A hole in a reserve table. */
	save = r16->hw[7];
	r16->hw[7] = 0;
	expect_corrupt(st, "not full", __LINE__);
	/* A reserve entry with another frame. */
	r16->hw[7] = SMALL(0x1008000);
	expect_corrupt(st, "differs from the superpage", __LINE__);
	r16->hw[7] = save;
	/* A large page whose duplicates disagree. */
	save = t17->hw[5];
	t17->hw[5] = LARGE(0x1120000);
	expect_corrupt(st, "of its group", __LINE__);
	t17->hw[5] = save;
	CHECK_CLEAN(st);
	l4mm_state_destroy(st);
}

/*
 * Removal demotes without memory: with every allocation failing, flushes
 * inside superpages and the destruction of sigma0 succeed.  A map into a
 * supersection's page allocates its node only (the reserve table is
 * there), and when that fails nothing is demoted.
 */
TEST(test_super_no_alloc)
{
	UNIT_ONLY_FORMAT(L4MM_FORMAT_ARMV7);
	static const u32 where[] = { 0x1000000, 0x17a5000, 0x1fff000,
				     0x5000, 0x123000 };
	struct l4mm_state *st = mkstate(0x2000);
	struct l4mm_op_result res;
	unsigned long attempts;
	char *before, *after;
	unsigned int w;
	u32 save;

	mkspace(st, "A");
	CHECK_EQ(do_map(st, "sigma0", 0x1800000, "A", 0, NULL), 0);
	attempts = l4mm_shim_alloc_attempts;
	l4mm_shim_fail_nth = 1;
	for (w = 0; w < ARRAY_SIZE(where); w++) {
		CHECK_EQ(l4mm_flush(st, S(st, "sigma0"), where[w], &res), 0);
		CHECK_EQ(res.removed, 1);
	}
	CHECK_EQ(l4mm_shim_fail_nth, 1);
	l4mm_shim_fail_nth = 0;
	CHECK_EQ(l4mm_shim_alloc_attempts, attempts);
	CHECK_EQ(root_of(st, "sigma0")->hw[3], SECT(0x300000));
	CHECK_EQ(root_of(st, "sigma0")->hw[17], SECT(0x1100000));
	CHECK_CLEAN(st);

	/* A map over a section's page: only the node is allocated. */
	before = dump_state(st);
	save = root_of(st, "sigma0")->hw[2];
	CHECK_EQ(save, SECT(0x200000));
	attempts = l4mm_shim_alloc_attempts;
	l4mm_shim_fail_nth = 1;
	CHECK_EQ(do_map(st, "A", 0, "sigma0", 0x203000, NULL), -ENOMEM);
	l4mm_shim_fail_nth = 0;
	CHECK_EQ(l4mm_shim_alloc_attempts, attempts + 1);
	after = dump_state(st);
	CHECK(!strcmp(before, after));
	free(before);
	free(after);
	CHECK_EQ(root_of(st, "sigma0")->hw[2], save);
	attempts = l4mm_shim_alloc_attempts;
	CHECK_EQ(do_map(st, "A", 0, "sigma0", 0x203000, &res), 0);
	CHECK(res.installed);
	CHECK_EQ(l4mm_shim_alloc_attempts, attempts + 1);
	CHECK_EQ(frame_of(st, "sigma0", 0x203000), 0x1800);
	CHECK_EQ(((struct l4mm_pt_table *)root_of(st, "sigma0")->shadow[2])->hw[3],
		 SMALL(0x1800000));
	CHECK_CLEAN(st);

	attempts = l4mm_shim_alloc_attempts;
	l4mm_shim_fail_nth = 1;
	CHECK_EQ(l4mm_flush_fpage(st, S(st, "sigma0"), 0, 32, L4MM_CORE_RWX,
				  &res), 0);
	CHECK_EQ(l4mm_space_pages(S(st, "sigma0")), 0);
	CHECK_EQ(l4mm_shim_fail_nth, 1);
	l4mm_shim_fail_nth = 0;
	CHECK_EQ(l4mm_shim_alloc_attempts, attempts);
	CHECK_CLEAN(st);
	l4mm_state_destroy(st);
}

/* Emptying a section's pages frees its table; the others stay. */
TEST(test_super_reap)
{
	UNIT_ONLY_FORMAT(L4MM_FORMAT_ARMV7);
	struct l4mm_state *st = mkstate(0x400);
	struct l4mm_pt_table *root = root_of(st, "sigma0");
	u32 i;

	for (i = 0; i < 256; i++)
		CHECK_EQ(l4mm_flush(st, S(st, "sigma0"), 0x200000 + (i << 12),
				    NULL), 0);
	CHECK_EQ(root->hw[2], 0);
	CHECK(!root->shadow[2]);
	CHECK_EQ(root->hw[1], SECT(0x100000));
	CHECK_EQ(root->hw[3], SECT(0x300000));
	CHECK_EQ(l4mm_space_tables(S(st, "sigma0")), 1 + 3);
	CHECK_CLEAN(st);
	l4mm_state_destroy(st);
}

static u32 info_shift(struct l4mm_state *st, const char *n, u32 va)
{
	struct l4mm_mapping_info info;

	if (l4mm_lookup(st, S(st, n), va, &info))
		return 0;
	return info.page_shift;
}

/*
 * Flexpage map and grant of 64 KiB or more promote their destination
 * (docs/extensions.md section 8), with the rights and cached attribute
 * of the mapping; smaller ones and partial revocations do not.
 */
TEST(test_super_fpage_ops)
{
	UNIT_ONLY_FORMAT(L4MM_FORMAT_ARMV7);
	struct l4mm_state *st = mkstate(0x2000);
	struct l4mm_pt_table *ra, *rb, *t;
	struct l4mm_op_result res;
	struct l4mm_map_args a;
	u32 i;

	mkspace(st, "A");
	mkspace(st, "B");
	ra = root_of(st, "A");
	rb = root_of(st, "B");
	CHECK_EQ(do_mapf(st, "sigma0", 0x1000000, 24, "A", 0x3000000, 24,
			 &res), 0);
	CHECK_EQ(res.pages, 4096);
	for (i = 0x30; i < 0x40; i++)
		CHECK_EQ(ra->hw[i], SUPER(0x1000000));
	CHECK_EQ(info_shift(st, "A", 0x3abc000), 24);
	CHECK_EQ(do_mapf(st, "sigma0", 0x100000, 20, "A", 0x100000, 20, NULL),
		 0);
	CHECK_EQ(ra->hw[1], SECT(0x100000));
	CHECK_EQ(info_shift(st, "A", 0x1ff000), 20);
	CHECK_EQ(do_mapf(st, "sigma0", 0x20000, 16, "A", 0x10000, 16, NULL),
		 0);
	t = ra->shadow[0];
	CHECK_EQ(t->hw[0x1f], LARGE(0x20000));
	CHECK_EQ(info_shift(st, "A", 0x1f000), 16);
	/* 32 KiB: below the smallest superpage, nothing to promote. */
	CHECK_EQ(do_mapf(st, "sigma0", 0x40000, 15, "A", 0x40000, 15, NULL),
		 0);
	CHECK_EQ(t->hw[0x40], SMALL(0x40000));
	CHECK_CLEAN(st);

	/* Rights r-x and uncached: the section says so (AP[2], XN, C B). */
	a = fp_args(st, "A", 0x100000, 20, "B", 0x700000, 20);
	a.rights = L4MM_CORE_R | L4MM_CORE_X;
	CHECK_EQ(l4mm_map_fpage(st, &a, NULL), 0);
	CHECK_EQ(rb->hw[7], SECT(0x100000) | 0x8000);
	a = fp_args(st, "A", 0x3000000, 24, "B", 0x900000, 20);
	a.snd_base = 0x300000;
	a.uncached = true;
	CHECK_EQ(l4mm_map_fpage(st, &a, NULL), 0);
	CHECK_EQ(rb->hw[9], (SECT(0x1300000) & ~0xcU));
	CHECK_EQ(frame_of(st, "B", 0x9ab000), 0x13ab);
	CHECK_CLEAN(st);

	/* Grant moves the 1 MiB to C: a section there, none left in B. */
	mkspace(st, "C");
	CHECK_EQ(do_grantf(st, "B", 0x900000, 20, "C", 0x4000000, 20,
			   L4MM_GRANT_PAPER, NULL), 0);
	CHECK_EQ(root_of(st, "C")->hw[0x40], SECT(0x1300000) & ~0xcU);
	CHECK_EQ(rb->hw[9], 0);
	CHECK_CLEAN(st);

	/* Revoking w from one page of A's section demotes just that page
	 * (and flushes nothing: B's r-x page keeps its rights).
	 */
	CHECK_EQ(l4mm_unmap_fpage(st, S(st, "sigma0"), 0x105000, 12,
				  L4MM_CORE_W, NULL), 0);
	t = ra->shadow[1];
	CHECK_EQ(ra->hw[1], PT_PTR(t));
	CHECK_EQ(t->hw[5], SMALL_RO(0x105000));
	CHECK_EQ(t->hw[4], SMALL(0x104000));
	CHECK_EQ(t->hw[0x10], LARGE(0x110000));
	CHECK_EQ(rb->hw[7], SECT(0x100000) | 0x8000);
	CHECK_EQ(info_shift(st, "A", 0x105000), 12);
	CHECK_EQ(info_shift(st, "A", 0x1f0000), 16);
	/* Flushing 64 KiB of the supersection: 15 sections and a table. */
	CHECK_EQ(l4mm_flush_fpage(st, S(st, "A"), 0x3560000, 16,
				  L4MM_CORE_RWX, &res), 0);
	CHECK_EQ(res.removed, 16);
	CHECK_EQ(ra->hw[0x35], PT_PTR((struct l4mm_pt_table *)ra->shadow[0x35]));
	CHECK_EQ(ra->hw[0x36], SECT(0x1600000));
	CHECK_EQ(info_shift(st, "A", 0x3570000), 16);
	CHECK_EQ(frame_of(st, "A", 0x3560000), -1);
	CHECK_CLEAN(st);
	/* Mapping the 16 MiB again restores the supersection. */
	CHECK_EQ(do_mapf(st, "sigma0", 0x1000000, 24, "A", 0x3000000, 24,
			 NULL), 0);
	for (i = 0x30; i < 0x40; i++)
		CHECK_EQ(ra->hw[i], SUPER(0x1000000));
	CHECK_CLEAN(st);
	l4mm_state_destroy(st);
}

/*
 * l4mm_pt_lookup_leaf() (the one walk of l4mm_leaf_at()) against the
 * three-step path it replaces, l4mm_pt_lookup() + l4mm_pt_decode() +
 * l4mm_pt_page_shift(), at every page of a space holding every entry
 * size, before and after a demotion in the middle of the supersection.
 */
static void check_lookup_leaf(struct l4mm_state *st, u32 pages,
			      unsigned int *seen, int line)
{
	const struct l4mm_pt *pt = &S(st, "sigma0")->pt;
	struct l4mm_pte_ref a, b, c;
	struct l4mm_pte_leaf la, lb;
	enum l4mm_pte_kind ka, kb;
	unsigned int sb;
	u32 i, va;

	for (i = 0; i <= pages; i++) {
		va = i << 12;
		memset(&la, 0xa5, sizeof(la));
		memset(&lb, 0x5a, sizeof(lb));
		ka = l4mm_pt_lookup_leaf(pt, va, &a, &la);
		kb = l4mm_pt_lookup(pt, va, &b);
		l4mm_pt_lookup_leaf(pt, va, &c, NULL);
		sb = kb == L4MM_PTE_LEAF ? l4mm_pt_page_shift(pt, &b) : 0;
		if (kb == L4MM_PTE_LEAF)
			l4mm_pt_decode(pt, &b, &lb);
		else
			lb = la;
		if (ka != kb || a.tab != b.tab || a.index != b.index ||
		    a.level != b.level || a.shift != sb || c.shift != sb ||
		    c.tab != a.tab || la.frame != lb.frame ||
		    la.rd != lb.rd || la.wr != lb.wr || la.ex != lb.ex ||
		    la.cached != lb.cached || la.dup_shift != lb.dup_shift) {
			unit_fail(__FILE__, line,
				  "0x%08x: kind %d/%d shift %u/%u frame 0x%x/0x%x",
				  va, ka, kb, a.shift, sb, la.frame, lb.frame);
			return;
		}
		if (ka == L4MM_PTE_LEAF && sb >= 12 && sb <= 24)
			seen[(sb - 12) / 4]++;
	}
}

TEST(test_super_lookup_leaf)
{
	UNIT_ONLY_FORMAT(L4MM_FORMAT_ARMV7);
	struct l4mm_state *st = mkstate(MIXED_PAGES);
	struct l4mm_space *s0 = S(st, "sigma0");
	unsigned int seen[4] = { 0 };
	struct l4mm_pte_leaf leaf;
	struct l4mm_pte_ref ref;

	check_lookup_leaf(st, MIXED_PAGES, seen, __LINE__);
	/* 3 pages, a large page, a section, a supersection. */
	CHECK_EQ(seen[0], 3);
	CHECK_EQ(seen[1], 16);
	CHECK_EQ(seen[2], 256);
	CHECK_EQ(seen[3], 4096);
	CHECK(l4mm_node_at(s0, 0x7a5000, &ref, &leaf) != NULL);
	CHECK_EQ(ref.shift, 24);
	leaf.wr = false;
	l4mm_pt_update(&s0->pt, &ref, &leaf);
	CHECK(l4mm_node_at(s0, 0x7a5000, &ref, NULL) != NULL);
	CHECK_EQ(ref.shift, 12);
	memset(seen, 0, sizeof(seen));
	check_lookup_leaf(st, MIXED_PAGES, seen, __LINE__);
	/* Demoted: the page and its 15 neighbours, the 1 MiB around. */
	CHECK_EQ(seen[0], 3 + 16);
	CHECK_EQ(seen[1], 16 + 240);
	CHECK_EQ(seen[2], 256 + 15 * 256);
	CHECK_EQ(seen[3], 0);
	CHECK_CLEAN(st);
	l4mm_state_destroy(st);
}
