// SPDX-License-Identifier: GPL-2.0
/*
 * The preparation of a flexpage map or grant: before the first change,
 * find out exactly which page steps will install, so that everything
 * they need (MDB nodes, destination tables) is allocated and charged up
 * front, and -ENXIO, -EMLINK and the limits are decided on the exact
 * outcome (an operation that only removes never meets a limit).
 *
 * Whether step i installs depends on what the steps before it removed: a
 * step runs if its source page n,v is still mapped, flushes its
 * destination n',v', and installs if its source is still valid then (map:
 * n,v still mapped; grant: n,v's entry, Virtual P or Real r, still
 * valid); a paper-mode grant then flushes n,v.  Every removal takes a
 * whole subtree.  The planner replays this on the MDB as it is, without
 * removing anything: it marks the nodes a step's flush would remove
 * (L4MM_MDB_MARK in the key), so "still mapped" is "not marked".  What
 * the steps install never matters to a later step's decision: installs
 * go to destination pages, which are nobody else's source, destination
 * or parent, and they do not change the ancestry of surviving nodes.
 *
 * Cost.  Marking walks the run of the flushed node (mdb.c: its subtree).
 * A run that contains a run marked earlier by a smaller flush (nested
 * subtrees, in any order) jumps over it: the first node of every marked
 * run remembers where its run ends, in a side table, its parent pointer
 * holding the table index (tagged with bit 0) meanwhile.  So every node
 * is marked at most once, and the preparation costs O(pages + nodes the
 * operation removes), as the steps themselves do; a quadratic replay (a
 * chain flushed bottom-up, a wide tree scanned once per page) cannot
 * happen.  At the end, the marked runs are walked once more to clear the
 * marks and restore the parent pointers.  The preparation may stop at a
 * yield point when the requester is being killed (-EINTR): it changed
 * nothing.
 */
#include "state.h"

/* A run of nodes the replayed steps removed, from @root to @end. */
struct plan_run {
	struct l4mm_mdb_node *root;
	struct l4mm_mdb_node *parent;	/* root's real parent */
	struct l4mm_mdb_node *end;	/* last node of the run */
	bool nested;			/* inside a run marked later */
};

/*
 * The runs live in blocks of PLAN_RUNS_PER_BLOCK, so that a table of 2^21
 * runs grows a block at a time, never by copying it all (which would be
 * a stretch without a yield point as long as the table is big).
 */
#define PLAN_RUNS_PER_BLOCK	1024U

struct plan {
	struct l4mm_state *st;
	struct l4mm_xfer *xf;
	struct plan_run **blocks;
	u32 nblocks, cap;	/* blocks in use, slots in @blocks */
	u32 nruns;
};

static bool marked(const struct l4mm_mdb_node *n)
{
	return n->key & L4MM_MDB_MARK;
}

/* A run's first node keeps the run's index in its parent pointer. */
static bool run_head(const struct l4mm_mdb_node *n)
{
	return (unsigned long)n->parent & 1;
}

static struct plan_run *run_of(const struct plan *p, u32 i)
{
	return &p->blocks[i / PLAN_RUNS_PER_BLOCK][i % PLAN_RUNS_PER_BLOCK];
}

static struct plan_run *head_run(const struct plan *p,
				 const struct l4mm_mdb_node *n)
{
	return run_of(p, (u32)((unsigned long)n->parent >> 1));
}

/* Room for one more run: a new block, and a bigger block table rarely. */
static int runs_grow(struct plan *p)
{
	struct l4mm_mem *m = &p->st->mem;
	struct plan_run **blocks;
	u32 cap;
	int err;

	if (p->nblocks == p->cap) {
		cap = p->cap ? p->cap * 2 : 16;
		blocks = l4mm_mem_zalloc(m, cap * sizeof(*blocks), NULL, &err);
		if (!blocks)
			return err;
		if (p->blocks) {
			memcpy(blocks, p->blocks, p->nblocks * sizeof(*blocks));
			l4mm_mem_free(m, p->blocks, p->cap * sizeof(*blocks),
				      NULL);
		}
		p->blocks = blocks;
		p->cap = cap;
	}
	p->blocks[p->nblocks] = l4mm_mem_zalloc(m, PLAN_RUNS_PER_BLOCK *
						sizeof(struct plan_run), NULL,
						&err);
	if (!p->blocks[p->nblocks])
		return err;
	p->nblocks++;
	return 0;
}

