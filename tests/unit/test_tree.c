// SPDX-License-Identifier: GPL-2.0
/*
 * The export of the derivation trees (tree.c): order (roots, pre-order,
 * sibling order), parents, the filters, context nodes, resuming with any
 * budget, the cost bound, and a state that changes between two calls.
 */
#include <stdio.h>
#include "unit.h"
#include "tests.h"

/*
 * Run a whole export with @budget steps per call; the nodes as lines
 * "space:va<src:va" ("<real" for a root, " ctx" for a context node) in
 * @buf.  Returns the last return value (-ENOENT when complete) and the
 * number of calls and steps through @calls and @steps.
 */
static int export(const struct l4mm_state *st,
		  const struct l4mm_tree_filter *f, u32 budget, char *buf,
		  size_t size, u32 *calls, u64 *steps)
{
	struct l4mm_tree_cursor c = { 0 };
	struct l4mm_tree_node n;
	size_t len = 0;
	u32 b, ncalls = 0;
	u64 nsteps = 0;
	int ret;

	buf[0] = 0;
	for (;;) {
		b = budget;
		ret = l4mm_tree_next(st, f, &c, &b, &n);
		ncalls++;
		nsteps += budget - b;
		if (ret == -EAGAIN) {
			if (ncalls > 10000000)
				break;
			continue;
		}
		if (ret)
			break;
		if (n.src)
			len += snprintf(buf + len, size - len, "%s:%x<%s:%x%s\n",
					l4mm_space_name(n.space), n.va,
					l4mm_space_name(n.src), n.src_va,
					n.context ? " ctx" : "");
		else
			len += snprintf(buf + len, size - len, "%s:%x<real%s\n",
					l4mm_space_name(n.space), n.va,
					n.context ? " ctx" : "");
		if (len >= size)
			return -E2BIG;
	}
	if (calls)
		*calls = ncalls;
	if (steps)
		*steps = nsteps;
	return ret;
}

static const struct l4mm_tree_filter every = {
	.frame_lo = 0, .frame_hi = 0xfffff,
};

/*
 * sigma0 3 -> A 1000 -> B 2000 -> C 3000, A 1000 -> D 4000 (made after
 * B: map makes the first child), sigma0 5 -> C 5000, and D 6000 granted
 * out of sigma0 (a Real root outside sigma0, without children).
 */
static struct l4mm_state *forest(void)
{
	struct l4mm_state *st = mkstate(16);

	mkspace(st, "A");
	mkspace(st, "B");
	mkspace(st, "C");
	mkspace(st, "D");
	CHECK_EQ(do_map(st, "sigma0", 0x3000, "A", 0x1000, NULL), 0);
	CHECK_EQ(do_map(st, "A", 0x1000, "B", 0x2000, NULL), 0);
	CHECK_EQ(do_map(st, "B", 0x2000, "C", 0x3000, NULL), 0);
	CHECK_EQ(do_map(st, "A", 0x1000, "D", 0x4000, NULL), 0);
	CHECK_EQ(do_map(st, "sigma0", 0x5000, "C", 0x5000, NULL), 0);
	CHECK_EQ(do_grant(st, "sigma0", 0x6000, "D", 0x6000, NULL), 0);
	return st;
}

TEST(test_tree_forest)
{
	struct l4mm_state *st = forest();
	struct l4mm_tree_filter f = every;
	char buf[4096];

	CHECK_EQ(export(st, &f, 1000, buf, sizeof(buf), NULL, NULL), -ENOENT);
	/* Roots by (space id, va); children in MDB order: D before B. */
	CHECK(!strcmp(buf, "sigma0:3000<real\n"
			   "A:1000<sigma0:3000\n"
			   "D:4000<A:1000\n"
			   "B:2000<A:1000\n"
			   "C:3000<B:2000\n"
			   "sigma0:5000<real\n"
			   "C:5000<sigma0:5000\n"
			   "D:6000<real\n"));
	/* all: every childless sigma0 root too (16 pages, 6 flushed). */
	f.all = true;
	CHECK_EQ(export(st, &f, 1000, buf, sizeof(buf), NULL, NULL), -ENOENT);
	CHECK(strstr(buf, "sigma0:0<real\nsigma0:1000<real\n"));
	CHECK(!strstr(buf, "sigma0:6000"));
	CHECK_CLEAN(st);
	l4mm_state_destroy(st);
}

