// SPDX-License-Identifier: GPL-2.0
/*
 * map and grant (of flexpages) on top of the MDB and the page tables,
 * and the node primitives unmap and flush share (revoke.c).  Every
 * mutating operation follows the same shape:
 *
 *   1. read-only checks (source mapped, depth limit, what will happen);
 *   2. allocate everything that may be needed (node, missing tables);
 *   3. mutate; nothing in this step can fail;
 *   4. release unused preallocations, reap empty tables, bump counters.
 *
 * so that an error leaves the state exactly as it was.
 */
#include "state.h"

/**
 * l4mm_leaf_at() - the leaf that maps a page, and its shadow object
 * @sp: the space
 * @va: page address
 * @ref: receives the leaf entry (may be NULL)
 * @leaf: receives the leaf's fields (may be NULL)
 *
 * Return: the shadow object of the leaf (an MDB node, or a reserved
 * sentinel, see l4mm_reserved_kind_of()), or NULL if @va is not mapped.
 */
void *l4mm_leaf_at(const struct l4mm_space *sp, u32 va,
		   struct l4mm_pte_ref *ref, struct l4mm_pte_leaf *leaf)
{
	struct l4mm_pte_ref r;

	if (!ref)
		ref = &r;
	if (l4mm_pt_lookup(&sp->pt, va, ref) != L4MM_PTE_LEAF)
		return NULL;
	if (leaf)
		l4mm_pt_decode(&sp->pt, ref, leaf);
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
struct l4mm_mdb_node *l4mm_node_at(const struct l4mm_space *sp, u32 va,
				   struct l4mm_pte_ref *ref,
				   struct l4mm_pte_leaf *leaf)
{
	void *obj = l4mm_leaf_at(sp, va, ref, leaf);

