// SPDX-License-Identifier: GPL-2.0
/*
 * Rights, the cached attribute, status bits and access
 * (docs/extensions.md sections 2-4): masks on map and grant, revocation
 * of w/x that narrows, of r that removes, along chains; status bits set
 * by access and read-and-cleared by unmap, flush and status, through
 * grants in both modes.
 */
#include "unit.h"
#include "tests.h"

#define R	L4MM_CORE_R
#define W	L4MM_CORE_W
#define X	L4MM_CORE_X
#define RWX	L4MM_CORE_RWX

static int map_rights(struct l4mm_state *st, const char *n, u32 v,
		      const char *n2, u32 v2, u8 rights, bool uncached)
{
	struct l4mm_map_args a = fp_args(st, n, v, 12, n2, v2, 12);

	a.rights = rights;
	a.uncached = uncached;
	return l4mm_map_fpage(st, &a, NULL);
}

/* sigma0 0x3000 -> A 0x10000 -> B 0x20000 -> C 0x30000, all rwx. */
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
	return st;
}

TEST(test_rights_masks)
{
	struct l4mm_state *st = mkstate(16);
	struct l4mm_mapping_info mi;

	mkspace(st, "A");
	mkspace(st, "B");
	mkspace(st, "C");
	CHECK_EQ(rights_of(st, "sigma0", 0x1000), RWX);
	CHECK_EQ(map_rights(st, "sigma0", 0x1000, "A", 0x1000, R | X, false),
		 0);
	CHECK_EQ(l4mm_lookup(st, S(st, "A"), 0x1000, &mi), 0);
	CHECK_EQ(mi.rights, R | X);
	CHECK(mi.rd && !mi.wr && mi.ex && mi.cached);
	CHECK_EQ(mi.page_shift, 12);
	CHECK_EQ(mi.reserved, L4MM_RESERVED_NONE);
	/* rights = source AND mask: r-x AND rw- = r--. */
	CHECK_EQ(map_rights(st, "A", 0x1000, "B", 0x1000, R | W, false), 0);
	CHECK_EQ(rights_of(st, "B", 0x1000), R);
	/* A wider mask does not widen. */
	CHECK_EQ(map_rights(st, "B", 0x1000, "C", 0x1000, RWX, false), 0);
	CHECK_EQ(rights_of(st, "C", 0x1000), R);
	/* Grant: the new mapping gets the entry's rights AND the mask. */
	CHECK_EQ(map_rights(st, "sigma0", 0x2000, "A", 0x2000, RWX, false),
		 0);
	{
		struct l4mm_map_args a = fp_args(st, "A", 0x2000, 12, "B",
						 0x2000, 12);

		a.rights = R | W;
		CHECK_EQ(l4mm_grant_fpage(st, &a, NULL), 0);
	}
	CHECK_EQ(rights_of(st, "B", 0x2000), R | W);
	CHECK_CLEAN(st);
	l4mm_state_destroy(st);
}

TEST(test_rights_cached)
{
	struct l4mm_state *st = mkstate(16);
	struct l4mm_mapping_info mi;
	struct l4mm_pte_leaf leaf;
	struct l4mm_pte_ref ref;

	mkspace(st, "A");
	mkspace(st, "B");
	CHECK_EQ(map_rights(st, "sigma0", 0x1000, "A", 0x1000, RWX, true), 0);
	CHECK_EQ(l4mm_lookup(st, S(st, "A"), 0x1000, &mi), 0);
	CHECK(!mi.cached);
	/* The hardware descriptor: Normal non-cacheable, C = B = 0. */
	CHECK(l4mm_node_at(S(st, "A"), 0x1000, &ref, &leaf) != NULL);
	CHECK_EQ(unit_hw_cached(st, unit_hw_get(st, &ref)), 0);
	/* Inherited when not asked for. */
	CHECK_EQ(map_rights(st, "A", 0x1000, "B", 0x1000, RWX, false), 0);
	CHECK_EQ(l4mm_lookup(st, S(st, "B"), 0x1000, &mi), 0);
	CHECK(!mi.cached);
	CHECK_EQ(map_rights(st, "sigma0", 0x2000, "B", 0x2000, RWX, false), 0);
	CHECK_EQ(l4mm_lookup(st, S(st, "B"), 0x2000, &mi), 0);
	CHECK(mi.cached);
	CHECK(l4mm_node_at(S(st, "B"), 0x2000, &ref, &leaf) != NULL);
	CHECK_EQ(unit_hw_cached(st, unit_hw_get(st, &ref)), 1);
	CHECK_CLEAN(st);
	l4mm_state_destroy(st);
}

