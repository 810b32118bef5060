// SPDX-License-Identifier: GPL-2.0
/*
 * The single commands of the l4mm family: the mutating commands (shared
 * with BATCH through l4mm_cmds[]; ACCESS and STATUS live in nl_access.c
 * and nl_status.c), LOOKUP and STATS, and the attribute and reply helpers
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
#include "monitor.h"
#include "nl_internal.h"
#include "pernet.h"

/**
 * l4mm_core_err() - report a core error with a generic message
 * @rq: the command, for its extack
 * @err: the negative errno from the core
 *
 * Errors that blame one attribute are reported by the command functions,
 * which know which attributes they have.
 *
 * Return: @err.
 */
int l4mm_core_err(const struct l4mm_req *rq, int err)
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
	case -EPERM:
		NL_SET_ERR_MSG(rq->extack,
			       "fpage overlaps a reserved region (KIP or UTCB)");
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

/**
 * l4mm_get_space() - the space named by an attribute
 * @ln: the netns state, locked
 * @rq: the command
 * @type: L4MM_A_NAME or L4MM_A_SRC_NAME, present
 * @sp: the space found
 *
 * Return: 0, -EINVAL for a bad name or -ENOENT, with an extack message.
 */
int l4mm_get_space(struct l4mm_net *ln, const struct l4mm_req *rq,
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
	u8 order = L4MM_CORE_PAGE_SHIFT;

	return l4mm_get_fpage(rq, type, L4MM_A_UNSPEC, va, &order);
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
	struct l4mm_space_opts o = {};
	int err;

	err = l4mm_check_name(rq, L4MM_A_NAME);
	if (err)
		return err;
	err = l4mm_get_space_opts(rq, &o);
	if (err)
		return err;
	err = l4mm_limit_space(ln, rq->tb[L4MM_A_NAME], rq->extack);
	if (err)
		return err;
	err = l4mm_space_create_opts(ln->state, nla_data(rq->tb[L4MM_A_NAME]),
				     &o, &out->space);
	if (err == -EEXIST) {
		NL_SET_ERR_MSG_ATTR(rq->extack, rq->tb[L4MM_A_NAME],
				    "space already exists");
		return err;
	}
	if (err == -ENOSPC && (o.kip || o.utcb_order)) {
		/* Ids run out only far beyond max_spaces: the frames did. */
		NL_SET_ERR_MSG_ATTR(rq->extack,
				    rq->tb[o.utcb_order ? L4MM_A_UTCB_VADDR :
					   L4MM_A_KIP_VADDR],
				    "no kernel frame left for the KIP page or UTCB area");
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
	if (err == -EPERM) {
		NL_SET_ERR_MSG_ATTR(rq->extack, rq->tb[L4MM_A_NAME],
				    "sigma0 cannot be destroyed");
		return err;
	}
	return err ? l4mm_core_err(rq, err) : 0;
}

static int l4mm_cmd_map_grant(struct l4mm_net *ln, const struct l4mm_req *rq,
			      struct l4mm_cmd_out *out, bool grant)
{
	struct l4mm_map_args a = {};
	u64 pages;
	int err;

	err = l4mm_get_map_args(ln, rq, &a);
	if (err)
		return err;
	/* A receive window takes the smaller of fpage and window. */
	pages = BIT_ULL(min(a.src_order, a.dst_order) - L4MM_CORE_PAGE_SHIFT);
	err = l4mm_limit_mapping(ln, pages, rq->tb[L4MM_A_NAME], rq->extack);
	if (err)
		return err;
	if (grant)
		err = l4mm_grant_fpage(ln->state, &a, &out->res);
	else
		err = l4mm_map_fpage(ln->state, &a, &out->res);
	return err ? l4mm_map_err(rq, &a, err) : 0;
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
	u8 rights = L4MM_CORE_RWX, order = L4MM_CORE_PAGE_SHIFT;
	struct l4mm_space *sp;
	u32 va;
	int err;

	err = l4mm_get_space(ln, rq, L4MM_A_NAME, &sp);
	if (err)
		return err;
	err = l4mm_get_fpage(rq, L4MM_A_VADDR, L4MM_A_ORDER, &va, &order);
	if (err)
		return err;
	if (rq->tb[L4MM_A_RIGHTS])
		rights = nla_get_u8(rq->tb[L4MM_A_RIGHTS]);
	if (!rights) {
		NL_SET_ERR_MSG_ATTR(rq->extack, rq->tb[L4MM_A_RIGHTS],
				    "RIGHTS to revoke must not be empty");
		return -EINVAL;
	}
	if (flush)
		err = l4mm_flush_fpage(ln->state, sp, va, order, rights,
				       &out->res);
	else
		err = l4mm_unmap_fpage(ln->state, sp, va, order, rights,
				       &out->res);
	if (err == -EPERM &&
	    l4mm_reserved_err(rq, sp, va, order, L4MM_A_VADDR))
		return err;
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

#define L4MM_A(x)		BIT_ULL(L4MM_A_##x)
#define L4MM_ATTRS_PAGE		(L4MM_A(NAME) | L4MM_A(VADDR))
#define L4MM_ATTRS_MAP		(L4MM_ATTRS_PAGE | L4MM_A(SRC_NAME) | \
				 L4MM_A(SRC_VADDR))
#define L4MM_OPT_MAP		(L4MM_A(ORDER) | L4MM_A(SRC_ORDER) | \
				 L4MM_A(SND_BASE) | L4MM_A(RIGHTS) | \
				 L4MM_A(UNCACHED))

