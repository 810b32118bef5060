// SPDX-License-Identifier: GPL-2.0
/* Names, ids, sigma0, errors, address extremes, table reaping, counters. */
#include "unit.h"
#include "tests.h"

TEST(test_node_size)
{
	/* Three pointers (next, prev, parent) and the key. */
	if (sizeof(void *) == 8)
		CHECK_EQ(L4MM_CORE_NODE_SIZE, 32);
	CHECK_EQ(L4MM_CORE_NODE_SIZE, sizeof(struct l4mm_mdb_node));
}

TEST(test_name_valid)
{
	CHECK(l4mm_name_valid("a"));
	CHECK(l4mm_name_valid("sigma0"));
	CHECK(l4mm_name_valid("A-z_0.9"));
	CHECK(l4mm_name_valid("123456789012345"));
	CHECK(!l4mm_name_valid("1234567890123456"));
	CHECK(!l4mm_name_valid(""));
	CHECK(!l4mm_name_valid(NULL));
	CHECK(!l4mm_name_valid("a b"));
	CHECK(!l4mm_name_valid("a/b"));
	CHECK(!l4mm_name_valid("\xc3\xa9"));
	CHECK(!l4mm_name_valid("tab\t"));
}

TEST(test_space_ids_names)
{
	struct l4mm_state *st = mkstate(0);
	struct l4mm_space *a, *b, *c, *d, *x = NULL, *s0;
	struct l4mm_op_result res;
	struct l4mm_stats s;

	/* The paper's initial state: sigma0 (empty here) holds id 0. */
	s0 = l4mm_space_find(st, "sigma0");
	CHECK(s0 && l4mm_space_next(st, 0) == s0);
	CHECK_EQ(l4mm_space_id(s0), 0);
	CHECK(!l4mm_space_next(st, 1));
	a = mkspace(st, "a");
	b = mkspace(st, "b");
	c = mkspace(st, "c");
	CHECK_EQ(l4mm_space_id(a), 1);
	CHECK_EQ(l4mm_space_id(b), 2);
	CHECK_EQ(l4mm_space_id(c), 3);
	CHECK(!strcmp(l4mm_space_name(b), "b"));
	CHECK_EQ(l4mm_space_create(st, "b", &x), -EEXIST);
	CHECK_EQ(l4mm_space_create(st, "sigma0", &x), -EEXIST);
	CHECK_EQ(l4mm_space_create(st, "", &x), -EINVAL);
	CHECK_EQ(l4mm_space_create(st, "bad name", &x), -EINVAL);
	CHECK_EQ(l4mm_space_create(st, "0123456789abcdef", &x), -EINVAL);
	CHECK(x == NULL);
	CHECK(l4mm_space_find(st, "a") == a);
	CHECK(l4mm_space_find(st, "c") == c);
	CHECK(!l4mm_space_find(st, "d"));
	CHECK(!l4mm_space_find(st, "bad name"));
	CHECK_EQ(l4mm_space_pages(a), 0);
	CHECK_EQ(l4mm_space_tables(a), 1);
	CHECK_EQ(l4mm_space_destroy(st, b, &res), 0);
	CHECK_EQ(res.removed, 0);
	CHECK(!l4mm_space_find(st, "b"));
	CHECK(l4mm_space_next(st, 2) == c);
	CHECK(l4mm_space_next(st, 1) == a);
	CHECK(!l4mm_space_next(st, 4));
	d = mkspace(st, "d");
	CHECK_EQ(l4mm_space_id(d), 2);	/* lowest free id */
	b = mkspace(st, "b");
	CHECK_EQ(l4mm_space_id(b), 4);
	l4mm_state_stats(st, &s);
	CHECK_EQ(s.spaces, 5);
	CHECK_EQ(s.tables, 5);
	CHECK_EQ(s.mappings, 0);
	CHECK_CLEAN(st);
	l4mm_state_destroy(st);
}

