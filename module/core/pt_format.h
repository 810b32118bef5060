/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A page-table format: the geometry of a multi-level page table (2 to 4
 * levels) and the bit encoding of its hardware entries, 32 or 64 bits
 * wide (pte_bytes).  The generic engine (pgtable.c) only ever looks at
 * entries through decode/encode, which take and give a descriptor as a
 * u64 whatever its width; the tables in memory keep the hardware layout
 * (l4mm_pt_hw_get(), l4mm_pt_hw_write() in pgtable.h).
 *
 * Levels are numbered as in the paper: 0 is the bottom (4 KiB pages),
 * levels - 1 is the root.  l4mm's virtual space is 32 bits; a format
 * whose root maps more (AArch64: 512 GiB entries) reaches only the
 * entries below 4 GiB, which idx_mask says.
 */
#ifndef _L4MM_PT_FORMAT_H
#define _L4MM_PT_FORMAT_H

#include "core_env.h"

#define L4MM_PT_MAX_LEVELS	4

enum l4mm_pte_kind {
	L4MM_PTE_INVALID,
	L4MM_PTE_NEXT,		/* points to a table one level down */
	L4MM_PTE_LEAF,		/* maps a page (or superpage) */
};

/* The architecture-visible fields of a leaf (the paper's PTE_a). */
struct l4mm_pte_leaf {
	u32 frame;		/* physical page number (4 KiB units) */
	bool rd, wr, ex, cached;
	/*
	 * log2 of the number of consecutive entries that together map one
	 * region: 0 for one entry, 4 for an ARMv7 large page (64 KiB at
	 * level 0) or supersection (16 MiB at level 1), or a run of 16
	 * entries with the long-descriptor contiguous hint.  frame is then
	 * the first frame of the whole region, on decode and on encode:
	 * each entry of a group is encoded from the frame of its own first
	 * page (base + k entries), which a format whose duplicated entries
	 * are identical (ARMv7) masks off again.
	 */
	u8 dup_shift;
};

struct l4mm_pt_format {
	const char *name;
	unsigned int levels;
	unsigned int pte_bytes;		/* 4 or 8: one hardware entry */
	/* Per level: index width, and the VA bit where the index starts. */
	u8 index_bits[L4MM_PT_MAX_LEVELS];
	u8 shift[L4MM_PT_MAX_LEVELS];
	/*
	 * Per level: the mask of the index a 32-bit VA can reach: entries
	 * - 1, or 2^(32 - shift) - 1 where that is less (0 at a shift of
	 * 32 or more).
	 */
	u32 idx_mask[L4MM_PT_MAX_LEVELS];
	/* Bytes of one hardware table at each level (a power of two). */
	u32 hw_size[L4MM_PT_MAX_LEVELS];
	/*
	 * Bit i set: leaves may sit at level i.  A leaf above level 0 is a
	 * superpage (pgtable.h, pt_super.c); only l4mm_pt_promote() makes
	 * one.
	 */
	u32 leaf_levels;
	/* Per level: bit k set: a leaf may span 2^k duplicated entries. */
	u32 dup_shifts[L4MM_PT_MAX_LEVELS];

	enum l4mm_pte_kind (*decode)(u64 pte, unsigned int level,
				     struct l4mm_pte_leaf *leaf);
	u64 (*encode_leaf)(unsigned int level,
			   const struct l4mm_pte_leaf *leaf);
	/* table_addr: address of the hardware table (informational). */
	u64 (*encode_next)(unsigned int level, u64 table_addr);
	u64 (*encode_invalid)(unsigned int level);
	/*
	 * The table address a next entry holds (what encode_next was
	 * given, at the format's alignment), or NULL if it holds none.
	 */
	u64 (*next_addr)(unsigned int level, u64 pte);
};

static inline u32 l4mm_pt_index(const struct l4mm_pt_format *fmt,
				u32 va, unsigned int level)
{
	/* A shift of 32 or more has mask 0: "& 31" only keeps it defined. */
	return (va >> (fmt->shift[level] & 31)) & fmt->idx_mask[level];
}

static inline u32 l4mm_pt_entries(const struct l4mm_pt_format *fmt,
				  unsigned int level)
{
	return 1U << fmt->index_bits[level];
}

extern const struct l4mm_pt_format l4mm_fmt_armv7;
extern const struct l4mm_pt_format l4mm_fmt_lpae;
extern const struct l4mm_pt_format l4mm_fmt_aarch64;

#endif /* _L4MM_PT_FORMAT_H */
