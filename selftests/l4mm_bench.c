// SPDX-License-Identifier: GPL-2.0
/*
 * Smoke test of L4MM_CMD_BENCH: the in-kernel benchmark answers sane,
 * non-zero counts for every operation, rejects bad page counts, and
 * leaves the caller's spaces alone.  Timings are never asserted beyond
 * "non-zero and ordered" (p99 >= median): they are for make bench.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/netlink.h>

#include <linux/l4mm.h>

/* The 6.1 harness itself is not -Wextra clean (unused parameters). */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-parameter"
#include "../kselftest_harness.h"
#pragma GCC diagnostic pop

#define NOPS	5

struct bench_op {
	char name[16];
	unsigned long long count, total_ns, median_ps, p99_ps, removed;
};

/* What one request brought back. */
struct reply {
	int err;			/* errno of the ack, 0 on success */
	bool acked;
	int nops;
	uint32_t pages;
	unsigned long long mappings;	/* STATS */
	struct bench_op ops[NOPS];
};

static int on_ack(struct nl_msg *m __attribute__((unused)), void *arg)
{
	((struct reply *)arg)->acked = true;
	return NL_STOP;
}

static int on_err(struct sockaddr_nl *nla __attribute__((unused)),
		  struct nlmsgerr *e, void *arg)
{
	struct reply *r = arg;

	r->err = -e->error;
	r->acked = true;
	return NL_STOP;
}

static void parse_op(struct nlattr *op, struct reply *r)
{
	struct nlattr *ob[L4MM_A_BENCH_OP_MAX + 1];
	struct bench_op *o;

	if (r->nops == NOPS ||
	    nla_parse_nested(ob, L4MM_A_BENCH_OP_MAX, op, NULL))
		return;
	o = &r->ops[r->nops++];
	if (ob[L4MM_A_BENCH_OP_NAME])
		snprintf(o->name, sizeof(o->name), "%s",
			 nla_get_string(ob[L4MM_A_BENCH_OP_NAME]));
#define GET(attr, field) \
	do { if (ob[attr]) o->field = nla_get_u64(ob[attr]); } while (0)
	GET(L4MM_A_BENCH_OP_COUNT, count);
	GET(L4MM_A_BENCH_OP_TOTAL_NS, total_ns);
	GET(L4MM_A_BENCH_OP_MEDIAN_PS, median_ps);
	GET(L4MM_A_BENCH_OP_P99_PS, p99_ps);
	GET(L4MM_A_BENCH_OP_REMOVED, removed);
#undef GET
}

static int on_valid(struct nl_msg *m, void *arg)
{
	struct nlattr *tb[L4MM_A_MAX + 1], *nb[L4MM_A_STAT_MAX + 1], *a;
	struct reply *r = arg;
	int rem;

	if (genlmsg_parse(nlmsg_hdr(m), 0, tb, L4MM_A_MAX, NULL))
		return NL_SKIP;
	if (tb[L4MM_A_STATS] &&
	    !nla_parse_nested(nb, L4MM_A_STAT_MAX, tb[L4MM_A_STATS], NULL) &&
	    nb[L4MM_A_STAT_MAPPINGS])
		r->mappings = nla_get_u64(nb[L4MM_A_STAT_MAPPINGS]);
	if (!tb[L4MM_A_BENCH])
		return NL_OK;
	nla_for_each_nested(a, tb[L4MM_A_BENCH], rem) {
		if (nla_type(a) == L4MM_A_BENCH_PAGES)
			r->pages = nla_get_u32(a);
		else if (nla_type(a) == L4MM_A_BENCH_OP)
			parse_op(a, r);
	}
	return NL_OK;
}

FIXTURE(bench) {
	struct nl_sock *sk;
	int family;
};

FIXTURE_SETUP(bench)
{
	self->sk = nl_socket_alloc();
	ASSERT_NE(NULL, self->sk);
	ASSERT_EQ(0, genl_connect(self->sk));
	self->family = genl_ctrl_resolve(self->sk, L4MM_GENL_NAME);
	if (self->family < 0)
		SKIP(return, "l4mm not loaded");
	nl_socket_enable_msg_peek(self->sk);
}

FIXTURE_TEARDOWN(bench)
{
	nl_socket_free(self->sk);
}

/*
 * Send cmd, with L4MM_A_BENCH { PAGES = pages } if nest (and PAGES only
 * if pages != 0); read until the ack.
 */
