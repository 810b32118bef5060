// SPDX-License-Identifier: GPL-2.0
/*
 * The ARMv7 short-descriptor format (module/core/fmt_armv7.c): exact
 * descriptor bits for every kind of entry, worked out by hand from the
 * ARM ARM (B3.5.1), decode/encode round trips over every permission and
 * size, and the descriptors the engine really writes for a mapping.
 */
#include "unit.h"
#include "tests.h"

static const struct l4mm_pt_format *F = &l4mm_fmt_armv7;

static struct l4mm_pte_leaf mkleaf(u32 frame, bool rd, bool wr, bool ex,
				   bool cached, u8 dup_shift)
{
	struct l4mm_pte_leaf l = {
		.frame = frame, .rd = rd, .wr = wr, .ex = ex,
		.cached = cached, .dup_shift = dup_shift,
	};

	return l;
}

static void check_decodes_to(u32 pte, unsigned int level,
			     const struct l4mm_pte_leaf *want, int line)
{
	struct l4mm_pte_leaf got;

	memset(&got, 0x5a, sizeof(got));
	if (F->decode(pte, level, &got) != L4MM_PTE_LEAF) {
		unit_fail(__FILE__, line, "0x%08x at level %u is no leaf",
			  pte, level);
		return;
	}
	if (got.frame != want->frame || got.rd != want->rd ||
	    got.wr != want->wr || got.ex != want->ex ||
	    got.cached != want->cached || got.dup_shift != want->dup_shift)
		unit_fail(__FILE__, line,
			  "0x%08x level %u: frame 0x%x r%d w%d x%d c%d dup %u, want frame 0x%x r%d w%d x%d c%d dup %u",
			  pte, level, got.frame, got.rd, got.wr, got.ex,
			  got.cached, got.dup_shift, want->frame, want->rd,
			  want->wr, want->ex, want->cached, want->dup_shift);
}

/*
 * Read/write, executable, cached: AP[2] = 0, AP[1:0] = 11, TEX = 001,
 * C = B = 1, nG = 1, S = 1 in every case.
 */
TEST(test_armv7_descriptor_bits)
{
	UNIT_ONLY_FORMAT(L4MM_FORMAT_ARMV7);
	struct l4mm_pte_leaf l;

	/* Small page at PA 0x12345000: [11] nG [10] S [8:6] TEX [5:4] AP
	 * [3] C [2] B [1] small, [0] XN = 0.
	 */
	l = mkleaf(0x12345, 1, 1, 1, 1, 0);
	CHECK_EQ(F->encode_leaf(0, &l), 0x12345c7e);
	check_decodes_to(0x12345c7e, 0, &l, __LINE__);
	/* Read-only, not executable: AP[2] (bit 9) and XN (bit 0). */
	l = mkleaf(0x12345, 1, 0, 0, 1, 0);
	CHECK_EQ(F->encode_leaf(0, &l), 0x12345e7f);
	check_decodes_to(0x12345e7f, 0, &l, __LINE__);
	/* No access, uncached: AP = 000, C = B = 0, TEX still 001. */
	l = mkleaf(0x12345, 0, 0, 1, 0, 0);
	CHECK_EQ(F->encode_leaf(0, &l), 0x12345c42);

	/* Large page at PA 0x12340000: type 01, TEX at [14:12], XN [15]. */
	l = mkleaf(0x12340, 1, 1, 1, 1, 4);
	CHECK_EQ(F->encode_leaf(0, &l), 0x12341c3d);
	check_decodes_to(0x12341c3d, 0, &l, __LINE__);
	l.ex = false;
	CHECK_EQ(F->encode_leaf(0, &l), 0x12349c3d);

	/* Section at PA 0x12300000: [17] nG [16] S [14:12] TEX [11:10] AP
	 * [8:5] domain 1 [3] C [2] B [1] section; XN [4].
	 */
	l = mkleaf(0x12300, 1, 1, 1, 1, 0);
	CHECK_EQ(F->encode_leaf(1, &l), 0x12331c2e);
	check_decodes_to(0x12331c2e, 1, &l, __LINE__);
	l = mkleaf(0x12300, 1, 0, 0, 1, 0);
	CHECK_EQ(F->encode_leaf(1, &l), 0x12339c3e);
	check_decodes_to(0x12339c3e, 1, &l, __LINE__);

	/* Supersection at PA 0x3_4500_0000: [31:24] 0x45, [23:20] PA[35:32]
	 * = 3, [18] supersection, no domain.
	 */
	l = mkleaf(0x345000, 1, 1, 1, 1, 4);
	CHECK_EQ(F->encode_leaf(1, &l), 0x45371c0e);
	check_decodes_to(0x45371c0e, 1, &l, __LINE__);
	/* PA[39:36] = 0xa goes to [8:5]. */
	l = mkleaf(0xa345000, 1, 1, 1, 1, 4);
	CHECK_EQ(F->encode_leaf(1, &l), 0x45371d4e);
	check_decodes_to(0x45371d4e, 1, &l, __LINE__);

	/* Page-table pointer: [31:10] address, domain 1, type 01. */
	CHECK_EQ(F->encode_next(1, 0x87654400), 0x87654421);
	CHECK_EQ(F->decode(0x87654421, 1, NULL), L4MM_PTE_NEXT);
	CHECK_EQ(F->next_addr(1, 0x87654421), 0x87654400);
	/* The same bits at level 0 are a large page, never a pointer. */
	CHECK_EQ(F->decode(0x87654421, 0, NULL), L4MM_PTE_LEAF);

	CHECK_EQ(F->encode_invalid(0), 0);
	CHECK_EQ(F->encode_invalid(1), 0);
	CHECK_EQ(F->decode(0, 0, NULL), L4MM_PTE_INVALID);
	CHECK_EQ(F->decode(0, 1, NULL), L4MM_PTE_INVALID);
	/* Bits above the type do not make a fault descriptor valid. */
	CHECK_EQ(F->decode(0xfffffffc, 1, NULL), L4MM_PTE_INVALID);
	CHECK_EQ(F->decode(0xfffffffc, 0, NULL), L4MM_PTE_INVALID);
}

