// SPDX-License-Identifier: GPL-2.0
/*
 * State lifetime, address spaces, names, ids, sigma0 and counters.
 */
#include "state.h"

/**
 * l4mm_core_node_size() - size of one MDB node, for the node cache
 *
 * Return: sizeof(struct l4mm_mdb_node), 24 bytes on 64-bit.
 */
size_t l4mm_core_node_size(void)
{
	return sizeof(struct l4mm_mdb_node);
}

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

/*
 * Allocate and initialise a space and, if the id table is full, a bigger
 * id table; link nothing.  On success *grown is the new table (or NULL).
 */
static int space_prepare(struct l4mm_state *st, const char *name,
			 struct l4mm_space **out, struct l4mm_space ***grown,
			 u32 *grown_cap, u32 *id_out)
{
	struct l4mm_space *sp;
	struct l4mm_space **arr = NULL;
	u32 id, cap = 0;
	size_t len = strlen(name);

	for (id = 0; id < st->spaces_cap; id++)
		if (!st->spaces[id])
			break;
	if (id >= L4MM_CORE_MAX_SPACES)
		return -ENOSPC;
	if (id >= st->spaces_cap) {
		cap = st->spaces_cap ? st->spaces_cap * 2 : L4MM_SPACES_MIN_CAP;
		if (cap > L4MM_CORE_MAX_SPACES)
			cap = L4MM_CORE_MAX_SPACES;
		arr = l4mm_env_zalloc(cap * sizeof(*arr));
		if (!arr)
			return -ENOMEM;
	}
	sp = l4mm_env_zalloc(sizeof(*sp));
	if (!sp)
		goto nomem;
	if (l4mm_pt_init(&sp->pt, &st->ctx)) {
		l4mm_env_free(sp);
		goto nomem;
	}
	memcpy(sp->name, name, len);	/* len <= 15 checked by caller */
	sp->name[len] = '\0';
	sp->id = id;
	*out = sp;
	*grown = arr;
	*grown_cap = cap;
	*id_out = id;
	return 0;
nomem:
	if (arr)
		l4mm_env_free(arr);
	return -ENOMEM;
}

static void space_link(struct l4mm_state *st, struct l4mm_space *sp,
		       struct l4mm_space **arr, u32 cap)
{
	u32 h = name_hash(sp->name);

	if (arr) {
		if (st->spaces_cap)
			memcpy(arr, st->spaces,
			       st->spaces_cap * sizeof(*arr));
		if (st->spaces)
			l4mm_env_free(st->spaces);
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
	struct l4mm_space **arr;
	struct l4mm_space *sp;
	u32 cap, id;
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
			l4mm_env_free(sp);
			if (arr)
				l4mm_env_free(arr);
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
 * Return: 0, -EINVAL (name), -EEXIST, -ENOSPC or -ENOMEM.
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
 * area), -EEXIST, -ENOSPC (ids, or no kernel frames) or -ENOMEM; on error
 * nothing changed.
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

/**
 * l4mm_space_destroy() - flush every page of @sp, then remove it
 * @st: the state
 * @sp: the space; freed on return
 * @res: receives the number of mappings removed (may be NULL)
 *
 * Never allocates, so never fails.
 *
 * Return: 0.
 */
int l4mm_space_destroy(struct l4mm_state *st, struct l4mm_space *sp,
		       struct l4mm_op_result *res)
{
	struct l4mm_pte_ref ref;
	u32 removed = 0, va;
	u64 from = 0;

