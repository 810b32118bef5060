// SPDX-License-Identifier: GPL-2.0
/*
 * Address spaces: names, ids, creation (with the reserved regions) and
 * destruction.
 */
#include "state.h"

static bool name_char_ok(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
}

/**
 * l4mm_name_valid() - whether @name is a valid space name
 * @name: NUL-terminated string, or NULL
 *
 * Return: true for 1..15 characters of [A-Za-z0-9_.-].
 */
bool l4mm_name_valid(const char *name)
{
	size_t i;

	if (!name)
		return false;
	for (i = 0; name[i]; i++)
		if (i >= L4MM_CORE_NAME_MAX || !name_char_ok(name[i]))
			return false;
	return i > 0;
}

static u32 name_hash(const char *name)
{
	u32 h = 2166136261U;	/* FNV-1a */

	while (*name)
		h = (h ^ (u8)*name++) * 16777619U;
	return h % L4MM_NAME_HASH_SIZE;
}

/**
 * l4mm_space_find() - the space called @name
 * @st: the state
 * @name: the name (need not be valid)
 *
 * Return: the space or NULL.
 */
struct l4mm_space *l4mm_space_find(const struct l4mm_state *st,
				   const char *name)
{
	struct l4mm_space *sp;

	if (!l4mm_name_valid(name))
		return NULL;
	for (sp = st->hash[name_hash(name)]; sp; sp = sp->hash_next)
		if (!strcmp(sp->name, name))
			return sp;
	return NULL;
}

/**
 * l4mm_space_next() - the space with the smallest id >= @id
 * @st: the state
 * @id: where to start
 *
 * Return: the space or NULL.  Iterating all spaces is O(capacity).
 */
struct l4mm_space *l4mm_space_next(const struct l4mm_state *st, u32 id)
{
	for (; id < st->spaces_cap; id++)
		if (st->spaces[id])
			return st->spaces[id];
	return NULL;
}

/**
 * l4mm_space_name() - name of a space
 * @sp: the space
 *
 * Return: the NUL-terminated name, valid while the space lives.
 */
const char *l4mm_space_name(const struct l4mm_space *sp)
{
	return sp->name;
}

/**
 * l4mm_space_id() - numeric id of a space
 * @sp: the space
 *
 * Return: the id, 0..65534.
 */
u32 l4mm_space_id(const struct l4mm_space *sp)
{
	return sp->id;
}

/**
 * l4mm_space_pages() - mapped pages of a space
 * @sp: the space
 *
 * Reserved pages (KIP, UTCB) count: they are translations of the space
 * and the dump lists them; the state's mapping counter does not count
 * them (they are not MDB nodes).
 *
 * Return: the number of leaves of the space, reserved ones included.
 */
u32 l4mm_space_pages(const struct l4mm_space *sp)
{
	return sp->pt.leaves;
}

/**
 * l4mm_space_tables() - page-table nodes of a space
 * @sp: the space
 *
 * Return: the number of tables, all levels, root included.
 */
u32 l4mm_space_tables(const struct l4mm_space *sp)
{
	return sp->pt.tables;
}

/**
 * l4mm_space_hw_table() - the hardware root table of a space
 * @sp: the space
 *
 * Return: the root table's hardware entries.
 */
void *l4mm_space_hw_table(const struct l4mm_space *sp)
{
	return sp->pt.root->hw;
}

/*
 * Allocate and initialise a space and, if the id table is full, a bigger
 * id table; link nothing.  On success *grown is the new table (or NULL).
 */
