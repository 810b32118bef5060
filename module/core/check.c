// SPDX-License-Identifier: GPL-2.0
/*
 * l4mm_state_check(): an O(state) consistency check of every invariant
 * the operations rely on (the page tables' shape and counters, the links
 * between leaves and MDB nodes, the MDB lists, the memory counters), then
 * the theorems and the refinement (check_refine.c).  Linear in the state,
 * with a yield point every L4MM_CORE_RESCHED_EVERY entries or nodes,
 * where it stops with -EINTR if the requester is being killed.
 */
#include "state.h"

struct check {
	const struct l4mm_state *st;
	char *buf;
	size_t len;
	u64 tables;
	u64 table_bytes;
	u64 leaves;		/* leaves of MDB nodes */
	u64 reserved;		/* leaves of reserved pages */
	u64 utcb_frames;	/* UTCB frames they hold */
	u64 nodes;		/* MDB nodes reached from tree roots */
	u32 tick;		/* steps since the last yield point */
	const struct l4mm_space *sp;	/* the space being walked */
};

static int check_tree(struct check *c, const struct l4mm_mdb_node *root);

/* A next entry must hold the address of the table its shadow names. */
static int check_next_addr(struct check *c, const struct l4mm_space *sp,
			   const struct l4mm_pt_table *t, u32 i, u32 va)
{
	const struct l4mm_pt_format *fmt = c->st->ctx.fmt;
	const struct l4mm_pt_table *sub = t->shadow[i];
	u64 want, pte = l4mm_pt_hw_get(fmt, t, i);

	if (!fmt->next_addr)
		return 0;
	want = fmt->next_addr(t->level,
			      fmt->encode_next(t->level,
					       l4mm_env_table_phys(sub->hw)));
	if (fmt->next_addr(t->level, pte) != want)
		return l4mm_check_fail(c->buf, c->len,
			      "space %s (id %u) vaddr 0x%08x level %u: next entry 0x%08llx points to 0x%08llx, its table is at 0x%08llx",
			      sp->name, sp->id, va, t->level,
			      (unsigned long long)pte,
			      (unsigned long long)fmt->next_addr(t->level, pte),
			      (unsigned long long)want);
	return 0;
}

/* A reserved leaf: inside its region, the right frame and rights. */
static int check_reserved(struct check *c, const struct l4mm_space *sp,
			  const void *obj, u64 pte, u32 va)
{
	const struct l4mm_pt_format *fmt = c->st->ctx.fmt;
	const struct l4mm_space_opts *o = &sp->opts;
	struct l4mm_pte_leaf leaf = { };
	bool kip = l4mm_reserved_kind_of(obj) == L4MM_RESERVED_KIP;
	u64 end = (u64)o->utcb_va + (o->utcb_order ? 1ULL << o->utcb_order : 0);

	fmt->decode(pte, 0, &leaf);
	if (kip ? !o->kip || va != o->kip_va : va < o->utcb_va || va >= end)
		return l4mm_check_fail(c->buf, c->len,
			      "space %s (id %u) vaddr 0x%08x: %s page outside its region",
			      sp->name, sp->id, va, kip ? "KIP" : "UTCB");
	if (kip ? leaf.frame != L4MM_CORE_KIP_FRAME :
		  !l4mm_utcb_frame_used(c->st, leaf.frame))
		return l4mm_check_fail(c->buf, c->len,
			      "space %s (id %u) vaddr 0x%08x: %s page holds frame 0x%x, not a kernel frame of its kind",
			      sp->name, sp->id, va, kip ? "KIP" : "UTCB",
			      leaf.frame);
	if (l4mm_leaf_rights(&leaf) != (kip ? L4MM_CORE_R | L4MM_CORE_X :
					     L4MM_CORE_R | L4MM_CORE_W))
		return l4mm_check_fail(c->buf, c->len,
			      "space %s (id %u) vaddr 0x%08x: %s page has rights %u",
			      sp->name, sp->id, va, kip ? "KIP" : "UTCB",
			      l4mm_leaf_rights(&leaf));
	c->reserved++;
	if (!kip)
		c->utcb_frames++;
	return 0;
}

/*
 * One table, before the walk goes below it: its header, then each entry
 * (the walk descends into the tables this found well-formed).
 */
