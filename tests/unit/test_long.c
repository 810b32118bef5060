// SPDX-License-Identifier: GPL-2.0
/*
 * The long-descriptor formats (module/core/fmt_long.h, fmt_lpae.c,
 * fmt_aarch64.c): exact descriptor bits worked out by hand from the ARM
 * ARM (B3.6 for LPAE, D8 for VMSAv8-64), round trips of every entry
 * kind, size and permission set, and the engine at every entry size:
 * sigma0 promoted to 1 GiB blocks, contiguous 2 MiB runs, 2 MiB blocks,
 * contiguous pages and pages; demotion in place; the checker catching
 * corrupted descriptors.
 *
 * Leaf attributes for RWX cached: AttrIndx 7 (0x1c), AP[2:1] 01 (0x40),
 * SH 11 (0x300), AF (0x400), nG (0x800), PXN (bit 53): a page is
 * PA | 0x0020000000000f5f, a block PA | 0x0020000000000f5d; read-only
 * adds AP[2] (0x80), not executable XN (bit 54), uncached is AttrIndx 1
 * (0x04 instead of 0x1c), contiguous is bit 52.
 */
#include "unit.h"
#include "tests.h"

#define PAGE(pa)	((u64)(pa) | 0x0020000000000f5fULL)
#define BLOCK(pa)	((u64)(pa) | 0x0020000000000f5dULL)
#define CONT		(1ULL << 52)
#define XN		(1ULL << 54)

static struct l4mm_pte_leaf mkleaf(u32 frame, bool rd, bool wr, bool ex,
				   bool cached, u8 dup_shift)
{
	struct l4mm_pte_leaf l = {
		.frame = frame, .rd = rd, .wr = wr, .ex = ex,
		.cached = cached, .dup_shift = dup_shift,
	};

	return l;
}

static bool same_leaf(const struct l4mm_pte_leaf *a,
		      const struct l4mm_pte_leaf *b)
{
	return a->frame == b->frame && a->rd == b->rd && a->wr == b->wr &&
	       a->ex == b->ex && a->cached == b->cached &&
	       a->dup_shift == b->dup_shift;
}

static void bits_of(const struct l4mm_pt_format *f)
{
	struct l4mm_pte_leaf l, got;

	l = mkleaf(0x12345, 1, 1, 1, 1, 0);
	CHECK_EQ(f->encode_leaf(0, &l), PAGE(0x12345000));
	l = mkleaf(0x12345, 1, 0, 0, 1, 0);
	CHECK_EQ(f->encode_leaf(0, &l), PAGE(0x12345000) | 0x80 | XN);
	l = mkleaf(0x12345, 1, 1, 1, 0, 0);
	CHECK_EQ(f->encode_leaf(0, &l), PAGE(0x12345000) - 0x1c + 0x4);
	/* No access at EL0/PL0: AP[2:1] 00. */
	l = mkleaf(0x12345, 0, 0, 1, 1, 0);
	CHECK_EQ(f->encode_leaf(0, &l), PAGE(0x12345000) - 0x40);
	/* Write-only cannot be expressed: read/write. */
	l = mkleaf(0x12345, 0, 1, 1, 1, 0);
	CHECK_EQ(f->encode_leaf(0, &l), PAGE(0x12345000));
	/* One entry of a contiguous run keeps its own address. */
	l = mkleaf(0x12345, 1, 1, 1, 1, 4);
	CHECK_EQ(f->encode_leaf(0, &l), PAGE(0x12345000) | CONT);
	CHECK_EQ(f->decode(PAGE(0x12345000) | CONT, 0, &got), L4MM_PTE_LEAF);
	CHECK_EQ(got.frame, 0x12340);
	CHECK_EQ(got.dup_shift, 4);
	/* Blocks: 2 MiB at level 1, 1 GiB at level 2, bits[1:0] 01. */
	l = mkleaf(0x40200, 1, 1, 1, 1, 0);
	CHECK_EQ(f->encode_leaf(1, &l), BLOCK(0x40200000));
	l = mkleaf(0x40000, 1, 1, 1, 1, 0);
	CHECK_EQ(f->encode_leaf(2, &l), BLOCK(0x40000000));
	/* Frame bits below the entry's size are dropped. */
	l = mkleaf(0x40001, 1, 1, 1, 1, 0);
	CHECK_EQ(f->encode_leaf(2, &l), BLOCK(0x40000000));
	/* Tables: address | 11; a page-type descriptor is no table at 0. */
	CHECK_EQ(f->encode_next(1, 0x7654f000), 0x7654f003ULL);
	CHECK_EQ(f->next_addr(1, 0x7654f003ULL), 0x7654f000ULL);
	CHECK_EQ(f->decode(0x7654f003ULL, 1, NULL), L4MM_PTE_NEXT);
	CHECK_EQ(f->decode(0x7654f003ULL, 0, NULL), L4MM_PTE_LEAF);
	/* Reserved 01 at level 0 and invalid x0 at every level. */
	CHECK_EQ(f->decode(BLOCK(0x1000), 0, NULL), L4MM_PTE_INVALID);
	CHECK_EQ(f->decode(PAGE(0x1000) & ~1ULL, 0, NULL), L4MM_PTE_INVALID);
	CHECK_EQ(f->decode(BLOCK(0x40000000) & ~1ULL, 2, NULL),
		 L4MM_PTE_INVALID);
	CHECK_EQ(f->encode_invalid(0), 0);
}

