// SPDX-License-Identifier: GPL-2.0
/*
 * What a hostile caller can make the core do (issue "hostile scale"):
 * limits in counts and bytes that refuse before any change and never
 * refuse an operation that only removes; work that stops on a fatal
 * signal without a trace; and costs that grow linearly in the
 * constructions that used to be quadratic (the number of yield points,
 * one per L4MM_CORE_RESCHED_EVERY steps, is the measure: it is exact,
 * unlike a clock).
 */
#include "unit.h"
#include "tests.h"
#include "hostile.h"

static void set_limits(struct l4mm_state *st, u32 spaces, u64 mappings,
		       u64 bytes)
{
	struct l4mm_limits lim = {
		.max_spaces = spaces, .max_mappings = mappings,
		.max_bytes = bytes,
	};

	l4mm_state_set_limits(st, &lim);
}

static bool same_state(const char *before, struct l4mm_state *st)
{
	char *now = dump_state(st);
	bool same = !strcmp(before, now);

	free(now);
	return same;
}

TEST(test_limit_spaces)
{
	struct l4mm_state *st = mkstate(4);
	struct l4mm_space *x = NULL;
	char *before;

	mkspace(st, "A");
	set_limits(st, 2, 0, 0);	/* sigma0 and A */
	before = dump_state(st);
	CHECK_EQ(l4mm_space_create(st, "B", &x), -ENOSPC);
	CHECK(!x);
	CHECK_EQ(l4mm_state_limit_hit(st), L4MM_LIMIT_SPACES);
	CHECK(same_state(before, st));
	/* The name is checked first: a taken name is not a full state. */
	CHECK_EQ(l4mm_space_create(st, "A", &x), -EEXIST);
	free(before);
	CHECK_CLEAN(st);
	l4mm_state_destroy(st);
}

/*
 * max_mappings counts what an operation adds, after the plan: an
 * operation that only removes passes at the limit, a mostly empty
 * source is charged for its mapped pages only, and -ENXIO comes first.
 */
TEST(test_limit_mappings_exact)
{
	struct l4mm_state *st = mkstate(8);
	struct l4mm_op_result res;
	struct l4mm_stats s;
	char *before;

	mkspace(st, "A");
	mkspace(st, "B");
	CHECK_EQ(do_mapf(st, "sigma0", 0, 14, "A", 0, 14, NULL), 0);
	CHECK_EQ(do_mapf(st, "A", 0, 14, "B", 0, 14, NULL), 0);
	l4mm_state_stats(st, &s);
	CHECK_EQ(s.mappings, 16);
	set_limits(st, 0, 16, 0);
	/* At the limit: a map onto itself and onto ancestors only remove. */
	CHECK_EQ(do_map(st, "A", 0, "A", 0, &res), 0);
	CHECK(!res.installed);
	CHECK_EQ(res.removed, 2);
	CHECK_EQ(do_mapf(st, "B", 0x2000, 13, "sigma0", 0x2000, 13, &res), 0);
	CHECK_EQ(res.pages, 0);
	CHECK_EQ(res.removed, 2 * 3);
	l4mm_state_stats(st, &s);
	CHECK_EQ(s.mappings, 8);
	/* Nothing mapped: -ENXIO before any limit, whatever the size. */
	set_limits(st, 0, 8, 0);
	CHECK_EQ(do_mapf(st, "A", 0x100000, 20, "B", 0x100000, 20, NULL),
		 -ENXIO);
	/*
	 * An order-32 source with 6 mapped pages needs 6 nodes, not 2^20;
	 * nodes count from their allocation, so the 6 must fit before the
	 * flush of B:0x3000 frees one.
	 */
	set_limits(st, 0, 8 + 6, 0);
	CHECK_EQ(do_mapf(st, "sigma0", 0, 32, "B", 0, 32, &res), 0);
	CHECK_EQ(res.pages, 6);
	CHECK_EQ(res.removed, 1);
	l4mm_state_stats(st, &s);
	CHECK_EQ(s.mappings, 13);
	/* One more would exceed it: refused, nothing changed. */
	set_limits(st, 0, 13, 0);
	before = dump_state(st);
	CHECK_EQ(do_map(st, "sigma0", 0x4000, "A", 0x9000, NULL), -ENOSPC);
	CHECK_EQ(l4mm_state_limit_hit(st), L4MM_LIMIT_MAPPINGS);
	CHECK(same_state(before, st));
	free(before);
	CHECK_CLEAN(st);
	l4mm_state_destroy(st);
}

