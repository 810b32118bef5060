// SPDX-License-Identifier: GPL-2.0
/*
 * The "l4mm" generic netlink family (see uapi/linux/l4mm.h for the
 * contract): one handler per command, strict per-op policies, and the
 * per-command functions shared by the single commands and BATCH.
 *
 * Locking: every handler looks up the struct l4mm_net of the requester's
 * netns and holds its mutex around all calls into the core.  The family is
 * parallel_ops: the genl core takes no global lock for us.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/lockdep.h>
#include <linux/mutex.h>
#include <linux/sched.h>
#include <linux/string.h>
#include <net/genetlink.h>
#include <net/netlink.h>
#include <net/sock.h>

#include <uapi/linux/l4mm.h>
#include "l4mm_core.h"
#include "netlink.h"
#include "pernet.h"

static struct genl_family l4mm_genl_family;

/* Addresses are u64 on the wire; above 32 bits is -ERANGE (policy). */
static struct netlink_range_validation l4mm_vaddr_range = {
	.min = 0,
	.max = L4MM_VADDR_MAX,
};

#define L4MM_POLICY_NAME	{ .type = NLA_NUL_STRING, .len = L4MM_NAME_MAX }
#define L4MM_POLICY_VADDR	NLA_POLICY_FULL_RANGE(NLA_U64, &l4mm_vaddr_range)

/* CREATE, DESTROY, DUMP */
static const struct nla_policy l4mm_name_policy[L4MM_A_NAME + 1] = {
	[L4MM_A_NAME] = L4MM_POLICY_NAME,
};

/* UNMAP, FLUSH, LOOKUP */
static const struct nla_policy l4mm_page_policy[L4MM_A_VADDR + 1] = {
	[L4MM_A_NAME] = L4MM_POLICY_NAME,
	[L4MM_A_VADDR] = L4MM_POLICY_VADDR,
};

/* MAP, GRANT */
static const struct nla_policy l4mm_map_policy[L4MM_A_SRC_VADDR + 1] = {
	[L4MM_A_NAME] = L4MM_POLICY_NAME,
	[L4MM_A_VADDR] = L4MM_POLICY_VADDR,
	[L4MM_A_SRC_NAME] = L4MM_POLICY_NAME,
	[L4MM_A_SRC_VADDR] = L4MM_POLICY_VADDR,
};

/* One L4MM_A_BATCH_CMD: the union of the batchable commands' attributes. */
static const struct nla_policy l4mm_batch_cmd_policy[L4MM_A_CMD + 1] = {
	[L4MM_A_NAME] = L4MM_POLICY_NAME,
	[L4MM_A_VADDR] = L4MM_POLICY_VADDR,
	[L4MM_A_SRC_NAME] = L4MM_POLICY_NAME,
	[L4MM_A_SRC_VADDR] = L4MM_POLICY_VADDR,
	[L4MM_A_CMD] = NLA_POLICY_RANGE(NLA_U8, L4MM_CMD_CREATE,
					L4MM_CMD_FLUSH),
};

/* BATCH */
static const struct nla_policy l4mm_batch_policy[L4MM_A_FLAGS + 1] = {
	[L4MM_A_BATCH] = NLA_POLICY_NESTED_ARRAY(l4mm_batch_cmd_policy),
	[L4MM_A_FLAGS] = NLA_POLICY_MASK(NLA_U32, __L4MM_F_ALL),
};

/**
 * struct l4mm_req - the attributes of one command, single or batched
 * @tb: the parsed attributes, indexed by enum l4mm_attr
 * @nest: the L4MM_A_BATCH_CMD they came from, NULL for a single command
 * @extack: where the command's error message goes
 */
struct l4mm_req {
	struct nlattr **tb;
	const struct nlattr *nest;
	struct netlink_ext_ack *extack;
};

/**
 * struct l4mm_cmd_out - what a mutating command produced, for the reply
 * @res: mappings removed, mapping installed
 * @space: CREATE: the new space (valid while the netns lock is held)
 */
struct l4mm_cmd_out {
	struct l4mm_op_result res;
	struct l4mm_space *space;
};

typedef int (*l4mm_cmd_fn)(struct l4mm_net *ln, const struct l4mm_req *rq,
			   struct l4mm_cmd_out *out);

/**
 * struct l4mm_cmd_desc - a mutating command
 * @fn: does it; called with the netns lock held and @attrs present
 * @attrs: BIT() of every attribute it takes, all of them required
 */
struct l4mm_cmd_desc {
	l4mm_cmd_fn fn;
	u32 attrs;
};

/*
 * Report a core error with a message.  Errors that blame one attribute are
 * reported by the command functions, which know which attributes they have.
 */
