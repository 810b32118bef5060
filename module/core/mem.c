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

/* The owner's share follows @total, at most two chunks ahead. */
static int owner_follow(struct l4mm_mem *m, u64 total)
{
	u64 want;
	int err;

	if (total > m->charged) {
		want = (total - m->charged + L4MM_MEM_CHUNK - 1) &
		       ~(u64)(L4MM_MEM_CHUNK - 1);
		err = l4mm_env_charge(m->owner, (s64)want);
		if (err)
			return err;
		m->charged += want;
	} else if (m->charged - total > 2 * L4MM_MEM_CHUNK) {
		want = (m->charged - total - L4MM_MEM_CHUNK) &
		       ~(u64)(L4MM_MEM_CHUNK - 1);
		l4mm_env_charge(m->owner, -(s64)want);
		m->charged -= want;
	}
	return 0;
}

/* How many nodes @bytes hold, at most L4MM_MEM_ROOM_MAX. */
static u64 bytes_to_nodes(const struct l4mm_mem *m, u64 bytes)
{
	if (bytes >= (u64)L4MM_MEM_ROOM_MAX * m->node_real)
		return L4MM_MEM_ROOM_MAX;
	return (u32)bytes / (u32)m->node_real;
}

/*
 * Recount the nodes the fast path may allocate: the least room of
 * max_mappings, max_bytes and the owner's reserve (each a node for a
 * node, as a per-node check counts them), and the frees after which the
 * owner must be given chunks back.  Called after every change but a
 * node's.
 */
static void room_update(struct l4mm_mem *m)
{
	u64 nodes = l4mm_mem_nodes(m), total = l4mm_mem_bytes(m);
	u64 room = L4MM_MEM_ROOM_MAX, r, slack;

	if (m->lim.max_mappings) {
		r = m->lim.max_mappings > nodes ?
		    m->lim.max_mappings - nodes : 0;
		if (r < room)
			room = r;
	}
	if (m->lim.max_bytes) {
		r = bytes_to_nodes(m, m->lim.max_bytes > total ?
				   m->lim.max_bytes - total : 0);
		if (r < room)
			room = r;
	}
	m->refund_left = 1ULL << 62;
	if (m->owner) {
		slack = m->charged > total ? m->charged - total : 0;
		r = bytes_to_nodes(m, slack);
		if (r < room)
			room = r;
		/* The first free that leaves more than two chunks refunds. */
		m->refund_left = 1;
		if (slack <= 2 * L4MM_MEM_CHUNK)
			m->refund_left += (u32)(2 * L4MM_MEM_CHUNK - slack) /
					  (u32)m->node_real;
	}
	m->node_room = room;
	m->node_base = nodes + room;
}

/*
 * Count @bytes more (a node if @node), or refuse them (nothing counted
 * then).  The owner is asked only when the state outgrows what it
 * charged already.
 */
static int charge(struct l4mm_mem *m, size_t bytes, u64 *sub, bool node)
{
	u64 total = l4mm_mem_bytes(m) + bytes;

	if (m->lim.max_bytes && total > m->lim.max_bytes) {
		m->hit = L4MM_LIMIT_BYTES;
		return -EDQUOT;
	}
	if (m->owner && total > m->charged && owner_follow(m, total)) {
		m->hit = L4MM_LIMIT_OWNER;
		return -EDQUOT;
	}
	if (node)
		m->node_room--;	/* one more node: room_update() recounts */
	else
		m->other_bytes += bytes;
	if (sub)
		*sub += bytes;
	room_update(m);
	return 0;
}

static void uncharge(struct l4mm_mem *m, size_t bytes, u64 *sub)
{
	u64 total;

	m->other_bytes -= bytes;
	if (sub)
		*sub -= bytes;
	total = l4mm_mem_bytes(m);
	if (m->owner && m->charged - total > 2 * L4MM_MEM_CHUNK)
		owner_follow(m, total);
	room_update(m);
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
	m->node_real = l4mm_env_real_size(L4MM_ENV_NODE, NULL,
					  L4MM_CORE_NODE_SIZE);
	l4mm_mem_set_limits(m, lim);
}

/**
 * l4mm_mem_set_limits() - the limits from now on
 * @m: the state's memory
 * @lim: the limits (0: none); what the state holds already stays
 */
void l4mm_mem_set_limits(struct l4mm_mem *m, const struct l4mm_limits *lim)
{
	m->lim = *lim;
	room_update(m);
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
	*err = charge(m, l4mm_env_real_size(L4MM_ENV_ZALLOC, p, size), sub,
		      false);
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
		      &m->table_bytes, false);
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
 * l4mm_mem_node_alloc_slow() - l4mm_mem_node_alloc() when its room is
 *	used up: the full check, which refuses or makes room again
 * @m: the state's memory
 * @err: receives -ENOSPC (max_mappings), -EDQUOT or -ENOMEM on failure
 *
 * Return: the node, or NULL.
 */
struct l4mm_mdb_node *l4mm_mem_node_alloc_slow(struct l4mm_mem *m, int *err)
{
	struct l4mm_mdb_node *n;

	if (m->lim.max_mappings &&
	    l4mm_mem_nodes(m) >= m->lim.max_mappings) {
		m->hit = L4MM_LIMIT_MAPPINGS;
		*err = -ENOSPC;
		return NULL;
	}
	n = l4mm_env_node_alloc();
	if (!n) {
		*err = -ENOMEM;
		return NULL;
	}
	*err = charge(m, m->node_real, NULL, true);
	if (*err) {
		l4mm_env_node_free(n);
		return NULL;
	}
	return n;
}

/**
 * l4mm_mem_node_refund() - l4mm_mem_node_free() when the owner holds more
 *	than two chunks beyond what the state uses: give them back
 * @m: the state's memory, the node already uncounted
 */
void l4mm_mem_node_refund(struct l4mm_mem *m)
{
	owner_follow(m, l4mm_mem_bytes(m));
	room_update(m);
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
	return charge(m, l4mm_env_real_size(L4MM_ENV_ZALLOC, p, size), NULL,
		      false);
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
	WARN_ON_ONCE(l4mm_mem_bytes(m));
	if (m->owner && m->charged)
		l4mm_env_charge(m->owner, -(s64)m->charged);
	m->charged = 0;
}
