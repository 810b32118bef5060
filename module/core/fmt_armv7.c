// SPDX-License-Identifier: GPL-2.0
/*
 * "armv7": the ARMv7-A short-descriptor translation table format (ARM
 * Architecture Reference Manual ARMv7-A/R, B3.5), as the MMU walks it
 * with TTBCR.EAE = 0.  Level 1 of the engine is the first-level table
 * (4096 entries, 1 MiB each, 16 KiB), level 0 a second-level "coarse"
 * table (256 entries, 4 KiB each, 1 KiB).
 *
 * First-level descriptors (B3.5.1):
 *   bits[1:0] 00   fault
 *             01   page table: [31:10] physical address of the L2 table,
 *                  [8:5] domain
 *             1x   section ([18] = 0): [31:20] PA, 1 MiB
 *                  supersection ([18] = 1): [31:24] PA[31:24],
 *                  [23:20] PA[35:32], [8:5] PA[39:36]; 16 MiB, the same
 *                  descriptor in 16 consecutive entries
 *             bit 0 of a 1x descriptor is PXN where implemented.
 *   sections: [17] nG, [16] S, [15] AP[2], [14:12] TEX, [11:10] AP[1:0],
 *             [8:5] domain (section only), [4] XN, [3] C, [2] B
 * Second-level descriptors:
 *   bits[1:0] 00   fault
 *             01   large page: [31:16] PA, 64 KiB, 16 consecutive
 *                  entries; [15] XN, [14:12] TEX
 *             1x   small page: [31:12] PA; [0] XN, [8:6] TEX
 *   both:     [11] nG, [10] S, [9] AP[2], [5:4] AP[1:0], [3] C, [2] B
 *
 * Leaf fields map as follows.  Access (AP[2], AP[1:0]) with SCTLR.AFE = 0:
 * rd+wr is 0b011 (read/write at PL1 and PL0), rd only 0b111 (read-only at
 * both), neither 0b000 (no access).  Write-only cannot be expressed; it is
 * encoded read/write.  ex is !XN.  cached is TEX 0b001 C B = 1 1 (Normal,
 * write-back write-allocate), uncached TEX 0b001 C B = 0 0 (Normal,
 * non-cacheable); decode reports cached when C or B is set.  Leaves are
 * non-global (nG: tagged with the ASID, as user mappings are) and
 * shareable (S, as Linux's SMP mappings are).
 *
 * Page-table and section descriptors carry domain 1, the domain Linux
 * uses for user memory (DOMAIN_USER); supersections have no domain field
 * and are always domain 0.
 *
 * Frames are 4 KiB page numbers; a large page, section or supersection
 * descriptor holds the first frame of its region (frame bits below the
 * region size are dropped when encoding).
 */
#include "pt_format.h"

#define V7_PAGE_SHIFT		12	/* frames are 4 KiB */
#define V7_TYPE_MASK		0x3U
#define V7_TYPE_FAULT		0x0U
#define V7_L1_TYPE_TABLE	0x1U
#define V7_L1_SECTION		BIT(1)
#define V7_L1_SUPER		BIT(18)
#define V7_L2_TYPE_LARGE	0x1U
#define V7_L2_SMALL		BIT(1)

#define V7_DOMAIN_SHIFT		5
#define V7_DOMAIN_MASK		(0xfU << V7_DOMAIN_SHIFT)
#define V7_DOMAIN_USER		1U

#define V7_L1_TABLE_ADDR	0xfffffc00U
#define V7_SECT_ADDR		0xfff00000U
#define V7_SUPER_ADDR		0xff000000U
#define V7_LARGE_ADDR		0xffff0000U
#define V7_SMALL_ADDR		0xfffff000U

/* Section/supersection attribute bits. */
#define V7_SECT_B		BIT(2)
#define V7_SECT_C		BIT(3)
#define V7_SECT_XN		BIT(4)
#define V7_SECT_AP_SHIFT	10
#define V7_SECT_TEX_SHIFT	12
#define V7_SECT_AP2		BIT(15)
#define V7_SECT_S		BIT(16)
#define V7_SECT_NG		BIT(17)

