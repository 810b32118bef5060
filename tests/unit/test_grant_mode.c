// SPDX-License-Identifier: GPL-2.0
/*
 * Grant modes (docs/extensions.md section 6): paper flushes what derived
 * from the granted page, keep-subtree moves the node with its subtree;
 * the per-state default and the per-call override; the paper's loop
 * counterexample under both.
 */
#include "unit.h"
#include "tests.h"

#define R	L4MM_CORE_R
#define W	L4MM_CORE_W
#define X	L4MM_CORE_X
#define RWX	L4MM_CORE_RWX

/* sigma0 0x3000 -> A 0x10000 -> B 0x20000 -> C 0x30000; A -> A 0x11000 */
static struct l4mm_state *chain(void)
{
	struct l4mm_state *st = mkstate(16);

	mkspace(st, "A");
	mkspace(st, "B");
	mkspace(st, "C");
	mkspace(st, "D");
	CHECK_EQ(do_map(st, "sigma0", 0x3000, "A", 0x10000, NULL), 0);
	CHECK_EQ(do_map(st, "A", 0x10000, "B", 0x20000, NULL), 0);
	CHECK_EQ(do_map(st, "B", 0x20000, "C", 0x30000, NULL), 0);
	CHECK_EQ(do_map(st, "A", 0x10000, "A", 0x11000, NULL), 0);
	return st;
}

TEST(test_grant_keep_subtree)
{
	struct l4mm_state *st = chain();
	struct l4mm_op_result res;

	CHECK_EQ(do_grantf(st, "A", 0x10000, 12, "D", 0x40000, 12,
			   L4MM_GRANT_KEEP, &res), 0);
	CHECK(res.installed);
	/* The grantor's mapping is gone: removed, as in paper mode. */
	CHECK_EQ(res.removed, 1);
	CHECK_EQ(frame_of(st, "A", 0x10000), -1);
	CHECK_EQ(frame_of(st, "D", 0x40000), 3);
	CHECK_EQ(depth_of(st, "D", 0x40000), 1);
	CHECK(!strcmp(src_of(st, "D", 0x40000), "sigma0:0x3000"));
	/* The subtree now derives from the destination. */
	CHECK(!strcmp(src_of(st, "B", 0x20000), "D:0x40000"));
	CHECK(!strcmp(src_of(st, "A", 0x11000), "D:0x40000"));
	CHECK(!strcmp(src_of(st, "C", 0x30000), "B:0x20000"));
	CHECK_EQ(depth_of(st, "C", 0x30000), 3);
	CHECK_EQ(l4mm_space_pages(S(st, "A")), 1);
	CHECK_CLEAN(st);
	/* Unmapping the new place takes the moved subtree. */
	CHECK_EQ(l4mm_unmap(st, S(st, "D"), 0x40000, &res), 0);
	CHECK_EQ(res.removed, 3);
	CHECK_CLEAN(st);
	l4mm_state_destroy(st);
}

TEST(test_grant_keep_narrows)
{
	struct l4mm_state *st = chain();
	struct l4mm_map_args a = fp_args(st, "B", 0x20000, 12, "D", 0x40000,
					 12);
	struct l4mm_op_result res;

	CHECK_EQ(l4mm_unmap_fpage(st, S(st, "A"), 0x10000, 12, X, NULL), 0);
	a.rights = R | X;
	a.mode = L4MM_GRANT_KEEP;
	CHECK_EQ(l4mm_grant_fpage(st, &a, &res), 0);
	/* rw- AND r-x: the moved node and its subtree lose w. */
	CHECK_EQ(rights_of(st, "D", 0x40000), R);
	CHECK_EQ(rights_of(st, "C", 0x30000), R);
	CHECK(!strcmp(src_of(st, "C", 0x30000), "D:0x40000"));
	CHECK_EQ(rights_of(st, "A", 0x10000), RWX);
	CHECK_EQ(rights_of(st, "A", 0x11000), R | W);
	/* uncached applies to the moved node only. */
	a = fp_args(st, "D", 0x40000, 12, "B", 0x50000, 12);
	a.uncached = true;
	a.mode = L4MM_GRANT_KEEP;
	CHECK_EQ(l4mm_grant_fpage(st, &a, &res), 0);
	CHECK_EQ(rights_of(st, "B", 0x50000), R);
	CHECK_CLEAN(st);
	l4mm_state_destroy(st);
}