static int request(struct nl_sock *sk, int family, uint8_t cmd, bool nest,
		   uint32_t pages, struct reply *r)
{
	struct nl_msg *m = nlmsg_alloc();
	struct nlattr *n;
	int err;

	memset(r, 0, sizeof(*r));
	if (!m || !genlmsg_put(m, NL_AUTO_PORT, NL_AUTO_SEQ, family, 0,
			       NLM_F_ACK, cmd, L4MM_GENL_VERSION))
		return -ENOMEM;
	if (nest) {
		n = nla_nest_start(m, L4MM_A_BENCH | NLA_F_NESTED);
		if (pages)
			nla_put_u32(m, L4MM_A_BENCH_PAGES, pages);
		nla_nest_end(m, n);
	}
	nl_socket_modify_cb(sk, NL_CB_VALID, NL_CB_CUSTOM, on_valid, r);
	nl_socket_modify_cb(sk, NL_CB_ACK, NL_CB_CUSTOM, on_ack, r);
	nl_socket_modify_err_cb(sk, NL_CB_CUSTOM, on_err, r);
	err = nl_send_auto(sk, m);
	nlmsg_free(m);
	if (err < 0)
		return err;
	while (!r->acked) {
		err = nl_recvmsgs_default(sk);
		if (err < 0 && !r->acked)
			return err;
	}
	return 0;
}

TEST_F(bench, counts_are_sane)
{
	static const char *const names[NOPS] = {
		"map", "lookup", "grant", "unmap", "flush"
	};
	static const unsigned long long removed[NOPS] = { 0, 0, 128, 128, 128 };
	struct reply r;
	int i;

	ASSERT_EQ(0, request(self->sk, self->family, L4MM_CMD_BENCH, true,
			     128, &r));
	ASSERT_EQ(0, r.err);
	EXPECT_EQ(128U, r.pages);
	ASSERT_EQ(NOPS, r.nops);
	for (i = 0; i < NOPS; i++) {
		EXPECT_STREQ(names[i], r.ops[i].name);
		EXPECT_EQ(128ULL, r.ops[i].count);
		EXPECT_NE(0ULL, r.ops[i].total_ns);
		EXPECT_NE(0ULL, r.ops[i].median_ps);
		EXPECT_LE(r.ops[i].median_ps, r.ops[i].p99_ps);
		/* No chunk can take longer than all of them together. */
		EXPECT_LE(r.ops[i].p99_ps * 64 / 1000, r.ops[i].total_ns);
		EXPECT_EQ(removed[i], r.ops[i].removed);
	}
}

TEST_F(bench, leaves_the_netns_alone)
{
	struct reply before, r, after;

	ASSERT_EQ(0, request(self->sk, self->family, L4MM_CMD_STATS, false, 0,
			     &before));
	ASSERT_EQ(0, request(self->sk, self->family, L4MM_CMD_BENCH, true,
			     64, &r));
	ASSERT_EQ(0, r.err);
	ASSERT_EQ(0, request(self->sk, self->family, L4MM_CMD_STATS, false, 0,
			     &after));
	EXPECT_NE(0ULL, before.mappings);
	EXPECT_EQ(before.mappings, after.mappings);
}

TEST_F(bench, rejects_bad_requests)
{
	struct reply r;

	/* Not a multiple of the chunk of 64. */
	ASSERT_EQ(0, request(self->sk, self->family, L4MM_CMD_BENCH, true,
			     100, &r));
	EXPECT_EQ(EINVAL, r.err);
	/* Below the policy's minimum, above its maximum. */
	ASSERT_EQ(0, request(self->sk, self->family, L4MM_CMD_BENCH, true,
			     32, &r));
	EXPECT_EQ(ERANGE, r.err);
	ASSERT_EQ(0, request(self->sk, self->family, L4MM_CMD_BENCH, true,
			     1U << 30, &r));
	EXPECT_EQ(ERANGE, r.err);
	/* No PAGES in the nest, no nest at all. */
	ASSERT_EQ(0, request(self->sk, self->family, L4MM_CMD_BENCH, true,
			     0, &r));
	EXPECT_EQ(EINVAL, r.err);
	ASSERT_EQ(0, request(self->sk, self->family, L4MM_CMD_BENCH, false,
			     0, &r));
	EXPECT_EQ(EINVAL, r.err);
}

TEST_HARNESS_MAIN