TEST(test_space_id_growth)
{
	struct l4mm_state *st = mkstate(1);
	char name[16];
	unsigned int i;

	for (i = 1; i < 100; i++) {
		snprintf(name, sizeof(name), "s%u", i);
		CHECK_EQ(l4mm_space_id(mkspace(st, name)), i);
	}
	CHECK_CLEAN(st);
	/* Destroy every third; they come back lowest first. */
	for (i = 3; i < 100; i += 3) {
		snprintf(name, sizeof(name), "s%u", i);
		CHECK_EQ(l4mm_space_destroy(st, S(st, name), NULL), 0);
	}
	for (i = 3; i < 100; i += 3) {
		snprintf(name, sizeof(name), "t%u", i);
		CHECK_EQ(l4mm_space_id(mkspace(st, name)), i);
	}
	CHECK_EQ(l4mm_space_id(mkspace(st, "last")), 100);
	CHECK(l4mm_space_find(st, "sigma0") == l4mm_space_next(st, 0));
	CHECK_CLEAN(st);
	l4mm_state_destroy(st);
}

TEST(test_sigma0_basic)
{
	/* Table counts, bytes or allocation sites of its geometry. */
	UNIT_ONLY_FORMAT(L4MM_FORMAT_ARMV7);
	struct l4mm_state *st = mkstate(300);
	struct l4mm_space *s0 = S(st, "sigma0");
	struct l4mm_mapping_info mi;
	struct l4mm_stats s;
	u32 i;

	CHECK_EQ(l4mm_space_id(s0), 0);
	CHECK_EQ(l4mm_space_pages(s0), 300);
	CHECK_EQ(l4mm_space_tables(s0), 1 + 2);	/* 300 pages: 2 L2s */
	for (i = 0; i < 300; i++) {
		CHECK_EQ(l4mm_lookup(st, s0, i << 12, &mi), 0);
		CHECK_EQ(mi.frame, i);
		CHECK_EQ(mi.depth, 0);
		CHECK(mi.is_real);
		CHECK(!mi.src);
		CHECK(mi.rd && mi.wr && mi.ex && mi.cached);
	}
	CHECK_EQ(l4mm_lookup(st, s0, 300 << 12, &mi), -ENOENT);
	CHECK_EQ(l4mm_lookup(st, s0, 0xfffff000, &mi), -ENOENT);
	l4mm_state_stats(st, &s);
	CHECK_EQ(s.spaces, 1);
	CHECK_EQ(s.mappings, 300);
	CHECK_EQ(s.tables, 3);
	CHECK_EQ(s.node_bytes, 300 * L4MM_CORE_NODE_SIZE);
	/* Hardware tables, shadows (powers of two), headers (the shim's
	 * kmalloc rounds them to a power of two).
	 */
	CHECK_EQ(s.table_bytes, 16384 + 1024 * 2 +
		 (4096 + 2 * 256) * sizeof(void *) +
		 3 * shim_kmalloc_size(sizeof(struct l4mm_pt_table)));
	CHECK_EQ(s.ops, 0);
	CHECK_CLEAN(st);
	l4mm_state_destroy(st);
}

TEST(test_sigma0_large)
{
	/* Table counts, bytes or allocation sites of its geometry. */
	UNIT_ONLY_FORMAT(L4MM_FORMAT_ARMV7);
	struct l4mm_state *st = mkstate(L4MM_CORE_MAX_FRAMES);
	struct l4mm_space *s0 = S(st, "sigma0");
	struct l4mm_mapping_info mi;

	CHECK_EQ(l4mm_space_pages(s0), 1U << 20);
	CHECK_EQ(l4mm_space_tables(s0), 1 + 4096);
	CHECK_EQ(l4mm_lookup(st, s0, 0xfffff000, &mi), 0);
	CHECK_EQ(mi.frame, 0xfffff);
	CHECK_EQ(l4mm_lookup(st, s0, 0, &mi), 0);
	CHECK_EQ(mi.frame, 0);
	CHECK_CLEAN(st);
	l4mm_state_destroy(st);
}

TEST(test_state_create_errors)
{
	struct l4mm_state *st = NULL;

	CHECK_EQ(l4mm_state_create(L4MM_CORE_MAX_FRAMES + 1, &st), -EINVAL);
	CHECK(!st);
	CHECK_EQ(l4mm_state_create(0, &st), 0);
	/* The paper's initial state: sigma0, here empty, always exists. */
	CHECK(st && l4mm_space_next(st, 0) == l4mm_space_find(st, "sigma0"));
	CHECK_EQ(l4mm_space_pages(l4mm_space_find(st, "sigma0")), 0);
	CHECK(!l4mm_space_next(st, 1));
	l4mm_state_destroy(st);
	l4mm_state_destroy(NULL);
}

