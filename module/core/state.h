/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The core's internal view of a state and its spaces, for the core's own
 * files only (the glue uses l4mm_core.h): the structures, the inline
 * page-to-node lookups every operation starts with, and the declarations
 * the core's files share.
 */
#ifndef _L4MM_STATE_H
#define _L4MM_STATE_H

#include "l4mm_core.h"
#include "mdb.h"
#include "mem.h"
#include "pgtable.h"

#define L4MM_NAME_HASH_SIZE	256
#define L4MM_SPACES_MIN_CAP	16

struct l4mm_space {
	char name[L4MM_CORE_NAME_MAX + 1];
	u32 id;
	struct l4mm_space *hash_next;
	struct l4mm_pt pt;		/* pages = pt.leaves, reserved included */
	struct l4mm_space_opts opts;	/* reserved regions (reserved.c) */
	u32 reserved;			/* reserved leaves: KIP + UTCB pages */
};

struct l4mm_state {
	struct l4mm_pt_ctx ctx;		/* format, table counters, reap */
	struct l4mm_mem mem;		/* allocations, limits, owner */
	struct l4mm_space **spaces;	/* indexed by id, spaces_cap slots */
	u32 spaces_cap;
	u32 nspaces;
	struct l4mm_space *hash[L4MM_NAME_HASH_SIZE];
	u64 generation;
	u64 mappings;			/* live MDB nodes */
	u64 ops;
	u32 sigma0_pages;
	u32 depth_max;			/* deepest node a map may create */
	u8 removed_status;		/* OR of the status of freed nodes */
	enum l4mm_grant_mode grant_mode;	/* PAPER or KEEP */
	u32 *utcb_map;			/* UTCB frames in use, lazily made */
	u32 utcb_used;			/* bits set in utcb_map */
	l4mm_event_fn observer;		/* l4mm_state_set_observer() */
	void *observer_arg;
};

/*
 * Reserved pages (KIP, UTCB) are leaves whose shadow object is one of
 * these sentinels instead of an MDB node (reserved.c).
 */
extern char l4mm_reserved_objs[3];

static inline enum l4mm_reserved_kind l4mm_reserved_kind_of(const void *obj)
{
	if (obj == &l4mm_reserved_objs[L4MM_RESERVED_KIP])
		return L4MM_RESERVED_KIP;
	if (obj == &l4mm_reserved_objs[L4MM_RESERVED_UTCB])
		return L4MM_RESERVED_UTCB;
	return L4MM_RESERVED_NONE;
}

static inline u8 l4mm_leaf_rights(const struct l4mm_pte_leaf *leaf)
{
	return (leaf->rd ? L4MM_CORE_R : 0) | (leaf->wr ? L4MM_CORE_W : 0) |
	       (leaf->ex ? L4MM_CORE_X : 0);
}

static inline struct l4mm_space *l4mm_space_by_id(const struct l4mm_state *st,
						  u32 id)
{
	return id < st->spaces_cap ? st->spaces[id] : NULL;
}

/**
 * l4mm_leaf_at() - the leaf that maps a page, and its shadow object
 * @sp: the space
 * @va: page address
 * @ref: receives the leaf entry, with the size of the hardware entry
 *	that maps it (@ref->shift)
 * @leaf: receives the leaf's fields (may be NULL)
 *
 * Inline: it is on the path of every operation.  One walk finds and
 * decodes the entry (l4mm_pt_lookup_leaf()); the size it learns lets
 * l4mm_pt_clear() and l4mm_pt_update() skip the search for a superpage
 * to demote.
 *
 * Return: the shadow object of the leaf (an MDB node, or a reserved
 * sentinel, see l4mm_reserved_kind_of()), or NULL if @va is not mapped.
 */
static inline void *l4mm_leaf_at(const struct l4mm_space *sp, u32 va,
				 struct l4mm_pte_ref *ref,
				 struct l4mm_pte_leaf *leaf)
{
	if (l4mm_pt_lookup_leaf(&sp->pt, va, ref, leaf) != L4MM_PTE_LEAF)
		return NULL;
	return l4mm_pt_obj(ref);
}

/**
 * l4mm_node_at() - the MDB node of a mapped page
 * @sp: the space
 * @va: page address
 * @ref: receives the leaf entry (may be NULL)
 * @leaf: receives the leaf's fields (may be NULL)
 *
 * Return: the node, or NULL if @va is not mapped in @sp or is a reserved
 * page (which has no node).
 */
static inline struct l4mm_mdb_node *l4mm_node_at(const struct l4mm_space *sp,
						 u32 va,
						 struct l4mm_pte_ref *ref,
						 struct l4mm_pte_leaf *leaf)
{
	struct l4mm_pte_ref r;
	void *obj;

	/* Just the node: the plain walk, nothing decoded. */
	if (!ref && !leaf)
		obj = l4mm_pt_lookup(&sp->pt, va, &r) == L4MM_PTE_LEAF ?
		      l4mm_pt_obj(&r) : NULL;
	else
		obj = l4mm_leaf_at(sp, va, ref ? ref : &r, leaf);
	return l4mm_reserved_kind_of(obj) ? NULL : obj;
}

/* ops.c */
void l4mm_op_end(struct l4mm_state *st, bool changed);