TEST(test_tree_filters)
{
	struct l4mm_state *st = forest();
	struct l4mm_tree_filter f = every;
	char buf[4096];

	/* B and C: B's parent A and C:5000's parent sigma0 as context. */
	f.ids[0] = l4mm_space_id(S(st, "B"));
	f.ids[1] = l4mm_space_id(S(st, "C"));
	f.nids = 2;
	CHECK_EQ(export(st, &f, 1000, buf, sizeof(buf), NULL, NULL), -ENOENT);
	CHECK(!strcmp(buf, "A:1000<sigma0:3000 ctx\n"
			   "B:2000<A:1000\n"
			   "C:3000<B:2000\n"
			   "sigma0:5000<real ctx\n"
			   "C:5000<sigma0:5000\n"));
	/* Frames 5 and 6 only. */
	f = every;
	f.frame_lo = 5;
	f.frame_hi = 6;
	CHECK_EQ(export(st, &f, 1000, buf, sizeof(buf), NULL, NULL), -ENOENT);
	CHECK(!strcmp(buf, "sigma0:5000<real\n"
			   "C:5000<sigma0:5000\n"
			   "D:6000<real\n"));
	l4mm_state_destroy(st);
}

TEST(test_tree_subtree)
{
	struct l4mm_state *st = forest();
	struct l4mm_tree_filter f = every;
	char buf[4096];

	f.subtree = true;
	f.sub_id = l4mm_space_id(S(st, "A"));
	f.sub_va = 0x1000;
	CHECK_EQ(export(st, &f, 1000, buf, sizeof(buf), NULL, NULL), -ENOENT);
	CHECK(!strcmp(buf, "sigma0:3000<real ctx\n"
			   "A:1000<sigma0:3000\n"
			   "D:4000<A:1000\n"
			   "B:2000<A:1000\n"
			   "C:3000<B:2000\n"));
	/* A leaf's subtree is itself; the run stops at its sibling. */
	f.sub_id = l4mm_space_id(S(st, "D"));
	f.sub_va = 0x4000;
	CHECK_EQ(export(st, &f, 1000, buf, sizeof(buf), NULL, NULL), -ENOENT);
	CHECK(!strcmp(buf, "A:1000<sigma0:3000 ctx\nD:4000<A:1000\n"));
	/* A root: no context. */
	f.sub_id = 0;
	f.sub_va = 0x5000;
	CHECK_EQ(export(st, &f, 1000, buf, sizeof(buf), NULL, NULL), -ENOENT);
	CHECK(!strcmp(buf, "sigma0:5000<real\nC:5000<sigma0:5000\n"));
	/* Not mapped. */
	f.sub_va = 0x6000;
	CHECK_EQ(export(st, &f, 1000, buf, sizeof(buf), NULL, NULL), -ENXIO);
	CHECK(!strcmp(buf, ""));
	/* After a keep-subtree grant of A:1000 the subtree moved to B. */
	CHECK_EQ(do_grantf(st, "A", 0x1000, 12, "B", 0x8000, 12,
			   L4MM_GRANT_KEEP, NULL), 0);
	f.sub_id = l4mm_space_id(S(st, "B"));
	f.sub_va = 0x8000;
	CHECK_EQ(export(st, &f, 1000, buf, sizeof(buf), NULL, NULL), -ENOENT);
	CHECK(!strcmp(buf, "sigma0:3000<real ctx\n"
			   "B:8000<sigma0:3000\n"
			   "D:4000<B:8000\n"
			   "B:2000<B:8000\n"
			   "C:3000<B:2000\n"));
	/* A paper grant flushes what derived from it. */
	CHECK_EQ(do_grantf(st, "B", 0x8000, 12, "C", 0x8000, 12,
			   L4MM_GRANT_PAPER, NULL), 0);
	f.sub_id = l4mm_space_id(S(st, "C"));
	CHECK_EQ(export(st, &f, 1000, buf, sizeof(buf), NULL, NULL), -ENOENT);
	CHECK(!strcmp(buf, "sigma0:3000<real ctx\nC:8000<sigma0:3000\n"));
	CHECK_CLEAN(st);
	l4mm_state_destroy(st);
}

