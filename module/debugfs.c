// SPDX-License-Identifier: GPL-2.0
/*
 * debugfs l4mm/: the directory of the test knobs.  Its files belong to
 * what they drive: fail_nth, allocs and live to the allocator's
 * instrumentation (fault.c), hwcheck_corrupt to the hwcheck corrupter
 * (hwcheck_inject.c, ARM only).
 */
#include <linux/debugfs.h>

#include "debugfs.h"
#include "fault.h"
#include "hwcheck.h"

static struct dentry *l4mm_debugfs_dir;

/**
 * l4mm_debugfs_init() - create debugfs l4mm/ and its files
 *
 * debugfs is optional: errors are ignored, as debugfs wants.
 */
void l4mm_debugfs_init(void)
{
	l4mm_debugfs_dir = debugfs_create_dir(KBUILD_MODNAME, NULL);
	l4mm_fault_debugfs_init(l4mm_debugfs_dir);
	l4mm_hwcheck_debugfs_init(l4mm_debugfs_dir);
}

/**
 * l4mm_debugfs_exit() - remove debugfs l4mm/
 */
void l4mm_debugfs_exit(void)
{
	debugfs_remove(l4mm_debugfs_dir);
	l4mm_debugfs_dir = NULL;
}
