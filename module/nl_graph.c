// SPDX-License-Identifier: GPL-2.0
/*
 * L4MM_CMD_GRAPH: the derivation trees of the mapping database as a
 * dump (uapi/linux/l4mm.h), for `l4mm graph`.  The core's tree export
 * (core/tree.c) gives the nodes; this file parses the filter, keeps the
 * export's cursor between messages and enforces the node limit.
 *
 * Anyone may ask (it says what DUMP says), so every pass is bounded: it
 * takes at most L4MM_GRAPH_PASS_STEPS steps of the export (pages looked
 * at, nodes given) under the netns lock, then lets go of it; a pass
 * that found no node to send sends a message without one, so that the
 * dump goes on.  A whole dump is linear in the state's pages, and never
 * sends more than the limit's nodes.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/lockdep.h>
#include <linux/slab.h>
#include <net/genetlink.h>
#include <net/netlink.h>

#include <uapi/linux/l4mm.h>
#include "compat.h"
#include "l4mm_core.h"
#include "nl_graph.h"
#include "nl_reply.h"
#include "pernet.h"

#define L4MM_GRAPH_PASS_STEPS	16384

static struct netlink_range_validation l4mm_graph_addr_range = {
	.min = 0,
	.max = L4MM_VADDR_MAX,
};

static struct netlink_range_validation l4mm_graph_limit_range = {
	.min = 1,
	.max = L4MM_GRAPH_LIMIT_MAX,
};

static const struct nla_policy l4mm_graph_space_policy[L4MM_A_NAME + 1] = {
	[L4MM_A_NAME] = { .type = NLA_NUL_STRING, .len = L4MM_NAME_MAX },
};

const struct nla_policy l4mm_graph_policy[L4MM_A_GRAPH_LIMIT + 1] = {
	[L4MM_A_NAME] = { .type = NLA_NUL_STRING, .len = L4MM_NAME_MAX },
	[L4MM_A_VADDR] = NLA_POLICY_FULL_RANGE(NLA_U64,
					       &l4mm_graph_addr_range),
	[L4MM_A_GRAPH_SPACES] = NLA_POLICY_NESTED(l4mm_graph_space_policy),
	[L4MM_A_GRAPH_PADDR_MIN] = NLA_POLICY_FULL_RANGE(NLA_U64,
							 &l4mm_graph_addr_range),
	[L4MM_A_GRAPH_PADDR_MAX] = NLA_POLICY_FULL_RANGE(NLA_U64,
							 &l4mm_graph_addr_range),
	[L4MM_A_ALL] = { .type = NLA_FLAG },
	[L4MM_A_GRAPH_LIMIT] = NLA_POLICY_FULL_RANGE(NLA_U32,
						     &l4mm_graph_limit_range),
};

/**
 * struct l4mm_graph - one GRAPH dump, allocated by .start
 * @f: what to send
 * @c: where the export is
 * @limit: most nodes to send
 * @sent: nodes sent so far
 */
struct l4mm_graph {
	struct l4mm_tree_filter f;
	struct l4mm_tree_cursor c;
	u32 limit;
	u32 sent;
};

struct l4mm_graph_ctx {
	struct l4mm_graph *g;
};

static struct l4mm_graph_ctx *l4mm_graph_ctx(struct netlink_callback *cb)
{
	BUILD_BUG_ON(sizeof(struct l4mm_graph_ctx) > sizeof(cb->ctx));
	return (struct l4mm_graph_ctx *)cb->ctx;
}

/* A space name to its id; -EINVAL bad name, -ENOENT unknown. */
static int l4mm_graph_space(struct l4mm_net *ln, const struct nlattr *a,
			    u32 *id)
{
	struct l4mm_space *sp;

	lockdep_assert_held(&ln->lock);
	if (!l4mm_name_valid(nla_data(a)))
		return -EINVAL;
	sp = l4mm_space_find(ln->state, nla_data(a));
	if (!sp)
		return -ENOENT;
	*id = l4mm_space_id(sp);
	return 0;
}

static int l4mm_graph_spaces(struct l4mm_net *ln, const struct nlattr *nest,
			     struct l4mm_tree_filter *f)
{
	const struct nlattr *a;
	int rem, err;

	nla_for_each_nested(a, nest, rem) {
		if (nla_type(a) != L4MM_A_NAME ||
		    f->nids == L4MM_TREE_MAX_SPACES)
			return -EINVAL;
		err = l4mm_graph_space(ln, a, &f->ids[f->nids++]);
		if (err)
			return err;
	}
	return 0;
}

