// SPDX-License-Identifier: GPL-2.0
/*
 * map and grant (of flexpages): the paper's checked update, page by page,
 * composed of MDB operations (mdb.c) and page-table operations
 * (pgtable.c).  Every mutating operation follows the same shape:
 *
 *   1. read-only checks and the plan (what each page step will do:
 *      plan.c for several pages, one_installs() for one);
 *   2. allocate exactly what the steps will install (nodes, missing
 *      tables) and charge it against the limits;
 *   3. mutate; nothing in this step can fail;
 *   4. release unused preallocations, reap empty tables, bump counters.
 *
 * so that an error leaves the state exactly as it was.  The steps decide
 * again as they run, literally as the paper does (flush the destination,
 * then install if the source is still valid); the plan only sized the
 * pool, and a disagreement would show as a warning.
 */
#include "state.h"

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

/* The destination's leaf: the source's, narrowed by the operation. */
static void dest_leaf(const struct l4mm_xfer *x, struct l4mm_pte_leaf *leaf)
{
	leaf->wr = leaf->wr && (x->rights & L4MM_CORE_W);
	leaf->ex = leaf->ex && (x->rights & L4MM_CORE_X);
	leaf->cached = leaf->cached && !x->uncached;
	leaf->dup_shift = 0;
}

/* One page step: its pages, looked up once. */
struct step {
	u32 src_va, dst_va;
	struct l4mm_mdb_node *x;	/* n,v; NULL: the step is a no-op */
	struct l4mm_mdb_node *d;	/* n',v', or NULL */
	struct l4mm_pte_leaf leaf;	/* of n,v */
};

static bool step_look(const struct l4mm_xfer *xf, struct step *s)
{
	s->x = l4mm_node_at(xf->src, s->src_va, NULL, &s->leaf);
	if (!s->x)
		return false;
	s->d = l4mm_node_at(xf->dst, s->dst_va, NULL, NULL);
	return true;
}

/* Whether page @va of @sp is (still) mapped. */
static bool still_mapped(const struct l4mm_space *sp, u32 va)
{
	return sp && l4mm_node_at(sp, va, NULL, NULL);
}

static void report_install(struct l4mm_state *st, struct l4mm_xfer *xf,
			   const struct step *s, const struct l4mm_mdb_node *p)
{
	struct l4mm_event ev = {
		.kind = L4MM_EVENT_INSTALL,
		.space = xf->dst,
		.va = s->dst_va,
		.frame = s->leaf.frame,
		.rights = l4mm_leaf_rights(&s->leaf),
		.src = p ? l4mm_space_by_id(st, l4mm_mdb_id(p)) : NULL,
		.src_va = p ? l4mm_mdb_va(p) : 0,
	};

	st->observer(st->observer_arg, &ev);
}

/* Put a pool node at n',v' with @s's leaf; NULL only on a bug. */
static struct l4mm_mdb_node *install_new(struct l4mm_state *st,
					 struct l4mm_xfer *xf,
					 const struct step *s)
{
	struct l4mm_mdb_node *n = l4mm_xfer_take(xf);
	struct l4mm_pte_ref ref;

	if (!n)
		return NULL;
	if (WARN_ON_ONCE(l4mm_pt_insert(&xf->dst->pt, s->dst_va, 0,
					l4mm_xfer_pa(xf, s->dst_va), &s->leaf,
					n, &ref) != L4MM_PT_INS_NEW)) {
		n->next = xf->pool;
		xf->pool = n;
		xf->pooled++;
		return NULL;
	}
	st->mappings++;
	xf->installed++;
	return n;
}

/*
 * One page step of map, n',v' <= Virtual n v: flush n',v', then, if n,v
 * is still mapped, make n',v' the first child of n,v.
 */
static void map_step(struct l4mm_state *st, struct l4mm_xfer *xf,
		     struct step *s)
{
	struct l4mm_mdb_node *x = s->x, *n;

	if (s->d)
		xf->removed += l4mm_mdb_flush_node(st, s->d);
	if (s->d && !still_mapped(xf->src, s->src_va))
		return;		/* the flush took n,v: x is gone */
	dest_leaf(xf, &s->leaf);
	n = install_new(st, xf, s);
	if (!n)
		return;
	l4mm_mdb_insert_child(x, n, xf->dst->id,
			      s->dst_va >> L4MM_CORE_PAGE_SHIFT);
	if (st->observer)
		report_install(st, xf, s, x);
}

/*
 * Keep-subtree grant: the node of n,v moves to n',v' with its subtree
 * (and its status bits); n,v becomes unmapped.  The grantor's mapping
 * counts as removed, as in paper mode, where its flush removes it: the
 * count is what the state before the operation no longer holds.
 */