static void runs_free(struct plan *p)
{
	struct l4mm_mem *m = &p->st->mem;
	u32 i;

	for (i = 0; i < p->nblocks; i++)
		l4mm_mem_free(m, p->blocks[i], PLAN_RUNS_PER_BLOCK *
			      sizeof(struct plan_run), NULL);
	l4mm_mem_free(m, p->blocks, p->cap * sizeof(*p->blocks), NULL);
	p->blocks = NULL;
}

/*
 * Replay the flush of @r (not marked): mark it and its run, jumping over
 * the runs marked before, which become nested in this one.
 */
static int plan_flush(struct plan *p, struct l4mm_mdb_node *r)
{
	struct l4mm_mdb_node *n, *last = r;
	u32 d = l4mm_mdb_depth(r);
	struct plan_run *run;
	int err;

	if (p->nruns == p->nblocks * PLAN_RUNS_PER_BLOCK) {
		err = runs_grow(p);
		if (err)
			return err;
	}
	r->key |= L4MM_MDB_MARK;
	for (n = r->next; n && l4mm_mdb_depth(n) > d;) {
		if (run_head(n)) {
			run = head_run(p, n);
			run->nested = true;
			last = run->end;
		} else {
			n->key |= L4MM_MDB_MARK;
			last = n;
		}
		n = last->next;
		l4mm_state_tick(p->st);
	}
	run = run_of(p, p->nruns);
	run->root = r;
	run->parent = r->parent;
	run->end = last;
	run->nested = false;
	r->parent = (struct l4mm_mdb_node *)(((unsigned long)p->nruns << 1) | 1);
	p->nruns++;
	return 0;
}

/* Clear every mark and restore the parents: each marked node once. */
static void plan_clean(struct plan *p)
{
	struct l4mm_mdb_node *n;
	struct plan_run *run;
	u32 i;

	for (i = 0; i < p->nruns; i++) {
		run = run_of(p, i);
		if (run->nested)
			continue;
		for (n = run->root;; n = n->next) {
			if (run_head(n))
				n->parent = head_run(p, n)->parent;
			n->key &= ~L4MM_MDB_MARK;
			l4mm_state_tick(p->st);
			if (n == run->end)
				break;
		}
	}
	runs_free(p);
}

/*
 * Step i of the replay: the step's flush, whether it installs, what it
 * needs, and a paper-mode grant's flush of its source.
 */
static int plan_step(struct plan *p, u32 i, bool *any)
{
	struct l4mm_xfer *xf = p->xf;
	u32 off = i << L4MM_CORE_PAGE_SHIFT;
	struct l4mm_mdb_node *x, *d;
	bool install;
	int err;

	x = l4mm_node_at(xf->src, xf->src_va + off, NULL, NULL);
	if (!x || marked(x))
		return 0;		/* the step does not run */
	*any = true;
	d = l4mm_node_at(xf->dst, xf->dst_va + off, NULL, NULL);
	if (d && !marked(d)) {
		err = plan_flush(p, d);
		if (err)
			return err;
	}
	if (!xf->grant)
		install = !marked(x);
	else	/* x is unmarked unless d was x: x->parent is a pointer */
		install = d != x && (!x->parent || !marked(x->parent));
	if (!install)
		return 0;
	if (!xf->grant && l4mm_mdb_depth(x) >= p->st->depth_max)
		return -EMLINK;
	err = l4mm_xfer_alloc(p->st, xf, xf->dst_va + off);
	if (err)
		return err;
	if (xf->grant && !xf->keep)
		return plan_flush(p, x);
	return 0;
}

/**
 * l4mm_xfer_plan() - prepare a map or grant of several pages
 * @st: the state
 * @x: the transfer, set up (l4mm_xfer_setup()), its pool empty
 *
 * Fills @x's pool with a node for every page step that will install and
 * preallocates the destination tables those steps need.
 *
 * Return: 0; -ENXIO no source page mapped; -EMLINK a step would install
 * deeper than the depth limit; -ENOMEM, -ENOSPC, -EDQUOT; -EINTR.  On
 * error @x's pool is released and nothing changed.
 */
int l4mm_xfer_plan(struct l4mm_state *st, struct l4mm_xfer *x)
{
	struct plan p = { .st = st, .xf = x };
	bool any = false;
	u32 i;
	int err = 0;

	for (i = 0; i < x->pages && !err; i++) {
		err = plan_step(&p, i, &any);
		if (!err)
			err = l4mm_state_tick_intr(st);
	}
	if (p.blocks)
		plan_clean(&p);
	if (!err && !any)
		err = -ENXIO;
	if (err)
		l4mm_xfer_release(st, x);
	return err;
}
