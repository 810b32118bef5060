// SPDX-License-Identifier: GPL-2.0
/*
 * Allocation failure at every allocation site of every operation: the
 * operation must fail with -ENOMEM and leave the state byte-identical
 * (full dump of spaces, mappings, stats and generation) and consistent;
 * the first run that gets all its allocations must end exactly like a run
 * without injection.  Operations that need no memory must not allocate.
 */
#include "unit.h"
#include "tests.h"

int fail_loop(const char *what, setup_fn setup, op_fn op,
	      int expect_failures)
{
	struct l4mm_state *st = setup();
	char *ref, *before, *after;
	int n, err, failures = 0;
	bool injected;

	CHECK_EQ(op(st), 0);
	ref = dump_state(st);
	l4mm_state_destroy(st);

	st = setup();
	for (n = 1; n < 10000; n++) {
		before = dump_state(st);
		l4mm_shim_fail_nth = n;
		err = op(st);
		injected = l4mm_shim_fail_nth == 0;
		l4mm_shim_fail_nth = 0;
		if (err == -ENOMEM) {
			CHECK(injected);
			after = dump_state(st);
			if (strcmp(before, after))
				unit_fail(__FILE__, __LINE__,
					  "%s: state changed by failure %d:\n%s---\n%s",
					  what, n, before, after);
			free(after);
			CHECK_CLEAN(st);
			free(before);
			failures++;
			continue;
		}
		free(before);
		CHECK_EQ(err, 0);
		CHECK(!injected);
		after = dump_state(st);
		if (strcmp(ref, after))
			unit_fail(__FILE__, __LINE__,
				  "%s: result differs from the reference:\n%s---\n%s",
				  what, ref, after);
		free(after);
		CHECK_CLEAN(st);
		break;
	}
	free(ref);
	l4mm_state_destroy(st);
	if (failures != expect_failures)
		unit_fail(__FILE__, __LINE__, "%s: %d allocation sites, expected %d",
			  what, failures, expect_failures);
	return failures;
}

/* sigma0 (16 pages) -> A 0x10000 -> B 0x20000; B 0x21000 from A too. */
static struct l4mm_state *setup_chain(void)
{
	struct l4mm_state *st = mkstate(16);

	mkspace(st, "A");
	mkspace(st, "B");
	mkspace(st, "C");
	CHECK_EQ(do_map(st, "sigma0", 0x3000, "A", 0x10000, NULL), 0);
	CHECK_EQ(do_map(st, "A", 0x10000, "B", 0x20000, NULL), 0);
	CHECK_EQ(do_map(st, "A", 0x10000, "B", 0x21000, NULL), 0);
	CHECK_EQ(do_map(st, "sigma0", 0x4000, "C", 0x500000, NULL), 0);
	CHECK_EQ(do_map(st, "C", 0x500000, "C", 0x501000, NULL), 0);
	return st;
}

static struct l4mm_state *setup_empty(void)
{
	return mkstate(0);
}

static struct l4mm_state *setup_16_spaces(void)
{
	struct l4mm_state *st = mkstate(1);
	char name[16];
	int i;

	for (i = 1; i < 16; i++) {
		snprintf(name, sizeof(name), "s%d", i);
		mkspace(st, name);
	}
	return st;
}

static int op_create(struct l4mm_state *st)
{
	return l4mm_space_create(st, "new", NULL);
}

TEST(test_fail_space_create)
{
	/*
	 * space, root header, hardware table and shadow; sigma0 made the id
	 * table; with growth, a bigger id table first.
	 */
	fail_loop("create first", setup_empty, op_create, 4);
	fail_loop("create", setup_chain, op_create, 4);
	fail_loop("create with growth", setup_16_spaces, op_create, 5);
}

static int op_map_new_table(struct l4mm_state *st)
{
	return do_map(st, "B", 0x20000, "C", 0x80000000, NULL);
}

static int op_grant_new_table(struct l4mm_state *st)
{
	return do_grant(st, "B", 0x20000, "C", 0xfffff000, NULL);
}

TEST(test_fail_map_new_table)
{
	/* Table counts, bytes or allocation sites of its geometry. */
	UNIT_ONLY_FORMAT(L4MM_FORMAT_ARMV7);
	/* node, L2 header+shadow, L2 hardware table */
	fail_loop("map new table", setup_chain, op_map_new_table, 4);
}

static int op_map_existing_table(struct l4mm_state *st)
{
	return do_map(st, "B", 0x20000, "C", 0x502000, NULL);
}

TEST(test_fail_map_existing_table)
{
	fail_loop("map existing table", setup_chain, op_map_existing_table, 1);
}

static int op_map_over_subtree(struct l4mm_state *st)
{
	/* C 0x500000 has a child; its table empties and must survive. */
	return do_map(st, "A", 0x10000, "C", 0x500000, NULL);
}

static int op_map_sole_page(struct l4mm_state *st)
{
	/* B's L2 holds 0x20000, 0x21000; replace 0x21000 via flush. */
	return do_map(st, "sigma0", 0x5000, "B", 0x21000, NULL);
}

TEST(test_fail_map_over_subtree)
{
	fail_loop("map over subtree", setup_chain, op_map_over_subtree, 1);
	fail_loop("map replacing", setup_chain, op_map_sole_page, 1);
}

static int op_grant_existing(struct l4mm_state *st)
{
	return do_grant(st, "B", 0x20000, "C", 0x500000, NULL);
}

