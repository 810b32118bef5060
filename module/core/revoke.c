// SPDX-License-Identifier: GPL-2.0
/*
 * unmap, flush and status of flexpages (docs/extensions.md sections 1-3):
 * page by page in ascending order, each page taking rights away from
 * everything derived from it (and, for flush, from itself), and reading
 * and clearing the status bits of all of those.  Nothing here allocates:
 * these operations cannot fail on a valid space and fpage.
 */
#include "state.h"

enum revoke_kind {
	REVOKE_UNMAP,
	REVOKE_FLUSH,
	REVOKE_STATUS,
};

struct revoke {
	enum revoke_kind kind;
	u8 rights;		/* to take away; contains R: remove */
	u8 status;		/* OR of the bits read */
	bool changed;		/* bits cleared or leaves narrowed */
	u32 removed;
};

/*
 * One page n,v with node @x: read and clear the status of @x and its
 * subtree, narrow their leaves or remove them.  The subtree is the run
 * of nodes after @x that are deeper.  Removal collects the bits of the
 * nodes it frees itself (drop_node()), so that unmap stays one pass.
 */
static void revoke_node(struct l4mm_state *st, struct revoke *rv,
			struct l4mm_mdb_node *x)
{
	u32 d = l4mm_mdb_depth(x), s = l4mm_mdb_status(x);
	struct l4mm_mdb_node *n = x;

	if (s) {
		rv->status |= s;
		l4mm_mdb_clear_status(x);
		rv->changed = true;
	}
	if (rv->kind != REVOKE_STATUS && (rv->rights & L4MM_CORE_R)) {
		st->removed_status = 0;
		if (rv->kind == REVOKE_FLUSH)
			rv->removed += l4mm_mdb_flush_node(st, x);
		else
			rv->removed += l4mm_mdb_unmap_node(st, x);
		rv->status |= st->removed_status;
		return;
	}
	if (rv->kind == REVOKE_FLUSH && l4mm_mdb_narrow(st, x, rv->rights))
		rv->changed = true;
	for (n = x->next; n && l4mm_mdb_depth(n) > d; n = n->next) {
		s = l4mm_mdb_status(n);
		if (s) {
			rv->status |= s;
			l4mm_mdb_clear_status(n);
			rv->changed = true;
		}
		if (rv->kind != REVOKE_STATUS &&
		    l4mm_mdb_narrow(st, n, rv->rights))
			rv->changed = true;
		l4mm_state_tick(st);
	}
}

static void revoke_end(struct l4mm_state *st, const struct revoke *rv,
		       struct l4mm_op_result *res)
{
	l4mm_op_end(st, rv->removed || rv->changed);
	if (res) {
		res->removed = rv->removed;
		res->installed = false;
		res->pages = 0;
		res->status = rv->status;
	}
}

struct revoke_walk {
	struct l4mm_state *st;
	struct revoke *rv;
	u32 mapped;		/* pages of the fpage with a node */
};

static int revoke_leaf(void *arg, u32 va __always_unused, const struct l4mm_pte_ref *ref)
{
	struct revoke_walk *w = arg;
	void *obj = l4mm_pt_obj(ref);

	if (l4mm_reserved_kind_of(obj))
		return 0;
	w->mapped++;
	revoke_node(w->st, w->rv, obj);
	return 0;
}

/*
 * Page by page in ascending order, over the pages of the fpage that are
 * mapped: the walk visits only the tables that exist, so an fpage of
 * 2^20 empty pages costs its few tables, not 2^20 lookups.
 */
static int revoke_fpage(struct l4mm_state *st, struct l4mm_space *sp,
			u32 va, u8 order, struct revoke *rv,
			struct l4mm_op_result *res)
{
	struct revoke_walk w = { .st = st, .rv = rv };

	if (!l4mm_fpage_valid(va, order))
		return -EINVAL;
	if (rv->kind != REVOKE_STATUS &&
	    (!rv->rights || (rv->rights & ~L4MM_CORE_RWX)))
		return -EINVAL;
	if (sp->reserved && l4mm_reserved_overlaps(sp, va, 1ULL << order))
		return -EPERM;
	l4mm_pt_walk(&sp->pt, va, (u64)va + (1ULL << order), revoke_leaf, &w);
	if (rv->kind == REVOKE_STATUS && !w.mapped)
		return -ENXIO;	/* nothing to read: as lookup, an error */
	revoke_end(st, rv, res);
	return 0;
}

