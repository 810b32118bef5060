// SPDX-License-Identifier: GPL-2.0
/*
 * Building the replies of the l4mm family: a do command's reply is made
 * with l4mm_reply_new() before the command runs (so that a change is never
 * left unreported for want of memory) and ended with l4mm_reply_send(),
 * the one place where a reply is finished, delivered or dropped.  Most do
 * commands are framed by l4mm_reply_begin() and l4mm_reply_end(): the
 * requester's netns, held, and the reply.  A dump pass (LIST, DUMP,
 * GRAPH) holds its netns with l4mm_dump_lock(), and each of its messages
 * starts with l4mm_dump_put_hdr().  The nests and attribute groups
 * more than one command sends are here too: a space (CREATE, LIST), a
 * translation (LOOKUP, ACCESS, DUMP) and the result of a mutating command.
 *
 * The family is netlink.c's; it hands it over with l4mm_reply_init()
 * before registering it, so that no reply builder refers back to the file
 * whose ops table refers to the handlers.
 */
#include <linux/kernel.h>
#include <net/genetlink.h>
#include <net/netlink.h>
#include <net/sock.h>

#include <uapi/linux/l4mm.h>
#include "l4mm_core.h"
#include "nl_cmds.h"
#include "nl_reply.h"
#include "pernet.h"

static const struct genl_family *l4mm_family __ro_after_init;

/**
 * l4mm_reply_init() - the family replies are sent as
 * @family: the l4mm family, not yet registered
 *
 * Context: module init, before the family is registered.
 */
void __init l4mm_reply_init(const struct genl_family *family)
{
	l4mm_family = family;
}

/**
 * l4mm_reply_new() - start the reply of a do command
 * @rp: receives the message and its header
 * @info: the request
 *
 * Return: 0, or -ENOMEM with an extack message.
 */
int l4mm_reply_new(struct l4mm_reply *rp, struct genl_info *info)
{
	rp->msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!rp->msg)
		goto err_msg;
	rp->hdr = genlmsg_put_reply(rp->msg, info, l4mm_family, 0,
				    info->genlhdr->cmd);
	if (rp->hdr)
		return 0;
	nlmsg_free(rp->msg);
err_msg:
	GENL_SET_ERR_MSG(info, "out of memory");
	return -ENOMEM;
}

/**
 * l4mm_reply_send() - finish a do command's reply: send it, or drop it
 * @rp: the reply of l4mm_reply_new()
 * @info: the request
 * @err: 0 to send the reply, or the command's negative errno to drop it
 *
 * For a command that reads: a reply that cannot be delivered (the
 * receiver's buffer is full) is its error.
 *
 * Return: @err, or genlmsg_reply()'s result.
 */
int l4mm_reply_send(struct l4mm_reply *rp, struct genl_info *info, int err)
{
	if (err) {
		nlmsg_free(rp->msg);
		return err;
	}
	genlmsg_end(rp->msg, rp->hdr);
	return genlmsg_reply(rp->msg, info);
}

/**
 * l4mm_reply_changed() - l4mm_reply_send() for a command that changes
 * @rp: the reply of l4mm_reply_new()
 * @info: the request
 * @err: 0 if the command did its work, or its negative errno
 *
 * A change that is made must not read as a failure because its reply
 * could not be delivered.
 *
 * Return: @err.
 */
int l4mm_reply_changed(struct l4mm_reply *rp, struct genl_info *info,
		       int err)
{
	l4mm_reply_send(rp, info, err);
	return err;
}

/**
 * l4mm_reply_begin() - start a do command: its netns, held, and its reply
 * @info: the request
 * @hold: to read the state, or to change it
 * @ln: receives the requester's netns state, held as @hold says
 * @rp: receives the reply of l4mm_reply_new()
 *
 * Every wait is killable: the netns lock, and the making of the netns's
 * state on its first request.
 *
 * Return: 0, or a negative errno (-EINTR: a fatal signal) with nothing
 * held or allocated.
 */
int l4mm_reply_begin(struct genl_info *info, enum l4mm_hold hold,
		     struct l4mm_net **ln, struct l4mm_reply *rp)
{
	int err;

	err = l4mm_net_get(genl_info_net(info), info->extack, ln);
	if (err)
		return err;
	err = l4mm_reply_new(rp, info);
	if (err)
		return err;
	err = hold == L4MM_HOLD_WRITE ? l4mm_net_lock_write(*ln) :
					l4mm_net_lock_read(*ln);
	if (err) {
		GENL_SET_ERR_MSG(info, "interrupted by a fatal signal");
		nlmsg_free(rp->msg);
	}
	return err;
}

