// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel side of the core's environment: where its memory comes from.
 *
 *  - l4mm_env_zalloc/free: kvzalloc/kvfree (spaces, id tables, ...).
 *  - l4mm_env_node_alloc/free: the dedicated "l4mm_node" cache of
 *    L4MM_CORE_NODE_SIZE objects, one per mapped page (MDB node).
 *  - l4mm_env_table_alloc/free: hardware-format tables, zeroed and aligned
 *    to their size.  Sizes up to PAGE_SIZE come from one cache per power of
 *    two ("l4mm_table_<size>", created with align == size); larger ones are
 *    whole page blocks, which the buddy allocator aligns to their order.
 *
 * Every allocation is charged to the caller's memory cgroup
 * (GFP_KERNEL_ACCOUNT: a netns's spaces cost the memcg of whoever built
 * them), may be failed on purpose (fault.c, debugfs l4mm/fail_nth), and is
 * counted:
 * l4mm_env_exit() destroys the caches (the slab layer reports any object
 * still allocated) and reports whatever the counters say is still live.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/atomic.h>
#include <linux/gfp.h>
#include <linux/log2.h>
#include <linux/mm.h>
#include <linux/printk.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

#include "l4mm_core.h"
#include "env.h"
#include "fault.h"

/* Smallest table cache: 16 bytes; smaller tables are rounded up to it. */
#define L4MM_TABLE_MIN_SHIFT	4
#define L4MM_TABLE_CACHES	(PAGE_SHIFT - L4MM_TABLE_MIN_SHIFT + 1)

static struct kmem_cache *l4mm_node_cache __ro_after_init;
static struct kmem_cache *l4mm_table_cache[L4MM_TABLE_CACHES] __ro_after_init;

static atomic_long_t l4mm_live_allocs = ATOMIC_LONG_INIT(0);
static atomic_long_t l4mm_live_nodes = ATOMIC_LONG_INIT(0);
static atomic_long_t l4mm_live_tables = ATOMIC_LONG_INIT(0);

void *l4mm_env_zalloc(size_t size)
{
	void *p;

	if (l4mm_fault_alloc())
		return NULL;
	p = kvzalloc(size, GFP_KERNEL_ACCOUNT);
	if (p)
		atomic_long_inc(&l4mm_live_allocs);
	return p;
}

void l4mm_env_free(void *p)
{
	if (!p)
		return;
	atomic_long_dec(&l4mm_live_allocs);
	kvfree(p);
}

void *l4mm_env_node_alloc(void)
{
	void *p;

	if (l4mm_fault_alloc())
		return NULL;
	p = kmem_cache_zalloc(l4mm_node_cache, GFP_KERNEL_ACCOUNT);
	if (p)
		atomic_long_inc(&l4mm_live_nodes);
	return p;
}

void l4mm_env_node_free(void *p)
{
	if (!p)
		return;
	atomic_long_dec(&l4mm_live_nodes);
	kmem_cache_free(l4mm_node_cache, p);
}

/* Index of the table cache for size, or -1 for a page block. */
static int l4mm_table_index(size_t size)
{
	unsigned int shift;

	if (size > PAGE_SIZE)
		return -1;
	shift = size <= (1U << L4MM_TABLE_MIN_SHIFT) ?
		L4MM_TABLE_MIN_SHIFT : order_base_2(size);
	return shift - L4MM_TABLE_MIN_SHIFT;
}

void *l4mm_env_table_alloc(size_t size)
{
	int idx;
	void *p;

	if (WARN_ON_ONCE(!size || !is_power_of_2(size)))
		return NULL;
	if (l4mm_fault_alloc())
		return NULL;
	idx = l4mm_table_index(size);
	if (idx >= 0)
		p = kmem_cache_zalloc(l4mm_table_cache[idx],
				      GFP_KERNEL_ACCOUNT);
	else
		p = (void *)__get_free_pages(GFP_KERNEL_ACCOUNT | __GFP_ZERO,
					     get_order(size));
	if (!p)
		return NULL;
	/* The core relies on it; a violation is a bug of this file. */
	WARN_ON_ONCE(!IS_ALIGNED((unsigned long)p, size));
	atomic_long_inc(&l4mm_live_tables);
	return p;
}