/* Small/large page attribute bits. */
#define V7_PAGE_B		BIT(2)
#define V7_PAGE_C		BIT(3)
#define V7_PAGE_AP_SHIFT	4
#define V7_PAGE_AP2		BIT(9)
#define V7_PAGE_S		BIT(10)
#define V7_PAGE_NG		BIT(11)
#define V7_SMALL_XN		BIT(0)
#define V7_SMALL_TEX_SHIFT	6
#define V7_LARGE_TEX_SHIFT	12
#define V7_LARGE_XN		BIT(15)

#define V7_AP_NONE		0x0U
#define V7_AP_ALL		0x3U	/* AP[1:0] of RW and of RO (AP[2] = 1) */
#define V7_TEX_NORMAL		0x1U

/* Entries a large page or supersection spans: log2(16). */
#define V7_DUP_SHIFT		4

/* The access, memory-type and XN fields, in an attribute-neutral form. */
struct v7_attr {
	u32 ap;		/* AP[1:0] */
	bool ap2;
	bool c, b, xn;
};

static struct v7_attr v7_attr_of(const struct l4mm_pte_leaf *leaf)
{
	struct v7_attr a = { .xn = !leaf->ex };
	bool rd = leaf->rd || leaf->wr;

	a.ap = rd ? V7_AP_ALL : V7_AP_NONE;
	a.ap2 = rd && !leaf->wr;
	a.c = leaf->cached;
	a.b = leaf->cached;
	return a;
}

static void v7_leaf_of(struct l4mm_pte_leaf *leaf, u32 ap, bool ap2,
		       bool c, bool b, bool xn)
{
	leaf->rd = ap != V7_AP_NONE;
	leaf->wr = ap != V7_AP_NONE && !ap2;
	leaf->ex = !xn;
	leaf->cached = c || b;
}

static u32 v7_sect_attr(const struct v7_attr *a)
{
	u32 pte = V7_SECT_NG | V7_SECT_S |
		  V7_TEX_NORMAL << V7_SECT_TEX_SHIFT |
		  a->ap << V7_SECT_AP_SHIFT;

	if (a->ap2)
		pte |= V7_SECT_AP2;
	if (a->c)
		pte |= V7_SECT_C;
	if (a->b)
		pte |= V7_SECT_B;
	if (a->xn)
		pte |= V7_SECT_XN;
	return pte;
}

static u32 v7_page_attr(const struct v7_attr *a, bool large)
{
	u32 pte = V7_PAGE_NG | V7_PAGE_S | a->ap << V7_PAGE_AP_SHIFT;

	if (a->ap2)
		pte |= V7_PAGE_AP2;
	if (a->c)
		pte |= V7_PAGE_C;
	if (a->b)
		pte |= V7_PAGE_B;
	if (large) {
		pte |= V7_TEX_NORMAL << V7_LARGE_TEX_SHIFT;
		if (a->xn)
			pte |= V7_LARGE_XN;
	} else {
		pte |= V7_TEX_NORMAL << V7_SMALL_TEX_SHIFT;
		if (a->xn)
			pte |= V7_SMALL_XN;
	}
	return pte;
}

static enum l4mm_pte_kind v7_decode_l1(u32 pte, struct l4mm_pte_leaf *leaf)
{
	u32 frame;

	if (!(pte & V7_L1_SECTION))
		return (pte & V7_TYPE_MASK) == V7_L1_TYPE_TABLE ?
		       L4MM_PTE_NEXT : L4MM_PTE_INVALID;
	if (!leaf)
		return L4MM_PTE_LEAF;
	if (pte & V7_L1_SUPER) {
		frame = (pte & V7_SUPER_ADDR) >> V7_PAGE_SHIFT;
		/* PA[35:32] and PA[39:36]: frame bits 20-23 and 24-27. */
		frame |= ((pte >> 20) & 0xfU) << 20;
		frame |= ((pte & V7_DOMAIN_MASK) >> V7_DOMAIN_SHIFT) << 24;
		leaf->dup_shift = V7_DUP_SHIFT;
	} else {
		frame = (pte & V7_SECT_ADDR) >> V7_PAGE_SHIFT;
		leaf->dup_shift = 0;
	}
	leaf->frame = frame;
	v7_leaf_of(leaf, (pte >> V7_SECT_AP_SHIFT) & 0x3U,
		   pte & V7_SECT_AP2, pte & V7_SECT_C, pte & V7_SECT_B,
		   pte & V7_SECT_XN);
	return L4MM_PTE_LEAF;
}

