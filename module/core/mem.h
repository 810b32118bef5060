/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The memory of one state: every allocation the core makes for a state
 * goes through here, is counted in the bytes the allocator really gave
 * (l4mm_env_real_size()), and is checked against the state's limits and
 * its owner's budget (l4mm_env_charge()) before it is kept.
 */
#ifndef _L4MM_MEM_H
#define _L4MM_MEM_H

#include "l4mm_core.h"

/*
 * Bytes are reserved from the owner's budget in chunks, so that the
 * environment is asked once per this many bytes of growth, not once per
 * node: a netns holds at most two chunks more than it uses.
 */
#define L4MM_MEM_CHUNK		(64U * 1024)

/*
 * The fast path of node allocation may take this many nodes without
 * recounting (small enough that bytes-to-nodes needs no 64-bit division).
 */
#define L4MM_MEM_ROOM_MAX	BIT(20)

/**
 * struct l4mm_mem - what a state's allocations cost, and its limits
 * @owner: passed to l4mm_env_charge(); NULL: no budget beyond @lim
 * @lim: the state's own limits (0: none)
 * @other_bytes: bytes held now other than MDB nodes, as the allocator
 *	counts them (the nodes' are l4mm_mem_node_bytes())
 * @table_bytes: of which page tables (hardware, shadow, header)
 * @node_room: nodes that may be allocated before any limit or the
 *	owner's reserve could refuse one (at most L4MM_MEM_ROOM_MAX when
 *	counted); a node allocated or freed moves every limit's room by
 *	exactly one node, so the fast path counts it down and up, and
 *	everything else recounts it (room_update() in mem.c)
 * @node_base: @node_room plus the MDB nodes allocated (live mappings and
 *	those an operation holds in its pool), see l4mm_mem_nodes()
 * @refund_left: node frees until the owner holds more than two chunks
 *	beyond what the state uses and is given chunks back, as any other
 *	free does (without an owner, too many to reach)
 * @charged: bytes reserved from the owner's budget
 * @node_real: what one MDB node really takes (asked once)
 * @hit: the limit that refused the last refused allocation
 *
 * Nodes are counted in two counters moved by one, not in bytes, so that
 * allocating or freeing one (every map, grant and unmap) costs two
 * increments or decrements and one test: the check against every limit
 * is the byte-exact one of the other allocations, done once per change
 * of anything else or once per L4MM_MEM_ROOM_MAX nodes.
 */
struct l4mm_mem {
	void *owner;
	struct l4mm_limits lim;
	u64 other_bytes;
	u64 table_bytes;
	u64 node_room;
	u64 node_base;
	u64 refund_left;
	u64 charged;
	size_t node_real;
	enum l4mm_limit_kind hit;
};

/* MDB nodes allocated: live mappings and those in operations' pools. */
static inline u64 l4mm_mem_nodes(const struct l4mm_mem *m)
{
	return m->node_base - m->node_room;
}

/* Bytes of MDB nodes, as the allocator counts them. */
static inline u64 l4mm_mem_node_bytes(const struct l4mm_mem *m)
{
	return l4mm_mem_nodes(m) * m->node_real;
}

/* Bytes held now, as the allocator counts them. */
static inline u64 l4mm_mem_bytes(const struct l4mm_mem *m)
{
	return m->other_bytes + l4mm_mem_node_bytes(m);
}

void l4mm_mem_init(struct l4mm_mem *m, void *owner,
		   const struct l4mm_limits *lim);
void l4mm_mem_set_limits(struct l4mm_mem *m, const struct l4mm_limits *lim);
void *l4mm_mem_zalloc(struct l4mm_mem *m, size_t size, u64 *sub, int *err);
void l4mm_mem_free(struct l4mm_mem *m, void *p, size_t size, u64 *sub);
void *l4mm_mem_table_alloc(struct l4mm_mem *m, size_t size, int *err);
void l4mm_mem_table_free(struct l4mm_mem *m, void *p, size_t size);
struct l4mm_mdb_node *l4mm_mem_node_alloc_slow(struct l4mm_mem *m, int *err);
void l4mm_mem_node_refund(struct l4mm_mem *m);
int l4mm_mem_adopt(struct l4mm_mem *m, void *p, size_t size);
void l4mm_mem_unadopt(struct l4mm_mem *m, void *p, size_t size);
void l4mm_mem_release(struct l4mm_mem *m);

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
static inline struct l4mm_mdb_node *
l4mm_mem_node_alloc(struct l4mm_mem *m, int *err)
{
	struct l4mm_mdb_node *n;

	if (unlikely(!m->node_room))
		return l4mm_mem_node_alloc_slow(m, err);
	n = l4mm_env_node_alloc();
	if (unlikely(!n)) {
		*err = -ENOMEM;
		return NULL;
	}
	m->node_room--;
	m->refund_left++;
	return n;
}

/**
 * l4mm_mem_node_free() - free a node of l4mm_mem_node_alloc()
 * @m: the state's memory
 * @n: the node, or NULL
 */
static inline void l4mm_mem_node_free(struct l4mm_mem *m,
				      struct l4mm_mdb_node *n)
{
	if (!n)
		return;
	m->node_room++;
	if (unlikely(!--m->refund_left))
		l4mm_mem_node_refund(m);
	l4mm_env_node_free(n);
}

#endif /* _L4MM_MEM_H */