TEST(test_rights_revoke_chain)
{
	struct l4mm_state *st = chain();
	struct l4mm_op_result res;

	/* unmap w: everything below A loses w, A keeps it. */
	CHECK_EQ(l4mm_unmap_fpage(st, S(st, "A"), 0x10000, 12, W, &res), 0);
	CHECK_EQ(res.removed, 0);
	CHECK_EQ(rights_of(st, "A", 0x10000), RWX);
	CHECK_EQ(rights_of(st, "B", 0x20000), R | X);
	CHECK_EQ(rights_of(st, "C", 0x30000), R | X);
	CHECK_CLEAN(st);
	/* flush x at B: B and C lose x. */
	CHECK_EQ(l4mm_flush_fpage(st, S(st, "B"), 0x20000, 12, X, &res), 0);
	CHECK_EQ(res.removed, 0);
	CHECK_EQ(rights_of(st, "B", 0x20000), R);
	CHECK_EQ(rights_of(st, "C", 0x30000), R);
	CHECK_EQ(rights_of(st, "A", 0x10000), RWX);
	/* A new child of A gets what A has. */
	CHECK_EQ(do_map(st, "A", 0x10000, "D", 0x40000, NULL), 0);
	CHECK_EQ(rights_of(st, "D", 0x40000), RWX);
	/* Revoking r removes: from sigma0 down, mask r alone. */
	CHECK_EQ(l4mm_unmap_fpage(st, S(st, "sigma0"), 0x3000, 12, R, &res),
		 0);
	CHECK_EQ(res.removed, 4);
	CHECK_EQ(frame_of(st, "A", 0x10000), -1);
	CHECK_EQ(frame_of(st, "sigma0", 0x3000), 3);
	CHECK_EQ(rights_of(st, "sigma0", 0x3000), RWX);
	/* flush with rw: the page itself goes too. */
	CHECK_EQ(l4mm_flush_fpage(st, S(st, "sigma0"), 0x3000, 12, R | W,
				  &res), 0);
	CHECK_EQ(res.removed, 1);
	CHECK_EQ(frame_of(st, "sigma0", 0x3000), -1);
	CHECK_CLEAN(st);
	l4mm_state_destroy(st);
}

TEST(test_rights_check_detects)
{
	struct l4mm_state *st = chain();
	struct l4mm_pte_leaf leaf;
	struct l4mm_pte_ref ref;
	u64 saved;
	char msg[256];

	CHECK_EQ(l4mm_unmap_fpage(st, S(st, "A"), 0x10000, 12, W, NULL), 0);
	CHECK_CLEAN(st);
	/* Give C back its w behind the core's back. */
	CHECK(l4mm_node_at(S(st, "C"), 0x30000, &ref, &leaf) != NULL);
	saved = unit_hw_get(st, &ref);
	leaf.wr = true;
	l4mm_pt_update(&S(st, "C")->pt, &ref, &leaf);
	CHECK_EQ(l4mm_state_check(st, msg, sizeof(msg)), -EUCLEAN);
	CHECK(strstr(msg, "exceed") != NULL);
	/* A mapping without r. */
	leaf.wr = false;
	leaf.rd = false;
	l4mm_pt_update(&S(st, "C")->pt, &ref, &leaf);
	CHECK_EQ(l4mm_state_check(st, msg, sizeof(msg)), -EUCLEAN);
	CHECK(strstr(msg, "lack r") != NULL);
	unit_hw_set(st, &ref, saved);
	CHECK_CLEAN(st);
	l4mm_state_destroy(st);
}

TEST(test_access)
{
	struct l4mm_state *st = chain();
	struct l4mm_mapping_info mi;
	char *before, *after;
	u64 gen;

	CHECK_EQ(map_rights(st, "sigma0", 0x5000, "D", 0x50000, R | X, false),
		 0);
	before = dump_state(st);
	CHECK_EQ(l4mm_access(st, S(st, "D"), 0x60000, R, &mi), -EFAULT);
	CHECK_EQ(l4mm_access(st, S(st, "D"), 0x50123, W, &mi), -EACCES);
	CHECK_EQ(l4mm_access(st, S(st, "D"), 0x50123, 3, &mi), -EINVAL);
	after = dump_state(st);
	CHECK(!strcmp(before, after));
	free(before);
	free(after);
	CHECK_EQ(l4mm_access(st, S(st, "D"), 0x50fff, X, &mi), 0);
	CHECK_EQ(mi.vaddr, 0x50000);
	CHECK_EQ(mi.frame, 5);
	CHECK_EQ(mi.status, X);
	CHECK_EQ(l4mm_access(st, S(st, "D"), 0x50000, R, &mi), 0);
	CHECK_EQ(mi.status, R | X);
	CHECK_EQ(status_of(st, "D", 0x50000), R | X);
	CHECK_EQ(status_of(st, "sigma0", 0x5000), 0);
	/* Setting a bit already set changes nothing visible. */
	gen = l4mm_state_generation(st);
	CHECK_EQ(l4mm_access(st, S(st, "D"), 0x50000, R, &mi), 0);
	CHECK_EQ(l4mm_state_generation(st), gen);
	CHECK_EQ(l4mm_access(st, S(st, "C"), 0x30004, W, &mi), 0);
	CHECK_EQ(status_of(st, "C", 0x30000), W);
	CHECK_EQ(status_of(st, "B", 0x20000), 0);
	CHECK_CLEAN(st);
	l4mm_state_destroy(st);
}