TEST(test_errors_and_enxio)
{
	struct l4mm_state *st = mkstate(4);
	struct l4mm_op_result res = { .removed = 7, .installed = true };
	struct l4mm_mapping_info mi;
	char *before, *after;

	mkspace(st, "A");
	before = dump_state(st);
	CHECK_EQ(do_map(st, "sigma0", 0x1001, "A", 0, &res), -EINVAL);
	CHECK_EQ(do_map(st, "sigma0", 0, "A", 0x800, &res), -EINVAL);
	CHECK_EQ(do_grant(st, "sigma0", 0x10, "A", 0, &res), -EINVAL);
	CHECK_EQ(do_grant(st, "sigma0", 0, "A", 0xfff, &res), -EINVAL);
	CHECK_EQ(l4mm_unmap(st, S(st, "A"), 4, &res), -EINVAL);
	CHECK_EQ(l4mm_flush(st, S(st, "A"), 0xfffffffc, &res), -EINVAL);
	CHECK_EQ(l4mm_lookup(st, S(st, "A"), 0x123, &mi), -EINVAL);
	/* Unmapped sources. */
	CHECK_EQ(do_map(st, "A", 0, "sigma0", 0, &res), -ENXIO);
	CHECK_EQ(do_grant(st, "A", 0, "sigma0", 0, &res), -ENXIO);
	CHECK_EQ(do_map(st, "sigma0", 0x4000, "A", 0, &res), -ENXIO);
	CHECK_EQ(do_grant(st, "sigma0", 0x4000, "A", 0, &res), -ENXIO);
	CHECK_EQ(l4mm_lookup(st, S(st, "A"), 0, &mi), -ENOENT);
	after = dump_state(st);
	CHECK(!strcmp(before, after));
	free(before);
	free(after);
	CHECK_CLEAN(st);
	l4mm_state_destroy(st);
}

TEST(test_address_extremes)
{
	/* Table counts, bytes or allocation sites of its geometry. */
	UNIT_ONLY_FORMAT(L4MM_FORMAT_ARMV7);
	struct l4mm_state *st = mkstate(2);
	struct l4mm_space *a = mkspace(st, "A");
	struct l4mm_mapping_info mi;
	struct l4mm_op_result res;

	CHECK_EQ(do_map(st, "sigma0", 0, "A", 0xfffff000, &res), 0);
	CHECK(res.installed);
	CHECK_EQ(do_map(st, "sigma0", 0x1000, "A", 0, &res), 0);
	CHECK(res.installed);
	CHECK_EQ(do_map(st, "A", 0xfffff000, "A", 0x7ffff000, &res), 0);
	CHECK_EQ(frame_of(st, "A", 0xfffff000), 0);
	CHECK_EQ(frame_of(st, "A", 0), 1);
	CHECK_EQ(frame_of(st, "A", 0x7ffff000), 0);
	CHECK(!strcmp(src_of(st, "A", 0x7ffff000), "A:0xfffff000"));
	CHECK_EQ(l4mm_space_pages(a), 3);
	CHECK_EQ(l4mm_space_tables(a), 4);
	/* Ordered iteration. */
	CHECK_EQ(l4mm_space_next_mapping(st, a, 0, &mi), 0);
	CHECK_EQ(mi.vaddr, 0);
	CHECK_EQ(l4mm_space_next_mapping(st, a, 1, &mi), 0);
	CHECK_EQ(mi.vaddr, 0x7ffff000);
	CHECK_EQ(l4mm_space_next_mapping(st, a, 0x7ffff000, &mi), 0);
	CHECK_EQ(mi.vaddr, 0x7ffff000);
	CHECK_EQ(l4mm_space_next_mapping(st, a, 0x7ffff001, &mi), 0);
	CHECK_EQ(mi.vaddr, 0xfffff000);
	CHECK_EQ(l4mm_space_next_mapping(st, a, 0xfffff000, &mi), 0);
	CHECK_EQ(mi.vaddr, 0xfffff000);
	CHECK_EQ(l4mm_space_next_mapping(st, a, 0xfffff001, &mi), -ENOENT);
	CHECK_EQ(l4mm_space_next_mapping(st, a, 1ULL << 32, &mi), -ENOENT);
	CHECK_EQ(l4mm_space_next_mapping(st, a, ~0ULL, &mi), -ENOENT);
	CHECK_EQ(l4mm_unmap(st, a, 0xfffff000, &res), 0);
	CHECK_EQ(res.removed, 1);
	CHECK_EQ(frame_of(st, "A", 0x7ffff000), -1);
	CHECK_EQ(l4mm_flush(st, a, 0xfffff000, &res), 0);
	CHECK_EQ(res.removed, 1);
	CHECK_EQ(l4mm_flush(st, a, 0, &res), 0);
	CHECK_EQ(res.removed, 1);
	CHECK_EQ(l4mm_space_pages(a), 0);
	CHECK_EQ(l4mm_space_tables(a), 1);
	CHECK_EQ(l4mm_space_next_mapping(st, a, 0, &mi), -ENOENT);
	CHECK_CLEAN(st);
	l4mm_state_destroy(st);
}

