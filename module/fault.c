// SPDX-License-Identifier: GPL-2.0
/*
 * Allocation-failure injection for the core's allocations, so that tests
 * can fail each allocation site of an operation in turn and check that
 * nothing changed (the core's atomicity contract, l4mm_core.h).
 *
 * debugfs l4mm/fail_nth: write N > 0 and the Nth l4mm_env_* allocation
 * from now fails (1 = the next one); reading gives how many are left to
 * go, 0 once it fired or when disarmed (write 0).  l4mm/allocs counts
 * every allocation attempt since load, failed ones included.  l4mm/live
 * shows the objects allocated now, all netns together (env.c's counters):
 * tests compare it with a baseline to find leaks, e.g. after a netns went.
 *
 * Global, not per task: the kernel's own fail_nth (CONFIG_FAULT_INJECTION)
 * would be per task but is absent from distribution kernels, and the core
 * allocates only on behalf of one request at a time per netns anyway.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/atomic.h>
#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/seq_file.h>

#include "env.h"
#include "fault.h"
#include "hwcheck.h"

static atomic_t l4mm_fail_nth = ATOMIC_INIT(0);
/* Non-zero while the after-op checker runs: its allocations do not count. */
static atomic_t l4mm_fault_paused = ATOMIC_INIT(0);
static atomic64_t l4mm_allocs = ATOMIC64_INIT(0);
static struct dentry *l4mm_debugfs_dir;

/**
 * l4mm_fault_alloc() - account one allocation attempt; should it fail?
 *
 * Context: any; lock-free.
 * Return: true if this attempt is the one fail_nth armed.
 */
bool l4mm_fault_alloc(void)
{
	int old, new;

	if (atomic_read(&l4mm_fault_paused))
		return false;
	atomic64_inc(&l4mm_allocs);
	old = atomic_read(&l4mm_fail_nth);
	do {
		if (old <= 0)
			return false;
		new = old - 1;
	} while (!atomic_try_cmpxchg(&l4mm_fail_nth, &old, new));
	return new == 0;
}

/**
 * l4mm_fault_pause() - keep the next allocations out of fault injection
 *
 * The check that check_after_op runs after an operation allocates memory
 * of its own; without the pause, an armed fail_nth meant for the next
 * operation would fail the check instead, and the allocation counts that
 * the fault tests read would include it.  Allocations made by other tasks
 * meanwhile are not counted either: fault tests drive one task at a time.
 *
 * Context: any; pairs with l4mm_fault_resume().
 */
void l4mm_fault_pause(void)
{
	atomic_inc(&l4mm_fault_paused);
}

/**
 * l4mm_fault_resume() - undo one l4mm_fault_pause()
 */
void l4mm_fault_resume(void)
{
	atomic_dec(&l4mm_fault_paused);
}

static int l4mm_fail_nth_get(void *data, u64 *val)
{
	*val = atomic_read(&l4mm_fail_nth);
	return 0;
}

static int l4mm_fail_nth_set(void *data, u64 val)
{
	if (val > INT_MAX)
		return -ERANGE;
	atomic_set(&l4mm_fail_nth, (int)val);
	return 0;
}

DEFINE_DEBUGFS_ATTRIBUTE(l4mm_fail_nth_fops, l4mm_fail_nth_get,
			 l4mm_fail_nth_set, "%llu\n");

static int l4mm_allocs_get(void *data, u64 *val)
{
	*val = atomic64_read(&l4mm_allocs);
	return 0;
}

DEFINE_DEBUGFS_ATTRIBUTE(l4mm_allocs_fops, l4mm_allocs_get, NULL,
			 "%llu\n");

static int l4mm_live_show(struct seq_file *m, void *v)
{
	long allocs, nodes, tables;

	l4mm_env_live(&allocs, &nodes, &tables);
	seq_printf(m, "allocs %ld\nnodes %ld\ntables %ld\n", allocs, nodes,
		   tables);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(l4mm_live);

/**
 * l4mm_fault_init() - create debugfs l4mm/ (fail_nth, allocs, live, and
 * on ARM hwcheck_corrupt)
 *
 * debugfs is optional: errors are ignored, as debugfs wants.
 */
void l4mm_fault_init(void)
{
	l4mm_debugfs_dir = debugfs_create_dir(KBUILD_MODNAME, NULL);
	debugfs_create_file_unsafe("fail_nth", 0600, l4mm_debugfs_dir, NULL,
				   &l4mm_fail_nth_fops);
	debugfs_create_file_unsafe("allocs", 0400, l4mm_debugfs_dir, NULL,
				   &l4mm_allocs_fops);
	debugfs_create_file("live", 0400, l4mm_debugfs_dir, NULL,
			    &l4mm_live_fops);
	l4mm_hwcheck_debugfs_init(l4mm_debugfs_dir);
}

/**
 * l4mm_fault_exit() - remove debugfs l4mm/
 */
void l4mm_fault_exit(void)
{
	debugfs_remove(l4mm_debugfs_dir);
	l4mm_debugfs_dir = NULL;
}
