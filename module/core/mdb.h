/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Mapping database: one node per mapped page, the trees of the paper's
 * "Virtual n v" edges kept as pre-order lists with depths (mdb.c has the
 * invariants and a worked example).
 */
#ifndef _L4MM_MDB_H
#define _L4MM_MDB_H

#include "l4mm_core.h"

struct l4mm_state;

/*
 * Key layout, low to high: vpn (20 bits), space id (16 bits), status
 * bits (3 bits: referenced 4, written 2, executed 1, docs/extensions.md
 * section 3), the planner's mark (1 bit, only set inside one operation's
 * preparation, plan.c) and the depth (24 bits).  The depth field bounds
 * the length of a derivation chain: a map that would create a node
 * deeper than L4MM_MDB_DEPTH_MAX fails with -EMLINK.
 */
#define L4MM_MDB_VPN_BITS	20
#define L4MM_MDB_ID_BITS	16
#define L4MM_MDB_STATUS_BITS	3
#define L4MM_MDB_DEPTH_BITS	24
#define L4MM_MDB_ID_SHIFT	L4MM_MDB_VPN_BITS
#define L4MM_MDB_STATUS_SHIFT	(L4MM_MDB_VPN_BITS + L4MM_MDB_ID_BITS)
#define L4MM_MDB_MARK_SHIFT	(L4MM_MDB_STATUS_SHIFT + L4MM_MDB_STATUS_BITS)
#define L4MM_MDB_DEPTH_SHIFT	(L4MM_MDB_MARK_SHIFT + 1)
#define L4MM_MDB_VPN_MASK	((1ULL << L4MM_MDB_VPN_BITS) - 1)
#define L4MM_MDB_ID_MASK	((1ULL << L4MM_MDB_ID_BITS) - 1)
#define L4MM_MDB_STATUS_MASK	((1ULL << L4MM_MDB_STATUS_BITS) - 1)
#define L4MM_MDB_MARK		BIT_ULL(L4MM_MDB_MARK_SHIFT)
#define L4MM_MDB_DEPTH_MAX	((1U << L4MM_MDB_DEPTH_BITS) - 1)

/**
 * struct l4mm_mdb_node - one mapped page
 * @next: the next node of the tree's pre-order list, NULL at its end
 * @prev: the previous one, NULL for the root
 * @parent: the node this one derives from (Virtual parent), NULL for the
 *	root (Real frame); while the planner holds a mark on a node that
 *	heads a flushed run, a tagged index instead (plan.c)
 * @key: page, space, status bits, depth (see above)
 */
struct l4mm_mdb_node {
	struct l4mm_mdb_node *next;
	struct l4mm_mdb_node *prev;
	struct l4mm_mdb_node *parent;
	u64 key;
};

#ifdef __FRAMAC__
#include "proof/l4mm_spec.h"
#endif

/*@ requires \valid_read(n);
 @ assigns \nothing;
 @ ensures \result == mdb_vpn_of(n->key);
 @*/
static inline u32 l4mm_mdb_vpn(const struct l4mm_mdb_node *n)
{
	return (u32)(n->key & L4MM_MDB_VPN_MASK);
}

/*@ requires \valid_read(n);
 @ assigns \nothing;
 @ ensures \result == mdb_id_of(n->key);
 @*/
static inline u32 l4mm_mdb_id(const struct l4mm_mdb_node *n)
{
	return (u32)((n->key >> L4MM_MDB_ID_SHIFT) & L4MM_MDB_ID_MASK);
}

/*@ requires \valid_read(n);
 @ assigns \nothing;
 @ ensures \result == mdb_depth(n);
 @ ensures \result <= L4MM_MDB_DEPTH_MAX;
 @*/
static inline u32 l4mm_mdb_depth(const struct l4mm_mdb_node *n)
{
	return (u32)(n->key >> L4MM_MDB_DEPTH_SHIFT);
}

/*@ requires \valid_read(n);
 @ assigns \nothing;
 @ ensures \result == mdb_status_of(n->key);
 @*/
