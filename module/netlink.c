// SPDX-License-Identifier: GPL-2.0
/*
 * The "l4mm" generic netlink family (see uapi/linux/l4mm.h for the
 * contract): the strict per-op policies, the ops table and registration.
 * The handlers live in nl_cmds.c (single commands), nl_batch.c (BATCH),
 * nl_dump.c (LIST, DUMP) and nl_check.c (CHECK); the extensions' ACCESS,
 * STATUS and CONFIG in nl_access.c, nl_status.c and nl_config.c.
 *
 * Locking: every handler looks up the struct l4mm_net of the requester's
 * netns and holds its mutex around all calls into the core.  The family is
 * parallel_ops: the genl core takes no global lock for us.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/lockdep.h>
#include <linux/mutex.h>
#include <net/genetlink.h>
#include <net/netlink.h>
#include <net/sock.h>

#include <uapi/linux/l4mm.h>
#include "l4mm_core.h"
#include "netlink.h"
#include "monitor.h"
#include "nl_graph.h"
#include "nl_internal.h"
#include "pernet.h"

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
#define L4MM_POLICY_RIGHTS	NLA_POLICY_MASK(NLA_U8, L4MM_RIGHTS_ALL)
#define L4MM_POLICY_GRANT_MODE	NLA_POLICY_RANGE(NLA_U8, \
						 L4MM_GRANT_MODE_PAPER, \
						 L4MM_GRANT_MODE_KEEP)

/*
 * An access is one right; that it is exactly one is checked by the
 * handler: a validation function on an integer attribute would make
 * 6.1's policy dump in the error ack WARN (nla_get_range_unsigned()).
 */
#define L4MM_POLICY_ACCESS	NLA_POLICY_MASK(NLA_U8, L4MM_RIGHTS_ALL)

/* DESTROY, CHECK, HWCHECK */
static const struct nla_policy l4mm_name_policy[L4MM_A_NAME + 1] = {
	[L4MM_A_NAME] = L4MM_POLICY_NAME,
};