static int l4mm_core_err(const struct l4mm_req *rq, int err)
{
	switch (err) {
	case -ENOMEM:
		NL_SET_ERR_MSG(rq->extack, "out of memory");
		break;
	case -EMLINK:
		NL_SET_ERR_MSG(rq->extack, "derivation chain too deep");
		break;
	case -ENOSPC:
		NL_SET_ERR_MSG(rq->extack, "no free space id");
		break;
	case -EINVAL:
		NL_SET_ERR_MSG(rq->extack, "invalid argument");
		break;
	default:
		NL_SET_ERR_MSG(rq->extack, "operation failed");
		break;
	}
	return err;
}

/* Check a name attribute's characters; the policy checked its length. */
static int l4mm_check_name(const struct l4mm_req *rq, int type)
{
	const struct nlattr *attr = rq->tb[type];

	if (l4mm_name_valid(nla_data(attr)))
		return 0;
	NL_SET_ERR_MSG_ATTR(rq->extack, attr, "invalid space name");
	return -EINVAL;
}

/* The space named by attribute type (L4MM_A_NAME or L4MM_A_SRC_NAME). */
static int l4mm_get_space(struct l4mm_net *ln, const struct l4mm_req *rq,
			  int type, struct l4mm_space **sp)
{
	const struct nlattr *attr = rq->tb[type];
	int err;

	lockdep_assert_held(&ln->lock);
	err = l4mm_check_name(rq, type);
	if (err)
		return err;
	*sp = l4mm_space_find(ln->state, nla_data(attr));
	if (*sp)
		return 0;
	if (type == L4MM_A_SRC_NAME)
		NL_SET_ERR_MSG_ATTR(rq->extack, attr, "source space not found");
	else
		NL_SET_ERR_MSG_ATTR(rq->extack, attr, "space not found");
	return -ENOENT;
}

/* A page address attribute: in range by policy, page-aligned here. */
static int l4mm_get_vaddr(const struct l4mm_req *rq, int type, u32 *va)
{
	const struct nlattr *attr = rq->tb[type];
	u64 v = nla_get_u64(attr);

	if (v & (L4MM_CORE_PAGE_SIZE - 1)) {
		NL_SET_ERR_MSG_ATTR(rq->extack, attr,
				    "address is not page-aligned");
		return -EINVAL;
	}
	*va = (u32)v;
	return 0;
}

/* A space and a page in it. */
static int l4mm_get_page(struct l4mm_net *ln, const struct l4mm_req *rq,
			 int name_type, int vaddr_type,
			 struct l4mm_space **sp, u32 *va)
{
	int err;

	err = l4mm_get_space(ln, rq, name_type, sp);
	if (err)
		return err;
	return l4mm_get_vaddr(rq, vaddr_type, va);
}

static int l4mm_cmd_create(struct l4mm_net *ln, const struct l4mm_req *rq,
			   struct l4mm_cmd_out *out)
{
	int err;

	err = l4mm_check_name(rq, L4MM_A_NAME);
	if (err)
		return err;
	err = l4mm_space_create(ln->state, nla_data(rq->tb[L4MM_A_NAME]),
				&out->space);
	if (err == -EEXIST) {
		NL_SET_ERR_MSG_ATTR(rq->extack, rq->tb[L4MM_A_NAME],
				    "space already exists");
		return err;
	}
	return err ? l4mm_core_err(rq, err) : 0;
}

static int l4mm_cmd_destroy(struct l4mm_net *ln, const struct l4mm_req *rq,
			    struct l4mm_cmd_out *out)
{
	struct l4mm_space *sp;
	int err;

	err = l4mm_get_space(ln, rq, L4MM_A_NAME, &sp);
	if (err)
		return err;
	err = l4mm_space_destroy(ln->state, sp, &out->res);
	return err ? l4mm_core_err(rq, err) : 0;
}

static int l4mm_cmd_map_grant(struct l4mm_net *ln, const struct l4mm_req *rq,
			      struct l4mm_cmd_out *out, bool grant)
{
	struct l4mm_space *src, *dst;
	u32 src_va, dst_va;
	int err;

	err = l4mm_get_page(ln, rq, L4MM_A_SRC_NAME, L4MM_A_SRC_VADDR,
			    &src, &src_va);
	if (err)
		return err;
	err = l4mm_get_page(ln, rq, L4MM_A_NAME, L4MM_A_VADDR, &dst, &dst_va);
	if (err)
		return err;
	if (grant)
		err = l4mm_grant(ln->state, src, src_va, dst, dst_va,
				 &out->res);
	else
		err = l4mm_map(ln->state, src, src_va, dst, dst_va, &out->res);
	if (err == -ENXIO) {
		NL_SET_ERR_MSG_ATTR(rq->extack, rq->tb[L4MM_A_SRC_VADDR],
				    "source page is not mapped");
		return err;
	}
	return err ? l4mm_core_err(rq, err) : 0;
}