TEST(test_fail_grant)
{
	/* Table counts, bytes or allocation sites of its geometry. */
	UNIT_ONLY_FORMAT(L4MM_FORMAT_ARMV7);
	fail_loop("grant new table", setup_chain, op_grant_new_table, 4);
	fail_loop("grant existing", setup_chain, op_grant_existing, 1);
}

static int op_grant_root(struct l4mm_state *st)
{
	return do_grant(st, "sigma0", 0x3000, "C", 0x40000000, NULL);
}

static int op_grant_root_to_child(struct l4mm_state *st)
{
	return do_grant(st, "sigma0", 0x3000, "B", 0x21000, NULL);
}

TEST(test_fail_grant_root)
{
	/* Table counts, bytes or allocation sites of its geometry. */
	UNIT_ONLY_FORMAT(L4MM_FORMAT_ARMV7);
	fail_loop("grant root", setup_chain, op_grant_root, 4);
	fail_loop("grant root to child", setup_chain, op_grant_root_to_child,
		  1);
}

TEST(test_fail_state_create)
{
	/* Table counts, bytes or allocation sites of its geometry. */
	UNIT_ONLY_FORMAT(L4MM_FORMAT_ARMV7);
	struct l4mm_state *st;
	int n, err, failures = 0;

	/* state, id table, space, root x3, 300 nodes, 2 L2s x3 */
	for (n = 1; n < 1000; n++) {
		st = NULL;
		l4mm_shim_fail_nth = n;
		err = l4mm_state_create(300, &st);
		l4mm_shim_fail_nth = 0;
		if (err == -ENOMEM) {
			CHECK(!st);
			CHECK_EQ(l4mm_shim_live.zalloc, 0);
			CHECK_EQ(l4mm_shim_live.table, 0);
			CHECK_EQ(l4mm_shim_live.node, 0);
			failures++;
			continue;
		}
		CHECK_EQ(err, 0);
		CHECK_CLEAN(st);
		CHECK_EQ(l4mm_space_pages(S(st, "sigma0")), 300);
		l4mm_state_destroy(st);
		break;
	}
	CHECK_EQ(failures, 3 + 3 + 300 + 6);
}

/* Operations that cannot need memory must not ask for any. */
TEST(test_no_alloc_ops)
{
	struct l4mm_state *st = setup_chain();
	struct l4mm_op_result res;
	unsigned long attempts = l4mm_shim_alloc_attempts;

	l4mm_shim_fail_nth = 1;
	CHECK_EQ(l4mm_unmap(st, S(st, "C"), 0x500000, &res), 0);
	CHECK_EQ(res.removed, 1);
	CHECK_EQ(do_map(st, "B", 0x20000, "B", 0x20000, &res), 0);
	CHECK_EQ(res.removed, 1);
	CHECK_EQ(do_grant(st, "B", 0x21000, "B", 0x21000, &res), 0);
	CHECK_EQ(res.removed, 1);
	CHECK_EQ(do_map(st, "sigma0", 0x4000, "B", 0x20000, NULL), -ENOMEM);
	l4mm_shim_fail_nth = 1;
	CHECK_EQ(do_map(st, "A", 0x10000, "sigma0", 0x3000, &res), 0);
	CHECK(!res.installed);
	CHECK_EQ(res.removed, 2);
	CHECK_EQ(l4mm_flush(st, S(st, "C"), 0x500000, &res), 0);
	CHECK_EQ(res.removed, 1);
	CHECK_EQ(l4mm_shim_fail_nth, 1);
	l4mm_shim_fail_nth = 0;
	/* Only the deliberate map above tried (and failed) to allocate. */
	CHECK_EQ(l4mm_shim_alloc_attempts, attempts + 1);
	CHECK_CLEAN(st);
	l4mm_state_destroy(st);

	/* Destroying A takes A:0x10000 and both pages derived in B. */
	st = setup_chain();
	attempts = l4mm_shim_alloc_attempts;
	l4mm_shim_fail_nth = 1;
	CHECK_EQ(l4mm_space_destroy(st, S(st, "A"), &res), 0);
	CHECK_EQ(res.removed, 3);
	l4mm_shim_fail_nth = 0;
	CHECK_EQ(l4mm_shim_alloc_attempts, attempts);
	CHECK_CLEAN(st);
	l4mm_state_destroy(st);
}

TEST(test_leaks_after_destroy)
{
	struct l4mm_state *st = setup_chain();
	struct l4mm_stats s;

	CHECK_EQ(do_map(st, "B", 0x20000, "A", 0xfff00000, NULL), 0);
	l4mm_state_stats(st, &s);
	CHECK(l4mm_shim_live.node == (long)s.mappings);
	/* Every table is a hardware array and a shadow array. */
	CHECK(l4mm_shim_live.table == 2 * (long)s.tables);
	CHECK(l4mm_shim_live.table_bytes + l4mm_shim_live.zalloc_bytes >
	      (long)s.table_bytes);
	l4mm_state_destroy(st);
	CHECK_EQ(l4mm_shim_live.node, 0);
	CHECK_EQ(l4mm_shim_live.table, 0);
	CHECK_EQ(l4mm_shim_live.table_bytes, 0);
	CHECK_EQ(l4mm_shim_live.zalloc, 0);
	CHECK_EQ(l4mm_shim_live.zalloc_bytes, 0);
}