TEST(test_long_descriptor_bits)
{
	struct l4mm_pte_leaf got;

	bits_of(&l4mm_fmt_lpae);
	bits_of(&l4mm_fmt_aarch64);
	/* LPAE's output address is 40 bits; AArch64's 48 (l4mm: 44). */
	CHECK_EQ(l4mm_fmt_lpae.decode(PAGE(0xff12345000ULL), 0, &got),
		 L4MM_PTE_LEAF);
	CHECK_EQ(got.frame, 0xff12345);
	CHECK_EQ(l4mm_fmt_lpae.next_addr(1, 0xab7654f003ULL | 1ULL << 44),
		 0xab7654f000ULL);
	CHECK_EQ(l4mm_fmt_aarch64.next_addr(1, 0xab7654f003ULL | 1ULL << 44),
		 0x10ab7654f000ULL);
	/* AArch64's 512 GiB root entries are never blocks. */
	CHECK_EQ(l4mm_fmt_aarch64.decode(BLOCK(0), 3, NULL), L4MM_PTE_INVALID);
	CHECK_EQ(l4mm_fmt_lpae.decode(BLOCK(0), 2, NULL), L4MM_PTE_LEAF);
}

/* Every size of @f, every permission set, frames at the edges. */
static void roundtrip_of(const struct l4mm_pt_format *f)
{
	static const u32 frames[] = { 0, 0x40000, 0x0ffc0000, 0x0fffffff };
	struct l4mm_pte_leaf l, got;
	unsigned int lv, dup, p, i, run;
	u64 pte;

	for (lv = 0; lv < f->levels; lv++) {
		if (!(f->leaf_levels & BIT(lv)))
			continue;
		for (dup = 0; dup < 8; dup++) {
			if (!(f->dup_shifts[lv] & BIT(dup)))
				continue;
			run = (1U << dup << (f->shift[lv] - 12)) - 1;
			for (p = 0; p < 16; p++)
				for (i = 0; i < ARRAY_SIZE(frames); i++) {
					l = mkleaf(frames[i] & ~run, p & 1,
						   p & 2, p & 4, p & 8, dup);
					/* Write-only is read/write. */
					l.rd = l.rd || l.wr;
					pte = f->encode_leaf(lv, &l);
					memset(&got, 0x5a, sizeof(got));
					CHECK_EQ(f->decode(pte, lv, &got),
						 L4MM_PTE_LEAF);
					if (!same_leaf(&got, &l))
						unit_fail(__FILE__, __LINE__,
							  "%s level %u dup %u 0x%llx: frame 0x%x, want 0x%x",
							  f->name, lv, dup,
							  (unsigned long long)pte,
							  got.frame, l.frame);
				}
		}
	}
}