static int l4mm_cmd_map(struct l4mm_net *ln, const struct l4mm_req *rq,
			struct l4mm_cmd_out *out)
{
	return l4mm_cmd_map_grant(ln, rq, out, false);
}

static int l4mm_cmd_grant(struct l4mm_net *ln, const struct l4mm_req *rq,
			  struct l4mm_cmd_out *out)
{
	return l4mm_cmd_map_grant(ln, rq, out, true);
}

static int l4mm_cmd_unmap_flush(struct l4mm_net *ln,
				const struct l4mm_req *rq,
				struct l4mm_cmd_out *out, bool flush)
{
	struct l4mm_space *sp;
	u32 va;
	int err;

	err = l4mm_get_page(ln, rq, L4MM_A_NAME, L4MM_A_VADDR, &sp, &va);
	if (err)
		return err;
	if (flush)
		err = l4mm_flush(ln->state, sp, va, &out->res);
	else
		err = l4mm_unmap(ln->state, sp, va, &out->res);
	return err ? l4mm_core_err(rq, err) : 0;
}

static int l4mm_cmd_unmap(struct l4mm_net *ln, const struct l4mm_req *rq,
			  struct l4mm_cmd_out *out)
{
	return l4mm_cmd_unmap_flush(ln, rq, out, false);
}

static int l4mm_cmd_flush(struct l4mm_net *ln, const struct l4mm_req *rq,
			  struct l4mm_cmd_out *out)
{
	return l4mm_cmd_unmap_flush(ln, rq, out, true);
}

#define L4MM_ATTRS_PAGE		(BIT(L4MM_A_NAME) | BIT(L4MM_A_VADDR))
#define L4MM_ATTRS_MAP		(L4MM_ATTRS_PAGE | BIT(L4MM_A_SRC_NAME) | \
				 BIT(L4MM_A_SRC_VADDR))

static const struct l4mm_cmd_desc l4mm_cmds[] = {
	[L4MM_CMD_CREATE] = { l4mm_cmd_create, BIT(L4MM_A_NAME) },
	[L4MM_CMD_DESTROY] = { l4mm_cmd_destroy, BIT(L4MM_A_NAME) },
	[L4MM_CMD_MAP] = { l4mm_cmd_map, L4MM_ATTRS_MAP },
	[L4MM_CMD_GRANT] = { l4mm_cmd_grant, L4MM_ATTRS_MAP },
	[L4MM_CMD_UNMAP] = { l4mm_cmd_unmap, L4MM_ATTRS_PAGE },
	[L4MM_CMD_FLUSH] = { l4mm_cmd_flush, L4MM_ATTRS_PAGE },
};

/* -EINVAL, naming the first missing attribute, unless all are there. */
static int l4mm_req_check(const struct l4mm_req *rq, u32 attrs)
{
	unsigned long mask = attrs;
	unsigned int type;

	for_each_set_bit(type, &mask, BITS_PER_TYPE(u32))
		if (NL_REQ_ATTR_CHECK(rq->extack, rq->nest, rq->tb, type))
			return -EINVAL;
	return 0;
}