static int check_table(void *arg, struct l4mm_pt_table *t, u64 va64)
{
	struct check *c = arg;
	const struct l4mm_space *sp = c->sp;
	const struct l4mm_pt_format *fmt = c->st->ctx.fmt;
	const struct l4mm_pt_table *parent = t->parent;
	unsigned int level = parent ? parent->level - 1U : fmt->levels - 1;
	u32 i, va, used = 0, n = l4mm_pt_entries(fmt, level);
	u32 index = parent ? t->index : 0, base = (u32)va64;
	u64 pte, inv = fmt->encode_invalid(level);
	const struct l4mm_mdb_node *node;
	int err;

	if (t->level != level || (parent && parent->shadow[index] != t) ||
	    (!parent && t != sp->pt.root) || t->pt != &sp->pt)
		return l4mm_check_fail(c->buf, c->len,
			      "space %s (id %u) table for 0x%08x: expected level %u parent %p index %u owner %p, found level %u parent %p index %u owner %p",
			      sp->name, sp->id, base, level, parent, index,
			      &sp->pt, t->level, t->parent, t->index, t->pt);
	if (t->on_reap)
		return l4mm_check_fail(c->buf, c->len,
			      "space %s (id %u) table for 0x%08x: still on the reap list after an operation",
			      sp->name, sp->id, base);
	if ((unsigned long)t->hw & (fmt->hw_size[level] - 1))
		return l4mm_check_fail(c->buf, c->len,
			      "space %s (id %u) table for 0x%08x: hardware table %p not aligned to %u",
			      sp->name, sp->id, base, t->hw,
			      fmt->hw_size[level]);
	c->tables++;
	c->table_bytes += l4mm_pt_table_bytes(fmt, t);

	for (i = 0; i < n; i++) {
		va = base + (u32)((u64)i << fmt->shift[level]);
		err = l4mm_check_tick(&c->tick);
		if (err)
			return err;
		pte = l4mm_pt_hw_get(fmt, t, i);
		/* The common case of a sparse table, without decoding. */
		if (pte == inv && !t->shadow[i])
			continue;
		/* Beyond l4mm's 4 GiB (a 64-bit format's root): only invalid. */
		if (i > fmt->idx_mask[level])
			return l4mm_check_fail(c->buf, c->len,
				      "space %s (id %u) level %u entry %u: 0x%08llx beyond the 32-bit space",
				      sp->name, sp->id, level, i,
				      (unsigned long long)pte);
		switch (fmt->decode(pte, level, NULL)) {
		case L4MM_PTE_INVALID:
			if (t->shadow[i])
				return l4mm_check_fail(c->buf, c->len,
					      "space %s (id %u) vaddr 0x%08x level %u: invalid entry 0x%08llx with shadow %p, expected NULL",
					      sp->name, sp->id, va, level,
					      (unsigned long long)pte,
					      t->shadow[i]);
			break;
		case L4MM_PTE_NEXT:
			used++;
			if (!level || !t->shadow[i])
				return l4mm_check_fail(c->buf, c->len,
					      "space %s (id %u) vaddr 0x%08x level %u: next entry without a table below",
					      sp->name, sp->id, va, level);
			err = check_next_addr(c, sp, t, i, va);
			if (err)
				return err;
			break;
		case L4MM_PTE_LEAF:
			used++;
			err = l4mm_check_super(c->st, sp, t, i, va, c->buf,
					       c->len);
			if (err)
				return err;
			if (level) {
				/* A superpage: the walk checks its reserve. */
				if (!t->shadow[i])
					return l4mm_check_fail(c->buf, c->len,
						      "space %s (id %u) vaddr 0x%08x level %u: superpage without its reserve table",
						      sp->name, sp->id, va, level);
				break;
			}
			node = t->shadow[i];
			if (!node)
				return l4mm_check_fail(c->buf, c->len,
					      "space %s (id %u) vaddr 0x%08x: leaf without an MDB node",
					      sp->name, sp->id, va);
			if (l4mm_reserved_kind_of(node)) {
				err = check_reserved(c, sp, node, pte, va);
				if (err)
					return err;
				break;
			}
			if (l4mm_mdb_id(node) != sp->id ||
			    l4mm_mdb_vpn(node) != va >> L4MM_CORE_PAGE_SHIFT)
				return l4mm_check_fail(c->buf, c->len,
					      "space %s (id %u) vaddr 0x%08x: node says space %u vaddr 0x%08x",
					      sp->name, sp->id, va,
					      l4mm_mdb_id(node),
					      l4mm_mdb_vpn(node) <<
					      L4MM_CORE_PAGE_SHIFT);
			c->leaves++;
			if (l4mm_mdb_depth(node))
				break;
			/* A tree root: walk its whole list now. */
			if (node->prev)
				return l4mm_check_fail(c->buf, c->len,
					      "space %s (id %u) vaddr 0x%08x: tree root has a predecessor",
					      sp->name, sp->id, va);
			err = check_tree(c, node);
			if (err)
				return err;
			break;
		}
	}
	if (t->used != used)
		return l4mm_check_fail(c->buf, c->len,
			      "space %s (id %u) table for 0x%08x level %u: used count %u, expected %u",
			      sp->name, sp->id, base, level, t->used, used);
	if (!used && parent)
		return l4mm_check_fail(c->buf, c->len,
			      "space %s (id %u) table for 0x%08x level %u: empty table not freed",
			      sp->name, sp->id, base, level);
	return 0;
}