/* CREATE: a name and the optional reserved regions. */
static const struct nla_policy l4mm_create_policy[L4MM_A_UTCB_ORDER + 1] = {
	[L4MM_A_NAME] = L4MM_POLICY_NAME,
	[L4MM_A_KIP_VADDR] = L4MM_POLICY_VADDR,
	[L4MM_A_UTCB_VADDR] = L4MM_POLICY_VADDR,
	[L4MM_A_UTCB_ORDER] = L4MM_POLICY_ORDER,
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

/* LOOKUP */
static const struct nla_policy l4mm_page_policy[L4MM_A_VADDR + 1] = {
	[L4MM_A_NAME] = L4MM_POLICY_NAME,
	[L4MM_A_VADDR] = L4MM_POLICY_VADDR,
};

/* UNMAP, FLUSH: an fpage and the rights to revoke. */
static const struct nla_policy l4mm_revoke_policy[L4MM_A_EFFECTS + 1] = {
	[L4MM_A_NAME] = L4MM_POLICY_NAME,
	[L4MM_A_VADDR] = L4MM_POLICY_VADDR,
	[L4MM_A_ORDER] = L4MM_POLICY_ORDER,
	[L4MM_A_RIGHTS] = L4MM_POLICY_RIGHTS,
	[L4MM_A_EFFECTS] = { .type = NLA_FLAG },
};

/* STATUS: an fpage. */
static const struct nla_policy l4mm_status_policy[L4MM_A_ORDER + 1] = {
	[L4MM_A_NAME] = L4MM_POLICY_NAME,
	[L4MM_A_VADDR] = L4MM_POLICY_VADDR,
	[L4MM_A_ORDER] = L4MM_POLICY_ORDER,
};

/* ACCESS: a byte address and the kind of access. */
static const struct nla_policy l4mm_access_policy[L4MM_A_ACCESS + 1] = {
	[L4MM_A_NAME] = L4MM_POLICY_NAME,
	[L4MM_A_VADDR] = L4MM_POLICY_VADDR,
	[L4MM_A_ACCESS] = L4MM_POLICY_ACCESS,
};

/* MAP: send fpage, destination (region or receive window), options. */
static const struct nla_policy l4mm_map_policy[L4MM_A_EFFECTS + 1] = {
	[L4MM_A_NAME] = L4MM_POLICY_NAME,
	[L4MM_A_VADDR] = L4MM_POLICY_VADDR,
	[L4MM_A_SRC_NAME] = L4MM_POLICY_NAME,
	[L4MM_A_SRC_VADDR] = L4MM_POLICY_VADDR,
	[L4MM_A_ORDER] = L4MM_POLICY_ORDER,
	[L4MM_A_SRC_ORDER] = L4MM_POLICY_ORDER,
	[L4MM_A_SND_BASE] = L4MM_POLICY_VADDR,
	[L4MM_A_RIGHTS] = L4MM_POLICY_RIGHTS,
	[L4MM_A_UNCACHED] = { .type = NLA_FLAG },
	[L4MM_A_EFFECTS] = { .type = NLA_FLAG },
};

/* GRANT: as MAP, and the grant mode. */
static const struct nla_policy l4mm_grant_policy[L4MM_A_EFFECTS + 1] = {
	[L4MM_A_NAME] = L4MM_POLICY_NAME,
	[L4MM_A_VADDR] = L4MM_POLICY_VADDR,
	[L4MM_A_SRC_NAME] = L4MM_POLICY_NAME,
	[L4MM_A_SRC_VADDR] = L4MM_POLICY_VADDR,
	[L4MM_A_ORDER] = L4MM_POLICY_ORDER,
	[L4MM_A_SRC_ORDER] = L4MM_POLICY_ORDER,
	[L4MM_A_SND_BASE] = L4MM_POLICY_VADDR,
	[L4MM_A_RIGHTS] = L4MM_POLICY_RIGHTS,
	[L4MM_A_UNCACHED] = { .type = NLA_FLAG },
	[L4MM_A_GRANT_MODE] = L4MM_POLICY_GRANT_MODE,
	[L4MM_A_EFFECTS] = { .type = NLA_FLAG },
};

/* CONFIG */
static const struct nla_policy l4mm_config_policy[L4MM_A_GRANT_MODE + 1] = {
	[L4MM_A_GRANT_MODE] = L4MM_POLICY_GRANT_MODE,
};

/*
 * One L4MM_A_BATCH_CMD: the union of the batchable commands' attributes
 * (each command's own set is checked in nl_batch.c).  The command range
 * includes non-batchable ones between FLUSH and STATUS: l4mm_cmds[] has
 * no function for them and the batch refuses them by name.
 */
const struct nla_policy l4mm_batch_cmd_policy[L4MM_BATCH_MAXATTR + 1] = {
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
	[L4MM_A_ACCESS] = L4MM_POLICY_ACCESS,
	[L4MM_A_KIP_VADDR] = L4MM_POLICY_VADDR,
	[L4MM_A_UTCB_VADDR] = L4MM_POLICY_VADDR,
	[L4MM_A_UTCB_ORDER] = L4MM_POLICY_ORDER,
};

/* BATCH */
static const struct nla_policy l4mm_batch_policy[L4MM_A_FLAGS + 1] = {
	[L4MM_A_BATCH] = NLA_POLICY_NESTED_ARRAY(l4mm_batch_cmd_policy),
	[L4MM_A_FLAGS] = NLA_POLICY_MASK(NLA_U32, __L4MM_F_ALL),
};

static const struct genl_ops l4mm_genl_ops[] = {
	{
		.cmd = L4MM_CMD_CREATE,
		.doit = l4mm_nl_mutate_doit,
		.policy = l4mm_create_policy,
		.maxattr = ARRAY_SIZE(l4mm_create_policy) - 1,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = L4MM_CMD_DESTROY,
		.doit = l4mm_nl_mutate_doit,
		.policy = l4mm_name_policy,
		.maxattr = ARRAY_SIZE(l4mm_name_policy) - 1,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = L4MM_CMD_MAP,
		.doit = l4mm_nl_mutate_doit,
		.policy = l4mm_map_policy,
		.maxattr = ARRAY_SIZE(l4mm_map_policy) - 1,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = L4MM_CMD_GRANT,
		.doit = l4mm_nl_mutate_doit,
		.policy = l4mm_grant_policy,
		.maxattr = ARRAY_SIZE(l4mm_grant_policy) - 1,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = L4MM_CMD_UNMAP,
		.doit = l4mm_nl_mutate_doit,
		.policy = l4mm_revoke_policy,
		.maxattr = ARRAY_SIZE(l4mm_revoke_policy) - 1,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = L4MM_CMD_FLUSH,
		.doit = l4mm_nl_mutate_doit,
		.policy = l4mm_revoke_policy,
		.maxattr = ARRAY_SIZE(l4mm_revoke_policy) - 1,
		.flags = GENL_UNS_ADMIN_PERM,
	},
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
		/* Admin: the check is O(state) under the netns lock. */
		.cmd = L4MM_CMD_CHECK,
		.doit = l4mm_nl_check_doit,
		.policy = l4mm_name_policy,
		.maxattr = ARRAY_SIZE(l4mm_name_policy) - 1,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		/* Sets a status bit: a change of state. */
		.cmd = L4MM_CMD_ACCESS,
		.doit = l4mm_nl_mutate_doit,
		.policy = l4mm_access_policy,
		.maxattr = ARRAY_SIZE(l4mm_access_policy) - 1,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		/* Clears status bits: a change of state. */
		.cmd = L4MM_CMD_STATUS,
		.doit = l4mm_nl_mutate_doit,
		.policy = l4mm_status_policy,
		.maxattr = ARRAY_SIZE(l4mm_status_policy) - 1,
		.flags = GENL_UNS_ADMIN_PERM,
	},
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

struct genl_family l4mm_genl_family __ro_after_init = {
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