static int l4mm_put_space(struct sk_buff *msg, const struct l4mm_space *sp)
{
	struct nlattr *nest;

	nest = nla_nest_start(msg, L4MM_A_SPACE);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put_string(msg, L4MM_A_SPACE_NAME, l4mm_space_name(sp)) ||
	    nla_put_u32(msg, L4MM_A_SPACE_ID, l4mm_space_id(sp)) ||
	    nla_put_u32(msg, L4MM_A_SPACE_PAGES, l4mm_space_pages(sp)) ||
	    nla_put_u32(msg, L4MM_A_SPACE_TABLES, l4mm_space_tables(sp))) {
		nla_nest_cancel(msg, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(msg, nest);
	return 0;
}

static int l4mm_put_result(struct sk_buff *msg, u8 cmd,
			   const struct l4mm_cmd_out *out)
{
	if (cmd == L4MM_CMD_CREATE)
		return l4mm_put_space(msg, out->space);
	if (nla_put_u32(msg, L4MM_A_REMOVED, out->res.removed))
		return -EMSGSIZE;
	if ((cmd == L4MM_CMD_MAP || cmd == L4MM_CMD_GRANT) &&
	    nla_put_u8(msg, L4MM_A_INSTALLED, out->res.installed))
		return -EMSGSIZE;
	return 0;
}

/* A reply message for a do command: the skb and its genl header. */
static struct sk_buff *l4mm_reply_new(struct genl_info *info, void **hdr)
{
	struct sk_buff *msg;

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		goto err_msg;
	*hdr = genlmsg_put_reply(msg, info, &l4mm_genl_family, 0,
				 info->genlhdr->cmd);
	if (*hdr)
		return msg;
	nlmsg_free(msg);
err_msg:
	GENL_SET_ERR_MSG(info, "out of memory");
	return NULL;
}

/**
 * l4mm_nl_mutate_doit() - CREATE, DESTROY, MAP, GRANT, UNMAP and FLUSH
 * @skb: the request
 * @info: its attributes (validated by the op's policy) and extack
 *
 * The reply is allocated before the state changes, so that a change is
 * never left unreported for want of memory.
 *
 * Locking: takes the netns lock around the command and the reply fill.
 * Return: 0 with the reply sent, or a negative errno (state unchanged).
 */
static int l4mm_nl_mutate_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct l4mm_net *ln = l4mm_net(genl_info_net(info));
	const struct l4mm_cmd_desc *desc;
	struct l4mm_cmd_out out = {};
	struct l4mm_req rq = {
		.tb = info->attrs,
		.extack = info->extack,
	};
	u8 cmd = info->genlhdr->cmd;
	struct sk_buff *msg;
	void *hdr;
	int err;

	if (WARN_ON_ONCE(cmd >= ARRAY_SIZE(l4mm_cmds) || !l4mm_cmds[cmd].fn))
		return -EOPNOTSUPP;
	desc = &l4mm_cmds[cmd];
	err = l4mm_req_check(&rq, desc->attrs);
	if (err)
		return err;
	msg = l4mm_reply_new(info, &hdr);
	if (!msg)
		return -ENOMEM;

	mutex_lock(&ln->lock);
	err = desc->fn(ln, &rq, &out);
	l4mm_net_after_op(ln);
	if (!err)
		err = l4mm_put_result(msg, cmd, &out);
	mutex_unlock(&ln->lock);

	if (err) {
		nlmsg_free(msg);
		return err;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}

static int l4mm_put_lookup(struct sk_buff *msg, struct l4mm_net *ln,
			   const struct l4mm_space *sp, u32 va)
{
	struct l4mm_mapping_info mi;

	lockdep_assert_held(&ln->lock);
	if (nla_put_string(msg, L4MM_A_NAME, l4mm_space_name(sp)) ||
	    nla_put_u64_64bit(msg, L4MM_A_VADDR, va, L4MM_A_PAD))
		return -EMSGSIZE;
	/* An unmapped page is not an error: the reply just has no PADDR. */
	if (l4mm_lookup(ln->state, sp, va, &mi))
		return 0;
	if (nla_put_u64_64bit(msg, L4MM_A_PADDR,
			      (u64)mi.frame << L4MM_CORE_PAGE_SHIFT,
			      L4MM_A_PAD) ||
	    nla_put_u32(msg, L4MM_A_DEPTH, mi.depth))
		return -EMSGSIZE;
	if (mi.is_real || !mi.src)
		return 0;
	if (nla_put_string(msg, L4MM_A_SRC_NAME, l4mm_space_name(mi.src)) ||
	    nla_put_u64_64bit(msg, L4MM_A_SRC_VADDR, mi.src_vaddr,
			      L4MM_A_PAD))
		return -EMSGSIZE;
	return 0;
}

/**
 * l4mm_nl_lookup_doit() - LOOKUP: where a page is mapped from
 * @skb: the request
 * @info: L4MM_A_NAME and L4MM_A_VADDR
 *
 * Locking: takes the netns lock.
 * Return: 0 with the reply sent, or a negative errno.
 */
static int l4mm_nl_lookup_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct l4mm_net *ln = l4mm_net(genl_info_net(info));
	struct l4mm_req rq = {
		.tb = info->attrs,
		.extack = info->extack,
	};
	struct l4mm_space *sp;
	struct sk_buff *msg;
	void *hdr;
	int err;
	u32 va;

	if (GENL_REQ_ATTR_CHECK(info, L4MM_A_NAME) ||
	    GENL_REQ_ATTR_CHECK(info, L4MM_A_VADDR))
		return -EINVAL;
	msg = l4mm_reply_new(info, &hdr);
	if (!msg)
		return -ENOMEM;

	mutex_lock(&ln->lock);
	err = l4mm_get_page(ln, &rq, L4MM_A_NAME, L4MM_A_VADDR, &sp, &va);
	if (!err)
		err = l4mm_put_lookup(msg, ln, sp, va);
	mutex_unlock(&ln->lock);

	if (err) {
		nlmsg_free(msg);
		return err;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}

static int l4mm_put_stats(struct sk_buff *msg, const struct l4mm_stats *s)
{
	struct nlattr *nest;

	nest = nla_nest_start(msg, L4MM_A_STATS);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u64_64bit(msg, L4MM_A_STAT_SPACES, s->spaces,
			      L4MM_A_STAT_PAD) ||
	    nla_put_u64_64bit(msg, L4MM_A_STAT_MAPPINGS, s->mappings,
			      L4MM_A_STAT_PAD) ||
	    nla_put_u64_64bit(msg, L4MM_A_STAT_TABLES, s->tables,
			      L4MM_A_STAT_PAD) ||
	    nla_put_u64_64bit(msg, L4MM_A_STAT_TABLE_BYTES, s->table_bytes,
			      L4MM_A_STAT_PAD) ||
	    nla_put_u64_64bit(msg, L4MM_A_STAT_NODE_BYTES, s->node_bytes,
			      L4MM_A_STAT_PAD) ||
	    nla_put_u64_64bit(msg, L4MM_A_STAT_OPS, s->ops,
			      L4MM_A_STAT_PAD) ||
	    nla_put_u64_64bit(msg, L4MM_A_STAT_SIGMA0_PAGES,
			      l4mm_sigma0_pages, L4MM_A_STAT_PAD)) {
		nla_nest_cancel(msg, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(msg, nest);
	return 0;
}

/**
 * l4mm_nl_stats_doit() - STATS: the counters of the caller's netns
 * @skb: the request
 * @info: no attributes
 *
 * Locking: takes the netns lock to read a consistent snapshot.
 * Return: 0 with the reply sent, or a negative errno.
 */
static int l4mm_nl_stats_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct l4mm_net *ln = l4mm_net(genl_info_net(info));
	struct l4mm_stats stats;
	struct sk_buff *msg;
	void *hdr;
	int err;

	msg = l4mm_reply_new(info, &hdr);
	if (!msg)
		return -ENOMEM;

	mutex_lock(&ln->lock);
	l4mm_state_stats(ln->state, &stats);
	mutex_unlock(&ln->lock);

	err = l4mm_put_stats(msg, &stats);
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}

/*
 * Parse one L4MM_A_BATCH_CMD into tb and check it has exactly the
 * attributes of its command.  Errors point at the entry or its attribute.
 */
static int l4mm_batch_parse(const struct nlattr *entry, struct nlattr **tb,
			    struct netlink_ext_ack *extack,
			    const struct l4mm_cmd_desc **descp)
{
	const struct l4mm_cmd_desc *desc;
	struct l4mm_req rq = {
		.tb = tb,
		.nest = entry,
		.extack = extack,
	};
	unsigned int type;
	int err;

	if (nla_type(entry) != L4MM_A_BATCH_CMD) {
		NL_SET_ERR_MSG_ATTR(extack, entry,
				    "batch entries must be L4MM_A_BATCH_CMD");
		return -EINVAL;
	}
	err = nla_parse_nested(tb, L4MM_A_CMD, entry, l4mm_batch_cmd_policy,
			       extack);
	if (err)
		return err;
	if (NL_REQ_ATTR_CHECK(extack, entry, tb, L4MM_A_CMD))
		return -EINVAL;
	/* The policy's range leaves only the batchable commands. */
	desc = &l4mm_cmds[nla_get_u8(tb[L4MM_A_CMD])];
	for (type = L4MM_A_UNSPEC + 1; type < L4MM_A_CMD; type++) {
		if (tb[type] && !(desc->attrs & BIT(type))) {
			NL_SET_ERR_MSG_ATTR(extack, tb[type],
					    "attribute not valid for this command");
			return -EINVAL;
		}
	}
	err = l4mm_req_check(&rq, desc->attrs);
	if (err)
		return err;
	*descp = desc;
	return 0;
}

/* Reject a malformed batch as a whole, before any command has run. */
static int l4mm_batch_validate(const struct nlattr *batch,
			       struct netlink_ext_ack *extack)
{
	struct nlattr *tb[L4MM_A_CMD + 1];
	const struct l4mm_cmd_desc *desc;
	const struct nlattr *entry;
	int rem, err;

	nla_for_each_nested(entry, batch, rem) {
		err = l4mm_batch_parse(entry, tb, extack, &desc);
		if (err)
			return err;
	}
	return 0;
}

/**
 * struct l4mm_batch_res - the outcome of a batch, for the reply
 * @done: commands that succeeded
 * @failed: commands that failed
 * @err_index: 0-based index of the first failure
 * @err: its negative errno
 * @err_msg: its extack message, never NULL if @failed
 */
struct l4mm_batch_res {
	u32 done;
	u32 failed;
	u32 err_index;
	int err;
	const char *err_msg;
};

/* Run one validated entry with its own extack, recording a failure. */
static bool l4mm_batch_one(struct l4mm_net *ln, const struct nlattr *entry,
			   u32 index, struct l4mm_batch_res *br)
{
	struct netlink_ext_ack extack = {};
	struct nlattr *tb[L4MM_A_CMD + 1];
	const struct l4mm_cmd_desc *desc;
	struct l4mm_cmd_out out = {};
	struct l4mm_req rq = {
		.tb = tb,
		.nest = entry,
		.extack = &extack,
	};
	int err;

	lockdep_assert_held(&ln->lock);
	err = l4mm_batch_parse(entry, tb, &extack, &desc);
	if (!err) {
		err = desc->fn(ln, &rq, &out);
		l4mm_net_after_op(ln);
	}
	if (!err) {
		br->done++;
		return true;
	}
	if (!br->failed++) {
		br->err_index = index;
		br->err = err;
		br->err_msg = extack._msg ?: "operation failed";
	}
	return false;
}

static void l4mm_batch_run(struct l4mm_net *ln, const struct nlattr *batch,
			   bool force, struct l4mm_batch_res *br)
{
	const struct nlattr *entry;
	u32 index = 0;
	int rem;

	lockdep_assert_held(&ln->lock);
	nla_for_each_nested(entry, batch, rem) {
		if (!l4mm_batch_one(ln, entry, index++, br) && !force)
			break;
		cond_resched();
	}
}

static int l4mm_put_batch(struct sk_buff *msg,
			  const struct l4mm_batch_res *br)
{
	if (nla_put_u32(msg, L4MM_A_BATCH_DONE, br->done) ||
	    nla_put_u32(msg, L4MM_A_BATCH_FAILED, br->failed))
		return -EMSGSIZE;
	if (!br->failed)
		return 0;
	if (nla_put_u32(msg, L4MM_A_BATCH_ERR_INDEX, br->err_index) ||
	    nla_put_u32(msg, L4MM_A_BATCH_ERRNO, -br->err) ||
	    nla_put_string(msg, L4MM_A_BATCH_ERR_MSG, br->err_msg))
		return -EMSGSIZE;
	return 0;
}

/**
 * l4mm_nl_batch_doit() - BATCH: run several mutating commands at once
 * @skb: the request
 * @info: L4MM_A_BATCH (nest of L4MM_A_BATCH_CMD) and optional L4MM_A_FLAGS
 *
 * The whole batch is checked first (every entry has a command and exactly
 * its attributes); a malformed one fails with nothing done.  Then the
 * commands run in order under one hold of the netns lock, through the same
 * functions as the single commands, each with its own extack.
 *
 * Locking: takes the netns lock once for all the commands.
 * Return: 0 with the reply (counts and first failure) sent, or a negative
 * errno for a malformed batch.
 */
static int l4mm_nl_batch_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct l4mm_net *ln = l4mm_net(genl_info_net(info));
	struct l4mm_batch_res br = {};
	struct nlattr *batch;
	struct sk_buff *msg;
	bool force = false;
	void *hdr;
	int err;

	if (GENL_REQ_ATTR_CHECK(info, L4MM_A_BATCH))
		return -EINVAL;
	batch = info->attrs[L4MM_A_BATCH];
	err = l4mm_batch_validate(batch, info->extack);
	if (err)
		return err;
	if (info->attrs[L4MM_A_FLAGS])
		force = nla_get_u32(info->attrs[L4MM_A_FLAGS]) & L4MM_F_FORCE;
	msg = l4mm_reply_new(info, &hdr);
	if (!msg)
		return -ENOMEM;

	mutex_lock(&ln->lock);
	l4mm_batch_run(ln, batch, force, &br);
	mutex_unlock(&ln->lock);

	err = l4mm_put_batch(msg, &br);
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}

