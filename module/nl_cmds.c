// SPDX-License-Identifier: GPL-2.0
/*
 * The single commands of the l4mm family: the mutating commands (shared
 * with BATCH through l4mm_cmds[]), LOOKUP and STATS, and the reply helpers
 * the other command files use.
 *
 * Locking: every handler holds the requester's netns mutex around all
 * calls into the core.
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
#include "limits.h"
#include "nl_internal.h"
#include "pernet.h"

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
	err = l4mm_limit_space(ln, rq->tb[L4MM_A_NAME], rq->extack);
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
	err = l4mm_limit_mapping(ln, rq->tb[L4MM_A_NAME], rq->extack);
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

const struct l4mm_cmd_desc l4mm_cmds[L4MM_CMD_FLUSH + 1] = {
	[L4MM_CMD_CREATE] = { l4mm_cmd_create, BIT(L4MM_A_NAME) },
	[L4MM_CMD_DESTROY] = { l4mm_cmd_destroy, BIT(L4MM_A_NAME) },
	[L4MM_CMD_MAP] = { l4mm_cmd_map, L4MM_ATTRS_MAP },
	[L4MM_CMD_GRANT] = { l4mm_cmd_grant, L4MM_ATTRS_MAP },
	[L4MM_CMD_UNMAP] = { l4mm_cmd_unmap, L4MM_ATTRS_PAGE },
	[L4MM_CMD_FLUSH] = { l4mm_cmd_flush, L4MM_ATTRS_PAGE },
};

/* -EINVAL, naming the first missing attribute, unless all are there. */
int l4mm_req_check(const struct l4mm_req *rq, u32 attrs)
{
	unsigned long mask = attrs;
	unsigned int type;

	for_each_set_bit(type, &mask, BITS_PER_TYPE(u32))
		if (NL_REQ_ATTR_CHECK(rq->extack, rq->nest, rq->tb, type))
			return -EINVAL;
	return 0;
}

int l4mm_put_space(struct sk_buff *msg, const struct l4mm_space *sp)
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

int l4mm_put_result(struct sk_buff *msg, u8 cmd,
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
struct sk_buff *l4mm_reply_new(struct genl_info *info, void **hdr)
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
int l4mm_nl_mutate_doit(struct sk_buff *skb, struct genl_info *info)
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
	/*
	 * The change is made: a reply that cannot be delivered (the
	 * receiver's buffer is full) must not report it as a failure.
	 */
	genlmsg_reply(msg, info);
	return 0;
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
int l4mm_nl_lookup_doit(struct sk_buff *skb, struct genl_info *info)
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
int l4mm_nl_stats_doit(struct sk_buff *skb, struct genl_info *info)
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
