/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Internal view of a state and its spaces, shared by space.c (lifetime,
 * names, ids), ops.c (map/grant/unmap/flush/lookup) and check.c.
 */
#ifndef _L4MM_STATE_H
#define _L4MM_STATE_H

#include "l4mm_core.h"
#include "mdb.h"
#include "pgtable.h"

#define L4MM_NAME_HASH_SIZE	256
#define L4MM_SPACES_MIN_CAP	16

struct l4mm_space {
	char name[L4MM_CORE_NAME_MAX + 1];
	u32 id;
	struct l4mm_space *hash_next;
	struct l4mm_pt pt;		/* pages = pt.leaves */
};

struct l4mm_state {
	struct l4mm_pt_ctx ctx;		/* format, table counters, reap */
	struct l4mm_space **spaces;	/* indexed by id, spaces_cap slots */
	u32 spaces_cap;
	u32 nspaces;
	struct l4mm_space *hash[L4MM_NAME_HASH_SIZE];
	u64 generation;
	u64 mappings;			/* live MDB nodes */
	u64 ops;
	u32 sigma0_pages;
	u32 depth_max;			/* deepest node a map may create */
	u32 resched_tick;		/* node steps since the last yield */
};

static inline struct l4mm_space *l4mm_space_by_id(const struct l4mm_state *st,
						  u32 id)
{
	return id < st->spaces_cap ? st->spaces[id] : NULL;
}

/* ops.c */
struct l4mm_mdb_node *l4mm_node_at(const struct l4mm_space *sp, u32 va,
				   struct l4mm_pte_ref *ref,
				   struct l4mm_pte_leaf *leaf);
u32 l4mm_mdb_unmap_node(struct l4mm_state *st, struct l4mm_mdb_node *x);
u32 l4mm_mdb_flush_node(struct l4mm_state *st, struct l4mm_mdb_node *x);
void l4mm_op_end(struct l4mm_state *st, bool changed);

/* check.c, check_abs.c */
int l4mm_check_space_tables(const struct l4mm_state *st,
			    const struct l4mm_space *sp, char *buf, size_t len);
int l4mm_check_refinement(const struct l4mm_state *st, char *buf, size_t len);
/* check_super.c: the superpage invariants of leaf entry @i of @t. */
int l4mm_check_super(const struct l4mm_state *st, const struct l4mm_space *sp,
		     const struct l4mm_pt_table *t, u32 i, u32 va, char *buf,
		     size_t len);

/* One step of a long loop: yield every L4MM_CORE_RESCHED_EVERY steps. */
static inline void l4mm_state_tick(struct l4mm_state *st)
{
	if (++st->resched_tick >= L4MM_CORE_RESCHED_EVERY) {
		st->resched_tick = 0;
		l4mm_env_cond_resched();
	}
}

/*
 * Test hook: lower the depth limit (default L4MM_MDB_DEPTH_MAX) so that
 * -EMLINK can be exercised without 2^28 mappings.
 */
void l4mm_state_set_depth_max(struct l4mm_state *st, u32 depth_max);

#endif /* _L4MM_STATE_H */