/**
 * struct l4mm_dump_ctx - resume cursor of LIST and DUMP, in cb->ctx
 * @next_va: DUMP: first address not yet dumped in space @space_id
 * @space_id: first space id not yet (completely) dumped
 * @one: DUMP of the single space @name
 * @done: nothing left; the next call ends the dump
 * @name: DUMP: the space asked for when @one
 */
struct l4mm_dump_ctx {
	u64 next_va;
	u32 space_id;
	bool one;
	bool done;
	char name[L4MM_NAME_MAX + 1];
};

static struct l4mm_dump_ctx *l4mm_dump_ctx(struct netlink_callback *cb)
{
	BUILD_BUG_ON(sizeof(struct l4mm_dump_ctx) > sizeof(cb->ctx));
	return (struct l4mm_dump_ctx *)cb->ctx;
}

static struct l4mm_net *l4mm_dump_net(struct netlink_callback *cb)
{
	return l4mm_net(sock_net(cb->skb->sk));
}

/*
 * Make the sequence number of every message of this pass the state's
 * generation (odd, so never the "unset" 0), so that a change between two
 * passes sets NLM_F_DUMP_INTR.
 */
static void l4mm_dump_seq(struct netlink_callback *cb, struct l4mm_net *ln)
{
	lockdep_assert_held(&ln->lock);
	cb->seq = (unsigned int)(l4mm_state_generation(ln->state) << 1) | 1;
}