	return l4mm_reserved_kind_of(obj) ? NULL : obj;
}

/* Clear the leaf of @n and free @n; @n is (being) unlinked. */
static void drop_node(struct l4mm_state *st, struct l4mm_mdb_node *n)
{
	struct l4mm_space *sp = l4mm_space_by_id(st, l4mm_mdb_id(n));
	struct l4mm_pte_ref ref;

	if (!WARN_ON_ONCE(!sp) &&
	    !WARN_ON_ONCE(l4mm_node_at(sp, l4mm_mdb_vpn(n) <<
				       L4MM_CORE_PAGE_SHIFT, &ref, NULL) != n))
		l4mm_pt_clear(&sp->pt, &ref);
	st->mappings--;
	l4mm_env_node_free(n);
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

	l4mm_mdb_unlink(x);
	drop_node(st, x);
	return count + 1;
}

/**
 * l4mm_op_end() - common tail of every successful mutating operation
 * @st: the state
 * @changed: whether the mappings or spaces changed
 */
void l4mm_op_end(struct l4mm_state *st, bool changed)
{
	l4mm_pt_reap(&st->ctx);
	st->ops++;
	if (changed)
		st->generation++;
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
	struct l4mm_space *sp = l4mm_space_by_id(st, l4mm_mdb_id(n));
	struct l4mm_pte_leaf leaf;
	struct l4mm_pte_ref ref;

	if (WARN_ON_ONCE(!sp) ||
	    WARN_ON_ONCE(l4mm_node_at(sp, l4mm_mdb_vpn(n) <<
				      L4MM_CORE_PAGE_SHIFT, &ref, &leaf) != n))
		return false;
	if (!((leaf.wr && (revoke & L4MM_CORE_W)) ||
	      (leaf.ex && (revoke & L4MM_CORE_X))))
		return false;
	leaf.wr = leaf.wr && !(revoke & L4MM_CORE_W);
	leaf.ex = leaf.ex && !(revoke & L4MM_CORE_X);
	l4mm_pt_update(&sp->pt, &ref, &leaf);
	return true;
}

/* Put the preallocated leaf in place; cannot fail after a prepare. */
static bool install_leaf(struct l4mm_space *dst,
			 u32 va, struct l4mm_pt_prealloc *pa,
			 const struct l4mm_pte_leaf *leaf, void *obj)
{
	struct l4mm_pte_ref ref;

	return !WARN_ON_ONCE(l4mm_pt_insert(&dst->pt, va, 0, pa, leaf, obj,
					    &ref) != L4MM_PT_INS_NEW);
}

/* The destination's leaf: the source's, narrowed by the operation. */
static void dest_leaf(const struct l4mm_xfer *x, struct l4mm_pte_leaf *leaf)
{
	leaf->wr = leaf->wr && (x->rights & L4MM_CORE_W);
	leaf->ex = leaf->ex && (x->rights & L4MM_CORE_X);
	leaf->cached = leaf->cached && !x->uncached;
	leaf->dup_shift = 0;
}

/*
 * One page step of map: n',v' <= Virtual n v when n,v is mapped.
 * Flushes n',v', then, if n,v is still mapped, makes n',v' the first
 * child of n,v.  The destination's flush removes n,v exactly when n',v'
 * is n,v or one of its ancestors (a scan of n',v''s subtree, which the
 * flush pays anyway).
 */
static void map_step(struct l4mm_state *st, struct l4mm_xfer *xf,
		     u32 src_va, u32 dst_va)
{
	struct l4mm_space *dst = xf->dst;
	struct l4mm_mdb_node *x, *d, *n;
	struct l4mm_pte_leaf leaf;
	bool install;

	x = l4mm_node_at(xf->src, src_va, NULL, &leaf);
	if (!x)
		return;
	d = l4mm_node_at(dst, dst_va, NULL, NULL);
	install = !d || (d != x && !l4mm_mdb_in_subtree(d, x));
	if (d)
		xf->removed += l4mm_mdb_flush_node(st, d);
	if (!install)
		return;
	n = l4mm_xfer_take(xf);
	dest_leaf(xf, &leaf);
	if (n && install_leaf(dst, dst_va, l4mm_xfer_pa(xf, dst_va),
			      &leaf, n)) {
		st->mappings++;
		l4mm_mdb_insert_child(x, n, dst->id,
				      dst_va >> L4MM_CORE_PAGE_SHIFT);
		xf->installed++;
	} else if (n) {
		n->next = xf->pool;
		xf->pool = n;
	}
}

/* Everything derived from @x loses the rights @x does not have. */
static void narrow_subtree(struct l4mm_state *st, struct l4mm_mdb_node *x,
			   u8 keep)
{
	u32 d = l4mm_mdb_depth(x);
	struct l4mm_mdb_node *n;

	for (n = x->next; n && l4mm_mdb_depth(n) > d; n = n->next) {
		l4mm_mdb_narrow(st, n, L4MM_CORE_RWX & ~keep);
		l4mm_state_tick(st);
	}
}

/*
 * Keep-subtree grant: the node @x of n,v moves to n',v' with its
 * subtree (its status bits too); n,v becomes unmapped.
 */
static bool grant_move(struct l4mm_state *st, struct l4mm_xfer *xf,
		       struct l4mm_mdb_node *x, u32 src_va, u32 dst_va,
		       struct l4mm_pte_leaf *leaf)
{
	u8 before = l4mm_leaf_rights(leaf);
	struct l4mm_pte_ref ref;