/**
 * l4mm_reply_end() - end what l4mm_reply_begin() started
 * @info: the request
 * @hold: as given to l4mm_reply_begin()
 * @ln: the netns state, released here
 * @rp: the reply, sent if @err is 0, else dropped
 * @err: the command's result
 *
 * Return: @err, or for a reading command a failure to deliver the reply
 * (l4mm_reply_send(), l4mm_reply_changed()).
 */
int l4mm_reply_end(struct genl_info *info, enum l4mm_hold hold,
		   struct l4mm_net *ln, struct l4mm_reply *rp, int err)
{
	if (hold == L4MM_HOLD_WRITE) {
		l4mm_net_unlock_write(ln);
		return l4mm_reply_changed(rp, info, err);
	}
	l4mm_net_unlock_read(ln);
	return l4mm_reply_send(rp, info, err);
}

/**
 * l4mm_dump_lock() - the netns state of a dump, locked for reading
 * @cb: the dump
 * @ln: receives the requester's netns state
 *
 * Sets this pass's sequence number to the state's generation (odd, so
 * never the "unset" 0), so that a change between two passes sets
 * NLM_F_DUMP_INTR (l4mm_dump_put_hdr()).
 *
 * Locking: takes the netns lock for reading (killable); the caller
 * releases it with l4mm_net_unlock_read().
 * Return: 0, or the error of l4mm_net_get() or -EINTR (not locked).
 */
int l4mm_dump_lock(struct netlink_callback *cb, struct l4mm_net **ln)
{
	int err;

	err = l4mm_net_get(sock_net(cb->skb->sk), cb->extack, ln);
	if (err)
		return err;
	err = l4mm_net_lock_read(*ln);
	if (err)
		return err;
	cb->seq = (unsigned int)(l4mm_state_generation((*ln)->state) << 1) | 1;
	return 0;
}

/**
 * l4mm_dump_put_hdr() - start one message of a dump
 * @skb: the dump's buffer
 * @cb: the dump; cb->seq is the generation of the state this pass reads
 * @cmd: L4MM_CMD_LIST, L4MM_CMD_DUMP or L4MM_CMD_GRAPH
 *
 * Flags the message NLM_F_DUMP_INTR if the state changed since the last
 * pass (genl_dump_check_consistent()).
 *
 * Return: the user header, or NULL if @skb is full.
 */
void *l4mm_dump_put_hdr(struct sk_buff *skb, struct netlink_callback *cb,
			u8 cmd)
{
	void *hdr;

	hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid, cb->nlh->nlmsg_seq,
			  l4mm_family, NLM_F_MULTI, cmd);
	if (hdr)
		genl_dump_check_consistent(cb, hdr);
	return hdr;
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

/**
 * l4mm_put_space() - one L4MM_A_SPACE nest (CREATE's reply, LIST)
 * @msg: the message
 * @sp: the space
 *
 * Return: 0 or -EMSGSIZE (the nest cancelled).
 */
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

/*
 * Where the fields of a translation go: the top level of a LOOKUP or
 * ACCESS reply, or a DUMP's L4MM_A_MAPPING nest.  One function fills
 * both, so the two can never say different things about a page.
 */
struct l4mm_page_attrs {
	int name, vaddr, paddr, depth, src_name, src_vaddr;
	int rights, uncached, status, page_shift, reserved, pad;
};

static const struct l4mm_page_attrs l4mm_page_top = {
	.name = L4MM_A_NAME,
	.vaddr = L4MM_A_VADDR,
	.paddr = L4MM_A_PADDR,
	.depth = L4MM_A_DEPTH,
	.src_name = L4MM_A_SRC_NAME,
	.src_vaddr = L4MM_A_SRC_VADDR,
	.rights = L4MM_A_RIGHTS,
	.uncached = L4MM_A_UNCACHED,
	.status = L4MM_A_STATUS,
	.page_shift = L4MM_A_PAGE_SHIFT,
	.reserved = L4MM_A_RESERVED,
	.pad = L4MM_A_PAD,
};

static const struct l4mm_page_attrs l4mm_page_nest = {
	.name = L4MM_A_MAP_SPACE,
	.vaddr = L4MM_A_MAP_VADDR,
	.paddr = L4MM_A_MAP_PADDR,
	.depth = L4MM_A_MAP_DEPTH,
	.src_name = L4MM_A_MAP_SRC_SPACE,
	.src_vaddr = L4MM_A_MAP_SRC_VADDR,
	.rights = L4MM_A_MAP_RIGHTS,
	.uncached = L4MM_A_MAP_UNCACHED,
	.status = L4MM_A_MAP_STATUS,
	.page_shift = L4MM_A_MAP_PAGE_SHIFT,
	.reserved = L4MM_A_MAP_RESERVED,
	.pad = L4MM_A_MAP_PAD,
};