static void *l4mm_dump_hdr(struct sk_buff *skb, struct netlink_callback *cb,
			   u8 cmd, int flags)
{
	void *hdr;

	hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid, cb->nlh->nlmsg_seq,
			  &l4mm_genl_family, flags, cmd);
	if (hdr)
		genl_dump_check_consistent(cb, hdr);
	return hdr;
}

/**
 * l4mm_nl_dump_done() - end of a LIST or DUMP
 * @cb: the dump
 *
 * The cursor pins nothing (spaces are found again by id or name on every
 * pass), so there is nothing to release.
 *
 * Return: 0.
 */
static int l4mm_nl_dump_done(struct netlink_callback *cb)
{
	return 0;
}

/**
 * l4mm_nl_list_start() - start of LIST
 * @cb: the dump; cb->ctx is zeroed by the netlink core
 *
 * Return: 0.
 */
static int l4mm_nl_list_start(struct netlink_callback *cb)
{
	l4mm_dump_ctx(cb)->space_id = 0;
	return 0;
}

/**
 * l4mm_nl_list_dumpit() - LIST: one message per space, in id order
 * @skb: the message buffer to fill
 * @cb: the dump; the cursor is the next space id
 *
 * Locking: takes the netns lock for this pass.
 * Return: skb->len while there is more, 0 when done.
 */