static void grant_move(struct l4mm_state *st, struct l4mm_xfer *xf,
		       struct step *s)
{
	u8 before = l4mm_leaf_rights(&s->leaf);
	struct l4mm_pte_ref ref, dref;
	struct l4mm_event ev;

	dest_leaf(xf, &s->leaf);
	l4mm_node_at(xf->src, s->src_va, &ref, NULL);
	if (WARN_ON_ONCE(l4mm_pt_insert(&xf->dst->pt, s->dst_va, 0,
					l4mm_xfer_pa(xf, s->dst_va), &s->leaf,
					s->x, &dref) != L4MM_PT_INS_NEW))
		return;
	/* Inserting never frees a table: ref still names n,v's leaf. */
	l4mm_pt_clear(&xf->src->pt, &ref);
	l4mm_mdb_move(s->x, xf->dst->id, s->dst_va >> L4MM_CORE_PAGE_SHIFT);
	xf->installed++;
	xf->removed++;
	if (l4mm_leaf_rights(&s->leaf) != before)
		l4mm_mdb_narrow_subtree(st, s->x, l4mm_leaf_rights(&s->leaf));
	if (!st->observer)
		return;
	ev = (struct l4mm_event) {
		.kind = L4MM_EVENT_REMOVE,
		.space = xf->src,
		.va = s->src_va,
		.frame = s->leaf.frame,
		.status = l4mm_mdb_status(s->x),
	};
	st->observer(st->observer_arg, &ev);
	report_install(st, xf, s, s->x->parent);
}

/*
 * One page step of grant, n',v' <= (entry of n,v), then flush n,v.  The
 * entry is Virtual P (n,v's parent) or Real r for a tree root; it is
 * still valid after the flush of n',v' unless that flush took P (or
 * n',v' is n,v itself).  In paper mode a new node takes n,v's place
 * (same parent, same depth, inserted just before n,v, whose whole
 * subtree is then flushed); in keep-subtree mode n,v's node itself
 * moves.
 */
static void grant_step(struct l4mm_state *st, struct l4mm_xfer *xf,
		       struct step *s)
{
	struct l4mm_mdb_node *x = s->x, *p = x->parent, *n;
	struct l4mm_space *psp = NULL;
	u32 pva = 0;

	if (p) {
		psp = l4mm_space_by_id(st, l4mm_mdb_id(p));
		pva = l4mm_mdb_va(p);
	}
	if (s->d) {
		xf->removed += l4mm_mdb_flush_node(st, s->d);
		if (s->d == x || (p && !still_mapped(psp, pva)))
			return;	/* m is invalid: the flush took n,v too */
	}
	if (xf->keep) {
		grant_move(st, xf, s);
		return;
	}
	dest_leaf(xf, &s->leaf);
	n = install_new(st, xf, s);
	if (n) {
		l4mm_mdb_insert_before(x, n, xf->dst->id,
				       s->dst_va >> L4MM_CORE_PAGE_SHIFT);
		if (st->observer)
			report_install(st, xf, s, p);
	}
	/* flush n v */
	xf->removed += l4mm_mdb_flush_node(st, x);
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
 * Whether the one page step of a single-page operation installs, judged
 * before it: the flush of n',v' (node d) removes n,v exactly when d is
 * n,v or one of its ancestors (map), or P, n,v's parent, or one of P's
 * ancestors (grant; or d is n,v).  The subtree walk costs what that
 * flush removes anyway.
 */
static bool one_installs(const struct l4mm_xfer *xf, const struct step *s)
{
	const struct l4mm_mdb_node *x = s->x, *d = s->d, *p = x->parent;

	if (!d)
		return true;
	if (!xf->grant)
		return d != x && !l4mm_mdb_in_subtree(d, x);
	return d != x && (!p || (d != p && !l4mm_mdb_in_subtree(d, p)));
}

/* One page: the lookups of the checks serve the step too. */
static int xfer_one(struct l4mm_state *st, struct l4mm_xfer *xf)
{
	struct step s;
	int err;

	step_at(xf, &s, 0);
	if (!step_look(xf, &s))
		return -ENXIO;
	if (one_installs(xf, &s)) {
		if (!xf->grant && l4mm_mdb_depth(s.x) >= st->depth_max)
			return -EMLINK;
		err = l4mm_xfer_alloc(st, xf, s.dst_va);
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
		err = l4mm_xfer_plan(st, xf);
		/* A step is a few walks: its lookups, the install. */
		for (i = 0; !err && i < xf->pages; i++) {
			step_at(xf, &s, i);
			if (step_look(xf, &s)) {
				step_run(st, xf, &s);
				l4mm_state_tick_n(st, 4);
			}
			l4mm_state_tick(st);
		}
	}
	/* The plan sized the pool exactly: nothing may be left over. */
	WARN_ON_ONCE(!err && xf->pooled);
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
	xf.pooled = 0;
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
