// SPDX-License-Identifier: GPL-2.0
/*
 * The scenarios of section 3 of the paper (figures 2-5), the map/grant
 * counterexample and the corner cases of map and grant.
 */
#include "unit.h"
#include "tests.h"

#define SV	0x3000U		/* sigma0 page, Real frame 3 */
#define AV	0x10000U
#define BV	0x20000U
#define CV	0x30000U
#define DV	0x40000U

/* sigma0 SV -> A AV -> B BV -> C CV */
static struct l4mm_state *chain(void)
{
	struct l4mm_state *st = mkstate(16);
	struct l4mm_op_result res;

	mkspace(st, "A");
	mkspace(st, "B");
	mkspace(st, "C");
	mkspace(st, "D");
	CHECK_EQ(do_map(st, "sigma0", SV, "A", AV, &res), 0);
	CHECK(res.installed && res.removed == 0);
	CHECK_EQ(do_map(st, "A", AV, "B", BV, &res), 0);
	CHECK(res.installed);
	CHECK_EQ(do_map(st, "B", BV, "C", CV, &res), 0);
	CHECK(res.installed);
	return st;
}

TEST(test_fig2_chain)
{
	struct l4mm_state *st = chain();
	struct l4mm_mapping_info mi;

	CHECK_EQ(frame_of(st, "C", CV), 3);
	CHECK_EQ(depth_of(st, "sigma0", SV), 0);
	CHECK_EQ(depth_of(st, "A", AV), 1);
	CHECK_EQ(depth_of(st, "B", BV), 2);
	CHECK_EQ(depth_of(st, "C", CV), 3);
	CHECK(!strcmp(src_of(st, "sigma0", SV), "real"));
	CHECK(!strcmp(src_of(st, "A", AV), "sigma0:0x3000"));
	CHECK(!strcmp(src_of(st, "B", BV), "A:0x10000"));
	CHECK(!strcmp(src_of(st, "C", CV), "B:0x20000"));
	CHECK_EQ(l4mm_lookup(st, S(st, "C"), CV, &mi), 0);
	CHECK(!mi.is_real && mi.src == S(st, "B"));
	/* Two pages of sigma0 reaching one space; a second child of A. */
	CHECK_EQ(do_map(st, "A", AV, "D", DV, NULL), 0);
	CHECK(!strcmp(src_of(st, "D", DV), "A:0x10000"));
	CHECK_EQ(depth_of(st, "D", DV), 2);
	CHECK_CLEAN(st);
	l4mm_state_destroy(st);
}

TEST(test_fig3_unmap)
{
	struct l4mm_state *st = chain();
	struct l4mm_op_result res;

	CHECK_EQ(do_map(st, "A", AV, "D", DV, NULL), 0);
	CHECK_EQ(l4mm_unmap(st, S(st, "A"), AV, &res), 0);
	CHECK_EQ(res.removed, 3);	/* B, C, D */
	CHECK(!res.installed);
	CHECK_EQ(frame_of(st, "A", AV), 3);
	CHECK_EQ(frame_of(st, "B", BV), -1);
	CHECK_EQ(frame_of(st, "C", CV), -1);
	CHECK_EQ(frame_of(st, "D", DV), -1);
	CHECK_EQ(frame_of(st, "sigma0", SV), 3);
	CHECK_EQ(l4mm_unmap(st, S(st, "A"), AV, &res), 0);
	CHECK_EQ(res.removed, 0);
	CHECK_EQ(l4mm_unmap(st, S(st, "B"), BV, &res), 0);	/* unmapped */
	CHECK_EQ(res.removed, 0);
	CHECK_CLEAN(st);
	l4mm_state_destroy(st);
}

TEST(test_flush_chain)
{
	struct l4mm_state *st = chain();
	struct l4mm_op_result res;

	CHECK_EQ(l4mm_flush(st, S(st, "B"), BV, &res), 0);
	CHECK_EQ(res.removed, 2);
	CHECK_EQ(frame_of(st, "A", AV), 3);
	CHECK_EQ(frame_of(st, "B", BV), -1);
	CHECK_EQ(frame_of(st, "C", CV), -1);
	CHECK_EQ(l4mm_flush(st, S(st, "B"), BV, &res), 0);
	CHECK_EQ(res.removed, 0);
	CHECK_EQ(l4mm_flush(st, S(st, "A"), AV, &res), 0);
	CHECK_EQ(res.removed, 1);
	CHECK_EQ(l4mm_space_pages(S(st, "A")), 0);
	CHECK_CLEAN(st);
	l4mm_state_destroy(st);
}

