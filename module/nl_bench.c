// SPDX-License-Identifier: GPL-2.0
/*
 * L4MM_CMD_BENCH: the core's benchmark workload (core/bench.c) run in the
 * kernel on a private state and timed with ktime, so that the cost of the
 * core with the module's slab caches can be set next to the native figure
 * (bench/native) and next to Linux's own mm in the same guest.
 *
 * The state is private: the caller's netns lock is not taken and its
 * spaces are never touched.  It is admin-only in the initial namespace
 * because it allocates up to a few hundred thousand nodes and keeps a CPU
 * busy for the duration.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/timekeeping.h>
#include <net/genetlink.h>
#include <net/netlink.h>

#include <uapi/linux/l4mm.h>
#include "l4mm_core.h"
#include "bench.h"
#include "netlink.h"
#include "nl_reply.h"

#define L4MM_BENCH_MAX_PAGES	262144

static const char *const l4mm_bench_names[L4MM_BENCH_NR_OPS] = {
	[L4MM_BENCH_MAP] = "map",
	[L4MM_BENCH_LOOKUP] = "lookup",
	[L4MM_BENCH_GRANT] = "grant",
	[L4MM_BENCH_UNMAP] = "unmap",
	[L4MM_BENCH_FLUSH] = "flush",
};

/* Beyond NLA_POLICY_RANGE's s16 limits: a full range. */
static struct netlink_range_validation l4mm_bench_pages_range = {
	.min = L4MM_BENCH_CHUNK,
	.max = L4MM_BENCH_MAX_PAGES,
};

static const struct nla_policy l4mm_bench_nest_policy[L4MM_A_BENCH_PAGES + 1] = {
	[L4MM_A_BENCH_PAGES] = NLA_POLICY_FULL_RANGE(NLA_U32,
						     &l4mm_bench_pages_range),
};

const struct nla_policy l4mm_bench_policy[L4MM_A_BENCH + 1] = {
	[L4MM_A_BENCH] = NLA_POLICY_NESTED(l4mm_bench_nest_policy),
};

static u64 l4mm_bench_now(void)
{
	return ktime_get_ns();
}

static int l4mm_bench_put_op(struct sk_buff *msg, int op,
			     const struct l4mm_bench_stat *st)
{
	struct nlattr *nest = nla_nest_start(msg, L4MM_A_BENCH_OP);

	if (!nest)
		return -EMSGSIZE;
	if (nla_put_string(msg, L4MM_A_BENCH_OP_NAME, l4mm_bench_names[op]) ||
	    nla_put_u64_64bit(msg, L4MM_A_BENCH_OP_COUNT, st->ops,
			      L4MM_A_BENCH_OP_PAD) ||
	    nla_put_u64_64bit(msg, L4MM_A_BENCH_OP_TOTAL_NS, st->total_ns,
			      L4MM_A_BENCH_OP_PAD) ||
	    nla_put_u64_64bit(msg, L4MM_A_BENCH_OP_MEDIAN_PS, st->median_ps,
			      L4MM_A_BENCH_OP_PAD) ||
	    nla_put_u64_64bit(msg, L4MM_A_BENCH_OP_P99_PS, st->p99_ps,
			      L4MM_A_BENCH_OP_PAD) ||
	    nla_put_u64_64bit(msg, L4MM_A_BENCH_OP_REMOVED, st->removed,
			      L4MM_A_BENCH_OP_PAD)) {
		nla_nest_cancel(msg, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(msg, nest);
	return 0;
}

/* Sort each op's samples into its stat and put the reply nest. */
static int l4mm_bench_put(struct sk_buff *msg, u32 pages,
			  u64 *samples[L4MM_BENCH_NR_OPS],
			  const u64 removed[L4MM_BENCH_NR_OPS])
{
	struct l4mm_bench_stat st;
	struct nlattr *nest;
	int op, err;

	nest = nla_nest_start(msg, L4MM_A_BENCH);
	if (!nest || nla_put_u32(msg, L4MM_A_BENCH_PAGES, pages))
		return -EMSGSIZE;
	for (op = 0; op < L4MM_BENCH_NR_OPS; op++) {
		l4mm_bench_stat(samples[op], pages / L4MM_BENCH_CHUNK, &st);
		st.removed = removed[op];
		err = l4mm_bench_put_op(msg, op, &st);
		if (err)
			return err;
	}
	nla_nest_end(msg, nest);
	return 0;
}

/**
 * l4mm_nl_bench_doit() - BENCH: time the core's workload in the kernel
 * @skb: the request
 * @info: L4MM_A_BENCH with L4MM_A_BENCH_PAGES (validated by the policy)
 *
 * Locking: none; the workload runs on a state of its own.
 * Return: 0 with the reply sent, or a negative errno.
 */
int l4mm_nl_bench_doit(struct sk_buff *skb, struct genl_info *info)
{
	u64 *samples[L4MM_BENCH_NR_OPS] = { }, removed[L4MM_BENCH_NR_OPS];
	struct nlattr *tb[L4MM_A_BENCH_PAGES + 1];
	int op, err = -ENOMEM;
	struct l4mm_reply rp;
	u32 pages;

	if (GENL_REQ_ATTR_CHECK(info, L4MM_A_BENCH))
		return -EINVAL;
	err = nla_parse_nested(tb, L4MM_A_BENCH_PAGES, info->attrs[L4MM_A_BENCH],
			       l4mm_bench_nest_policy, info->extack);
	if (err)
		return err;
	if (NL_REQ_ATTR_CHECK(info->extack, info->attrs[L4MM_A_BENCH], tb,
			      L4MM_A_BENCH_PAGES))
		return -EINVAL;
	pages = nla_get_u32(tb[L4MM_A_BENCH_PAGES]);
	if (pages % L4MM_BENCH_CHUNK) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[L4MM_A_BENCH_PAGES],
				    "pages must be a multiple of 64");
		return -EINVAL;
	}

	err = -ENOMEM;
	for (op = 0; op < L4MM_BENCH_NR_OPS; op++) {
		samples[op] = kvmalloc_array(pages / L4MM_BENCH_CHUNK,
					     sizeof(u64), GFP_KERNEL_ACCOUNT);
		if (!samples[op])
			goto out_free;
	}
	err = l4mm_reply_new(&rp, info);
	if (err)
		goto out_free;
	err = l4mm_bench_run(pages, l4mm_bench_now, samples, removed);
	if (err)
		GENL_SET_ERR_MSG(info, "benchmark workload failed");
	else
		err = l4mm_bench_put(rp.msg, pages, samples, removed);
	err = l4mm_reply_send(&rp, info, err);

out_free:
	for (op = 0; op < L4MM_BENCH_NR_OPS; op++)
		kvfree(samples[op]);
	return err;
}
