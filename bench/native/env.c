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
#include <time.h>

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

struct bench_yield_clock bench_yields;

u64 bench_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (u64)ts.tv_sec * 1000000000ULL + (u64)ts.tv_nsec;
}

/*
 * Stretches are measured in the thread's CPU time: the work done without
 * offering to yield, whatever else the (shared, noisy) machine does.
 */
static u64 cpu_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (u64)ts.tv_sec * 1000000000ULL + (u64)ts.tv_nsec;
}

static void yield_mark(void)
{
	u64 now = cpu_ns();

	if (bench_yields.nstretch == bench_yields.cap) {
		bench_yields.cap = bench_yields.cap ? 2 * bench_yields.cap :
				   4096;
		bench_yields.stretch = realloc(bench_yields.stretch,
					       bench_yields.cap * sizeof(u64));
		if (!bench_yields.stretch)
			abort();
	}
	bench_yields.stretch[bench_yields.nstretch++] =
		now - bench_yields.last_ns;

	if (now - bench_yields.last_ns > bench_yields.max_ns)
		bench_yields.max_ns = now - bench_yields.last_ns;
	bench_yields.last_ns = now;
}

void bench_yield_arm(void)
{
	bench_yields.armed = true;
	bench_yields.max_ns = 0;
	bench_yields.yields = 0;
	bench_yields.nstretch = 0;
	bench_yields.last_ns = cpu_ns();
}

void bench_yield_disarm(void)
{
	yield_mark();
	bench_yields.armed = false;
}

static int cmp_u64(const void *a, const void *b)
{
	u64 x = *(const u64 *)a, y = *(const u64 *)b;

	return x < y ? -1 : x > y;
}

u64 bench_yield_quantile(u32 permille)
{
	u64 n = bench_yields.nstretch;

	if (!n)
		return 0;
	qsort(bench_yields.stretch, n, sizeof(u64), cmp_u64);
	return bench_yields.stretch[(n - 1) * permille / 1000];
}

/*
 * No scheduler to yield to in a single-threaded benchmark; the clock
 * measures how long the core went without offering to yield.
 */
void l4mm_env_cond_resched(void)
{
	if (!bench_yields.armed)
		return;
	bench_yields.yields++;
	yield_mark();
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
