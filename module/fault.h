/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Allocation-failure injection (debugfs l4mm/fail_nth), consulted by the
 * l4mm_env_* allocators in env.c.
 */
#ifndef _L4MM_FAULT_H
#define _L4MM_FAULT_H

#include <linux/types.h>

bool l4mm_fault_alloc(void);
void l4mm_fault_pause(void);
void l4mm_fault_resume(void);
void l4mm_fault_init(void);
void l4mm_fault_exit(void);

#endif /* _L4MM_FAULT_H */
