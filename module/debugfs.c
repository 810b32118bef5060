// SPDX-License-Identifier: GPL-2.0
/*
 * debugfs l4mm/: the directory of the test knobs.  Its files belong to
 * what they drive: fail_nth, allocs and live to the allocator's
 * instrumentation (fault.c), hwcheck_corrupt to the hwcheck corrupter
 * (hwcheck_inject.c, ARM only).
 *
 * Built into the test module only (make check: L4MM_TEST=1, with
 * fault.c, hwcheck_inject.c and the core's test entry points); the
 * module that ships has no debugfs directory.  modinfo shows which one a
 * .ko is: the test build carries the "test_build" field.
 */
#include <linux/debugfs.h>
#include <linux/module.h>

#include "debugfs.h"
#include "fault.h"
#include "hwcheck.h"

MODULE_INFO(test_build, "fault injection (debugfs l4mm/), hwcheck corrupter, core test hooks");

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
