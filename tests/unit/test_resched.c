// SPDX-License-Identifier: GPL-2.0
/*
 * Long loops yield: revoking a big subtree, destroying a space and
 * filling sigma0 call l4mm_env_cond_resched() about once every
 * L4MM_CORE_RESCHED_EVERY node steps (the module's cond_resched()).
 */
#include "unit.h"
#include "tests.h"

TEST(test_resched_in_long_loops)
{
	const u32 n = 5 * L4MM_CORE_RESCHED_EVERY;
	struct l4mm_op_result res;
	struct l4mm_state *st;
	unsigned long calls;
	u32 i;

	calls = l4mm_shim_resched_calls;
	st = mkstate(n);
	/* Filling sigma0 is n node steps. */
	CHECK(l4mm_shim_resched_calls - calls >= n / L4MM_CORE_RESCHED_EVERY);
	mkspace(st, "A");
	for (i = 0; i < n; i++)
		CHECK_EQ(do_map(st, "sigma0", 0, "A", i << 12, NULL), 0);
	calls = l4mm_shim_resched_calls;
	/* One unmap revokes the n-node subtree of sigma0:0. */
	CHECK_EQ(l4mm_unmap(st, S(st, "sigma0"), 0, &res), 0);
	CHECK_EQ(res.removed, n);
	CHECK(l4mm_shim_resched_calls - calls >= n / L4MM_CORE_RESCHED_EVERY);
	CHECK(l4mm_shim_resched_calls - calls <= n / L4MM_CORE_RESCHED_EVERY + 1);
	for (i = 0; i < n; i++)
		CHECK_EQ(do_map(st, "sigma0", i << 12, "A", i << 12, NULL), 0);
	calls = l4mm_shim_resched_calls;
	CHECK_EQ(l4mm_space_destroy(st, S(st, "A"), &res), 0);
	CHECK_EQ(res.removed, n);
	CHECK(l4mm_shim_resched_calls - calls >= n / L4MM_CORE_RESCHED_EVERY);
	CHECK_CLEAN(st);
	l4mm_state_destroy(st);
}

/*
 * Flexpage operations yield too: every page step counts, whether or not
 * the page is mapped, and so does every node a revocation narrows.
 */
TEST(test_resched_in_fpage_ops)
{
	const u32 n = 4 * L4MM_CORE_RESCHED_EVERY;
	struct l4mm_op_result res;
	struct l4mm_state *st;
	unsigned long calls;
	u32 i;

	st = mkstate(n);
	mkspace(st, "A");
	mkspace(st, "B");
	/*
	 * An fpage of 2^20 pages over an empty space costs its tables, not
	 * 2^20 page steps: the root's 4096 entries, and nothing to read.
	 */
	calls = l4mm_shim_resched_calls;
	CHECK_EQ(l4mm_status_fpage(st, S(st, "A"), 0, 32, &res), -ENXIO);
	CHECK_EQ(l4mm_unmap_fpage(st, S(st, "A"), 0, 32, L4MM_CORE_RWX, &res),
		 0);
	CHECK_EQ(res.removed, 0);
	CHECK(l4mm_shim_resched_calls - calls <=
	      2 * 4096 / L4MM_CORE_RESCHED_EVERY);
	/* A map of n pages: n prepared installs, then n steps. */
	calls = l4mm_shim_resched_calls;
	CHECK_EQ(do_mapf(st, "sigma0", 0, 24, "A", 0, 24, &res), 0);
	CHECK_EQ(res.pages, n);
	CHECK(l4mm_shim_resched_calls - calls >=
	      2 * n / L4MM_CORE_RESCHED_EVERY);
	for (i = 0; i < n; i++)
		CHECK_EQ(do_map(st, "A", 0, "B", i << 12, NULL), 0);
	/* One revocation of w narrows n nodes. */
	calls = l4mm_shim_resched_calls;
	CHECK_EQ(l4mm_unmap_fpage(st, S(st, "A"), 0, 12, L4MM_CORE_W, &res),
		 0);
	CHECK_EQ(rights_of(st, "B", (n - 1) << 12),
		 L4MM_CORE_R | L4MM_CORE_X);
	CHECK(l4mm_shim_resched_calls - calls >= n / L4MM_CORE_RESCHED_EVERY);
	CHECK_CLEAN(st);
	l4mm_state_destroy(st);
}