static const struct l4mm_pt_walk_ops check_ops = {
	.table_pre = check_table,
};

static int check_space(struct check *c, const struct l4mm_space *sp, u32 id)
{
	const struct l4mm_state *st = c->st;
	u64 tables = c->tables, leaves = c->leaves, reserved = c->reserved;
	const struct l4mm_space_opts *o = &sp->opts;
	u64 want = (o->kip ? 1 : 0) +
		   (o->utcb_order ? 1ULL << (o->utcb_order - L4MM_CORE_PAGE_SHIFT) : 0);
	int err;

	if (sp->id != id)
		return l4mm_check_fail(c->buf, c->len, "space %s: in id slot %u but has id %u",
			      sp->name, id, sp->id);
	if (!l4mm_name_valid(sp->name) || l4mm_space_find(st, sp->name) != sp)
		return l4mm_check_fail(c->buf, c->len,
			      "space id %u: name '%s' invalid or not found by name",
			      id, sp->name);
	if (!sp->pt.root || sp->pt.ctx != &st->ctx)
		return l4mm_check_fail(c->buf, c->len,
			      "space %s (id %u): no root table or foreign context",
			      sp->name, id);
	c->sp = sp;
	err = l4mm_pt_walk_range(&sp->pt, 0, 1ULL << L4MM_CORE_VA_BITS,
				 &check_ops, c);
	if (err)
		return err;
	if (c->tables - tables != sp->pt.tables)
		return l4mm_check_fail(c->buf, c->len,
			      "space %s (id %u): %llu tables, counter says %u",
			      sp->name, id, c->tables - tables, sp->pt.tables);
	if (c->leaves - leaves + c->reserved - reserved != sp->pt.leaves)
		return l4mm_check_fail(c->buf, c->len,
			      "space %s (id %u): %llu pages mapped, counter says %u",
			      sp->name, id,
			      c->leaves - leaves + c->reserved - reserved,
			      sp->pt.leaves);
	if (c->reserved - reserved != want || sp->reserved != want)
		return l4mm_check_fail(c->buf, c->len,
			      "space %s (id %u): %llu reserved pages, counter says %u, regions say %llu",
			      sp->name, id, c->reserved - reserved,
			      sp->reserved, want);
	return 0;
}

/* Walk one tree's list from its root. */
static int check_tree(struct check *c, const struct l4mm_mdb_node *root)
{
	const struct l4mm_state *st = c->st;
	const struct l4mm_mdb_node *n, *prev = NULL;
	struct l4mm_pte_leaf leaf;
	const struct l4mm_space *sp;
	u32 frame = 0, va;

	int err;

	for (n = root; n; prev = n, n = n->next) {
		err = l4mm_check_tick(&c->tick);
		if (err)
			return err;
		sp = l4mm_space_by_id(st, l4mm_mdb_id(n));
		va = l4mm_mdb_vpn(n) << L4MM_CORE_PAGE_SHIFT;
		/* The counter bounds the walk; it is verified later. */
		if (++c->nodes > c->st->mappings)
			return l4mm_check_fail(c->buf, c->len,
				      "MDB: more list nodes than leaves (loop?) at space %u vaddr 0x%08x",
				      l4mm_mdb_id(n), va);
		if (n->prev != prev)
			return l4mm_check_fail(c->buf, c->len,
				      "MDB: space %u vaddr 0x%08x: prev %p, expected %p",
				      l4mm_mdb_id(n), va, n->prev, prev);
		if (prev && (l4mm_mdb_depth(n) < 1 ||
			     l4mm_mdb_depth(n) > l4mm_mdb_depth(prev) + 1))
			return l4mm_check_fail(c->buf, c->len,
				      "MDB: space %u vaddr 0x%08x: depth %u after depth %u, expected 1..%u",
				      l4mm_mdb_id(n), va, l4mm_mdb_depth(n),
				      l4mm_mdb_depth(prev),
				      l4mm_mdb_depth(prev) + 1);
		if (!sp || l4mm_node_at(sp, va, NULL, &leaf) != n)
			return l4mm_check_fail(c->buf, c->len,
				      "MDB: space %u vaddr 0x%08x: no leaf there linking back to the node",
				      l4mm_mdb_id(n), va);
		/* r is the right to have the mapping (extensions.md 2). */
		if (!leaf.rd)
			return l4mm_check_fail(c->buf, c->len,
				      "space %s (id %u) vaddr 0x%08x: rights %u lack r",
				      sp->name, sp->id, va,
				      l4mm_leaf_rights(&leaf));
		if (!prev)
			frame = leaf.frame;
		else if (leaf.frame != frame)
			return l4mm_check_fail(c->buf, c->len,
				      "space %s (id %u) vaddr 0x%08x: frame 0x%x, expected the root's 0x%x",
				      sp->name, sp->id, va, leaf.frame, frame);
	}
	return 0;
}

