// SPDX-License-Identifier: GPL-2.0
/*
 * The mapping database (MDB): every operation on the derivation trees.
 *
 * One node per mapped page (struct l4mm_mdb_node, mdb.h).  The nodes that
 * derive from one Real frame form a tree: the root holds Real r (sigma0's
 * page, or whoever was granted it), and a node's parent is the page it
 * was mapped from, the paper's entry "Virtual n v".  Each tree is stored
 * as a doubly linked list in pre-order with an explicit depth per node
 * (the layout of L4Ka::Pistachio's and Fiasco's mapping databases), and
 * every node also points at its parent:
 *
 *        sigma0:0x5000          (Real 0x5)          list, in pre-order:
 *         /           \
 *     A:0x1000      C:0x3000                     sigma0:0x5000  depth 0
 *      /     \                                   A:0x1000       depth 1
 *   B:0x2000  D:0x4000                           B:0x2000       depth 2
 *                                                D:0x4000       depth 2
 *                                                C:0x3000       depth 1
 *
 * Invariants (checked by l4mm_state_check(), check.c):
 *
 *   1. A list starts with its only depth-0 node, the holder of Real r,
 *      whose parent is NULL.
 *   2. Along the list, a node's depth is at most its predecessor's + 1.
 *   3. A node's parent is the nearest preceding node of smaller depth,
 *      and its depth is its parent's + 1.
 *   4. Every node's space has a leaf at the node's page that links back to
 *      it, and every leaf links to a node that names the leaf's space and
 *      page.
 *   5. All nodes of one list carry the same frame in their leaves.
 *
 * Why they give the costs of the operations: by 2 and 3 the subtree of X
 * is exactly the run of nodes after X whose depth exceeds X's (D and B
 * above are A's; C, at A's depth, ends the run).  So unmap walks that run
 * and stops at the first node that is not deeper: O(size of the removed
 * subtree), nothing else is looked at.  map puts the new node right after
 * its parent (the first child: depth + 1, O(1)); grant puts it right
 * before the granting node with the same depth and parent, then flushes
 * the granting node's run.  By 3 a node's source is one pointer away, so
 * lookup, dump and grant never scan siblings; the parent pointer costs 8
 * of the node's 32 bytes (on 64-bit) and needs no upkeep: a node's parent
 * never changes while the node lives (a removal takes whole subtrees; a
 * keep-subtree grant moves a node to another page, not to another
 * parent).  By 5 the frame is in every leaf, so lookup is one page-table
 * walk whatever the length of the chain.
 *
 * Nodes are allocated by the operations (ops.c, plan.c: before the first
 * change) and freed here, when their mapping goes.
 */
#include "state.h"

/*@ requires \valid(n);
 @ assigns *n;
 @ ensures n->next == \null && n->prev == \null && n->parent == \null;
 @ ensures mdb_depth(n) == 0 && mdb_status_of(n->key) == 0;
 @ ensures mdb_id_of(n->key) == (id & L4MM_MDB_ID_MASK);
 @ ensures mdb_vpn_of(n->key) == (vpn & L4MM_MDB_VPN_MASK);
 @*/
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
	n->parent = NULL;
	n->key = l4mm_mdb_key(0, id, vpn);
}

