/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The 64-bit long-descriptor encoding with a 4 KiB granule, shared by
 * "lpae" (ARMv7 LPAE, ARM ARM ARMv7-A/R B3.6) and "aarch64" (VMSAv8-64
 * stage 1, ARM ARM D8).  Both put a block or page descriptor's attributes
 * in the same places; they differ in the width of the output address (40
 * and 48 bits) and in the number of levels, which fmt_lpae.c and
 * fmt_aarch64.c give.  Engine level l maps 2^(12 + 9 l) bytes per entry.
 *
 * Descriptor bits[1:0]:
 *   x0     invalid
 *   11     table (levels 1 and up) or page (level 0); bits[47:12] (LPAE:
 *          [39:12]) hold the next table's or the page's address
 *   01     block at levels 1 (2 MiB, OA [47:21]) and 2 (1 GiB, OA
 *          [47:30]); at level 0, and at level 3 (AArch64's 512 GiB
 *          entries), reserved: l4mm never writes it and reads it as
 *          invalid, as the MMU faults on it
 * Table descriptors: NSTable, APTable, XNTable, PXNTable all 0 (no
 * restriction from above).
 * Block and page attributes:
 *   [4:2]   AttrIndx: 7 cached, 1 uncached (below)
 *   [5]     NS 0
 *   [7:6]   AP[2:1]: 01 read/write at EL0/PL0, 11 read-only at EL0/PL0,
 *           00 no access at EL0/PL0 (read/write at EL1/PL1)
 *   [9:8]   SH 11, inner shareable (as Linux's SMP mappings)
 *   [10]    AF 1: l4mm keeps its own status bits (referenced, dirty);
 *           the access flag is always set so the MMU never faults on it
 *   [11]    nG 1: non-global, tagged with the ASID as user mappings are
 *   [52]    Contiguous: one of 16 adjacent entries, aligned to 16, that
 *           map one 64 KiB (level 0) or 32 MiB (level 1) region with
 *           one set of attributes (dup_shift 4); each entry keeps its own
 *           output address
 *   [53]    PXN 1: the kernel never executes user mappings
 *   [54]    XN (LPAE) / UXN (AArch64): !ex
 *
 * AttrIndx selects a MAIR field.  The indices are those of Linux's own
 * MAIR setup, so that a table l4mm builds means the same memory types
 * under the running kernel: index 7 is Normal write-back write-allocate
 * (L_PTE_MT_WRITEALLOC on ARMv7 LPAE, 0xff), index 1 Normal non-cacheable
 * (L_PTE_MT_BUFFERABLE, 0x44).  On arm64, Linux's MT_NORMAL is index 0
 * and MT_NORMAL_NC index 2; the arm64 hardware check (not done yet) will
 * have to program its own MAIR_EL1 for the walk window or the format
 * take the arm64 indices.  Decode reports cached for AttrIndx 2, 3 and 7
 * (Linux ARMv7's write-through, write-back and write-allocate types).
 *
 * What cannot be expressed: write-only (encoded read/write, as for short
 * descriptors); execute-only for EL0 (no read access and XN clear gives
 * an EL0 mapping with neither read nor write, and the ARMv7 MMU still
 * needs read permission for a fetch); frames beyond the output address
 * width (bits above are dropped); the contiguous hint at the 1 GiB level
 * (16 GiB, beyond l4mm's 4 GiB).
 */
#ifndef _L4MM_FMT_LONG_H
#define _L4MM_FMT_LONG_H

#include "pt_format.h"

#define LD_VALID		BIT_ULL(0)
#define LD_TABLE		BIT_ULL(1)	/* or page at level 0 */
#define LD_ATTR_SHIFT		2
#define LD_ATTR_MASK		(7ULL << LD_ATTR_SHIFT)
#define LD_ATTR_CACHED		7ULL
#define LD_ATTR_UNCACHED	1ULL
#define LD_AP1			BIT_ULL(6)	/* EL0/PL0 access */
#define LD_AP2			BIT_ULL(7)	/* read-only */
#define LD_SH_INNER		(3ULL << 8)
#define LD_AF			BIT_ULL(10)
#define LD_NG			BIT_ULL(11)
#define LD_CONT			BIT_ULL(52)
#define LD_PXN			BIT_ULL(53)
#define LD_XN			BIT_ULL(54)
#define LD_PAGE_SHIFT		12
#define LD_LEVEL_BITS		9
#define LD_CONT_SHIFT		4		/* 16 entries */

/* log2 of the bytes one entry at engine level @level maps. */
static inline unsigned int ld_shift(unsigned int level)
{
	return LD_PAGE_SHIFT + LD_LEVEL_BITS * level;
}

/*
 * @oa_mask: the output-address field of the format (bits [39:12] or
 * [47:12]); @top: the highest level, whose entries are blocks only if
 * @top_blocks.
 */
static inline enum l4mm_pte_kind ld_decode(u64 pte, unsigned int level,
					   struct l4mm_pte_leaf *leaf,
					   u64 oa_mask, bool top_blocks,
					   unsigned int top)
{
	u64 attr, oa;
	u32 run;

	if (!(pte & LD_VALID))
		return L4MM_PTE_INVALID;
	if (level && (pte & LD_TABLE))
		return L4MM_PTE_NEXT;
	if (!level && !(pte & LD_TABLE))
		return L4MM_PTE_INVALID;	/* reserved at level 0 */
	if (level == top && !top_blocks)
		return L4MM_PTE_INVALID;	/* no blocks there */
	if (!leaf)
		return L4MM_PTE_LEAF;
	oa = pte & oa_mask & ~((1ULL << ld_shift(level)) - 1);
	leaf->frame = (u32)(oa >> LD_PAGE_SHIFT);
	leaf->dup_shift = 0;
	if (pte & LD_CONT) {
		leaf->dup_shift = LD_CONT_SHIFT;
		run = (1U << LD_CONT_SHIFT << (ld_shift(level) -
					       LD_PAGE_SHIFT)) - 1;
		leaf->frame &= ~run;
	}
	leaf->rd = pte & LD_AP1;
	leaf->wr = (pte & LD_AP1) && !(pte & LD_AP2);
	leaf->ex = !(pte & LD_XN);
	attr = (pte & LD_ATTR_MASK) >> LD_ATTR_SHIFT;
	leaf->cached = attr == 2 || attr == 3 || attr == LD_ATTR_CACHED;
	return L4MM_PTE_LEAF;
}

static inline u64 ld_encode_leaf(unsigned int level,
				 const struct l4mm_pte_leaf *leaf, u64 oa_mask)
{
	u64 pte = LD_VALID | LD_SH_INNER | LD_AF | LD_NG | LD_PXN;

	WARN_ON_ONCE(leaf->dup_shift && leaf->dup_shift != LD_CONT_SHIFT);
	pte |= ((u64)leaf->frame << LD_PAGE_SHIFT) & oa_mask &
	       ~((1ULL << ld_shift(level)) - 1);
	if (!level)
		pte |= LD_TABLE;	/* page */
	if (leaf->dup_shift)
		pte |= LD_CONT;
	if (leaf->rd || leaf->wr)
		pte |= LD_AP1;
	if (leaf->rd && !leaf->wr)
		pte |= LD_AP2;
	if (!leaf->ex)
		pte |= LD_XN;
	pte |= (leaf->cached ? LD_ATTR_CACHED : LD_ATTR_UNCACHED) <<
	       LD_ATTR_SHIFT;
	return pte;
}

#endif /* _L4MM_FMT_LONG_H */
