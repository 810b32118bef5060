// SPDX-License-Identifier: GPL-2.0
/*
 * Userspace l4mm_env_*: libc allocation with fault injection,
 * live-allocation accounting, an owner budget for the charge hook, and a
 * fatal signal that tests can raise after N yield points.
 */
#include <stdlib.h>

#include "l4mm_core.h"

unsigned long l4mm_shim_warnings;
unsigned long l4mm_shim_fail_nth;
unsigned long l4mm_shim_alloc_attempts;
unsigned long l4mm_shim_alloc_failed;
struct l4mm_shim_counters l4mm_shim_live;

void l4mm_shim_warn(const char *file, int line, const char *cond)
{
	l4mm_shim_warnings++;
	fprintf(stderr, "WARNING: %s:%d: %s\n", file, line, cond);
}

static bool inject_failure(void)
{
	l4mm_shim_alloc_attempts++;
	if (l4mm_shim_fail_nth && !--l4mm_shim_fail_nth) {
		l4mm_shim_alloc_failed++;
		return true;
	}
	return false;
}

/* zalloc keeps its size in a header so that the byte count is exact. */
struct zhdr {
	size_t size;
	size_t pad;		/* keep 16-byte alignment of the payload */
};

void *l4mm_env_zalloc(size_t size)
{
	struct zhdr *h;

	if (inject_failure())
		return NULL;
	h = calloc(1, sizeof(*h) + size);
	if (!h)
		return NULL;
	h->size = size;
	l4mm_shim_live.zalloc++;
	l4mm_shim_live.zalloc_bytes += size;
	return h + 1;
}

void l4mm_env_free(void *p)
{
	struct zhdr *h;

	if (!p)
		return;
	h = (struct zhdr *)p - 1;
	l4mm_shim_live.zalloc--;
	l4mm_shim_live.zalloc_bytes -= h->size;
	free(h);
}

void *l4mm_env_table_alloc(size_t size)
{
	void *p;

	if (inject_failure())
		return NULL;
	p = aligned_alloc(size, size);
	if (!p)
		return NULL;
	memset(p, 0, size);
	l4mm_shim_live.table++;
	l4mm_shim_live.table_bytes += size;
	return p;
}

void l4mm_env_table_free(void *p, size_t size)
{
	if (!p)
		return;
	l4mm_shim_live.table--;
	l4mm_shim_live.table_bytes -= size;
	free(p);
}

void *l4mm_env_node_alloc(void)
{
	void *p;

	if (inject_failure())
		return NULL;
	p = malloc(L4MM_CORE_NODE_SIZE);
	if (!p)
		return NULL;
	/* Garbage, as from a kmem_cache: the core must initialise nodes. */
	memset(p, 0xa5, L4MM_CORE_NODE_SIZE);
	l4mm_shim_live.node++;
	return p;
}

void l4mm_env_node_free(void *p)
{
	if (!p)
		return;
	l4mm_shim_live.node--;
	free(p);
}

/* Tables live at their virtual addresses here: an identity "phys". */
u32 l4mm_env_table_phys(const void *hw)
{
	return (u32)(unsigned long)hw;
}

unsigned long l4mm_shim_table_syncs;

/* No walker to sync with; counted so tests can see every write synced. */
void l4mm_env_table_sync(const void *p, size_t len)
{
	(void)p;
	(void)len;
	l4mm_shim_table_syncs++;
}

/* Userspace has no scheduler to yield to; count the calls for tests. */
unsigned long l4mm_shim_resched_calls;
unsigned long l4mm_shim_kill_after;

void l4mm_env_cond_resched(void)
{
	l4mm_shim_resched_calls++;
	if (l4mm_shim_kill_after)
		l4mm_shim_kill_after--;
}

/* "Killed" once l4mm_shim_kill_after, armed, has counted down to 1. */
bool l4mm_shim_killed;

bool l4mm_env_fatal_signal(void)
{
	if (l4mm_shim_kill_after == 1)
		l4mm_shim_killed = true;
	return l4mm_shim_killed;
}

/*
 * What kmalloc would give: a power of two up to 8 KiB, whole pages above
 * (slab caches of one size: the size).  The zalloc header knows its size.
 */
size_t l4mm_env_real_size(enum l4mm_env_kind kind, const void *p,
			  size_t size)
{
	const struct zhdr *h;

	if (kind != L4MM_ENV_ZALLOC)
		return size;
	h = (const struct zhdr *)p - 1;
	/* The core must free with the size it allocated. */
	if (h->size != size)
		l4mm_shim_warn(__FILE__, __LINE__, "zalloc freed with a size");
	return shim_kmalloc_size(h->size);
}

/* An owner is a struct l4mm_shim_owner: a budget in bytes (0: none). */
int l4mm_env_charge(void *owner, s64 bytes)
{
	struct l4mm_shim_owner *o = owner;

	if (bytes > 0 && o->max && o->bytes + bytes > o->max) {
		o->refused++;
		return -EDQUOT;
	}
	o->bytes += bytes;
	o->calls++;
	return 0;
}