/* Any budget gives the same export: the cursor resumes exactly. */
TEST(test_tree_resume)
{
	struct l4mm_state *st = forest();
	struct l4mm_tree_filter f = every;
	char want[8192], got[8192];
	u32 budget, calls;

	f.all = true;
	CHECK_EQ(export(st, &f, 1 << 30, want, sizeof(want), &calls, NULL),
		 -ENOENT);
	for (budget = 1; budget < 40; budget++) {
		CHECK_EQ(export(st, &f, budget, got, sizeof(got), &calls,
				NULL), -ENOENT);
		CHECK(!strcmp(got, want));
		CHECK(calls > 1);
	}
	l4mm_state_destroy(st);
}

/*
 * Steps are linear in what the export visits: pages scanned + nodes
 * given, whatever the shape (a 2000-wide tree, a 2000-deep chain).
 */
TEST(test_tree_linear)
{
	struct l4mm_state *st = mkstate(4096);
	struct l4mm_tree_filter f = every;
	static char buf[1 << 20];
	char name[16];
	u64 steps;
	u32 i;

	mkspace(st, "W");
	for (i = 0; i < 2000; i++)
		CHECK_EQ(do_map(st, "sigma0", 0x10000, "W",
				0x100000 + i * 0x1000, NULL), 0);
	for (i = 0; i < 64; i++) {
		snprintf(name, sizeof(name), "c%u", i);
		mkspace(st, name);
	}
	CHECK_EQ(do_map(st, "sigma0", 0x20000, "c0", 0x1000, NULL), 0);
	for (i = 1; i < 64; i++) {
		char prev[16];

		snprintf(prev, sizeof(prev), "c%u", i - 1);
		snprintf(name, sizeof(name), "c%u", i);
		CHECK_EQ(do_map(st, prev, 0x1000, name, 0x1000, NULL), 0);
	}
	CHECK_EQ(export(st, &f, 7, buf, sizeof(buf), NULL, &steps), -ENOENT);
	/* 4096 + 2000 + 64 leaves scanned, 2 + 2000 + 64 nodes given. */
	CHECK(steps <= 2 * (4096 + 2000 + 64) + 16);
	CHECK(steps >= 4096 + 2000 + 64);
	/* The subtree of W's last page: its context and itself. */
	f.subtree = true;
	f.sub_id = l4mm_space_id(S(st, "W"));
	f.sub_va = 0x100000;
	CHECK_EQ(export(st, &f, 1000, buf, sizeof(buf), NULL, &steps),
		 -ENOENT);
	CHECK_EQ(steps, 2);
	l4mm_state_destroy(st);
}

/* A change between two calls: the rest of that tree is skipped. */
TEST(test_tree_changed)
{
	struct l4mm_state *st = forest();
	struct l4mm_tree_filter f = every;
	struct l4mm_tree_cursor c = { 0 };
	struct l4mm_tree_node n;
	u32 b = 1000;
	int i;

	/* sigma0:3000, A:1000, then D:4000 is the next node. */
	for (i = 0; i < 2; i++)
		CHECK_EQ(l4mm_tree_next(st, &f, &c, &b, &n), 0);
	CHECK_EQ(n.va, 0x1000);
	CHECK_EQ(l4mm_unmap(st, S(st, "A"), 0x1000, NULL), 0);
	CHECK_EQ(l4mm_tree_next(st, &f, &c, &b, &n), 0);
	CHECK(n.space == S(st, "sigma0") && n.va == 0x5000);
	CHECK_EQ(l4mm_tree_next(st, &f, &c, &b, &n), 0);
	CHECK_EQ(l4mm_tree_next(st, &f, &c, &b, &n), 0);
	CHECK(n.space == S(st, "D") && n.va == 0x6000);
	CHECK_EQ(l4mm_tree_next(st, &f, &c, &b, &n), -ENOENT);
	CHECK_EQ(l4mm_tree_next(st, &f, &c, &b, &n), -ENOENT);
	l4mm_state_destroy(st);
}
