// SPDX-License-Identifier: GPL-2.0
/*
 * The allocator: where the core's memory comes from in the kernel (the
 * l4mm_env_* memory hooks declared in core/l4mm_core.h).
 *
 *  - l4mm_env_zalloc/free: kvzalloc/kvfree (spaces, id tables, ...).
 *  - l4mm_env_node_alloc/free: the dedicated "l4mm_node" cache of
 *    L4MM_CORE_NODE_SIZE objects, one per mapped page (MDB node).
 *  - l4mm_env_table_alloc/free: hardware-format tables, zeroed and aligned
 *    to their size.  Sizes up to PAGE_SIZE come from one cache per power of
 *    two ("l4mm_table_<size>", created with align == size); larger ones are
 *    whole page blocks, which the buddy allocator aligns to their order.
 *  - l4mm_env_real_size: what each of those really takes, for the core's
 *    byte counts and limits.
 *
 * Every allocation is charged to the caller's memory cgroup
 * (GFP_KERNEL_ACCOUNT: a netns's spaces cost the memcg of whoever built
 * them) and goes past the test instrumentation of fault.c, which may fail
 * it on purpose and counts the live objects.
 */
#include <linux/gfp.h>
#include <linux/log2.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

#include "l4mm_core.h"
#include "alloc.h"
#include "fault.h"

/* Smallest table cache: 16 bytes; smaller tables are rounded up to it. */
#define L4MM_TABLE_MIN_SHIFT	4
#define L4MM_TABLE_CACHES	(PAGE_SHIFT - L4MM_TABLE_MIN_SHIFT + 1)

static struct kmem_cache *l4mm_node_cache __ro_after_init;
static struct kmem_cache *l4mm_table_cache[L4MM_TABLE_CACHES] __ro_after_init;

void *l4mm_env_zalloc(size_t size)
{
	void *p;

	if (l4mm_fault_alloc())
		return NULL;
	p = kvzalloc(size, GFP_KERNEL_ACCOUNT);
	if (p)
		l4mm_fault_live(L4MM_ENV_ZALLOC, 1);
	return p;
}

void l4mm_env_free(void *p)
{
	if (!p)
		return;
	l4mm_fault_live(L4MM_ENV_ZALLOC, -1);
	kvfree(p);
}

void *l4mm_env_node_alloc(void)
{
	void *p;

	if (l4mm_fault_alloc())
		return NULL;
	p = kmem_cache_zalloc(l4mm_node_cache, GFP_KERNEL_ACCOUNT);
	if (p)
		l4mm_fault_live(L4MM_ENV_NODE, 1);
	return p;
}

void l4mm_env_node_free(void *p)
{
	if (!p)
		return;
	l4mm_fault_live(L4MM_ENV_NODE, -1);
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
	l4mm_fault_live(L4MM_ENV_TABLE, 1);
	return p;
}

void l4mm_env_table_free(void *p, size_t size)
{
	int idx;

	if (!p)
		return;
	l4mm_fault_live(L4MM_ENV_TABLE, -1);
	idx = l4mm_table_index(size);
	if (idx >= 0)
		kmem_cache_free(l4mm_table_cache[idx], p);
	else
		free_pages((unsigned long)p, get_order(size));
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

/* The pointers are __ro_after_init: destroy, never clear (NULL is fine). */
static void l4mm_alloc_destroy_caches(void)
{
	int i;

	for (i = 0; i < L4MM_TABLE_CACHES; i++)
		kmem_cache_destroy(l4mm_table_cache[i]);
	kmem_cache_destroy(l4mm_node_cache);
}

/**
 * l4mm_alloc_init() - create the caches the core allocates from
 *
 * Context: module init, process context.
 * Return: 0, or -ENOMEM with nothing left allocated.
 */
int __init l4mm_alloc_init(void)
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
	l4mm_alloc_destroy_caches();
	return -ENOMEM;
}

/**
 * l4mm_alloc_exit() - destroy the caches
 *
 * The slab layer reports any object still allocated from them; the test
 * build also reports what its live counters say (fault.c).
 *
 * Context: module exit, after every state has been destroyed.
 */
void l4mm_alloc_exit(void)
{
	l4mm_alloc_destroy_caches();
	l4mm_fault_leak_check();
}
