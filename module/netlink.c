// SPDX-License-Identifier: GPL-2.0
/*
 * The "l4mm" generic netlink family (see uapi/linux/l4mm.h for the
 * contract): the strict policies, the ops table and registration.  The
 * handlers are one file per command or closely related group:
 *
 *   nl_mutate.c   CREATE, DESTROY, MAP, GRANT, UNMAP, FLUSH, ACCESS,
 *                 STATUS as single requests (the commands themselves:
 *                 nl_space.c, nl_map.c, nl_revoke.c, nl_access.c,
 *                 nl_status.c)
 *   nl_batch.c    BATCH            nl_lookup.c   LOOKUP
 *   nl_dump.c     LIST, DUMP       nl_stats.c    STATS
 *   nl_check.c    CHECK            nl_hwcheck.c  HWCHECK
 *   nl_bench.c    BENCH            nl_config.c   CONFIG
 *   nl_graph.c    GRAPH            monitor.c     the "monitor" group
 *
 * They take their attributes with nl_args.c and build their replies with
 * nl_reply.c; neither calls back into a handler or into this file.
 *
 * Locking: every handler finds the struct l4mm_net of the requester's
 * netns (pernet.c) and holds its lock around all calls into the core.
 * The family is parallel_ops: the genl core takes no global lock for us.
 */
#include <linux/kernel.h>
#include <net/genetlink.h>
#include <net/netlink.h>

#include <uapi/linux/l4mm.h>
#include "l4mm_core.h"
#include "monitor.h"
#include "netlink.h"
#include "nl_cmds.h"
#include "nl_graph.h"
#include "nl_reply.h"

/* Addresses are u64 on the wire; above 32 bits is -ERANGE (policy). */
static struct netlink_range_validation l4mm_vaddr_range = {
	.min = 0,
	.max = L4MM_VADDR_MAX,
};

#define L4MM_POLICY_NAME	{ .type = NLA_NUL_STRING, .len = L4MM_NAME_MAX }
#define L4MM_POLICY_VADDR	NLA_POLICY_FULL_RANGE(NLA_U64, &l4mm_vaddr_range)

/*
 * The attributes of the extensions (docs/extensions.md).  The policy
 * checks types and ranges; what depends on the command (rights that must
 * contain r, alignment of a base to its order) is checked by the handler,
 * which names the attribute in its extack message.
 */
#define L4MM_POLICY_ORDER	NLA_POLICY_RANGE(NLA_U8, L4MM_CORE_ORDER_MIN, \
						 L4MM_CORE_ORDER_MAX)
#define L4MM_POLICY_GRANT_MODE	NLA_POLICY_RANGE(NLA_U8, \
						 L4MM_GRANT_MODE_PAPER, \
						 L4MM_GRANT_MODE_KEEP)

/*
 * RIGHTS is a mask of rwx; an access is one right.  That it is exactly
 * one is checked by the handler: a validation function on an integer
 * attribute would make 6.1's policy dump in the error ack WARN
 * (nla_get_range_unsigned()).
 */
#define L4MM_POLICY_RIGHTS	NLA_POLICY_MASK(NLA_U8, L4MM_RIGHTS_ALL)

/* CHECK, HWCHECK: at most a space name. */
static const struct nla_policy l4mm_name_policy[L4MM_A_NAME + 1] = {
	[L4MM_A_NAME] = L4MM_POLICY_NAME,
};

static struct netlink_range_validation l4mm_dump_pages_range = {
	.min = 1,
	.max = 1U << (L4MM_CORE_VA_BITS - L4MM_CORE_PAGE_SHIFT),
};

/* DUMP: a space, an fpage or a range in it, sigma0's untouched too. */
static const struct nla_policy l4mm_dump_policy[L4MM_A_SKIP_PRISTINE + 1] = {
	[L4MM_A_NAME] = L4MM_POLICY_NAME,
	[L4MM_A_VADDR] = L4MM_POLICY_VADDR,
	[L4MM_A_ORDER] = L4MM_POLICY_ORDER,
	[L4MM_A_PAGES] = NLA_POLICY_FULL_RANGE(NLA_U32,
					       &l4mm_dump_pages_range),
	[L4MM_A_SKIP_PRISTINE] = { .type = NLA_FLAG },
};