/* Every expressible permission set, every size, frames at the edges. */
TEST(test_armv7_roundtrip)
{
	UNIT_ONLY_FORMAT(L4MM_FORMAT_ARMV7);
	static const struct { unsigned int level; u8 dup; u32 align; } sz[] = {
		{ 0, 0, 1 }, { 0, 4, 16 }, { 1, 0, 256 }, { 1, 4, 4096 },
	};
	static const u32 frames[] = { 0, 0x1000, 0x7ff00, 0xfffff };
	struct l4mm_pte_leaf l, want;
	unsigned int s, f, p;
	u32 frame, pte;

	for (s = 0; s < ARRAY_SIZE(sz); s++) {
		CHECK(F->dup_shifts[sz[s].level] & BIT(sz[s].dup));
		for (f = 0; f < ARRAY_SIZE(frames); f++) {
			frame = frames[f] & ~(sz[s].align - 1);
			for (p = 0; p < 16; p++) {
				l = mkleaf(frame, p & 1, p & 2, p & 4, p & 8,
					   sz[s].dup);
				want = l;
				/* Write-only is encoded read/write. */
				if (l.wr)
					want.rd = true;
				pte = F->encode_leaf(sz[s].level, &l);
				check_decodes_to(pte, sz[s].level, &want,
						 __LINE__);
			}
		}
	}
	/* A 40-bit supersection frame survives too. */
	l = mkleaf(0xfff000, 1, 1, 0, 0, 4);
	check_decodes_to(F->encode_leaf(1, &l), 1, &l, __LINE__);
	l = mkleaf(0xffff000, 1, 1, 0, 0, 4);
	check_decodes_to(F->encode_leaf(1, &l), 1, &l, __LINE__);
}

/* What the engine writes for sigma0 and for a mapping into a space. */
TEST(test_armv7_engine_tables)
{
	UNIT_ONLY_FORMAT(L4MM_FORMAT_ARMV7);
	struct l4mm_state *st = mkstate(512);
	struct l4mm_space *a = mkspace(st, "A");
	unsigned long syncs = l4mm_shim_table_syncs;
	struct l4mm_pt_table *root, *l2;
	struct l4mm_op_result res;
	char msg[256];
	u32 pte;

	CHECK(st->ctx.fmt == &l4mm_fmt_armv7);
	/*
	 * sigma0's first MiB is a section at PA 0, RWX, cached; behind it,
	 * its reserve table holds page 0xf3 (frame 0xf3) in a large page.
	 */
	root = S(st, "sigma0")->pt.root;
	CHECK_EQ(root->hw[0], 0x00031c2e);
	l2 = root->shadow[0];
	CHECK_EQ(l2->hw[0xf3], 0x000f1c3d);

	/* A mapping at 0x40105000 of sigma0's 0x7000: L1 entry 0x401. */
	CHECK_EQ(do_map(st, "sigma0", 0x7000, "A", 0x40105000, &res), 0);
	CHECK(l4mm_shim_table_syncs > syncs);
	root = a->pt.root;
	pte = root->hw[0x401];
	CHECK_EQ(pte & 0x3ff, 0x21);
	l2 = root->shadow[0x401];
	CHECK(l2 != NULL);
	if (!l2)
		goto out;
	CHECK_EQ(pte & 0xfffffc00, l4mm_env_table_phys(l2->hw) & 0xfffffc00);
	CHECK_EQ(((unsigned long)l2->hw) & 0x3ff, 0);
	CHECK_EQ(l2->hw[0x05], 0x00007c7e);
	CHECK_CLEAN(st);

	/* The checker catches a pointer to some other table. */
	root->hw[0x401] = pte ^ 0x400;
	CHECK_EQ(l4mm_state_check(st, msg, sizeof(msg)), -EUCLEAN);
	CHECK(strstr(msg, "points to") != NULL);
	root->hw[0x401] = pte;
	CHECK_CLEAN(st);

	/* Unmapping writes the fault descriptor back and frees the L2. */
	syncs = l4mm_shim_table_syncs;
	CHECK_EQ(l4mm_flush(st, a, 0x40105000, NULL), 0);
	CHECK(l4mm_shim_table_syncs > syncs);
	CHECK_EQ(root->hw[0x401], 0);
	CHECK(root->shadow[0x401] == NULL);
out:
	l4mm_state_destroy(st);
}
