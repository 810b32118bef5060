// SPDX-License-Identifier: GPL-2.0
/*
 * map, grant, unmap, flush and lookup on top of the MDB and the page
 * tables.  Every mutating operation follows the same shape:
 *
 *   1. read-only checks (source mapped, depth limit, what will happen);
 *   2. allocate everything that may be needed (node, missing tables);
 *   3. mutate; nothing in this step can fail;
 *   4. release unused preallocations, reap empty tables, bump counters.
 *
 * so that an error leaves the state exactly as it was.
 */
#include "state.h"

static bool va_ok(u32 va)
{
	return !(va & (L4MM_CORE_PAGE_SIZE - 1));
}

/**
 * l4mm_node_at() - the MDB node of a mapped page
 * @sp: the space
 * @va: page address
 * @ref: receives the leaf entry (may be NULL)
 * @leaf: receives the leaf's fields (may be NULL)
 *
 * Return: the node, or NULL if @va is not mapped in @sp.
 */
struct l4mm_mdb_node *l4mm_node_at(const struct l4mm_space *sp, u32 va,
				   struct l4mm_pte_ref *ref,
				   struct l4mm_pte_leaf *leaf)
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

static void set_result(struct l4mm_op_result *res, u32 removed,
		       bool installed)
{
	if (res) {
		res->removed = removed;
		res->installed = installed;
	}
}

/* Allocate a node and the destination's missing tables. */
static int prealloc(struct l4mm_space *dst, u32 va,
		    struct l4mm_mdb_node **node, struct l4mm_pt_prealloc *pa)
{
	*node = l4mm_env_node_alloc();
	if (!*node)
		return -ENOMEM;
	if (l4mm_pt_prepare(&dst->pt, va, 0, pa)) {
		l4mm_env_node_free(*node);
		*node = NULL;
		return -ENOMEM;
	}
	return 0;
}

/* Put the preallocated leaf in place; cannot fail after a prealloc(). */
static bool install_leaf(struct l4mm_state *st, struct l4mm_space *dst,
			 u32 va, struct l4mm_pt_prealloc *pa,
			 const struct l4mm_pte_leaf *leaf,
			 struct l4mm_mdb_node *n)
{
	struct l4mm_pte_ref ref;

	if (WARN_ON_ONCE(l4mm_pt_insert(&dst->pt, va, 0, pa, leaf, n, &ref) !=
			 L4MM_PT_INS_NEW))
		return false;
	st->mappings++;
	return true;
}

/*
 * Common tail of map and grant: give back the node and tables that were
 * allocated up front but not used, then finish the operation.
 */
