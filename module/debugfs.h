/* SPDX-License-Identifier: GPL-2.0 */
/*
 * debugfs l4mm/: the directory of the test knobs (debugfs.c), in the test
 * build (L4MM_TEST) only.
 */
#ifndef _L4MM_DEBUGFS_H
#define _L4MM_DEBUGFS_H

#ifdef L4MM_TEST
void l4mm_debugfs_init(void);
void l4mm_debugfs_exit(void);
#else
static inline void l4mm_debugfs_init(void)
{
}

static inline void l4mm_debugfs_exit(void)
{
}
#endif

#endif /* _L4MM_DEBUGFS_H */