/* unmap/flush of one page with all rights: the paper's operations. */
static int revoke_page(struct l4mm_state *st, struct l4mm_space *sp,
		       u32 va, struct revoke *rv, struct l4mm_op_result *res)
{
	struct l4mm_mdb_node *x;

	if (va & (L4MM_CORE_PAGE_SIZE - 1))
		return -EINVAL;
	if (sp->reserved &&
	    l4mm_reserved_overlaps(sp, va, L4MM_CORE_PAGE_SIZE))
		return -EPERM;
	x = l4mm_node_at(sp, va, NULL, NULL);
	if (x)
		revoke_node(st, rv, x);
	revoke_end(st, rv, res);
	return 0;
}

/**
 * l4mm_unmap_fpage() - take rights from everything derived from an fpage
 * @st: the state
 * @sp: the space
 * @va: fpage base
 * @order: fpage order
 * @rights: the rights to revoke, non-zero; with r the derived mappings
 *	are removed (the paper's unmap), without it only narrowed
 * @res: receives removed and the OR of the status bits (may be NULL)
 *
 * Return: 0, -EINVAL (fpage or rights) or -EPERM (reserved page).
 */
int l4mm_unmap_fpage(struct l4mm_state *st, struct l4mm_space *sp, u32 va,
		     u8 order, u8 rights, struct l4mm_op_result *res)
{
	struct revoke rv = { .kind = REVOKE_UNMAP, .rights = rights };

	return revoke_fpage(st, sp, va, order, &rv, res);
}

/**
 * l4mm_flush_fpage() - unmap_fpage, and the fpage's own mappings too
 * @st: the state
 * @sp: the space
 * @va: fpage base
 * @order: fpage order
 * @rights: as for l4mm_unmap_fpage()
 * @res: receives removed and the OR of the status bits (may be NULL)
 *
 * Return: 0, -EINVAL or -EPERM.
 */
int l4mm_flush_fpage(struct l4mm_state *st, struct l4mm_space *sp, u32 va,
		     u8 order, u8 rights, struct l4mm_op_result *res)
{
	struct revoke rv = { .kind = REVOKE_FLUSH, .rights = rights };

	return revoke_fpage(st, sp, va, order, &rv, res);
}

/**
 * l4mm_status_fpage() - read and clear the status bits of an fpage
 * @st: the state
 * @sp: the space
 * @va: fpage base
 * @order: fpage order
 * @res: receives the OR of the bits of the fpage's mappings and all
 *	mappings derived from them (may be NULL)
 *
 * Return: 0, -EINVAL, -EPERM, or -ENXIO if no page of the fpage is
 * mapped (nothing changed then).
 */
int l4mm_status_fpage(struct l4mm_state *st, struct l4mm_space *sp, u32 va,
		      u8 order, struct l4mm_op_result *res)
{
	struct revoke rv = { .kind = REVOKE_STATUS };

	return revoke_fpage(st, sp, va, order, &rv, res);
}

/**
 * l4mm_unmap() - remove every mapping derived from n,v; n,v stays
 * @st: the state
 * @sp: n
 * @va: v
 * @res: receives the number removed and the status bits (may be NULL)
 *
 * Return: 0 (an unmapped n,v is a no-op), -EINVAL if misaligned, -EPERM
 * for a reserved page.
 */
int l4mm_unmap(struct l4mm_state *st, struct l4mm_space *sp, u32 va,
	       struct l4mm_op_result *res)
{
	struct revoke rv = { .kind = REVOKE_UNMAP, .rights = L4MM_CORE_RWX };

	return revoke_page(st, sp, va, &rv, res);
}

/**
 * l4mm_flush() - unmap n,v, then remove n,v itself
 * @st: the state
 * @sp: n
 * @va: v
 * @res: receives the number removed and the status bits (may be NULL)
 *
 * Return: 0 (an unmapped n,v is a no-op), -EINVAL if misaligned, -EPERM
 * for a reserved page.
 */
int l4mm_flush(struct l4mm_state *st, struct l4mm_space *sp, u32 va,
	       struct l4mm_op_result *res)
{
	struct revoke rv = { .kind = REVOKE_FLUSH, .rights = L4MM_CORE_RWX };

	return revoke_page(st, sp, va, &rv, res);
}