/* space.c */
void l4mm_space_free_all(struct l4mm_state *st,
			 void (*leaf_fn)(void *obj, void *arg));

/*
 * One flexpage map or grant: page i of [src_va, +pages) goes to page i
 * of [dst_va, +pages) (fpage.c places the regions), with what the page
 * steps may need allocated up front.
 */
struct l4mm_xfer {
	struct l4mm_space *src, *dst;
	u32 src_va, dst_va;
	u32 pages;
	u8 rights;			/* mask, contains L4MM_CORE_R */
	bool uncached;
	bool grant, keep;		/* keep: grant in keep-subtree mode */
	struct l4mm_mdb_node *pool;	/* free nodes, through ->next */
	u32 pooled;			/* nodes in the pool */
	struct l4mm_pt_prealloc one;	/* tables when nslots == 1 */
	struct l4mm_pt_prealloc *slots;	/* else one per top-level slot */
	u32 nslots;
	u8 slot_shift;
	u32 removed, installed;
};

/* fpage.c */
bool l4mm_fpage_valid(u32 va, u8 order);
int l4mm_xfer_setup(const struct l4mm_state *st,
		    const struct l4mm_map_args *a, bool grant,
		    struct l4mm_xfer *x);
int l4mm_xfer_alloc(struct l4mm_state *st, struct l4mm_xfer *x, u32 dva);
void l4mm_xfer_release(struct l4mm_state *st, struct l4mm_xfer *x);

/*
 * The two below are on the path of every page step that installs, and
 * inline for it.
 */

/**
 * l4mm_xfer_pa() - the preallocation for the slot of a destination page
 * @x: the transfer
 * @dva: a page of the destination region
 *
 * Return: the preallocation to use for @dva.
 */
static inline struct l4mm_pt_prealloc *l4mm_xfer_pa(struct l4mm_xfer *x,
						    u32 dva)
{
	if (x->nslots == 1)
		return &x->one;
	return &x->slots[(dva - x->dst_va) >> x->slot_shift];
}

/**
 * l4mm_xfer_take() - a node of the pool
 * @x: the transfer
 *
 * Return: a node, or NULL (a bug: the pool was sized for every install).
 */
static inline struct l4mm_mdb_node *l4mm_xfer_take(struct l4mm_xfer *x)
{
	struct l4mm_mdb_node *n = x->pool;

	if (!WARN_ON_ONCE(!n)) {
		x->pool = n->next;
		x->pooled--;
	}
	return n;
}

/* plan.c */
int l4mm_xfer_plan(struct l4mm_state *st, struct l4mm_xfer *x);

/* reserved.c */
bool l4mm_reserved_overlaps(const struct l4mm_space *sp, u32 va, u64 size);
int l4mm_reserved_fill(struct l4mm_state *st, struct l4mm_space *sp);
void l4mm_reserved_release(struct l4mm_state *st, struct l4mm_space *sp);
bool l4mm_utcb_frame_used(const struct l4mm_state *st, u32 frame);
void l4mm_reserved_fini(struct l4mm_state *st);

/* check_report.c: describe a violation in @buf (if any), -EUCLEAN. */
__printf(3, 4) int l4mm_check_fail(char *buf, size_t len, const char *fmt,
				   ...);
/* check.c, check_refine.c, check_super.c */
int l4mm_check_space_tables(const struct l4mm_state *st,
			    const struct l4mm_space *sp, char *buf, size_t len);
int l4mm_check_refinement(const struct l4mm_state *st, char *buf, size_t len);
int l4mm_check_space_steps(const struct l4mm_state *st,
			   const struct l4mm_space *sp, char *buf, size_t len);
int l4mm_check_super(const struct l4mm_state *st, const struct l4mm_space *sp,
		     const struct l4mm_pt_table *t, u32 i, u32 va, char *buf,
		     size_t len);

/*
 * One step of a long loop: yield every L4MM_CORE_RESCHED_EVERY steps.
 * Used where the loop runs to its end (a change in progress).
 */
static inline void l4mm_state_tick(struct l4mm_state *st)
{
	l4mm_pt_tick(&st->ctx);
}

/* @cost steps at once (see l4mm_pt_tick_n()). */
static inline void l4mm_state_tick_n(struct l4mm_state *st, u32 cost)
{
	l4mm_pt_tick_n(&st->ctx, cost);
}

/*
 * The same for a loop that may stop (nothing changed yet, or read-only):
 * at each yield point, -EINTR if the requester is being killed.
 */
static inline int l4mm_state_tick_intr(struct l4mm_state *st)
{
	return l4mm_pt_tick(&st->ctx) && l4mm_env_fatal_signal() ? -EINTR : 0;
}

/* The checkers' yield points: const states, a counter of their own. */
static inline int l4mm_check_tick(u32 *tick)
{
	if (++*tick < L4MM_CORE_RESCHED_EVERY)
		return 0;
	*tick = 0;
	l4mm_env_cond_resched();
	return l4mm_env_fatal_signal() ? -EINTR : 0;
}

#ifdef L4MM_TEST
/*
 * Test hook: lower the depth limit (default L4MM_MDB_DEPTH_MAX) so that
 * -EMLINK can be exercised without 2^24 mappings.
 */
void l4mm_state_set_depth_max(struct l4mm_state *st, u32 depth_max);
#endif

#endif /* _L4MM_STATE_H */