/*@ requires \valid(parent) && \valid(n) && \separated(parent, n);
 @ requires mdb_linked(parent) && mdb_step_ok(parent);
 @ requires parent->next != \null ==>
 @	\separated(parent->next, n) && \separated(parent->next, parent);
 @ requires mdb_depth(parent) < L4MM_MDB_DEPTH_MAX;
 @ ensures n->parent == parent && n->prev == parent && parent->next == n;
 @ ensures n->next == \old(parent->next);
 @ ensures parent->prev == \old(parent->prev);
 @ ensures mdb_depth(n) == \old(mdb_depth(parent)) + 1;
 @ ensures mdb_depth(parent) == \old(mdb_depth(parent));
 @ ensures mdb_id_of(n->key) == (id & L4MM_MDB_ID_MASK);
 @ ensures mdb_vpn_of(n->key) == (vpn & L4MM_MDB_VPN_MASK);
 @ ensures mdb_status_of(n->key) == 0;
 @ ensures mdb_linked(n) && mdb_step_ok(parent) && mdb_step_ok(n);
 @ // n is no shallower than its successor's old predecessor chain
 @ // allows: it becomes nobody's nearest shallower predecessor, so
 @ // invariant 3 holds for every other node unchanged.
 @ ensures n->next != \null ==> mdb_depth(n->next) <= mdb_depth(n);
 @ behavior last:
 @   assumes parent->next == \null;
 @   assigns n->key, n->parent, n->prev, n->next, parent->next;
 @ behavior middle:
 @   assumes parent->next != \null;
 @   assigns n->key, n->parent, n->prev, n->next, parent->next,
 @	parent->next->prev;
 @ complete behaviors;
 @ disjoint behaviors;
 @*/
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
	n->parent = parent;
	n->prev = parent;
	n->next = parent->next;
	if (n->next)
		n->next->prev = n;
	parent->next = n;
}

/*@ requires \valid(x) && \valid(n) && \separated(x, n);
 @ requires mdb_linked(x);
 @ requires x->prev != \null ==> \separated(x->prev, n) &&
 @	\separated(x->prev, x) && mdb_step_ok(x->prev);
 @ ensures n->next == x && x->prev == n && n->prev == \old(x->prev);
 @ ensures x->next == \old(x->next);
 @ ensures n->parent == x->parent;
 @ ensures mdb_depth(n) == mdb_depth(x) == \old(mdb_depth(x));
 @ ensures mdb_id_of(n->key) == (id & L4MM_MDB_ID_MASK);
 @ ensures mdb_vpn_of(n->key) == (vpn & L4MM_MDB_VPN_MASK);
 @ ensures mdb_status_of(n->key) == 0;
 @ ensures mdb_linked(n) && mdb_step_ok(n);
 @ ensures n->prev != \null ==> mdb_step_ok(n->prev);
 @ behavior first:
 @   assumes x->prev == \null;
 @   assigns n->key, n->parent, n->prev, n->next, x->prev;
 @ behavior middle:
 @   assumes x->prev != \null;
 @   assigns n->key, n->parent, n->prev, n->next, x->prev,
 @	x->prev->next;
 @ complete behaviors;
 @ disjoint behaviors;
 @*/
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
	n->parent = x->parent;
	n->next = x;
	n->prev = x->prev;
	if (n->prev)
		n->prev->next = n;
	x->prev = n;
}

/* Take one node (whose subtree is gone) out of its list. */
/*@ requires \valid(n) && mdb_linked(n);
 @ requires n->prev != n && n->next != n;
 @ requires n->prev != \null && n->next != \null ==>
 @	\separated(n->prev, n->next);
 @ ensures n->next == \null && n->prev == \null;
 @ ensures \old(n->prev) != \null ==> \old(n->prev)->next == \old(n->next);
 @ ensures \old(n->next) != \null ==> \old(n->next)->prev == \old(n->prev);
 @ behavior alone:
 @   assumes n->prev == \null && n->next == \null;
 @   assigns n->next, n->prev;
 @ behavior first:
 @   assumes n->prev == \null && n->next != \null;
 @   assigns n->next, n->prev, n->next->prev;
 @ behavior last:
 @   assumes n->prev != \null && n->next == \null;
 @   assigns n->next, n->prev, n->prev->next;
 @ behavior middle:
 @   assumes n->prev != \null && n->next != \null;
 @   assigns n->next, n->prev, n->prev->next, n->next->prev;
 @ complete behaviors;
 @ disjoint behaviors;
 @*/
static void mdb_unlink(struct l4mm_mdb_node *n)
{
	if (n->prev)
		n->prev->next = n->next;
	if (n->next)
		n->next->prev = n->prev;
	n->next = NULL;
	n->prev = NULL;
}

