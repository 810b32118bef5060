// SPDX-License-Identifier: GPL-2.0
/*
 * Export of the mapping database's derivation trees (the GRAPH dump):
 * root after root, each tree in the MDB's pre-order, so that a node's
 * children come after it in their sibling order, and every node with
 * its parent (the paper's Virtual n v edge).
 *
 * The export is a cursor that its caller keeps between calls (the
 * netlink dump keeps it between messages, without the lock):
 *
 *   - the root scan: (space id, next page address).  Roots are found by
 *     walking the spaces' page tables in order; a leaf whose node has no
 *     parent is a root (mdb.c, invariant 1).  Every leaf is looked at
 *     once over the whole export.
 *   - inside a tree: the next node to give, valid only while the state's
 *     generation is the one the cursor saw.  If the state changed between
 *     two calls, the rest of that tree is skipped and the scan goes on
 *     after its root; the caller tells its receiver (NLM_F_DUMP_INTR).
 *
 * Cost: every call does at most *@budget steps (a leaf looked at, a node
 * given), each O(levels), and yields every L4MM_CORE_RESCHED_EVERY of
 * them; a whole export is O(tables + pages of the state) for the forest
 * and O(levels + subtree) for one subtree, however the trees are shaped.
 * Nothing is written: readers under the same lock may run alongside.
 */
#include "state.h"

struct root_scan {
	const struct l4mm_pt *pt;
	const struct l4mm_tree_filter *f;
	u32 *budget;
	u32 va;			/* the root found, or where the scan stopped */
	const struct l4mm_mdb_node *root;
	u32 frame;
};

enum { SCAN_FOUND = 1, SCAN_BUDGET = 2 };

/* Whether space @id is selected (every space when none is named). */
static bool space_selected(const struct l4mm_tree_filter *f, u32 id)
{
	u32 i;

	if (!f->nids)
		return true;
	for (i = 0; i < f->nids; i++)
		if (f->ids[i] == id)
			return true;
	return false;
}

static int scan_leaf(void *arg, u32 va, const struct l4mm_pte_ref *ref)
{
	const struct l4mm_mdb_node *n = l4mm_pt_obj(ref);
	struct root_scan *rs = arg;
	struct l4mm_pte_leaf leaf;

	if (!*rs->budget) {
		rs->va = va;
		return SCAN_BUDGET;
	}
	(*rs->budget)--;
	/* Reserved pages have no node; derived pages are not roots. */
	if (l4mm_reserved_kind_of(n) || l4mm_mdb_parent(n))
		return 0;
	/* sigma0's untouched roots are most of a state: left out. */
	if (l4mm_mdb_id(n) == 0 && !n->next && !rs->f->all)
		return 0;
	l4mm_pt_decode(rs->pt, ref, &leaf);
	if (leaf.frame < rs->f->frame_lo || leaf.frame > rs->f->frame_hi)
		return 0;
	rs->va = va;
	rs->root = n;
	rs->frame = leaf.frame;
	return SCAN_FOUND;
}

/* The leaf fields of @n (its rights, attribute, frame). */
static void node_leaf(const struct l4mm_state *st,
		      const struct l4mm_mdb_node *n,
		      struct l4mm_pte_leaf *leaf)
{
	const struct l4mm_space *sp = l4mm_space_by_id(st, l4mm_mdb_id(n));
	struct l4mm_pte_ref ref;

	memset(leaf, 0, sizeof(*leaf));
	if (sp)
		l4mm_leaf_at(sp, l4mm_mdb_va(n), &ref, leaf);
}

static void fill_node(const struct l4mm_state *st,
		      const struct l4mm_mdb_node *n, bool context,
		      struct l4mm_tree_node *out)
{
	const struct l4mm_mdb_node *p = l4mm_mdb_parent(n);
	struct l4mm_pte_leaf leaf;

	node_leaf(st, n, &leaf);
	out->space = l4mm_space_by_id(st, l4mm_mdb_id(n));
	out->va = l4mm_mdb_va(n);
	out->frame = leaf.frame;
	out->depth = l4mm_mdb_depth(n);
	out->src = p ? l4mm_space_by_id(st, l4mm_mdb_id(p)) : NULL;
	out->src_va = p ? l4mm_mdb_va(p) : 0;
	out->rights = l4mm_leaf_rights(&leaf);
	out->cached = leaf.cached;
	out->status = l4mm_mdb_status(n);
	out->context = context;
}

/*
 * Find the next root from the cursor's scan position on.  0 with the
 * cursor in the root's tree, -ENOENT when no root is left, -EAGAIN when
 * the budget ran out first.
 */
static int next_root(const struct l4mm_state *st,
		     const struct l4mm_tree_filter *f,
		     struct l4mm_tree_cursor *c, u32 *budget)
{
	struct root_scan rs = { .f = f, .budget = budget };
	struct l4mm_space *sp;
	int ret;