TEST(test_long_roundtrip)
{
	roundtrip_of(&l4mm_fmt_lpae);
	roundtrip_of(&l4mm_fmt_aarch64);
	/* The geometry: 1 GiB entries at level 2 in both. */
	CHECK_EQ(l4mm_fmt_lpae.levels, 3);
	CHECK_EQ(l4mm_fmt_aarch64.levels, 4);
	CHECK_EQ(l4mm_fmt_lpae.shift[2], 30);
	CHECK_EQ(l4mm_fmt_aarch64.shift[3], 39);
	CHECK_EQ(l4mm_pt_index(&l4mm_fmt_aarch64, 0xffffffffU, 3), 0);
	CHECK_EQ(l4mm_pt_index(&l4mm_fmt_aarch64, 0xffffffffU, 2), 3);
	CHECK_EQ(l4mm_pt_index(&l4mm_fmt_lpae, 0xc0000000U, 2), 3);
	CHECK_EQ(l4mm_pt_index(&l4mm_fmt_lpae, 0xc03ff000U, 0), 0x1ff);
}

/* 1 GiB + 32 MiB + 2 MiB + 64 KiB + 3 pages: one entry of each size. */
#define LONG_PAGES	(0x40000 + 0x2000 + 0x200 + 16 + 3)
#define AT_1G		0x00000000U
#define AT_32M		0x40000000U
#define AT_2M		0x42000000U
#define AT_64K		0x42200000U
#define AT_4K		0x42210000U

static unsigned int shift_at(struct l4mm_state *st, u32 va)
{
	struct l4mm_pte_ref ref;
	struct l4mm_space *s0 = S(st, "sigma0");

	if (l4mm_pt_lookup(&s0->pt, va, &ref) != L4MM_PTE_LEAF)
		return 0;
	return l4mm_pt_page_shift(&s0->pt, &ref);
}

/* sigma0 in a long format: one entry of every size, and lookups. */
TEST(test_long_engine_sizes)
{
	struct l4mm_state *st;
	struct l4mm_mapping_info mi;

	if (l4mm_test_default_format == L4MM_FORMAT_ARMV7) {
		printf("# %s: for the long-descriptor formats only\n",
		       __func__);
		return;
	}
	st = mkstate(LONG_PAGES);
	CHECK_EQ(shift_at(st, AT_1G), 30);
	CHECK_EQ(shift_at(st, AT_1G + 0x3ffff000), 30);
	CHECK_EQ(shift_at(st, AT_32M), 25);
	CHECK_EQ(shift_at(st, AT_32M + 0x1fff000), 25);
	CHECK_EQ(shift_at(st, AT_2M + 0x1ff000), 21);
	CHECK_EQ(shift_at(st, AT_64K + 0xf000), 16);
	CHECK_EQ(shift_at(st, AT_4K), 12);
	CHECK_EQ(shift_at(st, AT_4K + 0x2000), 12);
	CHECK_EQ(shift_at(st, AT_4K + 0x3000), 0);
	CHECK_EQ(frame_of(st, "sigma0", 0x3ffff000), 0x3ffff);
	CHECK_EQ(frame_of(st, "sigma0", AT_32M + 0x1235000),
		 (AT_32M + 0x1235000) >> 12);
	CHECK_EQ(l4mm_lookup(st, S(st, "sigma0"), AT_64K + 0x7000, &mi), 0);
	CHECK_EQ(mi.page_shift, 16);
	CHECK_EQ(mi.frame, (AT_64K + 0x7000) >> 12);
	CHECK_CLEAN(st);
	l4mm_state_destroy(st);
}

/*
 * Making one page read-only inside the 1 GiB block demotes in place:
 * every other page keeps its frame, and the largest entries that still
 * fit stay around it.
 */
