/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The hardware cross-check (L4MM_CMD_HWCHECK): the ARM MMU translates
 * addresses through a space's tables, the result is compared with the
 * software walk.  Only ARM kernels with the short-descriptor format have
 * it (hwcheck_arm.c); elsewhere l4mm_hwcheck() is -EOPNOTSUPP.
 */
#ifndef _L4MM_HWCHECK_H
#define _L4MM_HWCHECK_H

#include <linux/errno.h>
#include <linux/types.h>

struct l4mm_space;

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

#if defined(CONFIG_ARM) && !defined(CONFIG_ARM_LPAE)
int l4mm_hwcheck(const struct l4mm_space *sp,
		 struct l4mm_hwcheck_result *res);
#else
static inline int l4mm_hwcheck(const struct l4mm_space *sp,
			       struct l4mm_hwcheck_result *res)
{
	return -EOPNOTSUPP;
}
#endif

#endif /* _L4MM_HWCHECK_H */
