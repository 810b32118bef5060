/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The allocator's test instrumentation (fault.c): allocation-failure
 * injection (debugfs l4mm/fail_nth), the count of allocation attempts
 * (l4mm/allocs) and of live objects (l4mm/live).  Only the test build
 * (L4MM_TEST, make check) has it; in the module that ships every hook is
 * an empty inline and costs nothing.
 */
#ifndef _L4MM_FAULT_H
#define _L4MM_FAULT_H

#include <linux/types.h>

#include "l4mm_core.h"

struct dentry;

#ifdef L4MM_TEST
bool l4mm_fault_alloc(void);
void l4mm_fault_live(enum l4mm_env_kind kind, int delta);
void l4mm_fault_pause(void);
void l4mm_fault_resume(void);
void l4mm_fault_leak_check(void);
void l4mm_fault_debugfs_init(struct dentry *dir);
#else
static inline bool l4mm_fault_alloc(void)
{
	return false;
}

static inline void l4mm_fault_live(enum l4mm_env_kind kind, int delta)
{
}

static inline void l4mm_fault_pause(void)
{
}

static inline void l4mm_fault_resume(void)
{
}

static inline void l4mm_fault_leak_check(void)
{
}
#endif

#endif /* _L4MM_FAULT_H */