/* enum l4mm_reserved_kind to L4MM_RESERVED_*. */
static u8 l4mm_reserved_uapi(u8 kind)
{
	return kind == L4MM_RESERVED_KIP ? L4MM_RESERVED_KIP_PAGE :
	       L4MM_RESERVED_UTCB_AREA;
}

/* What the leaf says: rights, cache attribute, status, entry size. */
static int l4mm_put_leaf(struct sk_buff *msg, const struct l4mm_page_attrs *at,
			 const struct l4mm_mapping_info *mi)
{
	if (nla_put_u8(msg, at->rights, mi->rights) ||
	    (!mi->cached && nla_put_flag(msg, at->uncached)) ||
	    nla_put_u8(msg, at->status, mi->status) ||
	    nla_put_u8(msg, at->page_shift, mi->page_shift))
		return -EMSGSIZE;
	if (mi->reserved != L4MM_RESERVED_NONE &&
	    nla_put_u8(msg, at->reserved, l4mm_reserved_uapi(mi->reserved)))
		return -EMSGSIZE;
	return 0;
}

/*
 * A page and its translation (none: @mi NULL).  The physical address is
 * that of the byte at @va: for page addresses the frame's.
 */
static int l4mm_put_page_at(struct sk_buff *msg,
			    const struct l4mm_page_attrs *at,
			    const struct l4mm_space *sp, u32 va,
			    const struct l4mm_mapping_info *mi)
{
	u64 pa;

	if (nla_put_string(msg, at->name, l4mm_space_name(sp)) ||
	    nla_put_u64_64bit(msg, at->vaddr, va, at->pad))
		return -EMSGSIZE;
	if (!mi)
		return 0;
	pa = ((u64)mi->frame << L4MM_CORE_PAGE_SHIFT) |
	     (va & (L4MM_CORE_PAGE_SIZE - 1));
	if (nla_put_u64_64bit(msg, at->paddr, pa, at->pad) ||
	    nla_put_u32(msg, at->depth, mi->depth))
		return -EMSGSIZE;
	if (!mi->is_real && mi->src &&
	    (nla_put_string(msg, at->src_name, l4mm_space_name(mi->src)) ||
	     nla_put_u64_64bit(msg, at->src_vaddr, mi->src_vaddr, at->pad)))
		return -EMSGSIZE;
	return l4mm_put_leaf(msg, at, mi);
}

/**
 * l4mm_put_page() - the body of a LOOKUP or ACCESS reply
 * @msg: the reply
 * @sp: the space
 * @va: the address asked for (ACCESS: any byte)
 * @mi: its translation, or NULL if unmapped
 *
 * Return: 0 or -EMSGSIZE.
 */
int l4mm_put_page(struct sk_buff *msg, const struct l4mm_space *sp, u32 va,
		  const struct l4mm_mapping_info *mi)
{
	return l4mm_put_page_at(msg, &l4mm_page_top, sp, va, mi);
}

/**
 * l4mm_put_mapping() - one L4MM_A_MAPPING nest of a DUMP
 * @msg: the message
 * @sp: the space
 * @mi: one of its mapped pages
 *
 * Return: 0 or -EMSGSIZE (the nest cancelled).
 */
int l4mm_put_mapping(struct sk_buff *msg, const struct l4mm_space *sp,
		     const struct l4mm_mapping_info *mi)
{
	struct nlattr *nest;

	nest = nla_nest_start(msg, L4MM_A_MAPPING);
	if (!nest)
		return -EMSGSIZE;
	if (l4mm_put_page_at(msg, &l4mm_page_nest, sp, mi->vaddr, mi)) {
		nla_nest_cancel(msg, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(msg, nest);
	return 0;
}

/**
 * l4mm_put_result() - the reply of a mutating command
 * @msg: the reply
 * @cmd: the command
 * @out: what it produced
 *
 * Return: 0 or -EMSGSIZE.
 */
int l4mm_put_result(struct sk_buff *msg, u8 cmd,
		    const struct l4mm_cmd_out *out)
{
	switch (cmd) {
	case L4MM_CMD_CREATE:
		return l4mm_put_space(msg, out->space);
	case L4MM_CMD_ACCESS:
		return l4mm_put_page(msg, out->space, out->va, &out->mi);
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