/* LOOKUP: a space and a page. */
static const struct nla_policy l4mm_page_policy[L4MM_A_VADDR + 1] = {
	[L4MM_A_NAME] = L4MM_POLICY_NAME,
	[L4MM_A_VADDR] = L4MM_POLICY_VADDR,
};

/*
 * The mutating commands, single or as one L4MM_A_BATCH_CMD: the union of
 * their attributes.  Which attributes one command requires and takes is
 * said once, in l4mm_cmds[] (nl_mutate.c), and checked alike for a single
 * command and a batched one (l4mm_req_check()), with an extack message
 * naming the attribute that is missing or does not belong.  L4MM_A_CMD
 * belongs to batch entries only; its range includes non-batchable
 * commands between FLUSH and STATUS, which the batch refuses by name.
 * L4MM_A_EFFECTS (a verbose reply) belongs to a single MAP, GRANT, UNMAP
 * or FLUSH only (l4mm_nl_mutate_doit()); the GRAPH attributes between
 * UTCB_ORDER and it have no entry, so strict validation refuses them.
 */
static const struct nla_policy l4mm_cmd_policy[L4MM_CMD_MAXATTR + 1] = {
	[L4MM_A_NAME] = L4MM_POLICY_NAME,
	[L4MM_A_VADDR] = L4MM_POLICY_VADDR,
	[L4MM_A_SRC_NAME] = L4MM_POLICY_NAME,
	[L4MM_A_SRC_VADDR] = L4MM_POLICY_VADDR,
	[L4MM_A_CMD] = NLA_POLICY_RANGE(NLA_U8, L4MM_CMD_CREATE,
					L4MM_BATCH_CMD_MAX),
	[L4MM_A_ORDER] = L4MM_POLICY_ORDER,
	[L4MM_A_SRC_ORDER] = L4MM_POLICY_ORDER,
	[L4MM_A_SND_BASE] = L4MM_POLICY_VADDR,
	[L4MM_A_RIGHTS] = L4MM_POLICY_RIGHTS,
	[L4MM_A_UNCACHED] = { .type = NLA_FLAG },
	[L4MM_A_GRANT_MODE] = L4MM_POLICY_GRANT_MODE,
	[L4MM_A_ACCESS] = L4MM_POLICY_RIGHTS,
	[L4MM_A_KIP_VADDR] = L4MM_POLICY_VADDR,
	[L4MM_A_UTCB_VADDR] = L4MM_POLICY_VADDR,
	[L4MM_A_UTCB_ORDER] = L4MM_POLICY_ORDER,
	[L4MM_A_EFFECTS] = { .type = NLA_FLAG },
};

/* BATCH */
static const struct nla_policy l4mm_batch_policy[L4MM_A_FLAGS + 1] = {
	[L4MM_A_BATCH] = NLA_POLICY_NESTED_ARRAY(l4mm_cmd_policy),
	[L4MM_A_FLAGS] = NLA_POLICY_MASK(NLA_U32, __L4MM_F_ALL),
};

/* CONFIG */
static const struct nla_policy l4mm_config_policy[L4MM_A_GRANT_MODE + 1] = {
	[L4MM_A_GRANT_MODE] = L4MM_POLICY_GRANT_MODE,
};

#define L4MM_OP_MUTATE(c)						\
	{								\
		.cmd = (c),						\
		.doit = l4mm_nl_mutate_doit,				\
		.policy = l4mm_cmd_policy,				\
		.maxattr = L4MM_CMD_MAXATTR,				\
		.flags = GENL_UNS_ADMIN_PERM,				\
	}