TEST(test_long_engine_demote)
{
	u32 va = 0x12345000U;
	struct l4mm_state *st;
	struct l4mm_space *s0;
	struct l4mm_pte_leaf leaf;
	struct l4mm_pte_ref ref;
	u32 tables;

	if (l4mm_test_default_format == L4MM_FORMAT_ARMV7) {
		printf("# %s: for the long-descriptor formats only\n",
		       __func__);
		return;
	}
	st = mkstate(LONG_PAGES);
	s0 = S(st, "sigma0");
	tables = l4mm_space_tables(s0);
	CHECK(l4mm_node_at(s0, va, &ref, &leaf) != NULL);
	leaf.wr = false;
	l4mm_shim_fail_nth = 1;		/* any allocation would fail */
	l4mm_pt_update(&s0->pt, &ref, &leaf);
	l4mm_shim_fail_nth = 0;
	CHECK_EQ(l4mm_space_tables(s0), tables);
	CHECK_EQ(shift_at(st, va), 12);
	CHECK_EQ(shift_at(st, va + 0x1000), 12);	/* its 64 KiB */
	CHECK_EQ(shift_at(st, va + 0x10000), 16);	/* its 2 MiB */
	CHECK_EQ(shift_at(st, va + 0x200000), 21);	/* its 32 MiB */
	CHECK_EQ(shift_at(st, va + 0x2000000), 25);	/* its 1 GiB */
	CHECK_EQ(shift_at(st, AT_32M), 25);
	CHECK_EQ(frame_of(st, "sigma0", va), va >> 12);
	CHECK_EQ(frame_of(st, "sigma0", va + 0x1000), (va >> 12) + 1);
	CHECK_EQ(frame_of(st, "sigma0", 0x3ffff000), 0x3ffff);
	CHECK_CLEAN(st);
	/* Promotion brings the block back once the page is uniform again. */
	leaf.wr = true;
	CHECK(l4mm_node_at(s0, va, &ref, &leaf) != NULL);
	leaf.wr = true;
	l4mm_pt_update(&s0->pt, &ref, &leaf);
	l4mm_pt_promote(&s0->pt, 0, 0x40000000);
	CHECK_EQ(shift_at(st, va), 30);
	CHECK_CLEAN(st);
	l4mm_state_destroy(st);
}

static void expect_corrupt(struct l4mm_state *st, const char *what, int line)
{
	char msg[512];

	if (l4mm_state_check(st, msg, sizeof(msg)) != -EUCLEAN)
		unit_fail(__FILE__, line, "not caught: %s", what);
	else if (!strstr(msg, what))
		unit_fail(__FILE__, line, "wanted '%s', got: %s", what, msg);
}

/* Entry @va's descriptor at @level (walking from sigma0's root). */
static struct l4mm_pte_ref entry_at(struct l4mm_state *st, u32 va,
				    unsigned int level)
{
	const struct l4mm_pt_format *f = st->ctx.fmt;
	struct l4mm_pte_ref ref = { .tab = S(st, "sigma0")->pt.root };
	unsigned int l = f->levels - 1;

	while (l > level) {
		ref.tab = ref.tab->shadow[l4mm_pt_index(f, va, l)];
		l--;
	}
	ref.index = l4mm_pt_index(f, va, l);
	ref.level = l;
	return ref;
}

TEST(test_long_check_corruption)
{
	struct l4mm_pte_ref r;
	struct l4mm_state *st;
	u64 save;

	if (l4mm_test_default_format == L4MM_FORMAT_ARMV7) {
		printf("# %s: for the long-descriptor formats only\n",
		       __func__);
		return;
	}
	st = mkstate(LONG_PAGES);
	/* One entry of a contiguous 2 MiB run with another address. */
	r = entry_at(st, AT_32M + 0x600000, 1);
	save = unit_hw_get(st, &r);
	unit_hw_set(st, &r, save ^ 0x400000);
	expect_corrupt(st, "of its group", __LINE__);
	/* ... or without the contiguous bit. */
	unit_hw_set(st, &r, save & ~CONT);
	expect_corrupt(st, "of its group", __LINE__);
	unit_hw_set(st, &r, save);
	CHECK_CLEAN(st);
	/* The 1 GiB block uncached over its cached reserve table. */
	r = entry_at(st, AT_1G, 2);
	save = unit_hw_get(st, &r);
	unit_hw_set(st, &r, (save & ~0x1cULL) | 0x4);
	expect_corrupt(st, "differs from the superpage", __LINE__);
	unit_hw_set(st, &r, save);
	/* A hole in a reserve table. */
	r = entry_at(st, AT_2M + 0x5000, 0);
	save = unit_hw_get(st, &r);
	unit_hw_set(st, &r, 0);
	expect_corrupt(st, "not full", __LINE__);
	unit_hw_set(st, &r, save);
	CHECK_CLEAN(st);
	/* A table pointer to somewhere else. */
	r = entry_at(st, AT_4K, 1);
	save = unit_hw_get(st, &r);
	unit_hw_set(st, &r, save ^ 0x1000);
	expect_corrupt(st, "points to", __LINE__);
	unit_hw_set(st, &r, save);
	CHECK_CLEAN(st);
	l4mm_state_destroy(st);
}
