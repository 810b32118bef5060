// SPDX-License-Identifier: GPL-2.0
/*
 * "aarch64": the VMSAv8-64 stage 1 translation table format (ARM ARM
 * D8) with a 4 KiB granule and 48-bit virtual addresses (TCR_EL1.T0SZ =
 * 16, four levels, as Debian's arm64 kernels configure TTBR0):
 *
 *   engine level 3 (ARM level 0, the root): 512 entries of 512 GiB,
 *           4 KiB; table only (no blocks with a 4 KiB granule)
 *   engine level 2 (ARM level 1): 512 entries of 1 GiB; table or block
 *   engine level 1 (ARM level 2): 512 entries of 2 MiB; table, block, or
 *           16 contiguous blocks (32 MiB)
 *   engine level 0 (ARM level 3): 512 entries of 4 KiB; page, or 16
 *           contiguous pages (64 KiB)
 *
 * l4mm's 32-bit space is the bottom 4 GiB of the 256 TiB: only entry 0
 * of the root and entries 0-3 of the level-2 table are ever used (the
 * format's idx_mask), the rest of those two tables stays invalid, and the
 * checker refuses anything else there.  The full 4 KiB tables are kept
 * at both levels so that TTBR0_EL1 can point at the root as it is.
 *
 * The descriptor bits are fmt_long.h's; the output address is bits
 * [47:12], of which l4mm's 32-bit frames fill [43:12].
 */
#include "fmt_long.h"

#define A64_OA_MASK	(((1ULL << 48) - 1) & ~((1ULL << 12) - 1))
#define A64_TOP		3

static enum l4mm_pte_kind a64_decode(u64 pte, unsigned int level,
				     struct l4mm_pte_leaf *leaf)
{
	return ld_decode(pte, level, leaf, A64_OA_MASK, false, A64_TOP);
}

static u64 a64_encode_leaf(unsigned int level,
			   const struct l4mm_pte_leaf *leaf)
{
	WARN_ON_ONCE(level == A64_TOP);
	return ld_encode_leaf(level, leaf, A64_OA_MASK);
}

static u64 a64_encode_next(unsigned int level __always_unused,
			   u64 table_addr)
{
	return (table_addr & A64_OA_MASK) | LD_TABLE | LD_VALID;
}

static u64 a64_next_addr(unsigned int level __always_unused, u64 pte)
{
	return pte & A64_OA_MASK;
}

static u64 a64_encode_invalid(unsigned int level __always_unused)
{
	return 0;
}

const struct l4mm_pt_format l4mm_fmt_aarch64 = {
	.name		= "aarch64",
	.levels		= 4,
	.pte_bytes	= 8,
	.index_bits	= { 9, 9, 9, 9 },
	.shift		= { 12, 21, 30, 39 },
	.idx_mask	= { 0x1ff, 0x1ff, 0x3, 0 },
	.hw_size	= { 512 * 8, 512 * 8, 512 * 8, 512 * 8 },
	.leaf_levels	= BIT(0) | BIT(1) | BIT(2),
	.dup_shifts	= { BIT(0) | BIT(LD_CONT_SHIFT),
			    BIT(0) | BIT(LD_CONT_SHIFT), BIT(0), BIT(0) },
	.decode		= a64_decode,
	.encode_leaf	= a64_encode_leaf,
	.encode_next	= a64_encode_next,
	.next_addr	= a64_next_addr,
	.encode_invalid	= a64_encode_invalid,
};
