// SPDX-License-Identifier: GPL-2.0
/*
 * The state's allocator: each allocation is made, measured in the bytes
 * the environment really gave for it (a kmalloc size class, a whole slab
 * object, a block of pages: l4mm_env_real_size()), and kept only if the
 * state's limits and its owner's budget allow it.  Otherwise it is freed
 * again and the caller sees -ENOSPC (a count limit) or -EDQUOT (bytes),
 * with l4mm_mem.hit naming the limit.  An allocation is measured before
 * it is checked because only then is its real size known; the excess is
 * one object for the time of one call.
 *
 * Frees never fail and give the bytes back; the owner's budget is
 * charged and refunded in chunks (L4MM_MEM_CHUNK).
 */
#include "mem.h"
#include "mdb.h"

/* The owner's share follows @m->bytes, at most two chunks ahead. */
static int owner_follow(struct l4mm_mem *m)
{
	u64 want;
	int err;

	if (m->bytes > m->charged) {
		want = (m->bytes - m->charged + L4MM_MEM_CHUNK - 1) &
		       ~(u64)(L4MM_MEM_CHUNK - 1);
		err = l4mm_env_charge(m->owner, (s64)want);
		if (err)
			return err;
		m->charged += want;
	} else if (m->charged - m->bytes > 2 * L4MM_MEM_CHUNK) {
		want = (m->charged - m->bytes - L4MM_MEM_CHUNK) &
		       ~(u64)(L4MM_MEM_CHUNK - 1);
		l4mm_env_charge(m->owner, -(s64)want);
		m->charged -= want;
	}
	return 0;
}

/*
 * Count @bytes more, or refuse them (nothing counted then).  The owner
 * is asked only when the state outgrows what it charged already.
 */
static __always_inline int charge(struct l4mm_mem *m, size_t bytes,
				  u64 *sub)
{
	if (m->lim.max_bytes && m->bytes + bytes > m->lim.max_bytes) {
		m->hit = L4MM_LIMIT_BYTES;
		return -EDQUOT;
	}
	m->bytes += bytes;
	if (m->owner && m->bytes > m->charged && owner_follow(m)) {
		m->bytes -= bytes;
		m->hit = L4MM_LIMIT_OWNER;
		return -EDQUOT;
	}
	if (sub)
		*sub += bytes;
	return 0;
}

static __always_inline void uncharge(struct l4mm_mem *m, size_t bytes,
				     u64 *sub)
{
	m->bytes -= bytes;
	if (sub)
		*sub -= bytes;
	if (m->owner && m->charged - m->bytes > 2 * L4MM_MEM_CHUNK)
		owner_follow(m);
}

/**
 * l4mm_mem_init() - set up the memory of a new state
 * @m: the state's memory, zeroed
 * @owner: for l4mm_env_charge(), or NULL
 * @lim: the state's limits
 */
void l4mm_mem_init(struct l4mm_mem *m, void *owner,
		   const struct l4mm_limits *lim)
{
	m->owner = owner;
	m->lim = *lim;
	m->node_real = l4mm_env_real_size(L4MM_ENV_NODE, NULL,
					  L4MM_CORE_NODE_SIZE);
}

/**
 * l4mm_mem_zalloc() - zeroed memory for the state
 * @m: the state's memory
 * @size: bytes wanted
 * @sub: a sub-counter of @m that the bytes belong to as well, or NULL
 * @err: receives -ENOMEM or -EDQUOT on failure
 *
 * Return: the memory, or NULL.
 */
void *l4mm_mem_zalloc(struct l4mm_mem *m, size_t size, u64 *sub, int *err)
{
	void *p = l4mm_env_zalloc(size);

	if (!p) {
		*err = -ENOMEM;
		return NULL;
	}
	*err = charge(m, l4mm_env_real_size(L4MM_ENV_ZALLOC, p, size), sub);
	if (*err) {
		l4mm_env_free(p);
		return NULL;
	}
	return p;
}

/**
 * l4mm_mem_free() - free what l4mm_mem_zalloc() gave
 * @m: the state's memory
 * @p: the memory, or NULL
 * @size: the size it was allocated with
 * @sub: the sub-counter it was allocated with
 */
