/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The allocator (alloc.c): the slab caches behind the core's l4mm_env_*
 * memory hooks.
 */
#ifndef _L4MM_ALLOC_H
#define _L4MM_ALLOC_H

int l4mm_alloc_init(void);
void l4mm_alloc_exit(void);

#endif /* _L4MM_ALLOC_H */
