// SPDX-License-Identifier: GPL-2.0
/*
 * "lpae": the ARMv7 Large Physical Address Extension long-descriptor
 * format (ARM ARM ARMv7-A/R, B3.6) with TTBCR.EAE = 1 and T0SZ = 0, so
 * that TTBR0 translates l4mm's whole 32-bit space:
 *
 *   engine level 2 (ARM's first level, the root): 4 entries of 1 GiB,
 *           32 bytes; table or 1 GiB block
 *   engine level 1 (second level): 512 entries of 2 MiB, 4 KiB; table,
 *           2 MiB block, or 16 contiguous blocks (32 MiB)
 *   engine level 0 (third level): 512 entries of 4 KiB, 4 KiB; page, or
 *           16 contiguous pages (64 KiB)
 *
 * The descriptor bits are fmt_long.h's; the output address is bits
 * [39:12] (40-bit physical addresses), so a frame is 28 bits here.
 */
#include "fmt_long.h"

#define LPAE_OA_MASK	(((1ULL << 40) - 1) & ~((1ULL << 12) - 1))
#define LPAE_TOP	2

static enum l4mm_pte_kind lpae_decode(u64 pte, unsigned int level,
				      struct l4mm_pte_leaf *leaf)
{
	return ld_decode(pte, level, leaf, LPAE_OA_MASK, true, LPAE_TOP);
}

static u64 lpae_encode_leaf(unsigned int level,
			    const struct l4mm_pte_leaf *leaf)
{
	return ld_encode_leaf(level, leaf, LPAE_OA_MASK);
}

static u64 lpae_encode_next(unsigned int level __always_unused,
			    u64 table_addr)
{
	return (table_addr & LPAE_OA_MASK) | LD_TABLE | LD_VALID;
}

static u64 lpae_next_addr(unsigned int level __always_unused, u64 pte)
{
	return pte & LPAE_OA_MASK;
}

static u64 lpae_encode_invalid(unsigned int level __always_unused)
{
	return 0;
}

const struct l4mm_pt_format l4mm_fmt_lpae = {
	.name		= "lpae",
	.levels		= 3,
	.pte_bytes	= 8,
	.index_bits	= { 9, 9, 2 },
	.shift		= { 12, 21, 30 },
	.idx_mask	= { 0x1ff, 0x1ff, 0x3 },
	.hw_size	= { 512 * 8, 512 * 8, 4 * 8 },
	.leaf_levels	= BIT(0) | BIT(1) | BIT(2),
	.dup_shifts	= { BIT(0) | BIT(LD_CONT_SHIFT),
			    BIT(0) | BIT(LD_CONT_SHIFT), BIT(0) },
	.decode		= lpae_decode,
	.encode_leaf	= lpae_encode_leaf,
	.encode_next	= lpae_encode_next,
	.next_addr	= lpae_next_addr,
	.encode_invalid	= lpae_encode_invalid,
};
