/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The memory the core asks of the kernel (the l4mm_env_* hooks declared in
 * core/l4mm_core.h): slab caches and live-object counters.
 */
#ifndef _L4MM_ENV_H
#define _L4MM_ENV_H

int l4mm_env_init(void);
void l4mm_env_exit(void);
void l4mm_env_live(long *allocs, long *nodes, long *tables);

#endif /* _L4MM_ENV_H */