/* Into the subtree, into ancestors, to itself, a root: as paper says. */
TEST(test_grant_keep_corners)
{
	struct l4mm_state *st = chain();
	struct l4mm_op_result res;

	/* Into its own descendant: C is flushed first, then A moves there. */
	CHECK_EQ(do_grantf(st, "A", 0x10000, 12, "C", 0x30000, 12,
			   L4MM_GRANT_KEEP, &res), 0);
	CHECK(res.installed);
	/* C's old mapping, then A's, which moved. */
	CHECK_EQ(res.removed, 2);
	CHECK_EQ(depth_of(st, "C", 0x30000), 1);
	CHECK(!strcmp(src_of(st, "B", 0x20000), "C:0x30000"));
	CHECK_CLEAN(st);
	/* Into its parent: the entry is gone, both are. */
	CHECK_EQ(do_grantf(st, "B", 0x20000, 12, "C", 0x30000, 12,
			   L4MM_GRANT_KEEP, &res), 0);
	CHECK(!res.installed);
	CHECK_EQ(res.removed, 3);
	CHECK_EQ(frame_of(st, "B", 0x20000), -1);
	CHECK_EQ(frame_of(st, "A", 0x11000), -1);
	/* To itself: a flush. */
	CHECK_EQ(do_map(st, "sigma0", 0x3000, "A", 0x10000, NULL), 0);
	CHECK_EQ(do_map(st, "A", 0x10000, "B", 0x20000, NULL), 0);
	CHECK_EQ(do_grantf(st, "A", 0x10000, 12, "A", 0x10000, 12,
			   L4MM_GRANT_KEEP, &res), 0);
	CHECK(!res.installed);
	CHECK_EQ(res.removed, 2);
	/* A root moves and stays Real, with its children. */
	CHECK_EQ(do_map(st, "sigma0", 0x3000, "A", 0x10000, NULL), 0);
	CHECK_EQ(do_grantf(st, "sigma0", 0x3000, 12, "D", 0x40000, 12,
			   L4MM_GRANT_KEEP, &res), 0);
	CHECK(res.installed);
	CHECK(!strcmp(src_of(st, "D", 0x40000), "real"));
	CHECK(!strcmp(src_of(st, "A", 0x10000), "D:0x40000"));
	CHECK_EQ(l4mm_space_pages(S(st, "sigma0")), 15);
	CHECK_CLEAN(st);
	l4mm_state_destroy(st);
}

/* The per-state default, and the per-call override of it. */
TEST(test_grant_mode_default)
{
	struct l4mm_state *st = chain();
	struct l4mm_op_result res;

	CHECK_EQ(l4mm_state_grant_mode(st), L4MM_GRANT_PAPER);
	l4mm_state_set_grant_mode(st, L4MM_GRANT_KEEP);
	CHECK_EQ(l4mm_state_grant_mode(st), L4MM_GRANT_KEEP);
	/* l4mm_grant follows the default. */
	CHECK_EQ(do_grant(st, "A", 0x11000, "D", 0x41000, &res), 0);
	CHECK_EQ(do_grant(st, "A", 0x10000, "D", 0x40000, &res), 0);
	CHECK_EQ(res.removed, 1);	/* A:0x10000 only: B, C moved */
	CHECK(!strcmp(src_of(st, "B", 0x20000), "D:0x40000"));
	/* An explicit paper grant overrides it. */
	CHECK_EQ(do_grantf(st, "D", 0x40000, 12, "A", 0x10000, 12,
			   L4MM_GRANT_PAPER, &res), 0);
	CHECK_EQ(res.removed, 4);	/* D 0x40000, D 0x41000, B, C */
	CHECK_EQ(frame_of(st, "B", 0x20000), -1);
	l4mm_state_set_grant_mode(st, L4MM_GRANT_DEFAULT);
	CHECK_EQ(l4mm_state_grant_mode(st), L4MM_GRANT_PAPER);
	CHECK_CLEAN(st);
	l4mm_state_destroy(st);
}

/*
 * The paper's counterexample (map n v n' v', then grant n' v' n v) must
 * not create a loop in either mode: the grant's destination is the
 * entry's own source, so nothing is installed and both pages go.
 */
TEST(test_counterexample_modes)
{
	enum l4mm_grant_mode modes[] = { L4MM_GRANT_PAPER, L4MM_GRANT_KEEP };
	struct l4mm_op_result res;
	struct l4mm_state *st;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(modes); i++) {
		st = mkstate(4);
		mkspace(st, "n");
		mkspace(st, "n2");
		CHECK_EQ(do_map(st, "sigma0", 0x1000, "n", 0x8000, NULL), 0);
		CHECK_EQ(do_map(st, "n", 0x8000, "n2", 0x9000, &res), 0);
		CHECK_EQ(do_grantf(st, "n2", 0x9000, 12, "n", 0x8000, 12,
				   modes[i], &res), 0);
		CHECK(!res.installed);
		CHECK_EQ(res.removed, 2);
		CHECK_EQ(frame_of(st, "n", 0x8000), -1);
		CHECK_EQ(frame_of(st, "n2", 0x9000), -1);
		CHECK_EQ(frame_of(st, "sigma0", 0x1000), 1);
		CHECK_CLEAN(st);
		/* As fpages of two pages, with a second, unrelated page. */
		CHECK_EQ(do_map(st, "sigma0", 0x1000, "n", 0x8000, NULL), 0);
		CHECK_EQ(do_map(st, "sigma0", 0x2000, "n", 0x9000, NULL), 0);
		CHECK_EQ(do_mapf(st, "n", 0x8000, 13, "n2", 0xa000, 13, &res),
			 0);
		CHECK_EQ(do_grantf(st, "n2", 0xa000, 13, "n", 0x8000, 13,
				   modes[i], &res), 0);
		CHECK(!res.installed);
		CHECK_EQ(res.removed, 4);
		CHECK_EQ(l4mm_space_pages(S(st, "n")), 0);
		CHECK_EQ(l4mm_space_pages(S(st, "n2")), 0);
		CHECK_CLEAN(st);
		l4mm_state_destroy(st);
	}
}