static int l4mm_nl_list_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct l4mm_dump_ctx *ctx = l4mm_dump_ctx(cb);
	struct l4mm_net *ln = l4mm_dump_net(cb);
	struct l4mm_space *sp;
	void *hdr;

	mutex_lock(&ln->lock);
	l4mm_dump_seq(cb, ln);
	while ((sp = l4mm_space_next(ln->state, ctx->space_id))) {
		hdr = l4mm_dump_hdr(skb, cb, L4MM_CMD_LIST, NLM_F_MULTI);
		if (!hdr)
			break;
		if (l4mm_put_space(skb, sp)) {
			genlmsg_cancel(skb, hdr);
			break;
		}
		genlmsg_end(skb, hdr);
		ctx->space_id = l4mm_space_id(sp) + 1;
	}
	mutex_unlock(&ln->lock);
	return skb->len;
}

/**
 * l4mm_nl_dump_start() - start of DUMP: check the optional space name
 * @cb: the dump
 *
 * The 6.1 genl core gives .start no extack, so these errors come back as
 * the plain errno of the ack.
 *
 * Locking: takes the netns lock to look the space up.
 * Return: 0, -EINVAL for an invalid name, -ENOENT for an unknown space.
 */
static int l4mm_nl_dump_start(struct netlink_callback *cb)
{
	const struct genl_dumpit_info *info = genl_dumpit_info(cb);
	struct l4mm_dump_ctx *ctx = l4mm_dump_ctx(cb);
	struct l4mm_net *ln = l4mm_dump_net(cb);
	const struct nlattr *attr;
	struct l4mm_space *sp;

	attr = info->attrs ? info->attrs[L4MM_A_NAME] : NULL;
	if (!attr)
		return 0;
	if (!l4mm_name_valid(nla_data(attr)))
		return -EINVAL;

	mutex_lock(&ln->lock);
	sp = l4mm_space_find(ln->state, nla_data(attr));
	if (sp)
		ctx->space_id = l4mm_space_id(sp);
	mutex_unlock(&ln->lock);
	if (!sp)
		return -ENOENT;

	ctx->one = true;
	strscpy(ctx->name, nla_data(attr), sizeof(ctx->name));
	return 0;
}

static int l4mm_put_mapping(struct sk_buff *skb, const struct l4mm_space *sp,
			    const struct l4mm_mapping_info *mi)
{
	struct nlattr *nest;

	nest = nla_nest_start(skb, L4MM_A_MAPPING);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put_string(skb, L4MM_A_MAP_SPACE, l4mm_space_name(sp)) ||
	    nla_put_u64_64bit(skb, L4MM_A_MAP_VADDR, mi->vaddr,
			      L4MM_A_MAP_PAD) ||
	    nla_put_u64_64bit(skb, L4MM_A_MAP_PADDR,
			      (u64)mi->frame << L4MM_CORE_PAGE_SHIFT,
			      L4MM_A_MAP_PAD) ||
	    nla_put_u32(skb, L4MM_A_MAP_DEPTH, mi->depth))
		goto err_cancel;
	if (!mi->is_real && mi->src &&
	    (nla_put_string(skb, L4MM_A_MAP_SRC_SPACE,
			    l4mm_space_name(mi->src)) ||
	     nla_put_u64_64bit(skb, L4MM_A_MAP_SRC_VADDR, mi->src_vaddr,
			       L4MM_A_MAP_PAD)))
		goto err_cancel;
	nla_nest_end(skb, nest);
	return 0;

