// SPDX-License-Identifier: GPL-2.0
/*
 * The allocator's test instrumentation, so that tests can fail each
 * allocation site of an operation in turn and check that nothing changed
 * (the core's atomicity contract, l4mm_core.h), and find leaks.
 *
 * debugfs l4mm/fail_nth: write N > 0 and the Nth l4mm_env_* allocation
 * from now fails (1 = the next one); reading gives how many are left to
 * go, 0 once it fired or when disarmed (write 0).  l4mm/allocs counts
 * every allocation attempt since load, failed ones included.  l4mm/live
 * shows the objects allocated now, all netns together: tests compare it
 * with a baseline to find leaks, e.g. after a netns went.
 *
 * Global, not per task: the kernel's own fail_nth (CONFIG_FAULT_INJECTION)
 * would be per task but is absent from distribution kernels, and the
 * fault tests drive one request at a time.
 */
#include <linux/atomic.h>
#include <linux/bug.h>
#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/seq_file.h>

#include "l4mm_core.h"
#include "fault.h"

static atomic_t l4mm_fail_nth = ATOMIC_INIT(0);
/* Non-zero while the after-op checker runs: its allocations do not count. */
static atomic_t l4mm_fault_paused = ATOMIC_INIT(0);
static atomic64_t l4mm_allocs = ATOMIC64_INIT(0);
/* Live objects, indexed by enum l4mm_env_kind. */
static atomic_long_t l4mm_live[3];

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
 * l4mm_fault_live() - count an object allocated (+1) or freed (-1)
 * @kind: what it is
 * @delta: +1 or -1
 */
void l4mm_fault_live(enum l4mm_env_kind kind, int delta)
{
	if (!WARN_ON_ONCE(kind >= ARRAY_SIZE(l4mm_live)))
		atomic_long_add(delta, &l4mm_live[kind]);
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

/**
 * l4mm_fault_leak_check() - warn if any object is still live
 *
 * Context: module exit, after every state has been destroyed.
 */
void l4mm_fault_leak_check(void)
{
	long allocs = atomic_long_read(&l4mm_live[L4MM_ENV_ZALLOC]);
	long nodes = atomic_long_read(&l4mm_live[L4MM_ENV_NODE]);
	long tables = atomic_long_read(&l4mm_live[L4MM_ENV_TABLE]);

	WARN(allocs || nodes || tables,
	     "l4mm: leaked %ld allocations, %ld nodes, %ld tables\n",
	     allocs, nodes, tables);
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
	seq_printf(m, "allocs %ld\nnodes %ld\ntables %ld\n",
		   atomic_long_read(&l4mm_live[L4MM_ENV_ZALLOC]),
		   atomic_long_read(&l4mm_live[L4MM_ENV_NODE]),
		   atomic_long_read(&l4mm_live[L4MM_ENV_TABLE]));
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(l4mm_live);

/**
 * l4mm_fault_debugfs_init() - create fail_nth, allocs and live
 * @dir: debugfs l4mm/
 *
 * debugfs is optional: errors are ignored, as debugfs wants.
 */
void l4mm_fault_debugfs_init(struct dentry *dir)
{
	debugfs_create_file_unsafe("fail_nth", 0600, dir, NULL,
				   &l4mm_fail_nth_fops);
	debugfs_create_file_unsafe("allocs", 0400, dir, NULL,
				   &l4mm_allocs_fops);
	debugfs_create_file("live", 0400, dir, NULL, &l4mm_live_fops);
}