/* The subtree's top: a space and a mapped page in it. */
static int l4mm_graph_subtree(struct l4mm_net *ln, struct nlattr **attrs,
			      struct l4mm_tree_filter *f)
{
	struct l4mm_mapping_info mi;
	u64 va = nla_get_u64(attrs[L4MM_A_VADDR]);
	int err;

	if (va & (L4MM_CORE_PAGE_SIZE - 1))
		return -EINVAL;
	err = l4mm_graph_space(ln, attrs[L4MM_A_NAME], &f->sub_id);
	if (err)
		return err;
	f->subtree = true;
	f->sub_va = (u32)va;
	if (l4mm_lookup(ln->state, nla_data(attrs[L4MM_A_NAME]) ?
			l4mm_space_find(ln->state,
					nla_data(attrs[L4MM_A_NAME])) : NULL,
			f->sub_va, &mi) || mi.reserved)
		return -ENXIO;
	return 0;
}

/* The frame range, page-aligned and in order. */
static int l4mm_graph_frames(struct nlattr **attrs,
			     struct l4mm_tree_filter *f)
{
	u64 lo = 0, hi = L4MM_VADDR_MAX & ~(u64)(L4MM_CORE_PAGE_SIZE - 1);

	if (attrs[L4MM_A_GRAPH_PADDR_MIN])
		lo = nla_get_u64(attrs[L4MM_A_GRAPH_PADDR_MIN]);
	if (attrs[L4MM_A_GRAPH_PADDR_MAX])
		hi = nla_get_u64(attrs[L4MM_A_GRAPH_PADDR_MAX]);
	if ((lo | hi) & (L4MM_CORE_PAGE_SIZE - 1) || lo > hi)
		return -EINVAL;
	f->frame_lo = (u32)(lo >> L4MM_CORE_PAGE_SHIFT);
	f->frame_hi = (u32)(hi >> L4MM_CORE_PAGE_SHIFT);
	return 0;
}

static int l4mm_graph_parse(struct netlink_callback *cb,
			    struct nlattr **attrs, struct l4mm_graph *g)
{
	struct l4mm_net *ln;
	int err;

	g->limit = L4MM_GRAPH_LIMIT_DEFAULT;
	g->f.frame_hi = (u32)(L4MM_VADDR_MAX >> L4MM_CORE_PAGE_SHIFT);
	if (!attrs)
		return 0;
	if (attrs[L4MM_A_GRAPH_LIMIT])
		g->limit = nla_get_u32(attrs[L4MM_A_GRAPH_LIMIT]);
	g->f.all = nla_get_flag(attrs[L4MM_A_ALL]);
	err = l4mm_graph_frames(attrs, &g->f);
	if (err)
		return err;
	if (!attrs[L4MM_A_NAME] != !attrs[L4MM_A_VADDR])
		return -EINVAL;
	if (!attrs[L4MM_A_GRAPH_SPACES] && !attrs[L4MM_A_NAME])
		return 0;
	err = l4mm_dump_lock(cb, &ln);
	if (err)
		return err;
	err = attrs[L4MM_A_GRAPH_SPACES] ?
	      l4mm_graph_spaces(ln, attrs[L4MM_A_GRAPH_SPACES], &g->f) : 0;
	if (!err && attrs[L4MM_A_NAME])
		err = l4mm_graph_subtree(ln, attrs, &g->f);
	/*
	 * The ids found belong to this generation: as if a message had been
	 * sent, so that a change before the first pass (a space destroyed,
	 * its id given to another) flags the first message too.
	 */
	cb->prev_seq = cb->seq;
	l4mm_net_unlock_read(ln);
	return err;
}

/**
 * l4mm_nl_graph_start() - start of GRAPH: check and keep the filter
 * @cb: the dump
 *
 * The 6.1 genl core gives .start no extack: the errors are the plain
 * errno of the ack (the CLI names the argument).
 *
 * Locking: takes the netns lock for reading to find the spaces; the
 * generation it saw is the dump's first (a change before the first
 * message flags it NLM_F_DUMP_INTR).
 * Return: 0, -ENOMEM, -EINVAL (bad name, NAME without VADDR or the
 * reverse, misaligned address or range, reversed range, too many
 * spaces), -ENOENT unknown space, -ENXIO the subtree's page is unmapped.
 */
int l4mm_nl_graph_start(struct netlink_callback *cb)
{
	struct nlattr **attrs = genl_info_dump(cb)->attrs;
	struct l4mm_graph *g;
	int err;

	g = kzalloc(sizeof(*g), GFP_KERNEL_ACCOUNT);
	if (!g)
		return -ENOMEM;
	err = l4mm_graph_parse(cb, attrs, g);
	if (err) {
		kfree(g);
		return err;
	}
	l4mm_graph_ctx(cb)->g = g;
	return 0;
}

