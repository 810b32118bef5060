/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A page-table format: the geometry of a multi-level page table and the
 * bit encoding of its 32-bit hardware entries.  The generic engine
 * (pgtable.c) only ever looks at entries through decode/encode, so a new
 * architecture (or the real ARMv7 short-descriptor encoding) is one more
 * instance of this structure.
 *
 * Levels are numbered as in the paper: 0 is the bottom (4 KiB pages),
 * levels - 1 is the root.
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
	 * log2 of the number of consecutive entries holding this same
	 * descriptor: 0 for one entry, 4 for an ARMv7 large page (64 KiB
	 * at level 0) or supersection (16 MiB at level 1).  frame is then
	 * the first frame of the whole region.
	 */
	u8 dup_shift;
};

struct l4mm_pt_format {
	const char *name;
	unsigned int levels;
	/* Per level: index width, and the VA bit where the index starts. */
	u8 index_bits[L4MM_PT_MAX_LEVELS];
	u8 shift[L4MM_PT_MAX_LEVELS];
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

	enum l4mm_pte_kind (*decode)(u32 pte, unsigned int level,
				     struct l4mm_pte_leaf *leaf);
	u32 (*encode_leaf)(unsigned int level,
			   const struct l4mm_pte_leaf *leaf);
	/* table_addr: address of the hardware table (informational). */
	u32 (*encode_next)(unsigned int level, u32 table_addr);
	u32 (*encode_invalid)(unsigned int level);
	/*
	 * The table address a next entry holds (what encode_next was
	 * given, at the format's alignment), or NULL if it holds none.
	 */
	u32 (*next_addr)(unsigned int level, u32 pte);
};

static inline u32 l4mm_pt_index(const struct l4mm_pt_format *fmt,
				u32 va, unsigned int level)
{
	return (va >> fmt->shift[level]) &
	       ((1U << fmt->index_bits[level]) - 1);
}

static inline u32 l4mm_pt_entries(const struct l4mm_pt_format *fmt,
				  unsigned int level)
{
	return 1U << fmt->index_bits[level];
}

extern const struct l4mm_pt_format l4mm_fmt_armv7;

#endif /* _L4MM_PT_FORMAT_H */