/**
 * l4mm_state_check() - verify every invariant of @st
 * @st: the state
 * @buf: receives a description of the first violation (may be NULL)
 * @len: size of @buf
 *
 * Return: 0 if consistent, -EUCLEAN otherwise, -EINTR if stopped.
 */
int l4mm_state_check(const struct l4mm_state *st, char *buf, size_t len)
{
	struct check c = { .st = st, .buf = buf, .len = len };
	const struct l4mm_space *sp;
	u32 id, nspaces = 0, hashed = 0;
	int err;

	if (buf && len)
		buf[0] = '\0';
	if (st->ctx.reap)
		return l4mm_check_fail(c.buf, c.len, "reap list not empty between operations");
	for (id = 0; id < L4MM_NAME_HASH_SIZE; id++)
		for (sp = st->hash[id]; sp; sp = sp->hash_next)
			if (++hashed > st->nspaces)
				return l4mm_check_fail(c.buf, c.len,
					      "name hash holds more than %u spaces",
					      st->nspaces);
	for (id = 0; id < st->spaces_cap; id++) {
		sp = st->spaces[id];
		if (!sp)
			continue;
		nspaces++;
		err = check_space(&c, sp, id);
		if (err)
			return err;
	}
	if (nspaces != st->nspaces || hashed != nspaces)
		return l4mm_check_fail(c.buf, c.len,
			      "%u spaces in the id table, %u hashed, counter says %u",
			      nspaces, hashed, st->nspaces);
	if (c.tables != st->ctx.tables ||
	    c.table_bytes != st->mem.table_bytes)
		return l4mm_check_fail(c.buf, c.len,
			      "%llu tables / %llu bytes found, counters say %llu / %llu",
			      c.tables, c.table_bytes, st->ctx.tables,
			      st->mem.table_bytes);
	if (l4mm_mem_nodes(&st->mem) != st->mappings)
		return l4mm_check_fail(c.buf, c.len,
			      "%llu MDB nodes allocated between operations, %llu mappings",
			      l4mm_mem_nodes(&st->mem), st->mappings);
	if (c.leaves != st->mappings)
		return l4mm_check_fail(c.buf, c.len,
			      "%llu leaves found, mapping counter says %llu",
			      c.leaves, st->mappings);
	if (c.utcb_frames != st->utcb_used)
		return l4mm_check_fail(c.buf, c.len,
			      "%llu UTCB pages found, %u UTCB frames in use",
			      c.utcb_frames, st->utcb_used);
	if (c.nodes != c.leaves)
		return l4mm_check_fail(c.buf, c.len,
			      "MDB: %llu nodes reachable from tree roots, expected %llu (one per leaf)",
			      c.nodes, c.leaves);
	/* The structure holds: now the theorems and the refinement. */
	return l4mm_check_refinement(st, buf, len);
}

/**
 * l4mm_check_space_tables() - the structural check of one space's tables
 * @st: the state
 * @sp: the space
 * @buf: receives a description of the first violation (may be NULL)
 * @len: size of @buf
 *
 * Shape, tags, leaf <-> node links and the space's counters; the MDB
 * trees met on the way are walked too.  Global counters are not checked.
 *
 * Return: 0 or -EUCLEAN.
 */
int l4mm_check_space_tables(const struct l4mm_state *st,
			    const struct l4mm_space *sp, char *buf, size_t len)
{
	struct check c = { .st = st, .buf = buf, .len = len };

	return check_space(&c, sp, sp->id);
}

/**
 * l4mm_space_check() - check one space and the chains of its pages
 * @st: the state
 * @sp: the space
 * @buf: receives the first violation (may be NULL)
 * @len: size of @buf
 *
 * The page table of @sp (shape, tags, leaf <-> node links, counters) and,
 * for each of its mapped pages, facts 1-3 of check_refine.c with its
 * direct source.  The chains of Virtual steps leave the space, so the
 * theorems about them need every node's facts: the whole state's
 * refinement check runs last.  O(state), not O(chains x length): no
 * chain is followed twice.
 *
 * Return: 0, -EUCLEAN or -EINTR (stopped).
 */
int l4mm_space_check(const struct l4mm_state *st, const struct l4mm_space *sp,
		     char *buf, size_t len)
{
	int err;

	if (buf && len)
		buf[0] = '\0';
	err = l4mm_check_space_tables(st, sp, buf, len);
	if (!err)
		err = l4mm_check_space_steps(st, sp, buf, len);
	if (!err)
		err = l4mm_check_refinement(st, buf, len);
	return err;
}