void l4mm_env_table_free(void *p, size_t size)
{
	int idx;

	if (!p)
		return;
	atomic_long_dec(&l4mm_live_tables);
	idx = l4mm_table_index(size);
	if (idx >= 0)
		kmem_cache_free(l4mm_table_cache[idx], p);
	else
		free_pages((unsigned long)p, get_order(size));
}

/**
 * l4mm_env_live() - the live-object counters, for debugfs l4mm/live
 * @allocs: l4mm_env_zalloc() blocks
 * @nodes: MDB nodes
 * @tables: page tables
 */
void l4mm_env_live(long *allocs, long *nodes, long *tables)
{
	*allocs = atomic_long_read(&l4mm_live_allocs);
	*nodes = atomic_long_read(&l4mm_live_nodes);
	*tables = atomic_long_read(&l4mm_live_tables);
}

/*
 * The core calls this every L4MM_CORE_RESCHED_EVERY node steps of a long
 * loop (revoking a huge subtree, destroying a space, filling sigma0); the
 * callers hold at most the netns mutex, never a spinlock.
 */
void l4mm_env_cond_resched(void)
{
	cond_resched();
}

/*
 * What an allocation really takes: its kmalloc size class (or pages, if
 * kvzalloc fell back to vmalloc), its cache's object size, its block of
 * pages.  The same answer at allocation and at free.
 */
size_t l4mm_env_real_size(enum l4mm_env_kind kind, const void *p,
			  size_t size)
{
	int idx;

	switch (kind) {
	case L4MM_ENV_ZALLOC:
		return is_vmalloc_addr(p) ? PAGE_ALIGN(size) : ksize(p);
	case L4MM_ENV_TABLE:
		idx = l4mm_table_index(size);
		return idx >= 0 ? kmem_cache_size(l4mm_table_cache[idx]) :
				  PAGE_SIZE << get_order(size);
	default:
		return kmem_cache_size(l4mm_node_cache);
	}
}

/* A state's owner: no budget beyond the state's own limits yet. */
int l4mm_env_charge(void *owner, s64 bytes)
{
	return 0;
}

/* Work that may stop does so when its requester is being killed. */
bool l4mm_env_fatal_signal(void)
{
	return fatal_signal_pending(current);
}

/* The pointers are __ro_after_init: destroy, never clear (NULL is fine). */
static void l4mm_env_destroy_caches(void)
{
	int i;

	for (i = 0; i < L4MM_TABLE_CACHES; i++)
		kmem_cache_destroy(l4mm_table_cache[i]);
	kmem_cache_destroy(l4mm_node_cache);
}

/**
 * l4mm_env_init() - create the caches the core allocates from
 *
 * Context: module init, process context.
 * Return: 0, or -ENOMEM with nothing left allocated.
 */
int l4mm_env_init(void)
{
	unsigned int size;
	char name[32];
	int i;

	l4mm_node_cache = kmem_cache_create("l4mm_node", L4MM_CORE_NODE_SIZE,
					    0, SLAB_ACCOUNT, NULL);
	if (!l4mm_node_cache)
		return -ENOMEM;

	for (i = 0; i < L4MM_TABLE_CACHES; i++) {
		size = 1U << (i + L4MM_TABLE_MIN_SHIFT);
		/* kmem_cache_create() keeps its own copy of the name. */
		snprintf(name, sizeof(name), "l4mm_table_%u", size);
		l4mm_table_cache[i] = kmem_cache_create(name, size, size,
							SLAB_ACCOUNT, NULL);
		if (!l4mm_table_cache[i])
			goto err_destroy_caches;
	}
	return 0;

err_destroy_caches:
	l4mm_env_destroy_caches();
	return -ENOMEM;
}

/**
 * l4mm_env_exit() - destroy the caches and report leaks
 *
 * Context: module exit, after every state has been destroyed.
 */
void l4mm_env_exit(void)
{
	long allocs = atomic_long_read(&l4mm_live_allocs);
	long nodes = atomic_long_read(&l4mm_live_nodes);
	long tables = atomic_long_read(&l4mm_live_tables);

	l4mm_env_destroy_caches();
	WARN(allocs || nodes || tables,
	     "l4mm: leaked %ld allocations, %ld nodes, %ld tables\n",
	     allocs, nodes, tables);
}