TEST(test_fig4_map_replaces)
{
	struct l4mm_state *st = chain();
	struct l4mm_op_result res;

	/* D DV holds frame 5 with a child in C; map A AV over D DV. */
	CHECK_EQ(do_map(st, "sigma0", 0x5000, "D", DV, NULL), 0);
	CHECK_EQ(do_map(st, "D", DV, "C", 0x50000, NULL), 0);
	CHECK_EQ(frame_of(st, "C", 0x50000), 5);
	CHECK_EQ(do_map(st, "A", AV, "D", DV, &res), 0);
	CHECK(res.installed);
	CHECK_EQ(res.removed, 2);	/* D DV and C 0x50000 */
	CHECK_EQ(frame_of(st, "D", DV), 3);
	CHECK_EQ(frame_of(st, "C", 0x50000), -1);
	CHECK(!strcmp(src_of(st, "D", DV), "A:0x10000"));
	CHECK_EQ(frame_of(st, "sigma0", 0x5000), 5);
	/* Remapping the same thing again: flush, install. */
	CHECK_EQ(do_map(st, "A", AV, "D", DV, &res), 0);
	CHECK(res.installed);
	CHECK_EQ(res.removed, 1);
	CHECK_CLEAN(st);
	l4mm_state_destroy(st);
}

TEST(test_fig5_grant)
{
	struct l4mm_state *st = chain();
	struct l4mm_op_result res;

	/* grant A AV -> D DV: D gets Virtual sigma0 SV, A's subtree goes. */
	CHECK_EQ(do_grant(st, "A", AV, "D", DV, &res), 0);
	CHECK(res.installed);
	CHECK_EQ(res.removed, 3);	/* A, B, C */
	CHECK_EQ(frame_of(st, "D", DV), 3);
	CHECK_EQ(depth_of(st, "D", DV), 1);
	CHECK(!strcmp(src_of(st, "D", DV), "sigma0:0x3000"));
	CHECK_EQ(frame_of(st, "A", AV), -1);
	CHECK_EQ(frame_of(st, "B", BV), -1);
	CHECK_EQ(frame_of(st, "C", CV), -1);
	/* Grant of a leaf in the middle keeps siblings' places. */
	CHECK_EQ(do_map(st, "D", DV, "A", AV, NULL), 0);
	CHECK_EQ(do_map(st, "D", DV, "B", BV, NULL), 0);
	CHECK_EQ(do_map(st, "B", BV, "B", BV + 0x1000, NULL), 0);
	CHECK_EQ(do_grant(st, "B", BV, "C", CV, &res), 0);
	CHECK_EQ(res.removed, 2);
	CHECK(!strcmp(src_of(st, "C", CV), "D:0x40000"));
	CHECK(!strcmp(src_of(st, "A", AV), "D:0x40000"));
	CHECK_EQ(depth_of(st, "C", CV), 2);
	CHECK_EQ(frame_of(st, "B", BV + 0x1000), -1);
	/* Unmap of the common parent now takes both children. */
	CHECK_EQ(l4mm_unmap(st, S(st, "D"), DV, &res), 0);
	CHECK_EQ(res.removed, 2);
	CHECK_CLEAN(st);
	l4mm_state_destroy(st);
}

TEST(test_counterexample)
{
	struct l4mm_state *st = mkstate(4);
	struct l4mm_op_result res;

	mkspace(st, "n");
	mkspace(st, "n2");
	CHECK_EQ(do_map(st, "sigma0", 0x1000, "n", 0x8000, NULL), 0);
	/* map n v n' v' then grant n' v' n v */
	CHECK_EQ(do_map(st, "n", 0x8000, "n2", 0x9000, &res), 0);
	CHECK(res.installed);
	CHECK_EQ(do_grant(st, "n2", 0x9000, "n", 0x8000, &res), 0);
	CHECK(!res.installed);
	CHECK_EQ(res.removed, 2);
	CHECK_EQ(frame_of(st, "n", 0x8000), -1);
	CHECK_EQ(frame_of(st, "n2", 0x9000), -1);
	CHECK_EQ(frame_of(st, "sigma0", 0x1000), 1);
	CHECK_EQ(l4mm_space_pages(S(st, "n")), 0);
	CHECK_EQ(l4mm_space_pages(S(st, "n2")), 0);
	CHECK_CLEAN(st);
	l4mm_state_destroy(st);
}