/* Bytes: the state's own limit and the owner's budget, both exact. */
TEST(test_limit_bytes)
{
	/* Table counts, bytes or allocation sites of its geometry. */
	UNIT_ONLY_FORMAT(L4MM_FORMAT_ARMV7);
	struct l4mm_shim_owner owner = { };
	struct l4mm_state_cfg cfg = { .sigma0_pages = 16, .owner = &owner };
	struct l4mm_state *st;
	u64 limit, per_page;
	struct l4mm_stats s;
	char *before;
	u32 i;
	int err;

	CHECK_EQ(l4mm_state_create_cfg(&cfg, &st), 0);
	l4mm_state_stats(st, &s);
	CHECK(s.bytes >= s.node_bytes + s.table_bytes);
	CHECK_EQ(s.node_bytes, 16 * L4MM_CORE_NODE_SIZE);
	/* The owner holds the state's bytes, rounded up to a chunk. */
	CHECK(owner.bytes >= (long long)s.bytes &&
	      owner.bytes < (long long)s.bytes + 2 * L4MM_MEM_CHUNK);
	/*
	 * A sparse attack: one page per MiB costs a node and a table each
	 * (1 KiB of descriptors, 2 KiB of shadow, the header); the limit
	 * lets exactly as many through as fit.
	 */
	mkspace(st, "A");
	l4mm_state_stats(st, &s);
	limit = s.bytes + 10 * 4096;
	per_page = L4MM_CORE_NODE_SIZE + 1024 + 256 * sizeof(void *) +
		   shim_kmalloc_size(sizeof(struct l4mm_pt_table));
	set_limits(st, 0, 0, limit);
	for (i = 0, err = 0; i < 64 && !err; i++)
		err = do_map(st, "sigma0", 0, "A", i << 20, NULL);
	CHECK_EQ(err, -EDQUOT);
	CHECK_EQ(l4mm_state_limit_hit(st), L4MM_LIMIT_BYTES);
	CHECK_EQ(i - 1, (limit - s.bytes) / per_page);
	l4mm_state_stats(st, &s);
	CHECK(s.bytes <= limit);
	/* The owner's budget refuses too, and names itself. */
	set_limits(st, 0, 0, 0);
	owner.max = owner.bytes;
	before = dump_state(st);
	err = 0;
	for (i = 64; i < 128 && !err; i++)
		err = do_map(st, "sigma0", 0, "A", i << 20, NULL);
	CHECK_EQ(err, -EDQUOT);
	CHECK_EQ(l4mm_state_limit_hit(st), L4MM_LIMIT_OWNER);
	CHECK(owner.refused > 0);
	free(before);
	CHECK_CLEAN(st);
	l4mm_state_destroy(st);
	/* Everything charged was refunded. */
	CHECK_EQ(owner.bytes, 0);
}

/* What the owner holds follows the state: never less, at most 2 chunks more. */
static bool owner_follows(struct l4mm_state *st,
			  const struct l4mm_shim_owner *owner)
{
	struct l4mm_stats s;

	l4mm_state_stats(st, &s);
	return owner->bytes >= (long long)s.bytes &&
	       owner->bytes <= (long long)s.bytes + 2 * L4MM_MEM_CHUNK;
}

/*
 * Nodes are counted without recomputing the limits on every one (mem.h):
 * the limits still refuse at exactly the node that exceeds them, and the
 * owner is charged and refunded node by node as with bytes.
 */