static enum l4mm_pte_kind v7_decode_l2(u32 pte, struct l4mm_pte_leaf *leaf)
{
	bool large = (pte & V7_TYPE_MASK) == V7_L2_TYPE_LARGE;

	if (!large && !(pte & V7_L2_SMALL))
		return L4MM_PTE_INVALID;
	if (!leaf)
		return L4MM_PTE_LEAF;
	leaf->frame = (pte & (large ? V7_LARGE_ADDR : V7_SMALL_ADDR)) >>
		      V7_PAGE_SHIFT;
	leaf->dup_shift = large ? V7_DUP_SHIFT : 0;
	v7_leaf_of(leaf, (pte >> V7_PAGE_AP_SHIFT) & 0x3U,
		   pte & V7_PAGE_AP2, pte & V7_PAGE_C, pte & V7_PAGE_B,
		   pte & (large ? V7_LARGE_XN : V7_SMALL_XN));
	return L4MM_PTE_LEAF;
}

/* Descriptors are 32 bits: the engine's u64 holds one in its low half. */
static enum l4mm_pte_kind v7_decode(u64 pte, unsigned int level,
				    struct l4mm_pte_leaf *leaf)
{
	return level ? v7_decode_l1((u32)pte, leaf) :
		       v7_decode_l2((u32)pte, leaf);
}

static u64 v7_encode_leaf(unsigned int level,
			  const struct l4mm_pte_leaf *leaf)
{
	struct v7_attr a = v7_attr_of(leaf);
	bool dup = leaf->dup_shift == V7_DUP_SHIFT;
	u32 f = leaf->frame;

	WARN_ON_ONCE(leaf->dup_shift && !dup);
	if (!level && dup)
		return ((f << V7_PAGE_SHIFT) & V7_LARGE_ADDR) |
		       v7_page_attr(&a, true) | V7_L2_TYPE_LARGE;
	if (!level)
		return ((f << V7_PAGE_SHIFT) & V7_SMALL_ADDR) |
		       v7_page_attr(&a, false) | V7_L2_SMALL;
	if (dup)
		return ((f << V7_PAGE_SHIFT) & V7_SUPER_ADDR) |
		       ((f >> 20) & 0xfU) << 20 |
		       ((f >> 24) & 0xfU) << V7_DOMAIN_SHIFT |
		       v7_sect_attr(&a) | V7_L1_SUPER | V7_L1_SECTION;
	return ((f << V7_PAGE_SHIFT) & V7_SECT_ADDR) |
	       V7_DOMAIN_USER << V7_DOMAIN_SHIFT |
	       v7_sect_attr(&a) | V7_L1_SECTION;
}

static u64 v7_encode_next(unsigned int level __always_unused,
			  u64 table_addr)
{
	return ((u32)table_addr & V7_L1_TABLE_ADDR) |
	       V7_DOMAIN_USER << V7_DOMAIN_SHIFT | V7_L1_TYPE_TABLE;
}

static u64 v7_next_addr(unsigned int level __always_unused, u64 pte)
{
	return (u32)pte & V7_L1_TABLE_ADDR;
}

static u64 v7_encode_invalid(unsigned int level __always_unused)
{
	return V7_TYPE_FAULT;
}

const struct l4mm_pt_format l4mm_fmt_armv7 = {
	.name		= "armv7",
	.levels		= 2,
	.pte_bytes	= 4,
	.index_bits	= { 8, 12 },
	.shift		= { 12, 20 },
	.idx_mask	= { 0xff, 0xfff },
	.hw_size	= { 256 * 4, 4096 * 4 },
	.leaf_levels	= BIT(0) | BIT(1),	/* pages; sections */
	.dup_shifts	= { BIT(0) | BIT(V7_DUP_SHIFT),
			    BIT(0) | BIT(V7_DUP_SHIFT) },
	.decode		= v7_decode,
	.encode_leaf	= v7_encode_leaf,
	.encode_next	= v7_encode_next,
	.next_addr	= v7_next_addr,
	.encode_invalid	= v7_encode_invalid,
};