TEST(test_table_freeing)
{
	/* Table counts, bytes or allocation sites of its geometry. */
	UNIT_ONLY_FORMAT(L4MM_FORMAT_ARMV7);
	struct l4mm_state *st = mkstate(3);
	struct l4mm_space *a = mkspace(st, "A");
	struct l4mm_stats s0, s;

	l4mm_state_stats(st, &s0);
	CHECK_EQ(do_map(st, "sigma0", 0, "A", 0x12345000, NULL), 0);
	CHECK_EQ(l4mm_space_tables(a), 2);
	CHECK_EQ(do_map(st, "sigma0", 0x1000, "A", 0x12346000, NULL), 0);
	CHECK_EQ(l4mm_space_tables(a), 2);
	CHECK_EQ(do_map(st, "sigma0", 0x2000, "A", 0x80000000, NULL), 0);
	CHECK_EQ(l4mm_space_tables(a), 3);
	l4mm_state_stats(st, &s);
	CHECK_EQ(s.tables, s0.tables + 2);
	CHECK_EQ(l4mm_flush(st, a, 0x12345000, NULL), 0);
	CHECK_EQ(l4mm_space_tables(a), 3);
	CHECK_EQ(l4mm_flush(st, a, 0x12346000, NULL), 0);
	CHECK_EQ(l4mm_space_tables(a), 2);
	/* Removal through the source (another space) frees A's table. */
	CHECK_EQ(l4mm_unmap(st, S(st, "sigma0"), 0x2000, NULL), 0);
	CHECK_EQ(l4mm_space_tables(a), 1);
	l4mm_state_stats(st, &s);
	CHECK_EQ(s.tables, s0.tables);
	CHECK_EQ(s.table_bytes, s0.table_bytes);
	/* Replacing the only page of a table keeps the table. */
	CHECK_EQ(do_map(st, "sigma0", 0, "A", 0x12345000, NULL), 0);
	CHECK_EQ(do_map(st, "sigma0", 0x1000, "A", 0x12345000, NULL), 0);
	CHECK_EQ(l4mm_space_tables(a), 2);
	CHECK_EQ(frame_of(st, "A", 0x12345000), 1);
	CHECK_CLEAN(st);
	l4mm_state_destroy(st);
}

TEST(test_generation_and_ops)
{
	struct l4mm_state *st = mkstate(2);
	struct l4mm_stats s;
	u64 g0, g;

	mkspace(st, "A");
	g0 = l4mm_state_generation(st);
	CHECK_EQ(do_map(st, "A", 0, "sigma0", 0, NULL), -ENXIO);
	CHECK_EQ(l4mm_state_generation(st), g0);
	CHECK_EQ(l4mm_unmap(st, S(st, "A"), 0, NULL), 0);	/* no-op */
	CHECK_EQ(l4mm_state_generation(st), g0);
	CHECK_EQ(do_map(st, "sigma0", 0, "A", 0, NULL), 0);
	g = l4mm_state_generation(st);
	CHECK(g != g0);
	CHECK_EQ(l4mm_flush(st, S(st, "A"), 0, NULL), 0);
	CHECK(l4mm_state_generation(st) != g);
	l4mm_state_stats(st, &s);
	CHECK_EQ(s.ops, 4);	/* create, unmap, map, flush */
	l4mm_state_destroy(st);
}