static const struct genl_ops l4mm_genl_ops[] = {
	L4MM_OP_MUTATE(L4MM_CMD_CREATE),
	L4MM_OP_MUTATE(L4MM_CMD_DESTROY),
	L4MM_OP_MUTATE(L4MM_CMD_MAP),
	L4MM_OP_MUTATE(L4MM_CMD_GRANT),
	L4MM_OP_MUTATE(L4MM_CMD_UNMAP),
	L4MM_OP_MUTATE(L4MM_CMD_FLUSH),
	{
		.cmd = L4MM_CMD_LOOKUP,
		.doit = l4mm_nl_lookup_doit,
		.policy = l4mm_page_policy,
		.maxattr = ARRAY_SIZE(l4mm_page_policy) - 1,
	},
	{
		/* No attributes: the genl core rejects any. */
		.cmd = L4MM_CMD_LIST,
		.start = l4mm_nl_list_start,
		.dumpit = l4mm_nl_list_dumpit,
		.done = l4mm_nl_dump_done,
	},
	{
		.cmd = L4MM_CMD_DUMP,
		.start = l4mm_nl_dump_start,
		.dumpit = l4mm_nl_dump_dumpit,
		.done = l4mm_nl_dump_done,
		.policy = l4mm_dump_policy,
		.maxattr = ARRAY_SIZE(l4mm_dump_policy) - 1,
	},
	{
		/* No attributes: the genl core rejects any. */
		.cmd = L4MM_CMD_STATS,
		.doit = l4mm_nl_stats_doit,
	},
	{
		.cmd = L4MM_CMD_BATCH,
		.doit = l4mm_nl_batch_doit,
		.policy = l4mm_batch_policy,
		.maxattr = ARRAY_SIZE(l4mm_batch_policy) - 1,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = L4MM_CMD_BENCH,
		.doit = l4mm_nl_bench_doit,
		.policy = l4mm_bench_policy,
		.maxattr = ARRAY_SIZE(l4mm_bench_policy) - 1,
		.flags = GENL_ADMIN_PERM,
	},
	{
		/* Reprograms this CPU's MMU for a moment: init-netns admin. */
		.cmd = L4MM_CMD_HWCHECK,
		.doit = l4mm_nl_hwcheck_doit,
		.policy = l4mm_name_policy,
		.maxattr = ARRAY_SIZE(l4mm_name_policy) - 1,
		.flags = GENL_ADMIN_PERM,
	},
	{
		/*
		 * A debugging command, O(state) with the netns held:
		 * administrators of the initial user namespace only.
		 */
		.cmd = L4MM_CMD_CHECK,
		.doit = l4mm_nl_check_doit,
		.policy = l4mm_name_policy,
		.maxattr = ARRAY_SIZE(l4mm_name_policy) - 1,
		.flags = GENL_ADMIN_PERM,
	},
	/* ACCESS sets a status bit, STATUS clears them: changes of state. */
	L4MM_OP_MUTATE(L4MM_CMD_ACCESS),
	L4MM_OP_MUTATE(L4MM_CMD_STATUS),
	{
		/* Reading is open; setting checks CAP_NET_ADMIN itself. */
		.cmd = L4MM_CMD_CONFIG,
		.doit = l4mm_nl_config_doit,
		.policy = l4mm_config_policy,
		.maxattr = ARRAY_SIZE(l4mm_config_policy) - 1,
	},
	{
		/* Open, like DUMP: each pass is bounded (nl_graph.c). */
		.cmd = L4MM_CMD_GRAPH,
		.start = l4mm_nl_graph_start,
		.dumpit = l4mm_nl_graph_dumpit,
		.done = l4mm_nl_graph_done,
		.policy = l4mm_graph_policy,
		.maxattr = ARRAY_SIZE(l4mm_graph_policy) - 1,
	},
};

static struct genl_family l4mm_genl_family __ro_after_init = {
	.name = L4MM_GENL_NAME,
	.version = L4MM_GENL_VERSION,
	.netnsok = true,
	.parallel_ops = true,
	.module = THIS_MODULE,
	.ops = l4mm_genl_ops,
	.n_ops = ARRAY_SIZE(l4mm_genl_ops),
	.mcgrps = l4mm_mcgrps,
	.n_mcgrps = L4MM_MCGRP_COUNT,
	/* 0: every op is strictly validated, reserved header bits included. */
	.resv_start_op = 0,
};

/**
 * l4mm_genl_init() - register the family; userspace can reach us from now
 *
 * Context: module init, after the pernet state exists.
 * Return: 0 or the registration error.
 */
int __init l4mm_genl_init(void)
{
	l4mm_reply_init(&l4mm_genl_family);
	l4mm_mon_init(&l4mm_genl_family);
	return genl_register_family(&l4mm_genl_family);
}

/**
 * l4mm_genl_exit() - unregister the family
 *
 * Returns once no do handler runs any more; a dump in progress holds a
 * module reference, so none can be left when the module goes.
 */
void l4mm_genl_exit(void)
{
	genl_unregister_family(&l4mm_genl_family);
}