const struct l4mm_cmd_desc l4mm_cmds[L4MM_BATCH_CMD_MAX + 1] = {
	[L4MM_CMD_CREATE] = { l4mm_cmd_create, L4MM_A(NAME),
			      L4MM_A(KIP_VADDR) | L4MM_A(UTCB_VADDR) |
			      L4MM_A(UTCB_ORDER) },
	[L4MM_CMD_DESTROY] = { l4mm_cmd_destroy, L4MM_A(NAME) },
	[L4MM_CMD_MAP] = { l4mm_cmd_map, L4MM_ATTRS_MAP, L4MM_OPT_MAP },
	[L4MM_CMD_GRANT] = { l4mm_cmd_grant, L4MM_ATTRS_MAP,
			     L4MM_OPT_MAP | L4MM_A(GRANT_MODE) },
	[L4MM_CMD_UNMAP] = { l4mm_cmd_unmap, L4MM_ATTRS_PAGE,
			     L4MM_A(ORDER) | L4MM_A(RIGHTS) },
	[L4MM_CMD_FLUSH] = { l4mm_cmd_flush, L4MM_ATTRS_PAGE,
			     L4MM_A(ORDER) | L4MM_A(RIGHTS) },
	[L4MM_CMD_ACCESS] = { l4mm_cmd_access,
			      L4MM_ATTRS_PAGE | L4MM_A(ACCESS) },
	[L4MM_CMD_STATUS] = { l4mm_cmd_status, L4MM_ATTRS_PAGE,
			      L4MM_A(ORDER) },
};

/* -EINVAL, naming the first missing attribute, unless all are there. */
int l4mm_req_check(const struct l4mm_req *rq, u64 attrs)
{
	unsigned int type;

	/* Not for_each_set_bit(): unsigned long is 32 bits on ARM. */
	for (type = L4MM_A_UNSPEC + 1; type < BITS_PER_TYPE(u64); type++)
		if ((attrs & BIT_ULL(type)) &&
		    NL_REQ_ATTR_CHECK(rq->extack, rq->nest, rq->tb, type))
			return -EINVAL;
	return 0;
}

