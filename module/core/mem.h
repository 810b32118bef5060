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

/**
 * struct l4mm_mem - what a state's allocations cost, and its limits
 * @owner: passed to l4mm_env_charge(); NULL: no budget beyond @lim
 * @lim: the state's own limits (0: none)
 * @bytes: bytes held now, as the allocator counts them
 * @node_bytes: of which MDB nodes
 * @table_bytes: of which page tables (hardware, shadow, header)
 * @nodes: MDB nodes allocated: live mappings and those an operation holds
 *	in its pool
 * @charged: bytes reserved from the owner's budget
 * @node_real: what one MDB node really takes (asked once)
 * @hit: the limit that refused the last refused allocation
 */
struct l4mm_mem {
	void *owner;
	struct l4mm_limits lim;
	u64 bytes;
	u64 node_bytes;
	u64 table_bytes;
	u64 nodes;
	u64 charged;
	size_t node_real;
	enum l4mm_limit_kind hit;
};

void l4mm_mem_init(struct l4mm_mem *m, void *owner,
		   const struct l4mm_limits *lim);
void *l4mm_mem_zalloc(struct l4mm_mem *m, size_t size, u64 *sub, int *err);
void l4mm_mem_free(struct l4mm_mem *m, void *p, size_t size, u64 *sub);
void *l4mm_mem_table_alloc(struct l4mm_mem *m, size_t size, int *err);
void l4mm_mem_table_free(struct l4mm_mem *m, void *p, size_t size);
struct l4mm_mdb_node *l4mm_mem_node_alloc(struct l4mm_mem *m, int *err);
void l4mm_mem_node_free(struct l4mm_mem *m, struct l4mm_mdb_node *n);
int l4mm_mem_adopt(struct l4mm_mem *m, void *p, size_t size);
void l4mm_mem_unadopt(struct l4mm_mem *m, void *p, size_t size);
void l4mm_mem_release(struct l4mm_mem *m);

#endif /* _L4MM_MEM_H */