/**
 * l4mm_nl_graph_done() - end of GRAPH
 * @cb: the dump
 *
 * Return: 0.
 */
int l4mm_nl_graph_done(struct netlink_callback *cb)
{
	kfree(l4mm_graph_ctx(cb)->g);
	l4mm_graph_ctx(cb)->g = NULL;
	return 0;
}

static int l4mm_put_node(struct sk_buff *skb, const struct l4mm_tree_node *n)
{
	struct nlattr *nest;

	nest = nla_nest_start(skb, L4MM_A_MAPPING);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put_string(skb, L4MM_A_MAP_SPACE, l4mm_space_name(n->space)) ||
	    nla_put_u64_64bit(skb, L4MM_A_MAP_VADDR, n->va, L4MM_A_MAP_PAD) ||
	    nla_put_u64_64bit(skb, L4MM_A_MAP_PADDR,
			      (u64)n->frame << L4MM_CORE_PAGE_SHIFT,
			      L4MM_A_MAP_PAD) ||
	    nla_put_u32(skb, L4MM_A_MAP_DEPTH, n->depth) ||
	    nla_put_u8(skb, L4MM_A_MAP_RIGHTS, n->rights) ||
	    (!n->cached && nla_put_flag(skb, L4MM_A_MAP_UNCACHED)) ||
	    nla_put_u8(skb, L4MM_A_MAP_STATUS, n->status) ||
	    (n->context && nla_put_flag(skb, L4MM_A_MAP_CONTEXT)))
		goto err_cancel;
	if (n->src &&
	    (nla_put_string(skb, L4MM_A_MAP_SRC_SPACE,
			    l4mm_space_name(n->src)) ||
	     nla_put_u64_64bit(skb, L4MM_A_MAP_SRC_VADDR, n->src_va,
			       L4MM_A_MAP_PAD)))
		goto err_cancel;
	nla_nest_end(skb, nest);
	return 0;

err_cancel:
	nla_nest_cancel(skb, nest);
	return -EMSGSIZE;
}

/*
 * One pass: nodes into the message until it is full, the export is
 * complete, or the pass's steps are spent.  0, or the error that ends
 * the dump (-EFBIG over the limit).
 */
static int l4mm_graph_pass(struct sk_buff *skb, struct netlink_callback *cb,
			   struct l4mm_net *ln, struct l4mm_graph *g,
			   void **hdr)
{
	struct l4mm_tree_cursor saved;
	u32 budget = L4MM_GRAPH_PASS_STEPS;
	struct l4mm_tree_node n;
	int err;

	lockdep_assert_held(&ln->lock);
	for (;;) {
		saved = g->c;
		err = l4mm_tree_next(ln->state, &g->f, &g->c, &budget, &n);
		if (err == -ENOENT || err == -EAGAIN)
			return 0;
		if (err)
			return err;
		if (g->sent == g->limit) {
			NL_SET_ERR_MSG(cb->extack,
				       "more nodes selected than GRAPH_LIMIT");
			return -EFBIG;
		}
		if (!*hdr) {
			*hdr = l4mm_dump_put_hdr(skb, cb, L4MM_CMD_GRAPH);
			if (!*hdr)
				goto full;
		}
		if (l4mm_put_node(skb, &n))
			goto full;
		g->sent++;
	}
full:
	g->c = saved;
	return 0;
}

/**
 * l4mm_nl_graph_dumpit() - GRAPH: the nodes, tree by tree
 * @skb: the message buffer to fill
 * @cb: the dump; the export's cursor is in the struct .start made
 *
 * Locking: takes the netns lock for reading for this pass.
 * Return: skb->len while there is more, 0 when done, or the error that
 * ends the dump (in NLMSG_DONE).
 */
int l4mm_nl_graph_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct l4mm_graph *g = l4mm_graph_ctx(cb)->g;
	struct l4mm_net *ln;
	void *hdr = NULL;
	int err;

	if (g->c.done)
		return 0;
	err = l4mm_dump_lock(cb, &ln);
	if (err)
		return err;
	err = l4mm_graph_pass(skb, cb, ln, g, &hdr);
	l4mm_net_unlock_read(ln);
	if (err) {
		if (hdr)
			genlmsg_end(skb, hdr);
		return err;
	}
	if (!hdr && !g->c.done) {
		/* Steps spent, no node found: an empty message goes on. */
		hdr = l4mm_dump_put_hdr(skb, cb, L4MM_CMD_GRAPH);
		if (!hdr)
			return -EMSGSIZE;
	}
	if (hdr)
		genlmsg_end(skb, hdr);
	return skb->len;
}