static int space_prepare(struct l4mm_state *st, const char *name,
			 struct l4mm_space **out, struct l4mm_space ***grown,
			 u32 *grown_cap, u32 *id_out)
{
	struct l4mm_space **arr = NULL;
	size_t len = strlen(name);
	struct l4mm_space *sp;
	u32 id, cap = 0;
	int err;

	if (st->mem.lim.max_spaces && st->nspaces >= st->mem.lim.max_spaces) {
		st->mem.hit = L4MM_LIMIT_SPACES;
		return -ENOSPC;
	}
	for (id = 0; id < st->spaces_cap; id++)
		if (!st->spaces[id])
			break;
	if (id >= L4MM_CORE_MAX_SPACES)
		return -ENOSPC;
	if (id >= st->spaces_cap) {
		cap = st->spaces_cap ? st->spaces_cap * 2 : L4MM_SPACES_MIN_CAP;
		if (cap > L4MM_CORE_MAX_SPACES)
			cap = L4MM_CORE_MAX_SPACES;
		arr = l4mm_mem_zalloc(&st->mem, cap * sizeof(*arr), NULL, &err);
		if (!arr)
			return err;
	}
	sp = l4mm_mem_zalloc(&st->mem, sizeof(*sp), NULL, &err);
	if (!sp)
		goto err_arr;
	err = l4mm_pt_init(&sp->pt, &st->ctx);
	if (err) {
		l4mm_mem_free(&st->mem, sp, sizeof(*sp), NULL);
		goto err_arr;
	}
	memcpy(sp->name, name, len);	/* len <= 15 checked by caller */
	sp->name[len] = '\0';
	sp->id = id;
	*out = sp;
	*grown = arr;
	*grown_cap = cap;
	*id_out = id;
	return 0;
err_arr:
	l4mm_mem_free(&st->mem, arr, cap * sizeof(*arr), NULL);
	return err;
}

static void space_link(struct l4mm_state *st, struct l4mm_space *sp,
		       struct l4mm_space **arr, u32 cap)
{
	u32 h = name_hash(sp->name);

	if (arr) {
		if (st->spaces_cap)
			memcpy(arr, st->spaces,
			       st->spaces_cap * sizeof(*arr));
		l4mm_mem_free(&st->mem, st->spaces,
			      st->spaces_cap * sizeof(*arr), NULL);
		st->spaces = arr;
		st->spaces_cap = cap;
	}
	st->spaces[sp->id] = sp;
	st->nspaces++;
	sp->hash_next = st->hash[h];
	st->hash[h] = sp;
}

static void space_unlink(struct l4mm_state *st, struct l4mm_space *sp)
{
	struct l4mm_space **pp = &st->hash[name_hash(sp->name)];

	while (*pp && *pp != sp)
		pp = &(*pp)->hash_next;
	if (*pp)
		*pp = sp->hash_next;
	st->spaces[sp->id] = NULL;
	st->nspaces--;
}

static int space_create(struct l4mm_state *st, const char *name,
			const struct l4mm_space_opts *opts,
			struct l4mm_space **out)
{
	struct l4mm_space **arr = NULL;
	struct l4mm_space *sp = NULL;
	u32 cap = 0, id = 0;
	int err;

	if (!l4mm_name_valid(name))
		return -EINVAL;
	if (l4mm_space_find(st, name))
		return -EEXIST;
	err = space_prepare(st, name, &sp, &arr, &cap, &id);
	if (err)
		return err;
	if (opts) {
		sp->opts = *opts;
		err = l4mm_reserved_fill(st, sp);
		if (err) {
			/* Only this space's tables can be on the reap list. */
			l4mm_pt_reap(&st->ctx);
			l4mm_pt_fini(&sp->pt, NULL, NULL);
			l4mm_mem_free(&st->mem, sp, sizeof(*sp), NULL);
			l4mm_mem_free(&st->mem, arr, cap * sizeof(*arr), NULL);
			return err;
		}
	}
	space_link(st, sp, arr, cap);
	if (out)
		*out = sp;
	return 0;
}

/**
 * l4mm_space_create() - create an empty address space
 * @st: the state
 * @name: its name, 1..15 chars of [A-Za-z0-9_.-]
 * @out: receives the space (may be NULL)
 *
 * The space gets the lowest free id.
 *
 * Return: 0, -EINVAL (name), -EEXIST, -ENOSPC (ids, max_spaces), -ENOMEM
 * or -EDQUOT.
 */
int l4mm_space_create(struct l4mm_state *st, const char *name,
		      struct l4mm_space **out)
{
	int err = space_create(st, name, NULL, out);

	if (!err)
		l4mm_op_end(st, true);
	return err;
}

static bool opts_valid(const struct l4mm_space_opts *o)
{
	u64 size = o->utcb_order ? 1ULL << o->utcb_order : 0;

	if (o->kip && (o->kip_va & (L4MM_CORE_PAGE_SIZE - 1)))
		return false;
	if (!o->utcb_order)
		return true;
	if (o->utcb_order < L4MM_CORE_ORDER_MIN ||
	    o->utcb_order > L4MM_CORE_ORDER_MAX || (o->utcb_va & (size - 1)))
		return false;
	/* The KIP may not lie inside the UTCB area. */
	return !o->kip || o->kip_va < o->utcb_va ||
	       o->kip_va - (u64)o->utcb_va >= size;
}