/* The reserved regions of a space, only those it has. */
static int l4mm_put_space_opts(struct sk_buff *msg,
			       const struct l4mm_space *sp)
{
	struct l4mm_space_opts o;

	l4mm_space_get_opts(sp, &o);
	if (o.kip && nla_put_u64_64bit(msg, L4MM_A_SPACE_KIP_VADDR, o.kip_va,
				       L4MM_A_SPACE_PAD))
		return -EMSGSIZE;
	if (o.utcb_order &&
	    (nla_put_u64_64bit(msg, L4MM_A_SPACE_UTCB_VADDR, o.utcb_va,
			       L4MM_A_SPACE_PAD) ||
	     nla_put_u8(msg, L4MM_A_SPACE_UTCB_ORDER, o.utcb_order)))
		return -EMSGSIZE;
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
	    nla_put_u32(msg, L4MM_A_SPACE_TABLES, l4mm_space_tables(sp)) ||
	    l4mm_put_space_opts(msg, sp)) {
		nla_nest_cancel(msg, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(msg, nest);
	return 0;
}

int l4mm_put_result(struct sk_buff *msg, u8 cmd,
		    const struct l4mm_cmd_out *out)
{
	switch (cmd) {
	case L4MM_CMD_CREATE:
		return l4mm_put_space(msg, out->space);
	case L4MM_CMD_ACCESS:
		return l4mm_put_info(msg, out->space, out->va, &out->mi);
	case L4MM_CMD_STATUS:
		return nla_put_u8(msg, L4MM_A_STATUS, out->res.status) ?
		       -EMSGSIZE : 0;
	}
	if (nla_put_u32(msg, L4MM_A_REMOVED, out->res.removed))
		return -EMSGSIZE;
	if ((cmd == L4MM_CMD_MAP || cmd == L4MM_CMD_GRANT) &&
	    (nla_put_u8(msg, L4MM_A_INSTALLED, out->res.installed) ||
	     nla_put_u32(msg, L4MM_A_PAGES, out->res.pages)))
		return -EMSGSIZE;
	if ((cmd == L4MM_CMD_UNMAP || cmd == L4MM_CMD_FLUSH) &&
	    nla_put_u8(msg, L4MM_A_STATUS, out->res.status))
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
 * l4mm_nl_mutate_doit() - CREATE, DESTROY, MAP, GRANT, UNMAP, FLUSH,
 *	ACCESS and STATUS
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
	struct l4mm_mon *mon = NULL;
	bool effects = false;
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
	/* Only these ops' policies reach L4MM_A_EFFECTS (netlink.c). */
	if (cmd == L4MM_CMD_MAP || cmd == L4MM_CMD_GRANT ||
	    cmd == L4MM_CMD_UNMAP || cmd == L4MM_CMD_FLUSH)
		effects = info->attrs[L4MM_A_EFFECTS];
	err = l4mm_req_check(&rq, desc->attrs);
	if (err)
		return err;
	msg = l4mm_reply_new(info, &hdr);
	if (!msg)
		return -ENOMEM;

	mutex_lock(&ln->lock);
	err = l4mm_mon_run(ln, genl_info_net(info), cmd, &rq, &out,
			   effects ? &mon : NULL);
	if (!err)
		err = l4mm_put_result(msg, cmd, &out);
	/* What does not fit is counted (EFFECTS_MORE): no failure. */
	if (!err && !IS_ERR_OR_NULL(mon))
		l4mm_mon_put_effects(msg, mon);
	mutex_unlock(&ln->lock);
	l4mm_mon_free(mon);

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

/* enum l4mm_reserved_kind to L4MM_RESERVED_*. */
static u8 l4mm_reserved_uapi(u8 kind)
{
	return kind == L4MM_RESERVED_KIP ? L4MM_RESERVED_KIP_PAGE :
	       L4MM_RESERVED_UTCB_AREA;
}

/* What the leaf says: rights, cache attribute, status, entry size. */
static int l4mm_put_leaf(struct sk_buff *msg,
			 const struct l4mm_mapping_info *mi)
{
	if (nla_put_u8(msg, L4MM_A_RIGHTS, mi->rights) ||
	    (!mi->cached && nla_put_flag(msg, L4MM_A_UNCACHED)) ||
	    nla_put_u8(msg, L4MM_A_STATUS, mi->status) ||
	    nla_put_u8(msg, L4MM_A_PAGE_SHIFT, mi->page_shift))
		return -EMSGSIZE;
	if (mi->reserved != L4MM_RESERVED_NONE &&
	    nla_put_u8(msg, L4MM_A_RESERVED,
		       l4mm_reserved_uapi(mi->reserved)))
		return -EMSGSIZE;
	return 0;
}

/**
 * l4mm_put_info() - the body of a LOOKUP or ACCESS reply
 * @msg: the reply
 * @sp: the space
 * @va: the address asked for
 * @mi: its translation, or NULL if unmapped
 *
 * L4MM_A_PADDR is the physical address of the byte at @va: for LOOKUP's
 * page addresses the frame's address.
 *
 * Return: 0 or -EMSGSIZE.
 */
int l4mm_put_info(struct sk_buff *msg, const struct l4mm_space *sp, u32 va,
		  const struct l4mm_mapping_info *mi)
{
	u64 pa;

	if (nla_put_string(msg, L4MM_A_NAME, l4mm_space_name(sp)) ||
	    nla_put_u64_64bit(msg, L4MM_A_VADDR, va, L4MM_A_PAD))
		return -EMSGSIZE;
	if (!mi)
		return 0;
	pa = ((u64)mi->frame << L4MM_CORE_PAGE_SHIFT) |
	     (va & (L4MM_CORE_PAGE_SIZE - 1));
	if (nla_put_u64_64bit(msg, L4MM_A_PADDR, pa, L4MM_A_PAD) ||
	    nla_put_u32(msg, L4MM_A_DEPTH, mi->depth) ||
	    l4mm_put_leaf(msg, mi))
		return -EMSGSIZE;
	if (mi->is_real || !mi->src)
		return 0;
	if (nla_put_string(msg, L4MM_A_SRC_NAME, l4mm_space_name(mi->src)) ||
	    nla_put_u64_64bit(msg, L4MM_A_SRC_VADDR, mi->src_vaddr,
			      L4MM_A_PAD))
		return -EMSGSIZE;
	return 0;
}

static int l4mm_put_lookup(struct sk_buff *msg, struct l4mm_net *ln,
			   const struct l4mm_space *sp, u32 va)
{
	struct l4mm_mapping_info mi;

	lockdep_assert_held(&ln->lock);
	/* An unmapped page is not an error: the reply just has no PADDR. */
	if (l4mm_lookup(ln->state, sp, va, &mi))
		return l4mm_put_info(msg, sp, va, NULL);
	return l4mm_put_info(msg, sp, va, &mi);
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
