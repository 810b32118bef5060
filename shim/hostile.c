// SPDX-License-Identifier: GPL-2.0
/*
 * The hostile constructions (hostile.h): each builds, in a fresh state,
 * what an unprivileged user can build with single-page maps, and names
 * the one operation on it that used to be quadratic in the size or to
 * run without a yield:
 *
 *   chain_check    C:0 -> C:1 -> ... -> C:n-1; check C
 *   nested_grant   D:0 <- ... <- D:n-1 <- E:0, A:0..n-1 children of E:0;
 *                  grant A 0/ORD D 0/ORD (D:0's flush takes it all)
 *   reversed_grant the chain the other way up, sources in another tree:
 *                  every step's flush contains the previous ones
 *   revoke         one page with n children; unmap it
 *   whole_unmap    sigma0's n pages each mapped once; unmap sigma0's
 *                  whole address space (one order-32 fpage)
 *   sparse         n mappings one per MiB (a second-level table each,
 *                  over n / 4096 spaces); unmap their source page, which
 *                  empties and frees n tables
 *   destroy        a space of n pages, each with a child; destroy it
 *   sigma0         make and free a state whose sigma0 has n pages
 */
#include <stdio.h>

#include "hostile.h"

#define NO_SPACE	(-1000)	/* verify: a space the build made is gone */
#define WRONG		(-1001)	/* verify: the result is not the expected */

static int space(struct l4mm_state *st, const char *name,
		 struct l4mm_space **out)
{
	*out = l4mm_space_find(st, name);
	return *out ? 0 : l4mm_space_create(st, name, out);
}

static int map(struct l4mm_state *st, const char *a, u32 va, const char *b,
	       u32 vb)
{
	struct l4mm_space *s, *d;
	int err;

	err = space(st, a, &s);
	if (!err)
		err = space(st, b, &d);
	return err ? err : l4mm_map(st, s, va, d, vb, NULL);
}

static struct l4mm_space *find(struct l4mm_state *st, const char *name)
{
	return l4mm_space_find(st, name);
}

u8 l4mm_hostile_order(u32 pages)
{
	u8 order = 12;

	while ((1ULL << (order - 12)) < pages)
		order++;
	return order;
}

static u32 one_page(u32 n __always_unused)
{
	return 1;
}

static u32 two_pages(u32 n __always_unused)
{
	return 2;
}

static u32 n_pages(u32 n)
{
	return n;
}

static u64 mappings(const struct l4mm_state *st)
{
	struct l4mm_stats s;

	l4mm_state_stats(st, &s);
	return s.mappings;
}

/* chain_check */

static int chain_build(struct l4mm_state *st, u32 n)
{
	int err = map(st, "sigma0", 0, "C", 0);
	u32 i;

	for (i = 1; !err && i < n; i++)
		err = map(st, "C", (i - 1) << 12, "C", i << 12);
	return err;
}

static int chain_run(struct l4mm_state *st, u32 n __always_unused,
		     struct l4mm_op_result *res __always_unused)
{
	char msg[128];

	return l4mm_space_check(st, find(st, "C"), msg, sizeof(msg));
}

static int chain_verify(struct l4mm_state *st, u32 n,
			const struct l4mm_op_result *res __always_unused)
{
	struct l4mm_mapping_info mi;
	char msg[128];
	int err;

	err = l4mm_lookup(st, find(st, "C"), (n - 1) << 12, &mi);
	if (err)
		return err;
	if (mi.depth != n)
		return WRONG;
	return l4mm_state_check(st, msg, sizeof(msg));
}

/* nested_grant, reversed_grant */

static int grant_all(struct l4mm_state *st, u32 n,
		     struct l4mm_op_result *res)
{
	struct l4mm_map_args a = {
		.src = find(st, "A"), .src_va = 0,
		.src_order = l4mm_hostile_order(n),
		.dst = find(st, "D"), .dst_va = 0,
		.dst_order = l4mm_hostile_order(n),
		.rights = L4MM_CORE_RWX, .mode = L4MM_GRANT_PAPER,
	};

	if (!a.src || !a.dst)
		return NO_SPACE;
	return l4mm_grant_fpage(st, &a, res);
}

static int nested_build(struct l4mm_state *st, u32 n)
{
	int err = map(st, "sigma0", 0, "D", 0);
	u32 i;

	for (i = 1; !err && i < n; i++)
		err = map(st, "D", (i - 1) << 12, "D", i << 12);
	if (!err)
		err = map(st, "D", (n - 1) << 12, "E", 0);
	for (i = 0; !err && i < n; i++)
		err = map(st, "E", 0, "A", i << 12);
	return err;
}

/* D:0's flush took the whole tree: nothing to install from it. */
static int nested_verify(struct l4mm_state *st, u32 n,
			 const struct l4mm_op_result *res)
{
	if (res->pages || res->removed != 2 * n + 1 || mappings(st) != 1)
		return WRONG;
	return 0;
}

static int reversed_build(struct l4mm_state *st, u32 n)
{
	int err = map(st, "sigma0", 0x1000, "D", (n - 1) << 12);
	u32 i;

	for (i = n - 1; !err && i > 0; i--)
		err = map(st, "D", i << 12, "D", (i - 1) << 12);
	for (i = 0; !err && i < n; i++)
		err = map(st, "sigma0", 0, "A", i << 12);
	return err;
}

/* Every page installed; D's top page now comes from sigma0:0. */
static int reversed_verify(struct l4mm_state *st, u32 n,
			   const struct l4mm_op_result *res)
{
	struct l4mm_mapping_info mi;
	int err;

	if (res->pages != n || res->removed != 2 * n)
		return WRONG;
	err = l4mm_lookup(st, find(st, "D"), (n - 1) << 12, &mi);
	if (err)
		return err;
	if (mi.src != find(st, "sigma0") || mi.src_vaddr != 0)
		return WRONG;
	return 0;
}

