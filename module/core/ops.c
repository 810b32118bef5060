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

/* Clear the leaf of @n and free @n; @n is (being) unlinked. */
static void drop_node(struct l4mm_state *st, struct l4mm_mdb_node *n)
{
	struct l4mm_space *sp = l4mm_space_by_id(st, l4mm_mdb_id(n));
	struct l4mm_pte_ref ref;

	if (!WARN_ON_ONCE(!sp) &&
	    !WARN_ON_ONCE(l4mm_node_at(sp, l4mm_mdb_vpn(n) <<
				       L4MM_CORE_PAGE_SHIFT, &ref, NULL) != n))
		l4mm_pt_clear(&sp->pt, &ref);
	st->removed_status |= l4mm_mdb_status(n);
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
 * map n v n' v' (node x of n,v, node d of n',v' or NULL): flushing
 * n',v' removes n,v exactly when n',v' is n,v or one of its ancestors
 * (a scan of n',v''s subtree, which the flush pays anyway).
 */
static bool map_installs(const struct l4mm_mdb_node *x,
			 const struct l4mm_mdb_node *d)
{
	bool install;

	install = !d || (d != x && !l4mm_mdb_in_subtree(d, x));
	return install;
}

/*
 * grant n v n' v': the entry m of n,v is Virtual p (the MDB parent P of
 * n,v) or Real r when n,v is a tree root.  After flushing n',v', m is
 * still valid unless n',v' is n,v itself, P, or an ancestor of P.
 * Finding P scans backwards over earlier siblings' subtrees.
 */
static bool grant_installs(const struct l4mm_mdb_node *x,
			   const struct l4mm_mdb_node *d)
{
	const struct l4mm_mdb_node *p;
	bool install;

	if (!d)
		return true;
	p = l4mm_mdb_parent(x);
	if (d == x)
		install = false;	/* grant to itself = flush */
	else
		install = !d || !p || (d != p && !l4mm_mdb_in_subtree(d, p));
	return install;
}

/* One page step: its pages, looked up once. */
struct step {
	u32 src_va, dst_va;
	struct l4mm_mdb_node *x;	/* n,v; NULL: the step is a no-op */
	struct l4mm_mdb_node *d;	/* n',v', or NULL */
	struct l4mm_pte_leaf leaf;	/* of n,v */
	bool install;			/* the checked update installs */
};

static bool step_look(const struct l4mm_xfer *xf, struct step *s)
{
	s->x = l4mm_node_at(xf->src, s->src_va, NULL, &s->leaf);
	if (!s->x)
		return false;
	s->d = l4mm_node_at(xf->dst, s->dst_va, NULL, NULL);
	s->install = xf->grant ? grant_installs(s->x, s->d) :
				 map_installs(s->x, s->d);
	return true;
}

/* Give back a node that could not be used (only after a warning). */
static void pool_put(struct l4mm_xfer *xf, struct l4mm_mdb_node *n)
{
	n->next = xf->pool;
	xf->pool = n;
}

/*
 * One page step of map, n',v' <= Virtual n v: flush n',v', then, if n,v
 * is still mapped, make n',v' the first child of n,v.
 */
static void map_step(struct l4mm_state *st, struct l4mm_xfer *xf,
		     struct step *s)
{
	struct l4mm_space *dst = xf->dst;
	struct l4mm_mdb_node *x = s->x, *n;

	if (s->d)
		xf->removed += l4mm_mdb_flush_node(st, s->d);
	if (!s->install)
		return;
	/* n,v survived the flush: we said so above. */
	n = l4mm_xfer_take(xf);
	dest_leaf(xf, &s->leaf);
	if (n && install_leaf(dst, s->dst_va, l4mm_xfer_pa(xf, s->dst_va),
			      &s->leaf, n)) {
		st->mappings++;
		l4mm_mdb_insert_child(x, n, dst->id,
				      s->dst_va >> L4MM_CORE_PAGE_SHIFT);
		xf->installed++;
	} else if (n) {
		pool_put(xf, n);
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
 * Keep-subtree grant: the node of n,v moves to n',v' with its subtree
 * (and its status bits); n,v becomes unmapped.
 */
static bool grant_move(struct l4mm_state *st, struct l4mm_xfer *xf,
		       struct step *s)
{
	u8 before = l4mm_leaf_rights(&s->leaf);
	struct l4mm_pte_ref ref;

	dest_leaf(xf, &s->leaf);
	l4mm_node_at(xf->src, s->src_va, &ref, NULL);
	if (!install_leaf(xf->dst, s->dst_va, l4mm_xfer_pa(xf, s->dst_va),
			  &s->leaf, s->x))
		return false;
	/* Inserting never frees a table: ref still names n,v's leaf. */
	l4mm_pt_clear(&xf->src->pt, &ref);
	l4mm_mdb_move(s->x, xf->dst->id, s->dst_va >> L4MM_CORE_PAGE_SHIFT);
	if (l4mm_leaf_rights(&s->leaf) != before)
		narrow_subtree(st, s->x, l4mm_leaf_rights(&s->leaf));
	return true;
}

/*
 * One page step of grant, n',v' <= (entry of n,v), then flush n,v.  In
 * paper mode a new node takes n,v's place (same parent, same depth,
 * inserted just before n,v, whose whole subtree is then flushed); in
 * keep-subtree mode n,v's node itself moves.
 */
static void grant_step(struct l4mm_state *st, struct l4mm_xfer *xf,
		       struct step *s)
{
	struct l4mm_space *dst = xf->dst;
	struct l4mm_mdb_node *x = s->x, *n;
	u32 removed = 0;

	if (s->d)
		removed = l4mm_mdb_flush_node(st, s->d);
	/*
	 * If m is still valid, n,v (below P, or the root) survived the
	 * flush; if not, the flush took n,v too.
	 */
	if (s->install && xf->keep) {
		if (grant_move(st, xf, s))
			xf->installed++;
	} else if (s->install) {
		n = l4mm_xfer_take(xf);
		dest_leaf(xf, &s->leaf);
		if (n && install_leaf(dst, s->dst_va,
				      l4mm_xfer_pa(xf, s->dst_va), &s->leaf,
				      n)) {
			st->mappings++;
			l4mm_mdb_insert_before(x, n, dst->id, s->dst_va >>
					       L4MM_CORE_PAGE_SHIFT);
			xf->installed++;
		} else if (n) {
			pool_put(xf, n);
		}
		/* flush n v */
		removed += l4mm_mdb_flush_node(st, x);
	}
	xf->removed += removed;
}

static void step_run(struct l4mm_state *st, struct l4mm_xfer *xf,
		     struct step *s)
{
	if (xf->grant)
		grant_step(st, xf, s);
	else
		map_step(st, xf, s);
}

static u32 page_va(u32 base, u32 i)
{
	return base + (i << L4MM_CORE_PAGE_SHIFT);
}

static void step_at(const struct l4mm_xfer *xf, struct step *s, u32 i)
{
	s->src_va = page_va(xf->src_va, i);
	s->dst_va = page_va(xf->dst_va, i);
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

/* A node (paper modes) and the destination tables for one install. */
static int step_alloc(struct l4mm_xfer *xf, const struct step *s)
{
	int err = xf->keep ? 0 : l4mm_xfer_add_node(xf);

	return err ? err : l4mm_xfer_prepare(xf, s->dst_va);
}

/*
 * Everything before the first change, for several pages: which source
 * pages are mapped, the depth limit, and what every page step that may
 * install needs.  Whether a step installs is judged on the state before
 * the operation; earlier steps only remove mappings (and add leaves), so
 * a step that does install is always one judged so: sizing the pool by
 * it is enough.
 */
static int xfer_prepare(struct l4mm_state *st, struct l4mm_xfer *xf)
{
	bool any = false, deep = false;
	struct step s;
	u32 i;
	int err;

	for (i = 0; i < xf->pages; i++) {
		step_at(xf, &s, i);
		if (!step_look(xf, &s))
			continue;
		any = true;
		if (!s.install)
			continue;
		if (!xf->grant && l4mm_mdb_depth(s.x) >= st->depth_max)
			deep = true;
		if (deep)
			continue;	/* decided below; spare the memory */
		err = step_alloc(xf, &s);
		if (err)
			return err;
		l4mm_state_tick(st);
	}
	if (!any)
		return -ENXIO;
	if (!deep)
		return 0;
	err = map_depth_check(st, xf);
	if (err)
		return err;
	/* Not refused after all: allocate what the skipped pages need. */
	l4mm_xfer_release(st, xf);
	for (i = 0; i < xf->pages; i++) {
		step_at(xf, &s, i);
		if (!step_look(xf, &s) || !s.install)
			continue;
		err = step_alloc(xf, &s);
		if (err)
			return err;
		l4mm_state_tick(st);
	}
	return 0;
}

/* One page: the lookups of the checks serve the step too. */
static int xfer_one(struct l4mm_state *st, struct l4mm_xfer *xf)
{
	struct step s;
	int err;

	step_at(xf, &s, 0);
	if (!step_look(xf, &s))
		return -ENXIO;
	if (s.install) {
		if (!xf->grant && l4mm_mdb_depth(s.x) >= st->depth_max)
			return -EMLINK;
		err = step_alloc(xf, &s);
		if (err)
			return err;
	}
	step_run(st, xf, &s);
	return 0;
}

/* Steps, release, result: the operation after its setup. */
static int xfer_exec(struct l4mm_state *st, struct l4mm_xfer *xf,
		     struct l4mm_op_result *res)
{
	struct step s;
	u32 i;
	int err;

	if (xf->pages == 1) {
		err = xfer_one(st, xf);
	} else {
		err = xfer_prepare(st, xf);
		for (i = 0; !err && i < xf->pages; i++) {
			step_at(xf, &s, i);
			if (step_look(xf, &s))
				step_run(st, xf, &s);
			l4mm_state_tick(st);
		}
	}
	l4mm_xfer_release(st, xf);
	if (err)
		return err;
	/* Superpages where the destination now allows them. */
	if ((u64)xf->pages << L4MM_CORE_PAGE_SHIFT >= L4MM_PT_PROMOTE_MIN)
		l4mm_pt_promote(&xf->dst->pt, xf->dst_va,
				(u64)xf->pages << L4MM_CORE_PAGE_SHIFT);
	l4mm_op_end(st, xf->removed || xf->installed);
	if (res) {
		res->removed = xf->removed;
		res->installed = xf->installed;
		res->pages = xf->installed;
		res->status = 0;
	}
	return 0;
}

static int xfer_run(struct l4mm_state *st, const struct l4mm_map_args *a,
		    bool grant, struct l4mm_op_result *res)
{
	struct l4mm_xfer xf;
	int err;

	err = l4mm_xfer_setup(st, a, grant, &xf);
	return err ? err : xfer_exec(st, &xf, res);
}

/*
 * The setup of a single-page map or grant (order 12, rights rwx, cached,
 * the state's grant mode): what l4mm_xfer_setup() does for it, without
 * the generality, as every single-page operation pays it.
 */
static int page_run(struct l4mm_state *st, struct l4mm_space *src,
		    u32 src_va, struct l4mm_space *dst, u32 dst_va, bool grant,
		    struct l4mm_op_result *res)
{
	struct l4mm_xfer xf;

	if ((src_va | dst_va) & (L4MM_CORE_PAGE_SIZE - 1))
		return -EINVAL;
	if ((src->reserved &&
	     l4mm_reserved_overlaps(src, src_va, L4MM_CORE_PAGE_SIZE)) ||
	    (dst->reserved &&
	     l4mm_reserved_overlaps(dst, dst_va, L4MM_CORE_PAGE_SIZE)))
		return -EPERM;
	xf.src = src;
	xf.dst = dst;
	xf.src_va = src_va;
	xf.dst_va = dst_va;
	xf.pages = 1;
	xf.rights = L4MM_CORE_RWX;
	xf.uncached = false;
	xf.grant = grant;
	xf.keep = grant && st->grant_mode == L4MM_GRANT_KEEP;
	xf.pool = NULL;
	memset(&xf.one, 0, sizeof(xf.one));
	xf.slots = NULL;
	xf.nslots = 1;
	xf.slot_shift = 0;
	xf.removed = 0;
	xf.installed = 0;
	return xfer_exec(st, &xf, res);
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
	return page_run(st, src, src_va, dst, dst_va, false, res);
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
	return page_run(st, src, src_va, dst, dst_va, true, res);
}