	/*
	 * A flush may remove later pages of this same space too; the walk
	 * restarts from the next address each time and tables stay linked
	 * until the reap, so it is safe.
	 */
	while (l4mm_pt_next_leaf(&sp->pt, from, &va, &ref)) {
		if (!l4mm_reserved_kind_of(l4mm_pt_obj(&ref)))
			removed += l4mm_mdb_flush_node(st, l4mm_pt_obj(&ref));
		from = (u64)va + L4MM_CORE_PAGE_SIZE;
	}
	l4mm_reserved_release(st, sp);
	l4mm_pt_reap(&st->ctx);
	space_unlink(st, sp);
	WARN_ON_ONCE(sp->pt.leaves || sp->pt.tables != 1);
	l4mm_pt_fini(&sp->pt, NULL, NULL);
	l4mm_env_free(sp);
	l4mm_op_end(st, true);
	if (res) {
		res->removed = removed;
		res->installed = false;
	}
	return 0;
}

static void free_node(void *obj, void *arg)
{
	struct l4mm_state *st = arg;

	if (l4mm_reserved_kind_of(obj))
		return;		/* a sentinel, not a node */
	st->mappings--;
	l4mm_env_node_free(obj);
	l4mm_state_tick(st);
}

/**
 * l4mm_state_destroy() - free a state and everything in it
 * @st: the state, or NULL
 *
 * Every MDB node is the object of exactly one leaf, so freeing the page
 * tables leaf by leaf frees the MDB without following its lists.
 */
void l4mm_state_destroy(struct l4mm_state *st)
{
	struct l4mm_space *sp;
	u32 id;

	if (!st)
		return;
	st->ctx.reap = NULL;	/* the queued tables are still linked */
	for (id = 0; id < st->spaces_cap; id++) {
		sp = st->spaces[id];
		if (!sp)
			continue;
		l4mm_pt_fini(&sp->pt, free_node, st);
		l4mm_env_free(sp);
	}
	if (st->spaces)
		l4mm_env_free(st->spaces);
	if (st->utcb_map)
		l4mm_env_free(st->utcb_map);
	l4mm_env_free(st);
}

static int sigma0_fill(struct l4mm_state *st, struct l4mm_space *sp,
		       u32 pages)
{
	struct l4mm_pt_prealloc pa = { };
	struct l4mm_pte_leaf leaf = {
		.rd = true, .wr = true, .ex = true, .cached = true,
	};
	struct l4mm_mdb_node *n;
	struct l4mm_pte_ref ref;
	u32 i, va;

	for (i = 0; i < pages; i++) {
		va = i << L4MM_CORE_PAGE_SHIFT;
		n = l4mm_env_node_alloc();
		if (!n)
			return -ENOMEM;
		if (l4mm_pt_prepare(&sp->pt, va, 0, &pa)) {
			l4mm_env_node_free(n);
			return -ENOMEM;
		}
		leaf.frame = i;
		if (WARN_ON_ONCE(l4mm_pt_insert(&sp->pt, va, 0, &pa, &leaf, n,
						&ref) != L4MM_PT_INS_NEW)) {
			l4mm_env_node_free(n);
			l4mm_pt_prealloc_release(&st->ctx, &pa);
			return -EUCLEAN;
		}
		l4mm_mdb_init_root(n, sp->id, i);
		st->mappings++;
		l4mm_state_tick(st);
	}
	l4mm_pt_prealloc_release(&st->ctx, &pa);
	/* The largest pages that fit (docs/extensions.md section 8). */
	l4mm_pt_promote(&sp->pt, 0, (u64)pages << L4MM_CORE_PAGE_SHIFT);
	return 0;
}

/**
 * l4mm_state_create() - create a state, with sigma0 if @sigma0_pages
 * @sigma0_pages: number of pages of sigma0 (virtual page i holds Real
 *	frame i), 0 for none, at most L4MM_CORE_MAX_FRAMES
 * @out: receives the state
 *
 * Return: 0, -EINVAL (too many pages) or -ENOMEM (nothing left behind).
 */
int l4mm_state_create(u32 sigma0_pages, struct l4mm_state **out)
{
	struct l4mm_state *st;
	struct l4mm_space *sp;
	int err;

	if (sigma0_pages > L4MM_CORE_MAX_FRAMES)
		return -EINVAL;
	st = l4mm_env_zalloc(sizeof(*st));
	if (!st)
		return -ENOMEM;
	st->ctx.fmt = &l4mm_fmt_armv7;
	st->depth_max = L4MM_MDB_DEPTH_MAX;
	st->grant_mode = L4MM_GRANT_PAPER;
	st->sigma0_pages = sigma0_pages;
	if (sigma0_pages) {
		err = space_create(st, "sigma0", NULL, &sp);
		if (!err)
			err = sigma0_fill(st, sp, sigma0_pages);
		if (err) {
			l4mm_state_destroy(st);
			return err;
		}
	}
	st->generation = 1;
	*out = st;
	return 0;
}

/**
 * l4mm_state_generation() - a counter that changes with every change
 * @st: the state
 *
 * Return: the generation.
 */
u64 l4mm_state_generation(const struct l4mm_state *st)
{
	return st->generation;
}

/**
 * l4mm_state_stats() - the counters of @st
 * @st: the state
 * @out: filled
 */
void l4mm_state_stats(const struct l4mm_state *st, struct l4mm_stats *out)
{
	out->spaces = st->nspaces;
	out->mappings = st->mappings;
	out->tables = st->ctx.tables;
	out->table_bytes = st->ctx.table_bytes;
	out->node_bytes = st->mappings * sizeof(struct l4mm_mdb_node);
	out->ops = st->ops;
}

/**
 * l4mm_state_set_depth_max() - lower the MDB depth limit (tests only)
 * @st: the state
 * @depth_max: deepest node a map may create, capped at the packing limit
 */
void l4mm_state_set_depth_max(struct l4mm_state *st, u32 depth_max)
{
	st->depth_max = depth_max < L4MM_MDB_DEPTH_MAX ?
			depth_max : L4MM_MDB_DEPTH_MAX;
}

/**
 * l4mm_state_set_grant_mode() - the grant mode of grants that name none
 * @st: the state
 * @mode: L4MM_GRANT_PAPER or L4MM_GRANT_KEEP (DEFAULT means PAPER)
 */
void l4mm_state_set_grant_mode(struct l4mm_state *st,
			       enum l4mm_grant_mode mode)
{
	st->grant_mode = mode == L4MM_GRANT_KEEP ? L4MM_GRANT_KEEP :
						     L4MM_GRANT_PAPER;
}

/**
 * l4mm_state_grant_mode() - the state's default grant mode
 * @st: the state
 *
 * Return: L4MM_GRANT_PAPER or L4MM_GRANT_KEEP.
 */
enum l4mm_grant_mode l4mm_state_grant_mode(const struct l4mm_state *st)
{
	return st->grant_mode;
}