TEST(test_self_map)
{
	struct l4mm_state *st = chain();
	struct l4mm_op_result res;

	CHECK_EQ(do_map(st, "B", BV, "B", BV, &res), 0);
	CHECK(!res.installed);
	CHECK_EQ(res.removed, 2);	/* B and C */
	CHECK_EQ(frame_of(st, "B", BV), -1);
	CHECK_EQ(frame_of(st, "A", AV), 3);
	/* Self-map of a root (sigma0). */
	CHECK_EQ(do_map(st, "sigma0", SV, "sigma0", SV, &res), 0);
	CHECK(!res.installed);
	CHECK_EQ(res.removed, 2);	/* sigma0 SV and A */
	CHECK_EQ(frame_of(st, "sigma0", SV), -1);
	CHECK_EQ(do_map(st, "sigma0", SV, "sigma0", SV, &res), -ENXIO);
	CHECK_CLEAN(st);
	l4mm_state_destroy(st);
}

TEST(test_self_grant)
{
	struct l4mm_state *st = chain();
	struct l4mm_op_result res;

	CHECK_EQ(do_grant(st, "A", AV, "A", AV, &res), 0);
	CHECK(!res.installed);
	CHECK_EQ(res.removed, 3);
	CHECK_EQ(frame_of(st, "A", AV), -1);
	CHECK_EQ(frame_of(st, "sigma0", SV), 3);
	CHECK_EQ(do_grant(st, "sigma0", SV, "sigma0", SV, &res), 0);
	CHECK(!res.installed);
	CHECK_EQ(res.removed, 1);
	CHECK_EQ(frame_of(st, "sigma0", SV), -1);
	CHECK_CLEAN(st);
	l4mm_state_destroy(st);
}

TEST(test_grant_into_ancestor)
{
	struct l4mm_state *st = chain();
	struct l4mm_op_result res;

	/* Into the direct parent: m = Virtual A AV is flushed away. */
	CHECK_EQ(do_grant(st, "B", BV, "A", AV, &res), 0);
	CHECK(!res.installed);
	CHECK_EQ(res.removed, 3);
	CHECK_EQ(frame_of(st, "A", AV), -1);
	CHECK_EQ(frame_of(st, "B", BV), -1);
	CHECK_EQ(frame_of(st, "C", CV), -1);
	CHECK_EQ(frame_of(st, "sigma0", SV), 3);
	l4mm_state_destroy(st);

	/* Into a higher ancestor (the root). */
	st = chain();
	CHECK_EQ(do_grant(st, "C", CV, "sigma0", SV, &res), 0);
	CHECK(!res.installed);
	CHECK_EQ(res.removed, 4);
	CHECK_EQ(frame_of(st, "sigma0", SV), -1);
	CHECK_EQ(l4mm_space_pages(S(st, "sigma0")), 15);
	CHECK_CLEAN(st);
	l4mm_state_destroy(st);
}

TEST(test_grant_into_descendant)
{
	struct l4mm_state *st = chain();
	struct l4mm_op_result res;

	/* C CV is flushed, gets Virtual sigma0 SV, then A's subtree goes. */
	CHECK_EQ(do_grant(st, "A", AV, "C", CV, &res), 0);
	CHECK(res.installed);
	CHECK_EQ(res.removed, 3);	/* C (old), then A and B */
	CHECK_EQ(frame_of(st, "C", CV), 3);
	CHECK_EQ(depth_of(st, "C", CV), 1);
	CHECK(!strcmp(src_of(st, "C", CV), "sigma0:0x3000"));
	CHECK_EQ(frame_of(st, "A", AV), -1);
	CHECK_EQ(frame_of(st, "B", BV), -1);
	CHECK_CLEAN(st);
	l4mm_state_destroy(st);
}

