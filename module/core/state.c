// SPDX-License-Identifier: GPL-2.0
/*
 * A state's lifetime: creation with its sigma0, destruction, and what a
 * caller sets or reads on the whole state (limits, observer, grant mode,
 * counters).
 */
#include "state.h"

/**
 * l4mm_state_create() - a state with sigma0 and no limits
 * @sigma0_pages: pages of sigma0 (virtual page i holds Real frame i)
 * @out: receives the state
 *
 * Return: as l4mm_state_create_cfg().
 */
int l4mm_state_create(u32 sigma0_pages, struct l4mm_state **out)
{
	struct l4mm_state_cfg cfg = { .sigma0_pages = sigma0_pages };

	return l4mm_state_create_cfg(&cfg, out);
}

/* sigma0 = (lambda v. if v < pages then Some (Real v) else None) */
static int sigma0_fill(struct l4mm_state *st, struct l4mm_space *sp,
		       u32 pages)
{
	struct l4mm_pte_leaf leaf = {
		.rd = true, .wr = true, .ex = true, .cached = true,
	};
	struct l4mm_pt_prealloc pa = { };
	struct l4mm_mdb_node *n;
	struct l4mm_pte_ref ref;
	int err = 0;
	u32 i, va;

	for (i = 0; i < pages && !err; i++) {
		va = i << L4MM_CORE_PAGE_SHIFT;
		n = l4mm_mem_node_alloc(&st->mem, &err);
		if (!n)
			break;
		err = l4mm_pt_prepare(&sp->pt, va, 0, &pa);
		if (err) {
			l4mm_mem_node_free(&st->mem, n);
			break;
		}
		leaf.frame = i;
		if (WARN_ON_ONCE(l4mm_pt_insert(&sp->pt, va, 0, &pa, &leaf, n,
						&ref) != L4MM_PT_INS_NEW)) {
			l4mm_mem_node_free(&st->mem, n);
			err = -EUCLEAN;
			break;
		}
		l4mm_mdb_init_root(n, sp->id, i);
		st->mappings++;
		err = l4mm_state_tick_intr(st);
	}
	l4mm_pt_prealloc_release(&st->ctx, &pa);
	if (err)
		return err;
	/* The largest pages that fit (docs/extensions.md section 8). */
	l4mm_pt_promote(&sp->pt, 0, (u64)pages << L4MM_CORE_PAGE_SHIFT);
	return 0;
}

/**
 * l4mm_state_create_cfg() - create a state
 * @cfg: sigma0's size, the limits, the owner to charge
 * @out: receives the state
 *
 * The state itself and sigma0 count against the limits and are charged
 * to the owner like everything else.  O(sigma0_pages); may stop at a
 * yield point when the caller is being killed.
 *
 * Return: 0, -EINVAL (too many pages), -ENOMEM, -ENOSPC, -EDQUOT or
 * -EINTR; nothing is left behind on error.
 */
int l4mm_state_create_cfg(const struct l4mm_state_cfg *cfg,
			  struct l4mm_state **out)
{
	struct l4mm_state *st;
	struct l4mm_space *sp;
	int err;

	BUILD_BUG_ON(sizeof(struct l4mm_mdb_node) != L4MM_CORE_NODE_SIZE);
	if (cfg->sigma0_pages > L4MM_CORE_MAX_FRAMES ||
	    !l4mm_pt_format_of(cfg->format))
		return -EINVAL;
	st = l4mm_env_zalloc(sizeof(*st));
	if (!st)
		return -ENOMEM;
	l4mm_mem_init(&st->mem, cfg->owner, &cfg->limits);
	/* The state's own bytes, as the allocator measures them. */
	err = l4mm_mem_adopt(&st->mem, st, sizeof(*st));
	if (err) {
		l4mm_env_free(st);
		return err;
	}
	st->ctx.fmt = l4mm_pt_format_of(cfg->format);
	st->ctx.mem = &st->mem;
	st->depth_max = L4MM_MDB_DEPTH_MAX;
	st->grant_mode = L4MM_GRANT_PAPER;
	st->sigma0_pages = cfg->sigma0_pages;
	/* The paper's initial state: sigma0 always exists (id 0). */
	err = l4mm_space_create(st, "sigma0", &sp);
	if (!err)
		err = sigma0_fill(st, sp, cfg->sigma0_pages);
	if (err) {
		l4mm_state_destroy(st);
		return err;
	}
	st->ops = 0;
	st->generation = 1;
	*out = st;
	return 0;
}

static void free_node(void *obj, void *arg)
{
	struct l4mm_state *st = arg;

	if (l4mm_reserved_kind_of(obj))
		return;		/* a sentinel, not a node */
	st->mappings--;
	l4mm_mem_node_free(&st->mem, obj);
	l4mm_state_tick(st);
}

/**
 * l4mm_state_destroy() - free a state and everything in it
 * @st: the state, or NULL
 *
 * Every MDB node is the object of exactly one leaf, so freeing the page
 * tables leaf by leaf frees the MDB without following its lists:
 * O(mappings + tables), yielding as it goes.
 */
void l4mm_state_destroy(struct l4mm_state *st)
{
	if (!st)
		return;
	st->ctx.reap = NULL;	/* the queued tables are still linked */
	l4mm_space_free_all(st, free_node);
	l4mm_reserved_fini(st);
	l4mm_mem_unadopt(&st->mem, st, sizeof(*st));
	l4mm_mem_release(&st->mem);
	l4mm_env_free(st);
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
 * @out: filled; bytes as the allocator counts them
 */
void l4mm_state_stats(const struct l4mm_state *st, struct l4mm_stats *out)
{
	out->spaces = st->nspaces;
	out->mappings = st->mappings;
	out->tables = st->ctx.tables;
	out->table_bytes = st->mem.table_bytes;
	out->node_bytes = l4mm_mem_node_bytes(&st->mem);
	out->bytes = l4mm_mem_bytes(&st->mem);
	out->ops = st->ops;
}

/**
 * l4mm_state_set_limits() - the limits of @st from now on
 * @st: the state
 * @lim: the limits (0: none); what @st holds already stays
 */
void l4mm_state_set_limits(struct l4mm_state *st,
			   const struct l4mm_limits *lim)
{
	l4mm_mem_set_limits(&st->mem, lim);
}

/**
 * l4mm_state_get_limits() - the limits of @st
 * @st: the state
 * @lim: filled
 */
void l4mm_state_get_limits(const struct l4mm_state *st,
			   struct l4mm_limits *lim)
{
	*lim = st->mem.lim;
}

/**
 * l4mm_state_limit_hit() - which limit refused the last refused request
 * @st: the state
 *
 * Return: the limit, L4MM_LIMIT_NONE if none ever did.
 */
enum l4mm_limit_kind l4mm_state_limit_hit(const struct l4mm_state *st)
{
	return st->mem.hit;
}

/**
 * l4mm_state_set_observer() - report the pages operations change
 * @st: the state
 * @fn: called for every page installed or removed, or NULL
 * @arg: passed to @fn
 */
void l4mm_state_set_observer(struct l4mm_state *st, l4mm_event_fn fn,
			     void *arg)
{
	st->observer = fn;
	st->observer_arg = arg;
}

#ifdef L4MM_TEST
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
#endif

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