/*@ requires \valid(n);
 @ assigns n->key;
 @ ensures n->key == mdb_moved_key(\old(n->key), id, vpn);
 @ ensures (n->key & L4MM_MDB_MARK) == (\old(n->key) & L4MM_MDB_MARK);
 @ ensures mdb_depth(n) == \old(mdb_depth(n));
 @ ensures mdb_status_of(n->key) == mdb_status_of(\old(n->key));
 @ ensures mdb_id_of(n->key) == (id & L4MM_MDB_ID_MASK);
 @ ensures mdb_vpn_of(n->key) == (vpn & L4MM_MDB_VPN_MASK);
 @*/
/**
 * l4mm_mdb_move() - make @n stand for another page, in place
 * @n: the node; its list position, parent, depth, status and subtree stay
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

/*@ requires \valid(top) && mdb_valid_list(top->next);
 @ assigns \nothing;
 @ ensures \result ==> n != \null && mdb_depth(n) > mdb_depth(top);
 @*/
/**
 * l4mm_mdb_in_subtree() - whether @n derives (transitively) from @top
 * @top: the candidate ancestor
 * @n: the candidate descendant
 *
 * Walks @top's run: O(size of @top's subtree).  Its one caller, the
 * single-page map and grant, flushes that subtree right after, so the
 * walk costs what the operation removes anyway.
 *
 * Return: true if @n is in @top's subtree and is not @top itself.
 */
bool l4mm_mdb_in_subtree(const struct l4mm_mdb_node *top,
			 const struct l4mm_mdb_node *n)
{
	u32 d = l4mm_mdb_depth(top);
	const struct l4mm_mdb_node *p;

	/*@ loop invariant mdb_valid_list(p);
	 @ loop assigns p;
	 @*/
	for (p = top->next; p && l4mm_mdb_depth(p) > d; p = p->next)
		if (p == n)
			return true;
	return false;
}

/*@ requires \valid(x) && mdb_valid_list(x->next);
 @ assigns \nothing;
 @ ensures \valid(\result) && mdb_valid_list(\result->next);
 @ ensures \result == x || mdb_depth(\result) > mdb_depth(x);
 @ ensures \result->next == \null ||
 @	mdb_depth(\result->next) <= mdb_depth(x);
 @*/
/**
 * l4mm_mdb_run_end() - the last node of @x's subtree
 * @x: the node
 *
 * O(size of the subtree).
 *
 * Return: the last node of the run of nodes deeper than @x after it, or
 * @x itself if it has no children.
 */
struct l4mm_mdb_node *l4mm_mdb_run_end(const struct l4mm_mdb_node *x)
{
	const struct l4mm_mdb_node *n = x;
	u32 d = l4mm_mdb_depth(x);

	/*@ loop invariant \valid(n) && mdb_valid_list(n->next);
	 @ loop invariant n == x || mdb_depth(n) > d;
	 @ loop assigns n;
	 @*/
	while (n->next && l4mm_mdb_depth(n->next) > d)
		n = n->next;
	return (struct l4mm_mdb_node *)n;
}

/* The space of a node; every node's space exists (invariant 4). */
static struct l4mm_space *node_space(const struct l4mm_state *st,
				     const struct l4mm_mdb_node *n)
{
	return l4mm_space_by_id(st, l4mm_mdb_id(n));
}

/* Tell the observer that @n's page goes, before its leaf is cleared. */
static noinline void report_remove(struct l4mm_state *st,
				   struct l4mm_space *sp,
				   const struct l4mm_mdb_node *n)
{
	struct l4mm_pte_leaf leaf = { };
	struct l4mm_pte_ref ref;
	struct l4mm_event ev = {
		.kind = L4MM_EVENT_REMOVE,
		.space = sp,
		.va = l4mm_mdb_va(n),
		.status = l4mm_mdb_status(n),
	};

	l4mm_leaf_at(sp, ev.va, &ref, &leaf);
	ev.frame = leaf.frame;
	st->observer(st->observer_arg, &ev);
}

/*
 * Clear the leaf of @n, report and free @n; @n is (being) taken out of
 * its list, its subtree is gone.  The status bits it carried are ORed
 * into st->removed_status, for unmap and flush to report.  On the path
 * of every removed mapping: the leaf's object is compared with @n
 * directly (a reserved page's sentinel is not @n either), and the
 * observer's walk is its own, off that path.
 */
