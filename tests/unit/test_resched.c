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
	calls = l4mm_shim_resched_calls;
	CHECK_EQ(l4mm_space_destroy(st, S(st, "sigma0"), &res), 0);
	CHECK_EQ(res.removed, n);
	CHECK(l4mm_shim_resched_calls - calls >= n / L4MM_CORE_RESCHED_EVERY);
	CHECK_CLEAN(st);
	l4mm_state_destroy(st);
}
