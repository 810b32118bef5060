// SPDX-License-Identifier: GPL-2.0
/*
 * l4mm_env_* for the native benchmark.  The unit tests' shim (shim/
 * env.c) counts and injects faults on every allocation and poisons nodes;
 * a benchmark wants what the kernel gives the core instead: MDB nodes
 * from a dedicated cache (here a free list refilled a page at a time,
 * like a slab), zeroed as kmem_cache_zalloc does, and tables aligned to
 * their size.  Byte counters stay, for the memory figures.
 */
#include <malloc.h>
#include <stdlib.h>

#include "l4mm_core.h"
#include "native.h"

#define SLAB_BYTES	4096

unsigned long l4mm_shim_warnings;
struct l4mm_shim_counters l4mm_shim_live;
struct bench_env_counters bench_env;

void l4mm_shim_warn(const char *file, int line, const char *cond)
{
	l4mm_shim_warnings++;
	fprintf(stderr, "WARNING: %s:%d: %s\n", file, line, cond);
}

/* Free nodes, linked through their first word. */
static void *node_free_list;

void *l4mm_env_zalloc(size_t size)
{
	void *p = calloc(1, size);

	if (p)
		bench_env.zalloc++;
	return p;
}

void l4mm_env_free(void *p)
{
	if (!p)
		return;
	bench_env.zalloc--;
	free(p);
}

void *l4mm_env_table_alloc(size_t size)
{
	void *p = aligned_alloc(size, size);

	if (!p)
		return NULL;
	memset(p, 0, size);
	bench_env.tables++;
	return p;
}

void l4mm_env_table_free(void *p, size_t size __always_unused)
{
	if (!p)
		return;
	bench_env.tables--;
	free(p);
}

/* Carve a new slab into nodes; slabs are never returned, as in a cache. */
static bool node_refill(void)
{
	size_t size = L4MM_CORE_NODE_SIZE, i, n = SLAB_BYTES / size;
	char *slab = aligned_alloc(SLAB_BYTES, SLAB_BYTES);

	if (!slab)
		return false;
	bench_env.node_slabs++;
	for (i = 0; i < n; i++) {
		*(void **)(slab + i * size) = node_free_list;
		node_free_list = slab + i * size;
	}
	return true;
}

void *l4mm_env_node_alloc(void)
{
	void *p;

	if (!node_free_list && !node_refill())
		return NULL;
	p = node_free_list;
	node_free_list = *(void **)p;
	memset(p, 0, L4MM_CORE_NODE_SIZE);
	bench_env.nodes++;
	return p;
}

void l4mm_env_node_free(void *p)
{
	if (!p)
		return;
	bench_env.nodes--;
	*(void **)p = node_free_list;
	node_free_list = p;
}

/* Tables live at their virtual addresses here: an identity "phys". */
u32 l4mm_env_table_phys(const void *hw)
{
	return (u32)(unsigned long)hw;
}

/* No hardware walker shares these tables: nothing to make visible. */
void l4mm_env_table_sync(const void *p __always_unused,
			 size_t len __always_unused)
{
}

/* No scheduler to yield to in a single-threaded benchmark. */
void l4mm_env_cond_resched(void)
{
}

/* Nobody kills a benchmark. */
bool l4mm_env_fatal_signal(void)
{
	return false;
}

/* What libc gave (zalloc); tables and nodes are exact here. */
size_t l4mm_env_real_size(enum l4mm_env_kind kind, const void *p,
			  size_t size)
{
	return kind == L4MM_ENV_ZALLOC ? malloc_usable_size((void *)p) : size;
}

/* The benchmark's states have no owner. */
int l4mm_env_charge(void *owner __always_unused, s64 bytes __always_unused)
{
	return 0;
}