TEST(test_grant_root)
{
	struct l4mm_state *st = chain();
	struct l4mm_mapping_info mi;
	struct l4mm_op_result res;

	CHECK_EQ(do_grant(st, "sigma0", SV, "D", DV, &res), 0);
	CHECK(res.installed);
	CHECK_EQ(res.removed, 4);	/* sigma0 SV, A, B, C */
	CHECK_EQ(l4mm_lookup(st, S(st, "D"), DV, &mi), 0);
	CHECK(mi.is_real && !mi.src);
	CHECK_EQ(mi.depth, 0);
	CHECK_EQ(mi.frame, 3);
	CHECK_EQ(frame_of(st, "sigma0", SV), -1);
	CHECK_EQ(frame_of(st, "A", AV), -1);
	/* The new root can be used as a source and granted again. */
	CHECK_EQ(do_map(st, "D", DV, "A", AV, NULL), 0);
	CHECK_EQ(depth_of(st, "A", AV), 1);
	CHECK_EQ(do_grant(st, "D", DV, "sigma0", 0xf000, &res), 0);
	CHECK(res.installed);
	CHECK_EQ(res.removed, 3);	/* Real 15, then D and A */
	CHECK_EQ(l4mm_lookup(st, S(st, "sigma0"), 0xf000, &mi), 0);
	CHECK(mi.is_real);
	CHECK_EQ(mi.frame, 3);
	/* Grant of a root into its own descendant. */
	CHECK_EQ(do_map(st, "sigma0", 0xf000, "B", BV, NULL), 0);
	CHECK_EQ(do_grant(st, "sigma0", 0xf000, "B", BV, &res), 0);
	CHECK(res.installed);
	CHECK_EQ(res.removed, 2);
	CHECK_EQ(l4mm_lookup(st, S(st, "B"), BV, &mi), 0);
	CHECK(mi.is_real);
	CHECK_EQ(mi.frame, 3);
	CHECK_CLEAN(st);
	l4mm_state_destroy(st);
}

TEST(test_map_into_sigma0)
{
	struct l4mm_state *st = chain();
	struct l4mm_op_result res;

	CHECK_EQ(do_map(st, "B", BV, "sigma0", 0x7000, &res), 0);
	CHECK(res.installed);
	CHECK_EQ(res.removed, 1);	/* Real 7 */
	CHECK_EQ(frame_of(st, "sigma0", 0x7000), 3);
	CHECK_EQ(depth_of(st, "sigma0", 0x7000), 3);
	CHECK(!strcmp(src_of(st, "sigma0", 0x7000), "B:0x20000"));
	/* Into an unmapped sigma0 page beyond its size. */
	CHECK_EQ(do_map(st, "A", AV, "sigma0", 0xfffff000, &res), 0);
	CHECK(res.installed);
	CHECK_EQ(res.removed, 0);
	CHECK_EQ(l4mm_space_pages(S(st, "sigma0")), 17);
	CHECK_CLEAN(st);
	l4mm_state_destroy(st);
}

TEST(test_flush_sigma0)
{
	struct l4mm_state *st = chain();
	struct l4mm_op_result res;

	CHECK_EQ(do_map(st, "sigma0", SV + 0x1000, "D", DV, NULL), 0);
	CHECK_EQ(l4mm_flush(st, S(st, "sigma0"), SV, &res), 0);
	CHECK_EQ(res.removed, 4);
	CHECK_EQ(frame_of(st, "D", DV), 4);
	CHECK_EQ(l4mm_space_pages(S(st, "A")), 0);
	CHECK_EQ(l4mm_space_pages(S(st, "sigma0")), 15);
	CHECK_EQ(do_map(st, "sigma0", SV, "A", AV, &res), -ENXIO);
	CHECK_CLEAN(st);
	l4mm_state_destroy(st);
}

TEST(test_destroy)
{
	/* Table counts, bytes or allocation sites of its geometry. */
	UNIT_ONLY_FORMAT(L4MM_FORMAT_ARMV7);
	struct l4mm_state *st = chain();
	struct l4mm_op_result res;
	struct l4mm_stats s;

	/* A gets a second page (frame 5) with a child in D and in A. */
	CHECK_EQ(do_map(st, "sigma0", 0x5000, "A", 0x900000, NULL), 0);
	CHECK_EQ(do_map(st, "A", 0x900000, "D", DV, NULL), 0);
	CHECK_EQ(do_map(st, "A", 0x900000, "A", 0x901000, NULL), 0);
	CHECK_EQ(l4mm_space_destroy(st, S(st, "A"), &res), 0);
	CHECK_EQ(res.removed, 6);	/* A x3, B, C, D */
	CHECK(!l4mm_space_find(st, "A"));
	CHECK_EQ(frame_of(st, "B", BV), -1);
	CHECK_EQ(frame_of(st, "C", CV), -1);
	CHECK_EQ(frame_of(st, "D", DV), -1);
	CHECK_EQ(frame_of(st, "sigma0", 0x5000), 5);
	l4mm_state_stats(st, &s);
	CHECK_EQ(s.spaces, 4);
	CHECK_EQ(s.mappings, 16);
	CHECK_EQ(s.tables, 4 + 1);
	CHECK_EQ(l4mm_space_id(mkspace(st, "E")), 1);
	CHECK_CLEAN(st);
	l4mm_state_destroy(st);
}