	dest_leaf(xf, leaf);
	l4mm_node_at(xf->src, src_va, &ref, NULL);
	if (!install_leaf(xf->dst, dst_va, l4mm_xfer_pa(xf, dst_va),
			  leaf, x))
		return false;
	/* Inserting never frees a table: ref still names n,v's leaf. */
	l4mm_pt_clear(&xf->src->pt, &ref);
	l4mm_mdb_move(x, xf->dst->id, dst_va >> L4MM_CORE_PAGE_SHIFT);
	if (l4mm_leaf_rights(leaf) != before)
		narrow_subtree(st, x, l4mm_leaf_rights(leaf));
	return true;
}

/*
 * One page step of grant: n',v' <= (entry of n,v), then flush n,v.
 * The entry m of n,v is Virtual p (the MDB parent P of n,v) or Real r
 * when n,v is a tree root.  After the destination's flush, m is still
 * valid unless n',v' is n,v itself, P, or an ancestor of P.  In paper
 * mode a new node takes n,v's place (same parent, same depth, inserted
 * just before n,v, whose whole subtree is then flushed); in keep-subtree
 * mode n,v's node itself moves.  Finding P scans backwards over earlier
 * siblings' subtrees.
 */
static void grant_step(struct l4mm_state *st, struct l4mm_xfer *xf,
		       u32 src_va, u32 dst_va)
{
	struct l4mm_space *src = xf->src, *dst = xf->dst;
	struct l4mm_mdb_node *x, *d, *p, *n;
	struct l4mm_pte_leaf leaf;
	u32 removed = 0;
	bool install;

	x = l4mm_node_at(src, src_va, NULL, &leaf);
	if (!x)
		return;
	d = l4mm_node_at(dst, dst_va, NULL, NULL);
	p = l4mm_mdb_parent(x);
	if (d == x)
		install = false;	/* grant to itself = flush */
	else
		install = !d || !p || (d != p && !l4mm_mdb_in_subtree(d, p));
	if (d)
		removed = l4mm_mdb_flush_node(st, d);
	/* m is valid, hence n,v (below P, or the root) survived. */
	if (install && xf->keep) {
		if (grant_move(st, xf, x, src_va, dst_va, &leaf))
			xf->installed++;
	} else if (install) {
		n = l4mm_xfer_take(xf);
		dest_leaf(xf, &leaf);
		if (n && install_leaf(dst, dst_va,
				      l4mm_xfer_pa(xf, dst_va), &leaf, n)) {
			st->mappings++;
			l4mm_mdb_insert_before(x, n, dst->id,
					       dst_va >> L4MM_CORE_PAGE_SHIFT);
			xf->installed++;
		} else if (n) {
			n->next = xf->pool;
			xf->pool = n;
		}
	}
	/* flush n v; a no-op when the destination's flush took it. */
	x = l4mm_node_at(src, src_va, NULL, NULL);
	if (x)
		removed += l4mm_mdb_flush_node(st, x);
	xf->removed += removed;
}

/*
 * Whether the page step for n,v (node @x) would install, judged on the
 * state before the operation.  Earlier steps only remove mappings (and
 * add leaves), so a step that installs is always one this says yes to:
 * sizing the pool by it is enough.
 */
static bool may_install(const struct l4mm_xfer *xf, struct l4mm_mdb_node *x,
			u32 dst_va)
{
	struct l4mm_mdb_node *d = l4mm_node_at(xf->dst, dst_va, NULL, NULL);
	struct l4mm_mdb_node *p;

	if (!d)
		return true;
	if (!xf->grant)
		return d != x && !l4mm_mdb_in_subtree(d, x);
	if (d == x)
		return false;
	p = l4mm_mdb_parent(x);
	return !p || (d != p && !l4mm_mdb_in_subtree(d, p));
}

static u32 page_va(u32 base, u32 i)
{
	return base + (i << L4MM_CORE_PAGE_SHIFT);
}

/*
 * The exact depth check of a map of several pages, for when some page
 * that may install is at the depth limit: step i installs iff n,v_i is
 * mapped, no earlier step that ran flushed an ancestor of it (or it), and
 * its own destination is not its ancestor (or itself).  A step runs iff
 * its source page is still mapped then.  Ancestors are the MDB's before
 * the operation: map steps never change the ancestry of surviving nodes.
 */
static int map_depth_check(struct l4mm_state *st, struct l4mm_xfer *xf)
{
	u64 end = xf->dst_va + ((u64)xf->pages << L4MM_CORE_PAGE_SHIFT);
	struct l4mm_mdb_node *x, *a;
	bool gone, self;
	u32 *ran, i, j, va;
	int err = 0;

	ran = l4mm_env_zalloc(((xf->pages + 31) / 32) * sizeof(u32));
	if (!ran)
		return -ENOMEM;
	for (i = 0; i < xf->pages && !err; i++) {
		x = l4mm_node_at(xf->src, page_va(xf->src_va, i), NULL, NULL);
		if (!x)
			continue;
		gone = false;
		self = false;
		for (a = x; a; a = l4mm_mdb_parent(a)) {
			va = l4mm_mdb_vpn(a) << L4MM_CORE_PAGE_SHIFT;
			if (l4mm_mdb_id(a) != xf->dst->id || va < xf->dst_va ||
			    va >= end)
				continue;
			j = (va - xf->dst_va) >> L4MM_CORE_PAGE_SHIFT;
			if (j == i)
				self = true;
			else if (j < i && (ran[j / 32] & (1U << (j % 32))))
				gone = true;
			l4mm_state_tick(st);
		}
		if (gone)
			continue;
		ran[i / 32] |= 1U << (i % 32);
		if (!self && l4mm_mdb_depth(x) >= st->depth_max)
			err = -EMLINK;
	}
	l4mm_env_free(ran);
	return err;
}

/*
 * Everything before the first change: which source pages are mapped,
 * the depth limit, and a node (paper modes) and the destination tables
 * for every page that may install.
 */
static int xfer_prepare(struct l4mm_state *st, struct l4mm_xfer *xf)
{
	bool any = false, deep = false;
	struct l4mm_mdb_node *x;
	u32 i, dva;
	int err;

	for (i = 0; i < xf->pages; i++) {
		x = l4mm_node_at(xf->src, page_va(xf->src_va, i), NULL, NULL);
		if (!x)
			continue;
		any = true;
		dva = page_va(xf->dst_va, i);
		if (!may_install(xf, x, dva))
			continue;
		if (!xf->grant && l4mm_mdb_depth(x) >= st->depth_max)
			deep = true;
		if (deep)
			continue;	/* decided below; spare the memory */
		err = xf->keep ? 0 : l4mm_xfer_add_node(xf);
		if (!err)
			err = l4mm_xfer_prepare(xf, dva);
		if (err)
			return err;
		l4mm_state_tick(st);
	}
	if (!any)
		return -ENXIO;
	if (!deep)
		return 0;
	if (xf->pages == 1)
		return -EMLINK;	/* the prediction is exact for one page */
	err = map_depth_check(st, xf);
	if (err)
		return err;
	/* Not refused after all: allocate what the skipped pages need. */
	l4mm_xfer_release(st, xf);
	for (i = 0; i < xf->pages; i++) {
		x = l4mm_node_at(xf->src, page_va(xf->src_va, i), NULL, NULL);
		dva = page_va(xf->dst_va, i);
		if (!x || !may_install(xf, x, dva))
			continue;
		err = l4mm_xfer_add_node(xf);
		if (!err)
			err = l4mm_xfer_prepare(xf, dva);
		if (err)
			return err;
		l4mm_state_tick(st);
	}
	return 0;
}

static int xfer_run(struct l4mm_state *st, const struct l4mm_map_args *a,
		    bool grant, struct l4mm_op_result *res)
{
	struct l4mm_xfer xf;
	u32 i;
	int err;

	err = l4mm_xfer_setup(st, a, grant, &xf);
	if (err)
		return err;
	err = xfer_prepare(st, &xf);
	if (err) {
		l4mm_xfer_release(st, &xf);
		return err;
	}
	for (i = 0; i < xf.pages; i++) {
		if (grant)
			grant_step(st, &xf, page_va(xf.src_va, i),
				   page_va(xf.dst_va, i));
		else
			map_step(st, &xf, page_va(xf.src_va, i),
				 page_va(xf.dst_va, i));
		l4mm_state_tick(st);
	}
	l4mm_xfer_release(st, &xf);
	/* Superpages where the destination now allows them. */
	if ((u64)xf.pages << L4MM_CORE_PAGE_SHIFT >= L4MM_PT_PROMOTE_MIN)
		l4mm_pt_promote(&xf.dst->pt, xf.dst_va,
				(u64)xf.pages << L4MM_CORE_PAGE_SHIFT);
	l4mm_op_end(st, xf.removed || xf.installed);
	if (res) {
		res->removed = xf.removed;
		res->installed = xf.installed;
		res->pages = xf.installed;
		res->status = 0;
	}
	return 0;
}

/**
 * l4mm_map_fpage() - map a flexpage: page-wise map, as one operation
 * @st: the state
 * @a: source fpage, destination (window), snd_base, rights mask,
 *	uncached
 * @res: receives removed/installed/pages (may be NULL)
 *
 * Page i of the source region goes to page i of the destination region
 * (docs/extensions.md sections 1, 2, 4, 7); each page step is the paper's
 * map on the state the previous steps left; unmapped source pages are
 * skipped.
 *
 * Return: 0, -EINVAL, -EPERM (reserved page), -ENXIO (no source page
 * mapped), -EMLINK (depth limit) or -ENOMEM; on error nothing changed.
 */
int l4mm_map_fpage(struct l4mm_state *st, const struct l4mm_map_args *a,
		   struct l4mm_op_result *res)
{
	return xfer_run(st, a, false, res);
}

/**
 * l4mm_grant_fpage() - grant a flexpage: page-wise grant, as one operation
 * @st: the state
 * @a: as for l4mm_map_fpage(), plus the grant mode
 * @res: receives removed/installed/pages (may be NULL)
 *
 * Return: 0, -EINVAL, -EPERM, -ENXIO or -ENOMEM; on error nothing
 * changed.
 */
int l4mm_grant_fpage(struct l4mm_state *st, const struct l4mm_map_args *a,
		     struct l4mm_op_result *res)
{
	return xfer_run(st, a, true, res);
}

static void page_args(struct l4mm_map_args *a, struct l4mm_space *src,
		      u32 src_va, struct l4mm_space *dst, u32 dst_va)
{
	memset(a, 0, sizeof(*a));
	a->src = src;
	a->src_va = src_va;
	a->src_order = L4MM_CORE_PAGE_SHIFT;
	a->dst = dst;
	a->dst_va = dst_va;
	a->dst_order = L4MM_CORE_PAGE_SHIFT;
	a->rights = L4MM_CORE_RWX;
	a->mode = L4MM_GRANT_DEFAULT;
}

/**
 * l4mm_map() - map n v n' v': n',v' <= Virtual n v
 * @st: the state
 * @src: n
 * @src_va: v
 * @dst: n'
 * @dst_va: v'
 * @res: receives removed/installed (may be NULL)
 *
 * One page, rights rwx, cached: see map_step().
 *
 * Return: 0, -EINVAL (misaligned), -EPERM (reserved page), -ENXIO (n,v
 * unmapped), -EMLINK (depth limit) or -ENOMEM; on error nothing changed.
 */
int l4mm_map(struct l4mm_state *st, struct l4mm_space *src, u32 src_va,
	     struct l4mm_space *dst, u32 dst_va, struct l4mm_op_result *res)
{
	struct l4mm_map_args a;

	page_args(&a, src, src_va, dst, dst_va);
	return xfer_run(st, &a, false, res);
}

/**
 * l4mm_grant() - grant n v n' v': n',v' <= (entry of n,v), then flush n,v
 * @st: the state
 * @src: n
 * @src_va: v
 * @dst: n'
 * @dst_va: v'
 * @res: receives removed/installed (may be NULL)
 *
 * One page, rights rwx, cached, the state's grant mode: see grant_step().
 *
 * Return: 0, -EINVAL (misaligned), -EPERM (reserved page), -ENXIO (n,v
 * unmapped) or -ENOMEM; on error nothing changed.
 */
int l4mm_grant(struct l4mm_state *st, struct l4mm_space *src, u32 src_va,
	       struct l4mm_space *dst, u32 dst_va, struct l4mm_op_result *res)
{
	struct l4mm_map_args a;

	page_args(&a, src, src_va, dst, dst_va);
	return xfer_run(st, &a, true, res);
}
