// SPDX-License-Identifier: GPL-2.0
/*
 * Atomicity of the flexpage operations and of create with reserved
 * regions under allocation failure at every allocation (fail_loop() in
 * test_fail.c): each failure leaves the state byte-identical, the first
 * complete run ends like a run without injection.  The site counts are
 * what the design allocates up front: one node per page that will
 * install (none in keep-subtree mode), the slot array of a region of
 * more than one MiB, a second-level table (header, hardware, shadow) per
 * missing MiB slot, and the planner's table of flushed runs (a table of
 * blocks and one block of 1024 runs here).  revoke and status never
 * allocate.
 */
#include "unit.h"
#include "tests.h"

/*
 * sigma0: 1024 pages.  A 0x7fe00000/21 maps sigma0 0/21 (two tables);
 * B 0x100000/20 maps sigma0 0x100000/20 (one table).
 */
static struct l4mm_state *setup_big(void)
{
	struct l4mm_state *st = mkstate(1024);

	mkspace(st, "A");
	mkspace(st, "B");
	mkspace(st, "C");
	CHECK_EQ(do_mapf(st, "sigma0", 0, 21, "A", 0x7fe00000, 21, NULL), 0);
	CHECK_EQ(do_mapf(st, "sigma0", 0x100000, 20, "B", 0x100000, 20,
			 NULL), 0);
	CHECK_EQ(l4mm_access(st, S(st, "B"), 0x100000, L4MM_CORE_W, NULL), 0);
	return st;
}

static int op_map_span(struct l4mm_state *st)
{
	/* B 0/20 needs a table; B 0x100000/20 has one, full: flushes. */
	return do_mapf(st, "sigma0", 0, 21, "B", 0, 21, NULL);
}

static int op_grant_keep_span(struct l4mm_state *st)
{
	return do_grantf(st, "A", 0x7fe00000, 21, "C", 0xffe00000, 21,
			 L4MM_GRANT_KEEP, NULL);
}

static int op_grant_paper_span(struct l4mm_state *st)
{
	return do_grantf(st, "A", 0x7fe00000, 21, "C", 0, 21,
			 L4MM_GRANT_PAPER, NULL);
}

static int op_map_window(struct l4mm_state *st)
{
	struct l4mm_map_args a = fp_args(st, "A", 0x7fe00000, 14, "C",
					 0x40000000, 30);

	a.snd_base = 0x3ff00000;	/* the last MiB of the window */
	a.rights = L4MM_CORE_R;
	a.uncached = true;
	return l4mm_map_fpage(st, &a, NULL);
}

TEST(test_fail_fpage_map)
{
	/* Table counts, bytes or allocation sites of its geometry. */
	UNIT_ONLY_FORMAT(L4MM_FORMAT_ARMV7);
	/* B 0x100000/20's 256 pages are flushed: 256 runs, one block. */
	fail_loop("fpage map across 1 MiB", setup_big, op_map_span,
		  1 + 512 + 3 + 2);
	fail_loop("fpage map into a window", setup_big, op_map_window,
		  4 + 3);
}

TEST(test_fail_fpage_grant)
{
	/* Table counts, bytes or allocation sites of its geometry. */
	UNIT_ONLY_FORMAT(L4MM_FORMAT_ARMV7);
	fail_loop("fpage grant keep-subtree", setup_big, op_grant_keep_span,
		  1 + 2 * 3);
	/* Each source page is flushed: 512 runs, one block. */
	fail_loop("fpage grant paper", setup_big, op_grant_paper_span,
		  1 + 512 + 2 * 3 + 2);
}

/* sigma0 0x1000 -> B 0x20000 -> A 0x11000; A 0x10000, B 0x21000. */
static struct l4mm_state *setup_deep(void)
{
	struct l4mm_state *st = mkstate(16);

	mkspace(st, "A");
	mkspace(st, "B");
	CHECK_EQ(do_map(st, "sigma0", 0x1000, "B", 0x20000, NULL), 0);
	CHECK_EQ(do_map(st, "B", 0x20000, "A", 0x11000, NULL), 0);
	CHECK_EQ(do_map(st, "sigma0", 0x2000, "A", 0x10000, NULL), 0);
	CHECK_EQ(do_map(st, "sigma0", 0x7000, "B", 0x21000, NULL), 0);
	l4mm_state_set_depth_max(st, 2);
	return st;
}

static int op_map_deep(struct l4mm_state *st)
{
	return do_mapf(st, "A", 0x10000, 13, "B", 0x20000, 13, NULL);
}

TEST(test_fail_fpage_depth_check)
{
	/*
	 * Page 0's flush of B 0x20000 (the runs table and block) takes
	 * A 0x11000, which is at the depth limit, with it: one node, no
	 * -EMLINK.
	 */
	fail_loop("fpage map with the exact depth check", setup_deep,
		  op_map_deep, 2 + 1);
}

static struct l4mm_state *setup_res(void)
{
	struct l4mm_state *st = setup_deep();
	struct l4mm_space_opts o = { .utcb_order = 12, .utcb_va = 0x1000 };

	CHECK_EQ(l4mm_space_create_opts(st, "R", &o, NULL), 0);
	return st;
}

static int op_create_res(struct l4mm_state *st)
{
	struct l4mm_space_opts o = {
		.kip = true, .kip_va = 0x5000,
		.utcb_order = 21, .utcb_va = 0x200000,
	};

	return l4mm_space_create_opts(st, "new", &o, NULL);
}

TEST(test_fail_create_reserved)
{
	/* Table counts, bytes or allocation sites of its geometry. */
	UNIT_ONLY_FORMAT(L4MM_FORMAT_ARMV7);
	/* bitmap, space, root x3, KIP table x3, two UTCB tables x3 */
	fail_loop("create with KIP and UTCB", setup_deep, op_create_res,
		  1 + 1 + 3 + 3 + 6);
	/* The bitmap exists already. */
	fail_loop("create with KIP and UTCB, second", setup_res,
		  op_create_res, 1 + 3 + 3 + 6);
}

TEST(test_fail_revoke_no_alloc)
{
	struct l4mm_state *st = setup_big();
	unsigned long attempts = l4mm_shim_alloc_attempts;
	struct l4mm_op_result res;

	l4mm_shim_fail_nth = 1;
	CHECK_EQ(l4mm_status_fpage(st, S(st, "sigma0"), 0, 32, &res), 0);
	CHECK_EQ(res.status, L4MM_CORE_W);
	CHECK_EQ(l4mm_unmap_fpage(st, S(st, "sigma0"), 0, 22, L4MM_CORE_W,
				  &res), 0);
	CHECK_EQ(l4mm_access(st, S(st, "A"), 0x7fe00000, L4MM_CORE_X, NULL),
		 0);
	CHECK_EQ(l4mm_flush_fpage(st, S(st, "A"), 0x7fe00000, 21,
				  L4MM_CORE_X, &res), 0);
	CHECK_EQ(res.status, L4MM_CORE_X);
	CHECK_EQ(l4mm_unmap_fpage(st, S(st, "sigma0"), 0, 32, L4MM_CORE_RWX,
				  &res), 0);
	CHECK_EQ(res.removed, 512 + 256);
	CHECK_EQ(l4mm_shim_fail_nth, 1);
	l4mm_shim_fail_nth = 0;
	CHECK_EQ(l4mm_shim_alloc_attempts, attempts);
	CHECK_CLEAN(st);
	l4mm_state_destroy(st);
}