void l4mm_mem_free(struct l4mm_mem *m, void *p, size_t size, u64 *sub)
{
	if (!p)
		return;
	uncharge(m, l4mm_env_real_size(L4MM_ENV_ZALLOC, p, size), sub);
	l4mm_env_free(p);
}

/**
 * l4mm_mem_table_alloc() - a zeroed, size-aligned table for the state
 * @m: the state's memory
 * @size: bytes, a power of two
 * @err: receives -ENOMEM or -EDQUOT on failure
 *
 * Counted in @m->table_bytes too.
 *
 * Return: the table, or NULL.
 */
void *l4mm_mem_table_alloc(struct l4mm_mem *m, size_t size, int *err)
{
	void *p = l4mm_env_table_alloc(size);

	if (!p) {
		*err = -ENOMEM;
		return NULL;
	}
	*err = charge(m, l4mm_env_real_size(L4MM_ENV_TABLE, p, size),
		      &m->table_bytes);
	if (*err) {
		l4mm_env_table_free(p, size);
		return NULL;
	}
	return p;
}

/**
 * l4mm_mem_table_free() - free what l4mm_mem_table_alloc() gave
 * @m: the state's memory
 * @p: the table, or NULL
 * @size: its size
 */
void l4mm_mem_table_free(struct l4mm_mem *m, void *p, size_t size)
{
	if (!p)
		return;
	uncharge(m, l4mm_env_real_size(L4MM_ENV_TABLE, p, size),
		 &m->table_bytes);
	l4mm_env_table_free(p, size);
}

/**
 * l4mm_mem_node_alloc() - an MDB node (uninitialised) for the state
 * @m: the state's memory
 * @err: receives -ENOSPC (max_mappings), -EDQUOT or -ENOMEM on failure
 *
 * Every node counts against max_mappings from its allocation on: a node
 * an operation holds in its pool is memory the state holds.
 *
 * Return: the node, or NULL.
 */
struct l4mm_mdb_node *l4mm_mem_node_alloc(struct l4mm_mem *m, int *err)
{
	struct l4mm_mdb_node *n;

	if (m->lim.max_mappings && m->nodes >= m->lim.max_mappings) {
		m->hit = L4MM_LIMIT_MAPPINGS;
		*err = -ENOSPC;
		return NULL;
	}
	n = l4mm_env_node_alloc();
	if (!n) {
		*err = -ENOMEM;
		return NULL;
	}
	*err = charge(m, m->node_real, &m->node_bytes);
	if (*err) {
		l4mm_env_node_free(n);
		return NULL;
	}
	m->nodes++;
	return n;
}

/**
 * l4mm_mem_node_free() - free a node of l4mm_mem_node_alloc()
 * @m: the state's memory
 * @n: the node, or NULL
 */
void l4mm_mem_node_free(struct l4mm_mem *m, struct l4mm_mdb_node *n)
{
	if (!n)
		return;
	m->nodes--;
	uncharge(m, m->node_real, &m->node_bytes);
	l4mm_env_node_free(n);
}

/**
 * l4mm_mem_adopt() - count an object the state got before its memory was
 *	set up (the state itself)
 * @m: the state's memory
 * @p: the object, from l4mm_env_zalloc()
 * @size: its size
 *
 * Return: 0 or -EDQUOT.
 */
int l4mm_mem_adopt(struct l4mm_mem *m, void *p, size_t size)
{
	return charge(m, l4mm_env_real_size(L4MM_ENV_ZALLOC, p, size), NULL);
}

/**
 * l4mm_mem_unadopt() - stop counting what l4mm_mem_adopt() counted
 * @m: the state's memory
 * @p: the object, still allocated
 * @size: its size
 */
void l4mm_mem_unadopt(struct l4mm_mem *m, void *p, size_t size)
{
	uncharge(m, l4mm_env_real_size(L4MM_ENV_ZALLOC, p, size), NULL);
}

/**
 * l4mm_mem_release() - give the owner back what is still charged
 * @m: the state's memory; everything has been freed
 */
void l4mm_mem_release(struct l4mm_mem *m)
{
	WARN_ON_ONCE(m->bytes);
	if (m->owner && m->charged)
		l4mm_env_charge(m->owner, -(s64)m->charged);
	m->charged = 0;
}