err_cancel:
	nla_nest_cancel(skb, nest);
	return -EMSGSIZE;
}

/*
 * Put the mappings of sp from ctx->next_va on into the message, opening it
 * (*hdr) at the first one.  -EMSGSIZE when the message is full.
 */
static int l4mm_dump_space(struct sk_buff *skb, struct netlink_callback *cb,
			   struct l4mm_net *ln, const struct l4mm_space *sp,
			   void **hdr)
{
	struct l4mm_dump_ctx *ctx = l4mm_dump_ctx(cb);
	struct l4mm_mapping_info mi;

	lockdep_assert_held(&ln->lock);
	while (!l4mm_space_next_mapping(ln->state, sp, ctx->next_va, &mi)) {
		if (!*hdr) {
			*hdr = l4mm_dump_hdr(skb, cb, L4MM_CMD_DUMP,
					     NLM_F_MULTI);
			if (!*hdr)
				return -EMSGSIZE;
		}
		if (l4mm_put_mapping(skb, sp, &mi))
			return -EMSGSIZE;
		ctx->next_va = (u64)mi.vaddr + L4MM_CORE_PAGE_SIZE;
		cond_resched();
	}
	return 0;
}

/* The space the cursor is in, or NULL when the dump is complete. */
static struct l4mm_space *l4mm_dump_cur(struct l4mm_net *ln,
					struct l4mm_dump_ctx *ctx)
{
	struct l4mm_space *sp;

	if (ctx->done)
		return NULL;
	if (!ctx->one)
		return l4mm_space_next(ln->state, ctx->space_id);
	/* The space went away (or was replaced) since the last pass. */
	sp = l4mm_space_find(ln->state, ctx->name);
	if (!sp || l4mm_space_id(sp) != ctx->space_id)
		return NULL;
	return sp;
}

/**
 * l4mm_nl_dump_dumpit() - DUMP: the mappings, by space id then address
 * @skb: the message buffer to fill
 * @cb: the dump; the cursor is (space id, next address)
 *
 * Each message holds as many L4MM_A_MAPPING nests as fit.  A mapping that
 * does not fit is cancelled and is the first of the next message.
 *
 * Locking: takes the netns lock for this pass.
 * Return: skb->len while there is more, 0 when done.
 */
static int l4mm_nl_dump_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct l4mm_dump_ctx *ctx = l4mm_dump_ctx(cb);
	struct l4mm_net *ln = l4mm_dump_net(cb);
	struct l4mm_space *sp;
	void *hdr = NULL;
	int err = 0;

	mutex_lock(&ln->lock);
	l4mm_dump_seq(cb, ln);
	while ((sp = l4mm_dump_cur(ln, ctx))) {
		err = l4mm_dump_space(skb, cb, ln, sp, &hdr);
		if (err)
			break;
		if (ctx->one) {
			ctx->done = true;
			break;
		}
		ctx->space_id = l4mm_space_id(sp) + 1;
		ctx->next_va = 0;
	}
	mutex_unlock(&ln->lock);

	if (hdr)
		genlmsg_end(skb, hdr);
	return skb->len;
}

static const struct genl_ops l4mm_genl_ops[] = {
	{
		.cmd = L4MM_CMD_CREATE,
		.doit = l4mm_nl_mutate_doit,
		.policy = l4mm_name_policy,
		.maxattr = ARRAY_SIZE(l4mm_name_policy) - 1,
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
		.policy = l4mm_map_policy,
		.maxattr = ARRAY_SIZE(l4mm_map_policy) - 1,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = L4MM_CMD_UNMAP,
		.doit = l4mm_nl_mutate_doit,
		.policy = l4mm_page_policy,
		.maxattr = ARRAY_SIZE(l4mm_page_policy) - 1,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = L4MM_CMD_FLUSH,
		.doit = l4mm_nl_mutate_doit,
		.policy = l4mm_page_policy,
		.maxattr = ARRAY_SIZE(l4mm_page_policy) - 1,
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
		.policy = l4mm_name_policy,
		.maxattr = ARRAY_SIZE(l4mm_name_policy) - 1,
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
};

static struct genl_family l4mm_genl_family __ro_after_init = {
	.name = L4MM_GENL_NAME,
	.version = L4MM_GENL_VERSION,
	.netnsok = true,
	.parallel_ops = true,
	.module = THIS_MODULE,
	.ops = l4mm_genl_ops,
	.n_ops = ARRAY_SIZE(l4mm_genl_ops),
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
