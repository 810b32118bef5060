/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The hardware cross-check (L4MM_CMD_HWCHECK): the ARM MMU translates
 * addresses through a space's tables, the result is compared with the
 * software walk.  Only 32-bit ARM kernels running with the
 * short-descriptor format have it (hwcheck_arm.c; an LPAE kernel runs
 * with long descriptors, TTBCR.EAE=1, found at run time); elsewhere
 * l4mm_hwcheck() is -EOPNOTSUPP.
 */
#ifndef _L4MM_HWCHECK_H
#define _L4MM_HWCHECK_H

#include <linux/errno.h>
#include <linux/types.h>

struct dentry;
struct l4mm_space;
struct l4mm_state;

/**
 * struct l4mm_hwcheck_result - what one check found
 * @pages: mapped pages translated (read and write)
 * @unmapped: unmapped addresses translated
 * @skipped: mapped pages at or above 2 GiB (TTBR1's half: not checked)
 * @mismatches: translations that disagreed with the software walk
 * @bad_va: the first mismatch's address
 * @bad_par: its PAR value
 * @bad_want: the physical address expected there, if @bad_mapped
 * @bad_mapped: the software walk says @bad_va is mapped
 * @bad_write: the mismatch was in the write translation
 */
struct l4mm_hwcheck_result {
	u32 pages, unmapped, skipped, mismatches;
	u32 bad_va, bad_par, bad_want;
	bool bad_mapped, bad_write;
};

/* Test-only corruption of one descriptor (hwcheck_inject.c). */
enum l4mm_hwcheck_inject_kind {
	L4MM_HWI_AP,		/* invert the write permission (AP[2]) */
	L4MM_HWI_FRAME,		/* flip the lowest address bit */
};

/**
 * struct l4mm_hwcheck_inject - what debugfs l4mm/hwcheck_corrupt armed
 * @kind: which corruption
 * @nth: corrupt the descriptor of the @nth page checked (1 = first);
 *	 0: nothing armed
 */
struct l4mm_hwcheck_inject {
	enum l4mm_hwcheck_inject_kind kind;
	u32 nth;
};

/* One corrupted hardware descriptor and its old value. */
struct l4mm_hw_corruption {
	u32 *pte;
	u32 old;
};

#ifdef CONFIG_ARM
bool l4mm_hwcheck_available(void);
int l4mm_hwcheck(const struct l4mm_state *st, const struct l4mm_space *sp,
		 struct l4mm_hwcheck_result *res);
#ifdef L4MM_TEST
void l4mm_hwcheck_inject_take(struct l4mm_hwcheck_inject *in);
void l4mm_hwcheck_corrupt(const struct l4mm_space *sp, u32 va,
			  enum l4mm_hwcheck_inject_kind kind,
			  struct l4mm_hw_corruption *c);
void l4mm_hwcheck_restore(struct l4mm_hw_corruption *c);
void l4mm_hwcheck_debugfs_init(struct dentry *dir);
#else
/* The corrupter is a test knob (hwcheck_inject.c): never armed here. */
static inline void l4mm_hwcheck_inject_take(struct l4mm_hwcheck_inject *in)
{
	in->nth = 0;
}

static inline void l4mm_hwcheck_corrupt(const struct l4mm_space *sp, u32 va,
					enum l4mm_hwcheck_inject_kind kind,
					struct l4mm_hw_corruption *c)
{
	c->pte = NULL;
}

static inline void l4mm_hwcheck_restore(struct l4mm_hw_corruption *c)
{
}
#endif
#else
static inline bool l4mm_hwcheck_available(void)
{
	return false;
}

static inline void l4mm_hwcheck_debugfs_init(struct dentry *dir)
{
}

static inline int l4mm_hwcheck(const struct l4mm_state *st,
			       const struct l4mm_space *sp,
			       struct l4mm_hwcheck_result *res)
{
	return -EOPNOTSUPP;
}
#endif

#endif /* _L4MM_HWCHECK_H */
