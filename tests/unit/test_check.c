// SPDX-License-Identifier: GPL-2.0
/*
 * The abstract half of the checker (check_abs.c): l4mm_space_check()
 * follows every chain and names the theorem a corruption breaks.
 */
#include "unit.h"

/* sigma0 0x5000 -> A 0x1000 -> B 0x2000 */
static struct l4mm_state *two_step_chain(void)
{
	struct l4mm_state *st = mkstate(16);

	mkspace(st, "A");
	mkspace(st, "B");
	CHECK_EQ(do_map(st, "sigma0", 0x5000, "A", 0x1000, NULL), 0);
	CHECK_EQ(do_map(st, "A", 0x1000, "B", 0x2000, NULL), 0);
	return st;
}

/* Rewrite the hardware leaf of n,v to hold another frame. */
static void set_frame(struct l4mm_state *st, const char *name, u32 va,
		      u32 frame)
{
	struct l4mm_space *sp = S(st, name);
	struct l4mm_pte_leaf leaf;
	struct l4mm_pte_ref ref;

	CHECK(l4mm_node_at(sp, va, &ref, &leaf) != NULL);
	leaf.frame = frame;
	unit_hw_set(st, &ref, st->ctx.fmt->encode_leaf(0, &leaf));
}

TEST(test_check_space_theorems)
{
	struct l4mm_state *st = two_step_chain();
	struct l4mm_mdb_node *n;
	char msg[256];
	u64 key;

	CHECK_EQ(l4mm_space_check(st, S(st, "B"), msg, sizeof(msg)), 0);
	CHECK_EQ(l4mm_space_check(st, S(st, "sigma0"), msg, sizeof(msg)), 0);

	/* B's leaf holds a frame its chain does not lead to. */
	set_frame(st, "B", 0x2000, 0x7);
	CHECK_EQ(l4mm_space_check(st, S(st, "B"), msg, sizeof(msg)), -EUCLEAN);
	CHECK(strstr(msg, "lookup is a function") != NULL);
	CHECK(strstr(msg, "space B vaddr 0x00002000") != NULL);
	CHECK_EQ(l4mm_state_check(st, msg, sizeof(msg)), -EUCLEAN);
	set_frame(st, "B", 0x2000, 0x5);
	CHECK_CLEAN(st);

	/* A depth that skips a level: the chain no longer counts down. */
	n = l4mm_node_at(S(st, "B"), 0x2000, NULL, NULL);
	key = n->key;
	n->key = l4mm_mdb_key(3, l4mm_mdb_id(n), l4mm_mdb_vpn(n));
	CHECK_EQ(l4mm_space_check(st, S(st, "B"), msg, sizeof(msg)), -EUCLEAN);
	CHECK(strstr(msg, "no loops") != NULL);
	n->key = key;
	CHECK_EQ(l4mm_space_check(st, S(st, "B"), NULL, 0), 0);
	CHECK_CLEAN(st);
	l4mm_state_destroy(st);
}