TEST(test_status_bits)
{
	struct l4mm_state *st = chain();
	struct l4mm_op_result res;

	CHECK_EQ(do_map(st, "A", 0x10000, "D", 0x40000, NULL), 0);
	CHECK_EQ(l4mm_access(st, S(st, "C"), 0x30000, W, NULL), 0);
	CHECK_EQ(l4mm_access(st, S(st, "D"), 0x40000, X, NULL), 0);
	CHECK_EQ(l4mm_access(st, S(st, "A"), 0x10000, R, NULL), 0);
	/* status reads the fpage and everything derived, and clears. */
	CHECK_EQ(l4mm_status_fpage(st, S(st, "B"), 0x20000, 12, &res), 0);
	CHECK_EQ(res.status, W);
	CHECK_EQ(res.removed, 0);
	CHECK_EQ(status_of(st, "C", 0x30000), 0);
	CHECK_EQ(status_of(st, "D", 0x40000), X);
	CHECK_EQ(l4mm_status_fpage(st, S(st, "B"), 0x20000, 12, &res), 0);
	CHECK_EQ(res.status, 0);
	/* Revoking w: narrows, and returns and clears the bits. */
	CHECK_EQ(l4mm_access(st, S(st, "C"), 0x30000, W, NULL), 0);
	CHECK_EQ(l4mm_unmap_fpage(st, S(st, "A"), 0x10000, 12, W, &res), 0);
	CHECK_EQ(res.status, R | W | X);
	CHECK_EQ(res.removed, 0);
	CHECK_EQ(status_of(st, "A", 0x10000), 0);
	CHECK_EQ(status_of(st, "D", 0x40000), 0);
	CHECK_EQ(l4mm_access(st, S(st, "C"), 0x30000, W, NULL), -EACCES);
	/* unmap over an fpage: the OR of all pages, removed or not. */
	CHECK_EQ(do_map(st, "sigma0", 0x4000, "A", 0x11000, NULL), 0);
	CHECK_EQ(do_map(st, "A", 0x11000, "B", 0x21000, NULL), 0);
	CHECK_EQ(l4mm_access(st, S(st, "B"), 0x21000, W, NULL), 0);
	CHECK_EQ(l4mm_access(st, S(st, "C"), 0x30000, R, NULL), 0);
	CHECK_EQ(l4mm_unmap_fpage(st, S(st, "A"), 0x10000, 13, RWX, &res), 0);
	CHECK_EQ(res.status, R | W);
	CHECK_EQ(res.removed, 4);	/* B x2, C, D */
	/* flush reports the page's own bits too; plain l4mm_flush as well. */
	CHECK_EQ(l4mm_access(st, S(st, "A"), 0x11000, X, NULL), 0);
	CHECK_EQ(l4mm_flush(st, S(st, "A"), 0x11000, &res), 0);
	CHECK_EQ(res.status, X);
	CHECK_EQ(res.removed, 1);
	CHECK_CLEAN(st);
	l4mm_state_destroy(st);
}

/* Status bits through grants, in both modes. */
TEST(test_status_grant_modes)
{
	struct l4mm_state *st = chain();
	struct l4mm_op_result res;

	CHECK_EQ(l4mm_access(st, S(st, "A"), 0x10000, W, NULL), 0);
	CHECK_EQ(l4mm_access(st, S(st, "C"), 0x30000, X, NULL), 0);
	/* Paper: the new mapping starts clear; A's subtree is flushed. */
	CHECK_EQ(do_grantf(st, "A", 0x10000, 12, "D", 0x40000, 12,
			   L4MM_GRANT_PAPER, &res), 0);
	CHECK_EQ(status_of(st, "D", 0x40000), 0);
	CHECK_EQ(frame_of(st, "C", 0x30000), -1);
	l4mm_state_destroy(st);

	st = chain();
	CHECK_EQ(l4mm_access(st, S(st, "A"), 0x10000, W, NULL), 0);
	CHECK_EQ(l4mm_access(st, S(st, "C"), 0x30000, X, NULL), 0);
	/* Keep-subtree: the node moves with its bits and its subtree. */
	CHECK_EQ(do_grantf(st, "A", 0x10000, 12, "D", 0x40000, 12,
			   L4MM_GRANT_KEEP, &res), 0);
	CHECK_EQ(res.removed, 1);	/* the grantor's page */
	CHECK_EQ(status_of(st, "D", 0x40000), W);
	CHECK_EQ(status_of(st, "C", 0x30000), X);
	CHECK_EQ(l4mm_unmap_fpage(st, S(st, "D"), 0x40000, 12, RWX, &res), 0);
	CHECK_EQ(res.status, W | X);
	CHECK_EQ(res.removed, 2);
	CHECK_EQ(status_of(st, "D", 0x40000), 0);
	CHECK_CLEAN(st);
	l4mm_state_destroy(st);
}