/* revoke */

static int revoke_build(struct l4mm_state *st, u32 n)
{
	int err = 0;
	u32 i;

	for (i = 0; !err && i < n; i++)
		err = map(st, "sigma0", 0, "A", i << 12);
	return err;
}

static int revoke_run(struct l4mm_state *st, u32 n __always_unused,
		      struct l4mm_op_result *res)
{
	return l4mm_unmap(st, find(st, "sigma0"), 0, res);
}

/* whole_unmap */

/* @a:i -> @b:i for every page i < @n. */
static int map_each(struct l4mm_state *st, const char *a, const char *b,
		    u32 n)
{
	int err = 0;
	u32 i;

	for (i = 0; !err && i < n; i++)
		err = map(st, a, i << 12, b, i << 12);
	return err;
}

static int each_build(struct l4mm_state *st, u32 n)
{
	return map_each(st, "sigma0", "A", n);
}

static int whole_run(struct l4mm_state *st, u32 n __always_unused,
		     struct l4mm_op_result *res)
{
	return l4mm_unmap_fpage(st, find(st, "sigma0"), 0, 32,
				L4MM_CORE_RWX, res);
}

/* sparse */

static int sparse_build(struct l4mm_state *st, u32 n)
{
	char name[16];
	int err = 0;
	u32 i;

	for (i = 0; !err && i < n; i++) {
		snprintf(name, sizeof(name), "S%u", i >> 12);
		err = map(st, "sigma0", 0, name, (i & 0xfff) << 20);
	}
	return err;
}

/* destroy */

static int destroy_build(struct l4mm_state *st, u32 n)
{
	return map_each(st, "sigma0", "A", n) ?: map_each(st, "A", "B", n);
}

static int destroy_run(struct l4mm_state *st, u32 n __always_unused,
		       struct l4mm_op_result *res)
{
	return l4mm_space_destroy(st, find(st, "A"), res);
}

/* sigma0 */

static int nothing(struct l4mm_state *st __always_unused,
		   u32 n __always_unused)
{
	return 0;
}

static int sigma0_run(struct l4mm_state *st __always_unused, u32 n,
		      struct l4mm_op_result *res __always_unused)
{
	struct l4mm_state *big;
	int err;

	err = l4mm_state_create(n, &big);
	if (err)
		return err;
	l4mm_state_destroy(big);
	return 0;
}

/* What is left is what the build made minus what the run removed. */
static int left_verify(struct l4mm_state *st, u32 n,
		       const struct l4mm_op_result *res, u64 left)
{
	return res->removed == n && mappings(st) == left ? 0 : WRONG;
}

static int revoke_verify(struct l4mm_state *st, u32 n,
			 const struct l4mm_op_result *res)
{
	return left_verify(st, n, res, 1);
}

static int whole_verify(struct l4mm_state *st, u32 n,
			const struct l4mm_op_result *res)
{
	return left_verify(st, n, res, n);
}

/* A's pages and their children went; sigma0's stay. */
static int destroy_verify(struct l4mm_state *st, u32 n,
			  const struct l4mm_op_result *res __always_unused)
{
	if (find(st, "A") || mappings(st) != n)
		return WRONG;
	return 0;
}

static int sigma0_verify(struct l4mm_state *st __always_unused,
			 u32 n __always_unused,
			 const struct l4mm_op_result *res __always_unused)
{
	return 0;
}

/*
 * The sparse mappings went, and every table they needed with them: each
 * space but sigma0 is down to its root (sigma0 keeps the path to its one
 * page, one table per level below the root in any format).
 */
static int sparse_verify(struct l4mm_state *st, u32 n,
			 const struct l4mm_op_result *res)
{
	struct l4mm_space *s0 = l4mm_space_find(st, "sigma0");
	struct l4mm_stats s;

	l4mm_state_stats(st, &s);
	if (left_verify(st, n, res, 1) || !s0 ||
	    s.tables > s.spaces - 1 + l4mm_space_tables(s0))
		return WRONG;
	return 0;
}

const struct l4mm_hostile l4mm_hostile[] = {
	{ "chain_check", "C:0 -> ... -> C:n-1, then check C",
	  one_page, 0, chain_build, chain_run, chain_verify },
	{ "nested_grant",
	  "D:0 <- ... <- D:n-1 <- E:0, A:0..n-1 children of E:0; grant A 0/ORD D 0/ORD",
	  one_page, 0, nested_build, grant_all, nested_verify },
	{ "reversed_grant",
	  "the chain the other way up, sources in another tree; grant A 0/ORD D 0/ORD",
	  two_pages, 0, reversed_build, grant_all, reversed_verify },
	{ "revoke", "one page with n children; unmap it",
	  one_page, 0, revoke_build, revoke_run, revoke_verify },
	{ "whole_unmap",
	  "n pages of sigma0 mapped once each; unmap sigma0 0/32 (the whole space)",
	  n_pages, 0, each_build, whole_run, whole_verify },
	{ "sparse",
	  "n mappings one per MiB (a table each); unmap their source page",
	  one_page, 1U << 18, sparse_build, revoke_run, sparse_verify },
	{ "destroy", "a space of n pages, each with a child; destroy it",
	  n_pages, 0, destroy_build, destroy_run, destroy_verify },
	{ "sigma0", "make and free a state with a sigma0 of n pages",
	  one_page, 0, nothing, sigma0_run, sigma0_verify },
};

const unsigned int l4mm_hostile_count = ARRAY_SIZE(l4mm_hostile);
