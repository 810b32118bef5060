// SPDX-License-Identifier: GPL-2.0
/*
 * Mapping database list primitives.  Nothing here allocates or frees: the
 * operations (ops.c) own node lifetime so that every allocation happens
 * before the first change.
 */
#include "mdb.h"

/**
 * l4mm_mdb_init_root() - make @n a one-node tree holding Real r
 * @n: the node
 * @id: space id of the page the node stands for
 * @vpn: virtual page number of that page
 */
void l4mm_mdb_init_root(struct l4mm_mdb_node *n, u32 id, u32 vpn)
{
	n->next = NULL;
	n->prev = NULL;
	n->key = l4mm_mdb_key(0, id, vpn);
}

/**
 * l4mm_mdb_insert_child() - insert @n as the first child of @parent
 * @parent: node the new one derives from (Virtual parent)
 * @n: the new node
 * @id: space id of the new page
 * @vpn: virtual page number of the new page
 *
 * The first child sits right after its parent in pre-order, so this is
 * O(1) whatever the size of the existing subtree.  The caller checked the
 * depth limit.
 */
void l4mm_mdb_insert_child(struct l4mm_mdb_node *parent,
			   struct l4mm_mdb_node *n, u32 id, u32 vpn)
{
	n->key = l4mm_mdb_key(l4mm_mdb_depth(parent) + 1, id, vpn);
	n->prev = parent;
	n->next = parent->next;
	if (n->next)
		n->next->prev = n;
	parent->next = n;
}

/**
 * l4mm_mdb_insert_before() - insert @n as the sibling just before @x
 * @x: node whose place (parent, depth) the new one takes
 * @n: the new node
 * @id: space id of the new page
 * @vpn: virtual page number of the new page
 *
 * Used by grant: the new node gets @x's parent and depth and precedes
 * @x's subtree, so flushing @x afterwards leaves it in place.
 */
void l4mm_mdb_insert_before(struct l4mm_mdb_node *x,
			    struct l4mm_mdb_node *n, u32 id, u32 vpn)
{
	n->key = l4mm_mdb_key(l4mm_mdb_depth(x), id, vpn);
	n->next = x;
	n->prev = x->prev;
	if (n->prev)
		n->prev->next = n;
	x->prev = n;
}

/**
 * l4mm_mdb_unlink() - remove one node (not its subtree) from its list
 * @n: the node; its subtree must have been removed already
 */
void l4mm_mdb_unlink(struct l4mm_mdb_node *n)
{
	if (n->prev)
		n->prev->next = n->next;
	if (n->next)
		n->next->prev = n->prev;
	n->next = NULL;
	n->prev = NULL;
}

/**
 * l4mm_mdb_move() - make @n stand for another page, in place
 * @n: the node; its list position, depth, status and subtree stay
 * @id: space id of the new page
 * @vpn: virtual page number of the new page
 *
 * Used by grant in keep-subtree mode: the node moves with everything
 * derived from it (docs/extensions.md section 6).
 */
void l4mm_mdb_move(struct l4mm_mdb_node *n, u32 id, u32 vpn)
{
	n->key = (n->key & ~(L4MM_MDB_ID_MASK << L4MM_MDB_ID_SHIFT |
			     L4MM_MDB_VPN_MASK)) |
		 (((u64)id & L4MM_MDB_ID_MASK) << L4MM_MDB_ID_SHIFT) |
		 ((u64)vpn & L4MM_MDB_VPN_MASK);
}

/**
 * l4mm_mdb_parent() - the node @n derives from
 * @n: the node
 *
 * Scans backwards for the first node with a smaller depth: O(number of
 * nodes between the parent and @n), i.e. the subtrees of @n's earlier
 * siblings.  Only lookup/dump information and grant need it.
 *
 * Return: the parent, or NULL if @n is a tree root (holds Real r).
 */
struct l4mm_mdb_node *l4mm_mdb_parent(const struct l4mm_mdb_node *n)
{
	u32 d = l4mm_mdb_depth(n);
	struct l4mm_mdb_node *p;

	if (!d)
		return NULL;
	for (p = n->prev; p; p = p->prev)
		if (l4mm_mdb_depth(p) < d)
			return p;
	return NULL;
}

/**
 * l4mm_mdb_in_subtree() - whether @n derives (transitively) from @top
 * @top: the candidate ancestor
 * @n: the candidate descendant
 *
 * O(size of @top's subtree).
 *
 * Return: true if @n is in @top's subtree and is not @top itself.
 */
bool l4mm_mdb_in_subtree(const struct l4mm_mdb_node *top,
			 const struct l4mm_mdb_node *n)
{
	u32 d = l4mm_mdb_depth(top);
	const struct l4mm_mdb_node *p;

	for (p = top->next; p && l4mm_mdb_depth(p) > d; p = p->next)
		if (p == n)
			return true;
	return false;
}