static inline u32 l4mm_mdb_status(const struct l4mm_mdb_node *n)
{
	return (u32)((n->key >> L4MM_MDB_STATUS_SHIFT) & L4MM_MDB_STATUS_MASK);
}

/*@ requires \valid(n);
 @ assigns n->key;
 @*/
static inline void l4mm_mdb_set_status(struct l4mm_mdb_node *n, u32 bits)
{
	n->key |= ((u64)bits & L4MM_MDB_STATUS_MASK) << L4MM_MDB_STATUS_SHIFT;
}

/*@ requires \valid(n);
 @ assigns n->key;
 @*/
static inline void l4mm_mdb_clear_status(struct l4mm_mdb_node *n)
{
	n->key &= ~(L4MM_MDB_STATUS_MASK << L4MM_MDB_STATUS_SHIFT);
}

/* A key with clear status bits and no mark: every new mapping's. */
/*@ requires depth <= L4MM_MDB_DEPTH_MAX;
 @ assigns \nothing;
 @ ensures \result == mdb_key_of(depth, id, vpn);
 @ ensures mdb_depth_of(\result) == depth;
 @ ensures mdb_id_of(\result) == (id & L4MM_MDB_ID_MASK);
 @ ensures mdb_vpn_of(\result) == (vpn & L4MM_MDB_VPN_MASK);
 @ ensures mdb_status_of(\result) == 0;
 @ ensures (\result & L4MM_MDB_MARK) == 0;
 @*/
static inline u64 l4mm_mdb_key(u32 depth, u32 id, u32 vpn)
{
	return ((u64)depth << L4MM_MDB_DEPTH_SHIFT) |
	       (((u64)id & L4MM_MDB_ID_MASK) << L4MM_MDB_ID_SHIFT) |
	       ((u64)vpn & L4MM_MDB_VPN_MASK);
}

/* The page address of the node: vpn << 12. */
/*@ requires \valid_read(n);
 @ assigns \nothing;
 @*/
static inline u32 l4mm_mdb_va(const struct l4mm_mdb_node *n)
{
	return l4mm_mdb_vpn(n) << L4MM_CORE_PAGE_SHIFT;
}

/*@ requires \valid_read(n);
 @ assigns \nothing;
 @ ensures \result == n->parent;
 @*/
/**
 * l4mm_mdb_parent() - the node @n derives from
 * @n: the node
 *
 * O(1): every node keeps its parent (mdb.c, invariant 3).
 *
 * Return: the parent, or NULL if @n is a tree root (holds Real r).
 */
static inline struct l4mm_mdb_node *
l4mm_mdb_parent(const struct l4mm_mdb_node *n)
{
	return n->parent;
}

/* List primitives: nothing allocates, frees or fails. */
void l4mm_mdb_init_root(struct l4mm_mdb_node *n, u32 id, u32 vpn);
void l4mm_mdb_insert_child(struct l4mm_mdb_node *parent,
			   struct l4mm_mdb_node *n, u32 id, u32 vpn);
void l4mm_mdb_insert_before(struct l4mm_mdb_node *x,
			    struct l4mm_mdb_node *n, u32 id, u32 vpn);
void l4mm_mdb_move(struct l4mm_mdb_node *n, u32 id, u32 vpn);
bool l4mm_mdb_in_subtree(const struct l4mm_mdb_node *top,
			 const struct l4mm_mdb_node *n);
struct l4mm_mdb_node *l4mm_mdb_run_end(const struct l4mm_mdb_node *x);

/* Operations on nodes and their mappings (the leaf of each node). */
u32 l4mm_mdb_unmap_node(struct l4mm_state *st, struct l4mm_mdb_node *x);
u32 l4mm_mdb_flush_node(struct l4mm_state *st, struct l4mm_mdb_node *x);
bool l4mm_mdb_narrow(struct l4mm_state *st, struct l4mm_mdb_node *n,
		     u8 revoke);
void l4mm_mdb_narrow_subtree(struct l4mm_state *st, struct l4mm_mdb_node *x,
			     u8 keep);

#endif /* _L4MM_MDB_H */