static void map_grant_end(struct l4mm_state *st, struct l4mm_mdb_node *unused,
			  struct l4mm_pt_prealloc *pa, u32 removed,
			  bool installed, struct l4mm_op_result *res)
{
	if (unused)
		l4mm_env_node_free(unused);
	l4mm_pt_prealloc_release(&st->ctx, pa);
	l4mm_op_end(st, removed || installed);
	set_result(res, removed, installed);
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
 * Flushes n',v', then, if n,v is still mapped, makes n',v' the first
 * child of n,v.  The destination's flush removes n,v exactly when n',v'
 * is n,v or one of its ancestors; that is decided up front (at the cost
 * of a scan of n',v''s subtree, which the flush pays anyway) so that
 * nothing is allocated or refused for a mapping that will not go in.
 *
 * Return: 0, -EINVAL (misaligned), -ENXIO (n,v unmapped), -EMLINK (depth
 * limit) or -ENOMEM; on error nothing changed.
 */
int l4mm_map(struct l4mm_state *st, struct l4mm_space *src, u32 src_va,
	     struct l4mm_space *dst, u32 dst_va, struct l4mm_op_result *res)
{
	struct l4mm_pt_prealloc pa = { };
	struct l4mm_mdb_node *x, *d, *n = NULL;
	struct l4mm_pte_leaf leaf;
	bool install, installed = false;
	u32 removed = 0;
	int err;

	if (!va_ok(src_va) || !va_ok(dst_va))
		return -EINVAL;
	x = l4mm_node_at(src, src_va, NULL, &leaf);
	if (!x)
		return -ENXIO;
	d = l4mm_node_at(dst, dst_va, NULL, NULL);
	install = !d || (d != x && !l4mm_mdb_in_subtree(d, x));
	if (install) {
		if (l4mm_mdb_depth(x) >= st->depth_max)
			return -EMLINK;
		err = prealloc(dst, dst_va, &n, &pa);
		if (err)
			return err;
	}

	if (d)
		removed = l4mm_mdb_flush_node(st, d);
	/* s0 |- Virtual n v: the source survived iff we said so above. */
	WARN_ON_ONCE(install != !!l4mm_node_at(src, src_va, NULL, NULL));
	if (install && install_leaf(st, dst, dst_va, &pa, &leaf, n)) {
		l4mm_mdb_insert_child(x, n, dst->id,
				      dst_va >> L4MM_CORE_PAGE_SHIFT);
		n = NULL;
		installed = true;
	}

	map_grant_end(st, n, &pa, removed, installed, res);
	return 0;
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
 * The entry m of n,v is Virtual p (the MDB parent P of n,v) or Real r
 * when n,v is a tree root.  After the destination's flush, m is still
 * valid unless n',v' is n,v itself, P, or an ancestor of P (decided up
 * front).  The new node takes n,v's place: same parent, same depth,
 * inserted just before n,v, whose whole subtree is then flushed.
 * Finding P scans backwards over earlier siblings' subtrees.
 *
 * Return: 0, -EINVAL (misaligned), -ENXIO (n,v unmapped) or -ENOMEM; on
 * error nothing changed.
 */
int l4mm_grant(struct l4mm_state *st, struct l4mm_space *src, u32 src_va,
	       struct l4mm_space *dst, u32 dst_va, struct l4mm_op_result *res)
{
	struct l4mm_pt_prealloc pa = { };
	struct l4mm_mdb_node *x, *d, *p, *n = NULL;
	struct l4mm_pte_leaf leaf;
	bool install, installed = false;
	u32 removed = 0;
	int err;

	if (!va_ok(src_va) || !va_ok(dst_va))
		return -EINVAL;
	x = l4mm_node_at(src, src_va, NULL, &leaf);
	if (!x)
		return -ENXIO;
	d = l4mm_node_at(dst, dst_va, NULL, NULL);
	p = l4mm_mdb_parent(x);
	if (d == x)
		install = false;	/* grant to itself = flush */
	else
		install = !d || !p || (d != p && !l4mm_mdb_in_subtree(d, p));
	if (install) {
		err = prealloc(dst, dst_va, &n, &pa);
		if (err)
			return err;
	}

	if (d)
		removed = l4mm_mdb_flush_node(st, d);
	if (install) {
		/* m is valid, hence n,v (below P, or the root) survived. */
		if (!WARN_ON_ONCE(l4mm_node_at(src, src_va, NULL, NULL) != x) &&
		    install_leaf(st, dst, dst_va, &pa, &leaf, n)) {
			l4mm_mdb_insert_before(x, n, dst->id,
					       dst_va >> L4MM_CORE_PAGE_SHIFT);
			n = NULL;
			installed = true;
		}
	}
	/* flush n v; a no-op when the destination's flush took it. */
	x = l4mm_node_at(src, src_va, NULL, NULL);
	if (x)
		removed += l4mm_mdb_flush_node(st, x);

	map_grant_end(st, n, &pa, removed, installed, res);
	return 0;
}

/**
 * l4mm_unmap() - remove every mapping derived from n,v; n,v stays
 * @st: the state
 * @sp: n
 * @va: v
 * @res: receives the number removed (may be NULL)
 *
 * Return: 0 (an unmapped n,v is a no-op), -EINVAL if misaligned.
 */
int l4mm_unmap(struct l4mm_state *st, struct l4mm_space *sp, u32 va,
	       struct l4mm_op_result *res)
{
	struct l4mm_mdb_node *x;
	u32 removed = 0;

	if (!va_ok(va))
		return -EINVAL;
	x = l4mm_node_at(sp, va, NULL, NULL);
	if (x)
		removed = l4mm_mdb_unmap_node(st, x);
	l4mm_op_end(st, removed);
	set_result(res, removed, false);
	return 0;
}

/**
 * l4mm_flush() - unmap n,v, then remove n,v itself
 * @st: the state
 * @sp: n
 * @va: v
 * @res: receives the number removed (may be NULL)
 *
 * Return: 0 (an unmapped n,v is a no-op), -EINVAL if misaligned.
 */
int l4mm_flush(struct l4mm_state *st, struct l4mm_space *sp, u32 va,
	       struct l4mm_op_result *res)
{
	struct l4mm_mdb_node *x;
	u32 removed = 0;

	if (!va_ok(va))
		return -EINVAL;
	x = l4mm_node_at(sp, va, NULL, NULL);
	if (x)
		removed = l4mm_mdb_flush_node(st, x);
	l4mm_op_end(st, removed);
	set_result(res, removed, false);
	return 0;
}

static void fill_info(const struct l4mm_state *st, u32 va,
		      const struct l4mm_mdb_node *x,
		      const struct l4mm_pte_leaf *leaf,
		      struct l4mm_mapping_info *out)
{
	const struct l4mm_mdb_node *p = l4mm_mdb_parent(x);

	out->vaddr = va;
	out->frame = leaf->frame;
	out->depth = l4mm_mdb_depth(x);
	out->is_real = !p;
	out->src = p ? l4mm_space_by_id(st, l4mm_mdb_id(p)) : NULL;
	out->src_vaddr = p ? l4mm_mdb_vpn(p) << L4MM_CORE_PAGE_SHIFT : 0;
	out->rd = leaf->rd;
	out->wr = leaf->wr;
	out->ex = leaf->ex;
	out->cached = leaf->cached;
}

/**
 * l4mm_lookup() - translate n,v
 * @st: the state
 * @sp: n
 * @va: v
 * @out: filled if mapped
 *
 * The frame comes from the leaf (one page-table walk); only the source
 * (the MDB parent) costs a backward scan over earlier siblings.
 *
 * Return: 0, -ENOENT if unmapped, -EINVAL if misaligned.
 */
int l4mm_lookup(const struct l4mm_state *st, const struct l4mm_space *sp,
		u32 va, struct l4mm_mapping_info *out)
{
	struct l4mm_pte_leaf leaf;
	struct l4mm_mdb_node *x;

	if (!va_ok(va))
		return -EINVAL;
	x = l4mm_node_at(sp, va, NULL, &leaf);
	if (!x)
		return -ENOENT;
	fill_info(st, va, x, &leaf, out);
	return 0;
}

/**
 * l4mm_space_next_mapping() - the first mapped page of @sp at >= @from
 * @st: the state
 * @sp: the space
 * @from: start address (2^32 and above: nothing)
 * @out: filled if found
 *
 * Return: 0 or -ENOENT.
 */
int l4mm_space_next_mapping(const struct l4mm_state *st,
			    const struct l4mm_space *sp, u64 from,
			    struct l4mm_mapping_info *out)
{
	struct l4mm_pte_leaf leaf;
	struct l4mm_pte_ref ref;
	u32 va;

	if (!l4mm_pt_next_leaf(&sp->pt, from, &va, &ref))
		return -ENOENT;
	l4mm_pt_decode(&sp->pt, &ref, &leaf);
	fill_info(st, va, l4mm_pt_obj(&ref), &leaf, out);
	return 0;
}
