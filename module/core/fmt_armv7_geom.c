// SPDX-License-Identifier: GPL-2.0
/*
 * "armv7-geom": the geometry of the ARMv7 short-descriptor format (an L1
 * table of 4096 word entries, each covering 1 MiB, and L2 tables of 256
 * entries of 4 KiB pages) with a private, simpler bit encoding:
 *
 *   bits[1:0]   0 invalid, 1 next-level table, 2 leaf (3 reserved)
 *   next:       bits[31:10] the L2 table's address (tables are 1 KiB
 *               aligned), informational only: walks use the shadow array
 *   leaf:       bits[31:12] frame, bit 2 R, bit 3 W, bit 4 X, bit 5 cached
 *
 * The real ARMv7 bits can replace this behind the same interface.
 */
#include "pt_format.h"

#define GEOM_TYPE_MASK		0x3U
#define GEOM_TYPE_INVALID	0x0U
#define GEOM_TYPE_NEXT		0x1U
#define GEOM_TYPE_LEAF		0x2U
#define GEOM_NEXT_ADDR_MASK	0xfffffc00U
#define GEOM_LEAF_FRAME_SHIFT	12
#define GEOM_LEAF_R		BIT(2)
#define GEOM_LEAF_W		BIT(3)
#define GEOM_LEAF_X		BIT(4)
#define GEOM_LEAF_C		BIT(5)

static enum l4mm_pte_kind geom_decode(u32 pte, unsigned int level,
				      struct l4mm_pte_leaf *leaf)
{
	switch (pte & GEOM_TYPE_MASK) {
	case GEOM_TYPE_NEXT:
		/* Only the L1 table can point further down. */
		return level ? L4MM_PTE_NEXT : L4MM_PTE_INVALID;
	case GEOM_TYPE_LEAF:
		if (level)
			return L4MM_PTE_INVALID;
		if (leaf) {
			leaf->frame = pte >> GEOM_LEAF_FRAME_SHIFT;
			leaf->rd = !!(pte & GEOM_LEAF_R);
			leaf->wr = !!(pte & GEOM_LEAF_W);
			leaf->ex = !!(pte & GEOM_LEAF_X);
			leaf->cached = !!(pte & GEOM_LEAF_C);
			leaf->dup_shift = 0;
		}
		return L4MM_PTE_LEAF;
	default:
		return L4MM_PTE_INVALID;
	}
}

static u32 geom_encode_leaf(unsigned int level __always_unused,
			    const struct l4mm_pte_leaf *leaf)
{
	u32 pte = (leaf->frame << GEOM_LEAF_FRAME_SHIFT) | GEOM_TYPE_LEAF;

	if (leaf->rd)
		pte |= GEOM_LEAF_R;
	if (leaf->wr)
		pte |= GEOM_LEAF_W;
	if (leaf->ex)
		pte |= GEOM_LEAF_X;
	if (leaf->cached)
		pte |= GEOM_LEAF_C;
	return pte;
}

static u32 geom_encode_next(unsigned int level __always_unused,
			    u32 table_addr)
{
	return (table_addr & GEOM_NEXT_ADDR_MASK) | GEOM_TYPE_NEXT;
}

static u32 geom_encode_invalid(unsigned int level __always_unused)
{
	return GEOM_TYPE_INVALID;
}

const struct l4mm_pt_format l4mm_fmt_armv7_geom = {
	.name		= "armv7-geom",
	.levels		= 2,
	.index_bits	= { 8, 12 },
	.shift		= { 12, 20 },
	.hw_size	= { 256 * 4, 4096 * 4 },
	.leaf_levels	= 1U << 0,
	.decode		= geom_decode,
	.encode_leaf	= geom_encode_leaf,
	.encode_next	= geom_encode_next,
	.encode_invalid	= geom_encode_invalid,
};
