// SPDX-License-Identifier: GPL-2.0
/*
 * What a caller learns about mapped pages: lookup, ordered iteration for
 * dumps, and the simulated access that sets status bits
 * (docs/extensions.md section 3).  Each is one page-table walk: the
 * frame is in the leaf and the source one pointer away in the node.
 */
#include "state.h"

/*
 * fill_info() - describe one leaf
 * @st: the state
 * @va: the page address
 * @obj: the leaf's shadow object (MDB node or reserved sentinel)
 * @leaf: the leaf's fields
 * @shift: log2 of the size of the hardware entry (l4mm_pt_page_shift())
 * @out: filled
 *
 * The source is the MDB parent, one pointer away.  A reserved page has
 * no node: depth 0, no source, not Real, no status, and its kind.
 * Inline: lookup is the hottest reader.
 */
static inline void fill_info(const struct l4mm_state *st, u32 va,
			     const void *obj, const struct l4mm_pte_leaf *leaf,
			     unsigned int shift,
			     struct l4mm_mapping_info *out)
{
	enum l4mm_reserved_kind kind = l4mm_reserved_kind_of(obj);
	const struct l4mm_mdb_node *x = kind ? NULL : obj;
	const struct l4mm_mdb_node *p = x ? l4mm_mdb_parent(x) : NULL;

	out->vaddr = va;
	out->frame = leaf->frame;
	out->depth = x ? l4mm_mdb_depth(x) : 0;
	out->is_real = x && !p;
	out->src = p ? l4mm_space_by_id(st, l4mm_mdb_id(p)) : NULL;
	out->src_vaddr = p ? l4mm_mdb_va(p) : 0;
	out->rd = leaf->rd;
	out->wr = leaf->wr;
	out->ex = leaf->ex;
	out->cached = leaf->cached;
	out->rights = l4mm_leaf_rights(leaf);
	out->status = x ? l4mm_mdb_status(x) : 0;
	out->page_shift = shift;
	out->reserved = kind;
	/* The subtree is the deeper run after the node (mdb.c). */
	out->derived = x && x->next &&
		       l4mm_mdb_depth(x->next) > l4mm_mdb_depth(x);
}

/**
 * l4mm_lookup() - translate n,v
 * @st: the state
 * @sp: n
 * @va: v
 * @out: filled if mapped
 *
 * The frame comes from the leaf (one page-table walk), whatever the
 * length of the chain.
 *
 * Return: 0, -ENOENT if unmapped, -EINVAL if misaligned.
 */
int l4mm_lookup(const struct l4mm_state *st, const struct l4mm_space *sp,
		u32 va, struct l4mm_mapping_info *out)
{
	struct l4mm_pte_leaf leaf;
	struct l4mm_pte_ref ref;
	void *obj;

	if (va & (L4MM_CORE_PAGE_SIZE - 1))
		return -EINVAL;
	obj = l4mm_leaf_at(sp, va, &ref, &leaf);
	if (!obj)
		return -ENOENT;
	fill_info(st, va, obj, &leaf, ref.shift, out);
	return 0;
}

/**
 * l4mm_space_next_mapping() - the first mapped page of @sp at >= @from
 * @st: the state
 * @sp: the space
 * @from: start address (2^32 and above: nothing)
 * @out: filled if found; reserved pages are reported with their kind
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
	fill_info(st, va, l4mm_pt_obj(&ref), &leaf,
		  l4mm_pt_page_shift(&sp->pt, &ref), out);
	return 0;
}

static bool leaf_allows(const struct l4mm_pte_leaf *leaf, u8 access)
{
	switch (access) {
	case L4MM_CORE_R:
		return leaf->rd;
	case L4MM_CORE_W:
		return leaf->wr;
	default:
		return leaf->ex;
	}
}

/**
 * l4mm_access() - a simulated access through the page tables
 * @st: the state
 * @sp: the space
 * @va: any byte address
 * @access: L4MM_CORE_R, _W or _X (a read, a write, an execute)
 * @out: filled on success (the page, its frame, rights, status after)
 *
 * Like the MMU: no translation is a fault, a translation without the
 * right is a permission fault.  Otherwise the access's status bit is set
 * on the mapping's node; a reserved page records none.
 *
 * Return: 0, -EINVAL (access), -EFAULT (unmapped) or -EACCES (no right).
 */
int l4mm_access(struct l4mm_state *st, struct l4mm_space *sp, u32 va,
		u8 access, struct l4mm_mapping_info *out)
{
	u32 page = va & ~(L4MM_CORE_PAGE_SIZE - 1);
	struct l4mm_pte_leaf leaf;
	struct l4mm_mdb_node *x;
	struct l4mm_pte_ref ref;
	bool changed = false;
	void *obj;

	if (access != L4MM_CORE_R && access != L4MM_CORE_W &&
	    access != L4MM_CORE_X)
		return -EINVAL;
	obj = l4mm_leaf_at(sp, page, &ref, &leaf);
	if (!obj)
		return -EFAULT;
	if (!leaf_allows(&leaf, access))
		return -EACCES;
	if (!l4mm_reserved_kind_of(obj)) {
		x = obj;
		changed = !(l4mm_mdb_status(x) & access);
		l4mm_mdb_set_status(x, access);
	}
	if (out)
		fill_info(st, page, obj, &leaf, ref.shift, out);
	l4mm_op_end(st, changed);
	return 0;
}