TEST(test_destroy_sigma0)
{
	struct l4mm_state *st = chain();
	struct l4mm_op_result res = { .removed = 7 };
	struct l4mm_stats before, after;
	char *a, *b;

	/* sigma0 is the initial space of every state: it cannot go. */
	l4mm_state_stats(st, &before);
	a = dump_state(st);
	CHECK_EQ(l4mm_space_destroy(st, S(st, "sigma0"), &res), -EPERM);
	b = dump_state(st);
	CHECK(!strcmp(a, b));
	l4mm_state_stats(st, &after);
	CHECK_EQ(after.ops, before.ops);
	CHECK_EQ(res.removed, 7);
	free(a);
	free(b);
	CHECK_CLEAN(st);
	l4mm_state_destroy(st);
}

TEST(test_emlink)
{
	struct l4mm_state *st = chain();
	struct l4mm_op_result res;
	char *before, *after;

	l4mm_state_set_depth_max(st, 3);
	before = dump_state(st);
	CHECK_EQ(do_map(st, "C", CV, "D", DV, &res), -EMLINK);
	after = dump_state(st);
	CHECK(!strcmp(before, after));
	free(after);
	/* Grant keeps the depth: allowed. */
	CHECK_EQ(do_grant(st, "C", CV, "D", DV, &res), 0);
	CHECK(res.installed);
	CHECK_EQ(depth_of(st, "D", DV), 3);
	/* A map that will not install (into an ancestor) is not refused. */
	CHECK_EQ(do_map(st, "D", DV, "A", AV, &res), 0);
	CHECK(!res.installed);
	CHECK_EQ(res.removed, 3);
	CHECK_EQ(frame_of(st, "D", DV), -1);
	free(before);
	CHECK_CLEAN(st);
	l4mm_state_destroy(st);
}

TEST(test_check_detects_corruption)
{
	struct l4mm_state *st = chain();
	struct l4mm_mdb_node *n;
	char msg[256];
	u64 key;

	CHECK_CLEAN(st);
	n = l4mm_node_at(S(st, "B"), BV, NULL, NULL);
	CHECK(n != NULL);
	if (!n)
		goto out;
	key = n->key;
	n->key = l4mm_mdb_key(5, l4mm_mdb_id(n), l4mm_mdb_vpn(n));
	CHECK_EQ(l4mm_state_check(st, msg, sizeof(msg)), -EUCLEAN);
	CHECK(strstr(msg, "depth") != NULL);
	n->key = l4mm_mdb_key(2, l4mm_mdb_id(n), l4mm_mdb_vpn(n) + 1);
	CHECK_EQ(l4mm_state_check(st, msg, sizeof(msg)), -EUCLEAN);
	CHECK(strstr(msg, "0x0002") != NULL);
	CHECK(strstr(msg, "no leaf") || strstr(msg, "node says"));
	n->key = key;
	CHECK_CLEAN(st);
	S(st, "C")->pt.leaves++;
	CHECK_EQ(l4mm_state_check(st, msg, sizeof(msg)), -EUCLEAN);
	CHECK(strstr(msg, "space C") != NULL);
	S(st, "C")->pt.leaves--;
	n->prev = NULL;
	CHECK_EQ(l4mm_state_check(st, msg, sizeof(msg)), -EUCLEAN);
	n->prev = l4mm_node_at(S(st, "A"), AV, NULL, NULL);
	CHECK_CLEAN(st);
	CHECK_EQ(l4mm_state_check(st, NULL, 0), 0);
out:
	l4mm_state_destroy(st);
}