TEST(test_limit_node_room)
{
	struct l4mm_shim_owner owner = { };
	struct l4mm_state_cfg cfg = { .sigma0_pages = 1U << 14, .owner = &owner };
	const u32 pin = (1U << 14) - 1;
	struct l4mm_state *st;
	struct l4mm_stats s;
	bool follows = true;
	u32 i, n;
	int err;

	CHECK_EQ(l4mm_state_create_cfg(&cfg, &st), 0);
	mkspace(st, "A");
	mkspace(st, "B");
	/* A's first table stays: below, A gains nodes only. */
	CHECK_EQ(do_map(st, "sigma0", pin << 12, "A", 0xff000, NULL), 0);
	CHECK(owner_follows(st, &owner));
	/* Node by node up and down: 512 KiB of nodes, 8 chunks. */
	for (i = 0; i < pin; i++) {
		CHECK_EQ(do_map(st, "sigma0", i << 12, "B", i << 12, NULL), 0);
		follows = follows && owner_follows(st, &owner);
	}
	CHECK(follows);
	for (i = 0; i < pin; i++) {
		CHECK_EQ(l4mm_unmap(st, S(st, "sigma0"), i << 12, NULL), 0);
		follows = follows && owner_follows(st, &owner);
	}
	CHECK(follows);
	/* max_mappings: exactly 100 more. */
	l4mm_state_stats(st, &s);
	set_limits(st, 0, s.mappings + 100, 0);
	for (n = 0, err = 0; n < 200 && !err; n++)
		err = do_map(st, "sigma0", n << 12, "A", n << 12, NULL);
	CHECK_EQ(err, -ENOSPC);
	CHECK_EQ(n - 1, 100);
	CHECK_EQ(l4mm_state_limit_hit(st), L4MM_LIMIT_MAPPINGS);
	/* max_bytes: as many nodes as fit, one byte short of one more. */
	l4mm_state_stats(st, &s);
	set_limits(st, 0, 0, s.bytes + 77 * L4MM_CORE_NODE_SIZE +
		   L4MM_CORE_NODE_SIZE - 1);
	for (n = 0, err = 0; n < 200 && !err; n++)
		err = do_map(st, "sigma0", (100 + n) << 12, "A",
			     (100 + n) << 12, NULL);
	CHECK_EQ(err, -EDQUOT);
	CHECK_EQ(n - 1, 77);
	CHECK_EQ(l4mm_state_limit_hit(st), L4MM_LIMIT_BYTES);
	/* Removing frees room again, one node each. */
	CHECK_EQ(l4mm_unmap(st, S(st, "sigma0"), 100 << 12, NULL), 0);
	CHECK_EQ(do_map(st, "sigma0", 100 << 12, "A", 100 << 12, NULL), 0);
	CHECK_EQ(do_map(st, "sigma0", 177 << 12, "A", 177 << 12, NULL),
		 -EDQUOT);
	CHECK(owner_follows(st, &owner));
	CHECK_CLEAN(st);
	l4mm_state_destroy(st);
	CHECK_EQ(owner.bytes, 0);
}

/* A state whose sigma0 does not fit is not made at all. */
TEST(test_limit_sigma0)
{
	struct l4mm_state_cfg cfg = {
		.sigma0_pages = 4096,
		.limits = { .max_bytes = 64 * 1024 },
	};
	struct l4mm_state *st = NULL;

	CHECK_EQ(l4mm_state_create_cfg(&cfg, &st), -EDQUOT);
	CHECK(!st);
	cfg.limits.max_bytes = 0;
	cfg.limits.max_mappings = 100;
	CHECK_EQ(l4mm_state_create_cfg(&cfg, &st), -ENOSPC);
	CHECK(!st);
}

/* Stats count what the allocator gave: powers of two, no half-empty 4K. */
TEST(test_stats_real_bytes)
{
	/* Table counts, bytes or allocation sites of its geometry. */
	UNIT_ONLY_FORMAT(L4MM_FORMAT_ARMV7);
	struct l4mm_state *st;
	struct l4mm_stats s0, s1;

	st = mkstate(1);
	mkspace(st, "A");
	l4mm_state_stats(st, &s0);
	CHECK_EQ(do_map(st, "sigma0", 0, "A", 0x100000, NULL), 0);
	l4mm_state_stats(st, &s1);
	/* One node and one second-level table: 1 KiB + 2 KiB + header. */
	CHECK_EQ(s1.node_bytes - s0.node_bytes, L4MM_CORE_NODE_SIZE);
	CHECK_EQ(s1.table_bytes - s0.table_bytes,
		 1024 + 256 * sizeof(void *) +
		 shim_kmalloc_size(sizeof(struct l4mm_pt_table)));
	CHECK_EQ(s1.bytes - s0.bytes, (s1.node_bytes - s0.node_bytes) +
		 (s1.table_bytes - s0.table_bytes));
	CHECK_CLEAN(st);
	l4mm_state_destroy(st);
}

/* Kill the requester at the @n-th yield point from now. */
static void kill_at(unsigned long n)
{
	l4mm_shim_killed = false;
	l4mm_shim_kill_after = n + 1;
}

