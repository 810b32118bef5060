/* SPDX-License-Identifier: GPL-2.0 */
/*
 * debugfs l4mm/: the directory of the test knobs (debugfs.c).
 */
#ifndef _L4MM_DEBUGFS_H
#define _L4MM_DEBUGFS_H

void l4mm_debugfs_init(void);
void l4mm_debugfs_exit(void);

#endif /* _L4MM_DEBUGFS_H */