/**
 * l4mm_space_create_opts() - create a space with reserved regions
 * @st: the state
 * @name: its name, 1..15 chars of [A-Za-z0-9_.-]
 * @opts: the KIP page and UTCB area (docs/extensions.md section 5), or
 *	NULL for none
 * @out: receives the space (may be NULL)
 *
 * Return: 0, -EINVAL (name, misaligned region, KIP inside the UTCB
 * area), -EEXIST, -ENOSPC (ids, max_spaces, or no kernel frames), -ENOMEM
 * or -EDQUOT; on error nothing changed.
 */
int l4mm_space_create_opts(struct l4mm_state *st, const char *name,
			   const struct l4mm_space_opts *opts,
			   struct l4mm_space **out)
{
	int err;

	if (opts && !opts_valid(opts))
		return -EINVAL;
	if (opts && !opts->kip && !opts->utcb_order)
		opts = NULL;
	err = space_create(st, name, opts, out);
	if (!err)
		l4mm_op_end(st, true);
	return err;
}

/* The leaves of a space, for destroy: flush each MDB node's mapping. */
struct destroy_walk {
	struct l4mm_state *st;
	u32 removed;
};

static int destroy_leaf(void *arg, u32 va __always_unused, const struct l4mm_pte_ref *ref)
{
	struct destroy_walk *w = arg;
	void *obj = l4mm_pt_obj(ref);

	if (!l4mm_reserved_kind_of(obj))
		w->removed += l4mm_mdb_flush_node(w->st, obj);
	return 0;
}

/**
 * l4mm_space_destroy() - flush every page of @sp, then remove it
 * @st: the state
 * @sp: the space; freed on return
 * @res: receives the number of mappings removed (may be NULL)
 *
 * Never allocates, so never fails but for sigma0, which stays (the
 * paper's initial space: every state has it).  O(pages of @sp + tables
 * of @sp + mappings removed).
 *
 * Return: 0 or -EPERM (@sp is sigma0).
 */
int l4mm_space_destroy(struct l4mm_state *st, struct l4mm_space *sp,
		       struct l4mm_op_result *res)
{
	struct destroy_walk w = { .st = st };

	if (!sp->id)
		return -EPERM;
	/*
	 * A flush may remove later pages of this same space too: the walk
	 * looks at each entry when it gets there, and tables stay linked
	 * until the reap, so that is safe.
	 */
	l4mm_pt_walk(&sp->pt, 0, 1ULL << L4MM_CORE_VA_BITS, destroy_leaf, &w);
	l4mm_reserved_release(st, sp);
	l4mm_pt_reap(&st->ctx);
	space_unlink(st, sp);
	WARN_ON_ONCE(sp->pt.leaves || sp->pt.tables != 1);
	l4mm_pt_fini(&sp->pt, NULL, NULL);
	l4mm_mem_free(&st->mem, sp, sizeof(*sp), NULL);
	l4mm_op_end(st, true);
	if (res) {
		res->removed = w.removed;
		res->installed = false;
	}
	return 0;
}

/**
 * l4mm_space_free_all() - free every space of @st without the MDB lists
 * @st: the state, being destroyed
 * @leaf_fn: called for every leaf's object (frees the nodes)
 */
void l4mm_space_free_all(struct l4mm_state *st,
			 void (*leaf_fn)(void *obj, void *arg))
{
	struct l4mm_space *sp;
	u32 id;

	for (id = 0; id < st->spaces_cap; id++) {
		sp = st->spaces[id];
		if (!sp)
			continue;
		l4mm_pt_fini(&sp->pt, leaf_fn, st);
		l4mm_mem_free(&st->mem, sp, sizeof(*sp), NULL);
		st->spaces[id] = NULL;
	}
	l4mm_mem_free(&st->mem, st->spaces,
		      st->spaces_cap * sizeof(*st->spaces), NULL);
	st->spaces = NULL;
	st->spaces_cap = 0;
	st->nspaces = 0;
}