static void unkill(void)
{
	l4mm_shim_kill_after = 0;
	l4mm_shim_killed = false;
}

/* The preparation of a big map stops on a kill, leaving no trace. */
TEST(test_kill_during_plan)
{
	struct l4mm_state *st = mkstate(1U << 16);
	struct l4mm_op_result res;
	char *before;

	mkspace(st, "A");
	CHECK_EQ(do_mapf(st, "sigma0", 0, 28, "A", 0, 28, NULL), 0);
	before = dump_state(st);
	/* A map over A's 2^16 mapped pages: a flush per page, then installs. */
	kill_at(8);
	CHECK_EQ(do_mapf(st, "sigma0", 0, 28, "A", 0, 28, &res), -EINTR);
	unkill();
	CHECK(same_state(before, st));
	CHECK_CLEAN(st);
	/* Not killed, it runs to the end. */
	CHECK_EQ(do_mapf(st, "sigma0", 0, 28, "A", 0, 28, &res), 0);
	CHECK_EQ(res.pages, 1U << 16);
	CHECK_EQ(res.removed, 1U << 16);
	free(before);
	CHECK_CLEAN(st);
	l4mm_state_destroy(st);
}

/* The checker and the making of sigma0 stop on a kill too. */
TEST(test_kill_check_and_create)
{
	struct l4mm_state *st = mkstate(1U << 16), *st2 = NULL;
	char msg[128];

	kill_at(2);
	CHECK_EQ(l4mm_state_check(st, msg, sizeof(msg)), -EINTR);
	unkill();
	kill_at(2);
	CHECK_EQ(l4mm_space_check(st, S(st, "sigma0"), msg, sizeof(msg)),
		 -EINTR);
	unkill();
	CHECK_CLEAN(st);
	l4mm_state_destroy(st);
	kill_at(4);
	CHECK_EQ(l4mm_state_create(1U << 16, &st2), -EINTR);
	unkill();
	CHECK(!st2);
}

/*
 * Yield points of the operation of construction @h (shim/hostile.c) at
 * @n pages; its result is checked against what the construction implies.
 */
static unsigned long hostile_yields(const struct l4mm_hostile *h, u32 n)
{
	struct l4mm_state *st = mkstate(h->sigma0(n));
	struct l4mm_op_result res = { };
	unsigned long mark;

	CHECK_EQ(h->build(st, n), 0);
	mark = l4mm_shim_resched_calls;
	CHECK_EQ(h->run(st, n, &res), 0);
	mark = l4mm_shim_resched_calls - mark;
	CHECK_EQ(h->verify(st, n, &res), 0);
	CHECK_CLEAN(st);
	l4mm_state_destroy(st);
	return mark;
}

/*
 * Every construction, the ones that used to be quadratic (the chain and
 * its check, the two grant constructions) among them: doubling n doubles
 * the work (yield points are every L4MM_CORE_RESCHED_EVERY steps of
 * constant cost); a quadratic path would quadruple it.
 */
TEST(test_linear_constructions)
{
	const struct l4mm_hostile *h;
	unsigned long a, b;
	unsigned int i;

	for (i = 0; i < l4mm_hostile_count; i++) {
		h = &l4mm_hostile[i];
		a = hostile_yields(h, 1U << 12);
		b = hostile_yields(h, 1U << 13);
		printf("# %s: %lu, %lu yield points\n", h->name, a, b);
		CHECK(a > 0 && b <= 3 * a);
	}
}

/*
 * The source of a mapping is its parent, one pointer away, whatever the
 * number of its siblings: the first of 2^16 children of one page says
 * it comes from that page.
 */
TEST(test_wide_tree_sources)
{
	struct l4mm_state *st = mkstate(1);
	struct l4mm_mapping_info mi;
	u32 i;

	mkspace(st, "W");
	for (i = 0; i < (1U << 16); i++)
		CHECK_EQ(do_map(st, "sigma0", 0, "W", i << 12, NULL), 0);
	CHECK_EQ(l4mm_lookup(st, S(st, "W"), 0, &mi), 0);
	CHECK(mi.src == S(st, "sigma0") && mi.src_vaddr == 0);
	CHECK_EQ(mi.depth, 1);
	CHECK(!strcmp(src_of(st, "W", 0xffff000), "sigma0:0x0"));
	CHECK_CLEAN(st);
	l4mm_state_destroy(st);
}
