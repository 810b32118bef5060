/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Mapping database: one node per mapped page.  The nodes that derive from
 * one Real frame form a tree, stored as a doubly linked list in pre-order
 * with an explicit depth per node (the Pistachio/Fiasco layout): the
 * subtree of X is the run of nodes after X whose depth exceeds X's.  Each
 * tree is its own NULL-terminated list whose head is the depth-0 node
 * holding Real r; there is no list header, so a node costs three words.
 *
 * The node does not store the frame: the page-table leaf does (copied at
 * map/grant time), so that lookup never walks the derivation chain.
 */
#ifndef _L4MM_MDB_H
#define _L4MM_MDB_H

#include "core_env.h"

/*
 * Key layout, low to high: vpn (20 bits), space id (16 bits), status
 * bits (3 bits: referenced 4, written 2, executed 1, docs/extensions.md
 * section 3), depth (25 bits).  Keeping the status in the key keeps the
 * node at three words.  The depth field bounds the length of a
 * derivation chain: a map that would create a node deeper than
 * L4MM_MDB_DEPTH_MAX fails with -EMLINK.
 */
#define L4MM_MDB_VPN_BITS	20
#define L4MM_MDB_ID_BITS	16
#define L4MM_MDB_STATUS_BITS	3
#define L4MM_MDB_DEPTH_BITS	25
#define L4MM_MDB_ID_SHIFT	L4MM_MDB_VPN_BITS
#define L4MM_MDB_STATUS_SHIFT	(L4MM_MDB_VPN_BITS + L4MM_MDB_ID_BITS)
#define L4MM_MDB_DEPTH_SHIFT	(L4MM_MDB_STATUS_SHIFT + L4MM_MDB_STATUS_BITS)
#define L4MM_MDB_VPN_MASK	((1ULL << L4MM_MDB_VPN_BITS) - 1)
#define L4MM_MDB_ID_MASK	((1ULL << L4MM_MDB_ID_BITS) - 1)
#define L4MM_MDB_STATUS_MASK	((1ULL << L4MM_MDB_STATUS_BITS) - 1)
#define L4MM_MDB_DEPTH_MAX	((1U << L4MM_MDB_DEPTH_BITS) - 1)

struct l4mm_mdb_node {
	struct l4mm_mdb_node *next;
	struct l4mm_mdb_node *prev;
	u64 key;
};

static inline u32 l4mm_mdb_vpn(const struct l4mm_mdb_node *n)
{
	return (u32)(n->key & L4MM_MDB_VPN_MASK);
}

static inline u32 l4mm_mdb_id(const struct l4mm_mdb_node *n)
{
	return (u32)((n->key >> L4MM_MDB_ID_SHIFT) & L4MM_MDB_ID_MASK);
}

static inline u32 l4mm_mdb_depth(const struct l4mm_mdb_node *n)
{
	return (u32)(n->key >> L4MM_MDB_DEPTH_SHIFT);
}

static inline u32 l4mm_mdb_status(const struct l4mm_mdb_node *n)
{
	return (u32)((n->key >> L4MM_MDB_STATUS_SHIFT) & L4MM_MDB_STATUS_MASK);
}

static inline void l4mm_mdb_set_status(struct l4mm_mdb_node *n, u32 bits)
{
	n->key |= ((u64)bits & L4MM_MDB_STATUS_MASK) << L4MM_MDB_STATUS_SHIFT;
}

static inline void l4mm_mdb_clear_status(struct l4mm_mdb_node *n)
{
	n->key &= ~(L4MM_MDB_STATUS_MASK << L4MM_MDB_STATUS_SHIFT);
}

/* A key with clear status bits: every new mapping starts that way. */
static inline u64 l4mm_mdb_key(u32 depth, u32 id, u32 vpn)
{
	return ((u64)depth << L4MM_MDB_DEPTH_SHIFT) |
	       (((u64)id & L4MM_MDB_ID_MASK) << L4MM_MDB_ID_SHIFT) |
	       ((u64)vpn & L4MM_MDB_VPN_MASK);
}

void l4mm_mdb_init_root(struct l4mm_mdb_node *n, u32 id, u32 vpn);
void l4mm_mdb_insert_child(struct l4mm_mdb_node *parent,
			   struct l4mm_mdb_node *n, u32 id, u32 vpn);
void l4mm_mdb_insert_before(struct l4mm_mdb_node *x,
			    struct l4mm_mdb_node *n, u32 id, u32 vpn);
void l4mm_mdb_unlink(struct l4mm_mdb_node *n);
void l4mm_mdb_move(struct l4mm_mdb_node *n, u32 id, u32 vpn);
struct l4mm_mdb_node *l4mm_mdb_parent(const struct l4mm_mdb_node *n);
bool l4mm_mdb_in_subtree(const struct l4mm_mdb_node *top,
			 const struct l4mm_mdb_node *n);

#endif /* _L4MM_MDB_H */