static __always_inline void drop_node(struct l4mm_state *st,
				      struct l4mm_mdb_node *n)
{
	struct l4mm_space *sp = node_space(st, n);
	struct l4mm_pte_ref ref;

	if (!WARN_ON_ONCE(!sp) &&
	    !WARN_ON_ONCE(l4mm_leaf_at(sp, l4mm_mdb_va(n), &ref, NULL) != n)) {
		if (unlikely(st->observer))
			report_remove(st, sp, n);
		l4mm_pt_clear(&sp->pt, &ref);
	}
	st->removed_status |= l4mm_mdb_status(n);
	st->mappings--;
	l4mm_mem_node_free(&st->mem, n);
	l4mm_state_tick(st);
}

/**
 * l4mm_mdb_unmap_node() - remove everything derived from @x
 * @st: the state
 * @x: the node; it stays
 *
 * O(size of the subtree) node removals, each one page-table walk.
 *
 * Return: the number of mappings removed.
 */
u32 l4mm_mdb_unmap_node(struct l4mm_state *st, struct l4mm_mdb_node *x)
{
	u32 d = l4mm_mdb_depth(x), count = 0;
	struct l4mm_mdb_node *n = x->next, *next;

	while (n && l4mm_mdb_depth(n) > d) {
		next = n->next;
		drop_node(st, n);
		n = next;
		count++;
	}
	x->next = n;
	if (n)
		n->prev = x;
	return count;
}

/**
 * l4mm_mdb_flush_node() - remove @x and everything derived from it
 * @st: the state
 * @x: the node; freed
 *
 * Return: the number of mappings removed, @x included.
 */
u32 l4mm_mdb_flush_node(struct l4mm_state *st, struct l4mm_mdb_node *x)
{
	u32 count = l4mm_mdb_unmap_node(st, x);

	mdb_unlink(x);
	drop_node(st, x);
	return count + 1;
}

/**
 * l4mm_mdb_narrow() - take rights away from the mapping of node @n
 * @st: the state
 * @n: the node
 * @revoke: the rights to remove (L4MM_CORE_W and/or _X; never _R, whose
 *	loss removes the mapping instead)
 *
 * Rewrites the leaf in place (l4mm_pt_update() splits a superpage
 * first); never allocates.
 *
 * Return: true if the leaf changed.
 */
bool l4mm_mdb_narrow(struct l4mm_state *st, struct l4mm_mdb_node *n,
		     u8 revoke)
{
	struct l4mm_space *sp = node_space(st, n);
	struct l4mm_pte_leaf leaf;
	struct l4mm_pte_ref ref;

	if (WARN_ON_ONCE(!sp) ||
	    WARN_ON_ONCE(l4mm_node_at(sp, l4mm_mdb_va(n), &ref, &leaf) != n))
		return false;
	if (!((leaf.wr && (revoke & L4MM_CORE_W)) ||
	      (leaf.ex && (revoke & L4MM_CORE_X))))
		return false;
	leaf.wr = leaf.wr && !(revoke & L4MM_CORE_W);
	leaf.ex = leaf.ex && !(revoke & L4MM_CORE_X);
	l4mm_pt_update(&sp->pt, &ref, &leaf);
	return true;
}

/**
 * l4mm_mdb_narrow_subtree() - everything derived from @x keeps only @keep
 * @st: the state
 * @x: the node; its own leaf is left alone
 * @keep: the rights the subtree may keep
 *
 * O(size of the subtree).
 */
void l4mm_mdb_narrow_subtree(struct l4mm_state *st, struct l4mm_mdb_node *x,
			     u8 keep)
{
	u32 d = l4mm_mdb_depth(x);
	struct l4mm_mdb_node *n;

	for (n = x->next; n && l4mm_mdb_depth(n) > d; n = n->next) {
		l4mm_mdb_narrow(st, n, L4MM_CORE_RWX & ~keep);
		l4mm_state_tick(st);
	}
}