	while ((sp = l4mm_space_next(st, c->id))) {
		if (l4mm_space_id(sp) != c->id) {
			c->id = l4mm_space_id(sp);
			c->va = 0;
		}
		rs.pt = &sp->pt;
		ret = l4mm_pt_walk(&sp->pt, c->va, 1ULL << L4MM_CORE_VA_BITS,
				   scan_leaf, &rs);
		if (ret == SCAN_BUDGET) {
			c->va = rs.va;
			return -EAGAIN;
		}
		if (ret == SCAN_FOUND) {
			c->va = (u64)rs.va + L4MM_CORE_PAGE_SIZE;
			c->node = rs.root;
			c->top_depth = 0;
			c->ctx_given = false;
			return 0;
		}
		c->id++;
		c->va = 0;
	}
	return -ENOENT;
}

/* The subtree's top, at the first call: -ENXIO if it is not mapped. */
static int subtree_start(const struct l4mm_state *st,
			 const struct l4mm_tree_filter *f,
			 struct l4mm_tree_cursor *c)
{
	const struct l4mm_space *sp = l4mm_space_by_id(st, f->sub_id);
	const struct l4mm_mdb_node *n;

	n = sp ? l4mm_node_at(sp, f->sub_va, NULL, NULL) : NULL;
	if (!n)
		return -ENXIO;
	c->node = n;
	c->top_depth = l4mm_mdb_depth(n);
	c->ctx_given = false;
	return 0;
}

/*
 * The node after @n in the current run: the next node of the list while
 * it is deeper than the run's top (the whole tree for a root).
 */
static const struct l4mm_mdb_node *
run_next(const struct l4mm_tree_cursor *c, const struct l4mm_mdb_node *n)
{
	const struct l4mm_mdb_node *x = n->next;

	if (!x || l4mm_mdb_depth(x) <= c->top_depth)
		return NULL;
	return x;
}

/*
 * Give the current node, or the context node before it: the parent of a
 * selected node whose parent is not selected, and the parent of a
 * subtree's top.  0 with @out filled and the cursor moved, 1 when the
 * node is not selected (cursor moved, nothing given).
 */
static int give(const struct l4mm_state *st,
		const struct l4mm_tree_filter *f,
		struct l4mm_tree_cursor *c, struct l4mm_tree_node *out)
{
	const struct l4mm_mdb_node *n = c->node, *p = l4mm_mdb_parent(n);
	bool top = f->subtree && l4mm_mdb_depth(n) == c->top_depth;

	if (!space_selected(f, l4mm_mdb_id(n))) {
		c->node = run_next(c, n);
		return 1;
	}
	if (p && !c->ctx_given &&
	    (top || !space_selected(f, l4mm_mdb_id(p)))) {
		fill_node(st, p, true, out);
		c->ctx_given = true;
		return 0;
	}
	fill_node(st, n, false, out);
	c->node = run_next(c, n);
	c->ctx_given = false;
	return 0;
}

/**
 * l4mm_tree_next() - the next node of an export of the derivation trees
 * @st: the state
 * @f: what to export (the same at every call of one export)
 * @c: the cursor, zeroed before the first call
 * @budget: steps this call may take; decremented
 * @out: filled with the node
 *
 * Locking: the caller's lock on @st, held for the call only; the cursor
 * may be kept without it (see the top of this file).
 *
 * Return: 0 with @out filled; -ENOENT when the export is complete;
 * -EAGAIN when *@budget ran out (call again, with a new budget); -ENXIO
 * if the subtree asked for is not mapped (first call only); -EINTR if
 * l4mm_env_fatal_signal() said so at a yield point.
 */
int l4mm_tree_next(const struct l4mm_state *st,
		   const struct l4mm_tree_filter *f,
		   struct l4mm_tree_cursor *c, u32 *budget,
		   struct l4mm_tree_node *out)
{
	int ret;

	if (c->done)
		return -ENOENT;
	if (!c->started) {
		c->started = true;
		c->gen = st->generation;
		if (f->subtree) {
			ret = subtree_start(st, f, c);
			if (ret)
				c->done = true;
			return ret ? ret : l4mm_tree_next(st, f, c, budget,
							   out);
		}
	}
	if (c->gen != st->generation) {
		/* The node may be gone: go on with the next root. */
		c->gen = st->generation;
		c->node = NULL;
		if (f->subtree)
			c->done = true;
	}
	for (;;) {
		if (!c->node) {
			if (f->subtree || c->done) {
				c->done = true;
				return -ENOENT;
			}
			ret = next_root(st, f, c, budget);
			if (ret == -ENOENT)
				c->done = true;
			if (ret)
				return ret;
		}
		if (!*budget)
			return -EAGAIN;
		(*budget)--;
		if (++c->tick >= L4MM_CORE_RESCHED_EVERY) {
			c->tick = 0;
			l4mm_env_cond_resched();
			if (l4mm_env_fatal_signal())
				return -EINTR;
		}
		if (!give(st, f, c, out))
			return 0;
	}
}
