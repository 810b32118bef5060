// SPDX-License-Identifier: GPL-2.0
/*
 * Every attribute getter of the l4mm family and every extack helper: the
 * attribute set of a command, space names, page addresses and fpages (a
 * base and its order), the arguments of an fpage map or grant, the
 * reserved regions of CREATE, and the messages that name the attribute a
 * value or a refusal of the core is about.  The policies in netlink.c
 * check types and ranges; what is left here is what depends on the
 * command or on the state.
 *
 * Depends on the core's API only: the callers hold the netns lock and
 * pass the state.
 */
#include <linux/bits.h>
#include <linux/kernel.h>
#include <net/netlink.h>

#include <uapi/linux/l4mm.h>
#include "l4mm_core.h"
#include "nl_args.h"

/**
 * l4mm_req_check() - the attribute set of a command
 * @rq: the command
 * @attrs: BIT_ULL() of every attribute it requires
 * @opt: BIT_ULL() of the attributes it also takes
 *
 * One check for a single command and a batched one: the policy of both
 * is the union of the mutating commands' attributes (netlink.c), so what
 * one command takes is said here, from its entry in l4mm_cmds[].
 *
 * Return: 0, or -EINVAL naming the first attribute that is missing or
 * not valid for the command.
 */
int l4mm_req_check(const struct l4mm_req *rq, u64 attrs, u64 opt)
{
	unsigned int type;

	/* Not for_each_set_bit(): unsigned long is 32 bits on ARM. */
	for (type = L4MM_A_UNSPEC + 1; type <= rq->maxattr; type++) {
		if (rq->tb[type] && !((attrs | opt) & BIT_ULL(type))) {
			NL_SET_ERR_MSG_ATTR(rq->extack, rq->tb[type],
					    "attribute not valid for this command");
			return -EINVAL;
		}
		if ((attrs & BIT_ULL(type)) &&
		    NL_REQ_ATTR_CHECK(rq->extack, rq->nest, rq->tb, type))
			return -EINVAL;
	}
	return 0;
}

/**
 * l4mm_core_err() - report a core error with a generic message
 * @rq: the command, for its extack
 * @err: the negative errno from the core
 *
 * Errors that blame one attribute are reported by the command functions,
 * which know which attributes they have; this is what is left.
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
	case -EDQUOT:
		NL_SET_ERR_MSG(rq->extack, "memory limit reached");
		break;
	case -EINTR:
		NL_SET_ERR_MSG(rq->extack, "interrupted by a fatal signal");
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

/**
 * l4mm_limit_err() - name the limit that refused an operation
 * @st: the state, locked
 * @rq: the command
 * @err: the core's negative errno
 *
 * The core checks every allocation of an operation against the state's
 * limits and its owner's budget, and refuses with -ENOSPC (a count) or
 * -EDQUOT (bytes), nothing changed; l4mm_state_limit_hit() says which.
 *
 * Return: true with an extack message naming the limit (and blaming the
 * space that would have grown), false if @err is no refusal by a limit.
 */
bool l4mm_limit_err(const struct l4mm_state *st, const struct l4mm_req *rq,
		    int err)
{
	enum l4mm_limit_kind hit = l4mm_state_limit_hit(st);
	/* The space that would have grown: the new one, the destination. */
	const struct nlattr *attr = rq->tb[L4MM_A_NAME];

	if (err == -ENOSPC && hit == L4MM_LIMIT_SPACES)
		NL_SET_ERR_MSG_ATTR(rq->extack, attr,
				    "too many spaces in this netns (max_spaces)");
	else if (err == -ENOSPC && hit == L4MM_LIMIT_MAPPINGS)
		NL_SET_ERR_MSG_ATTR(rq->extack, attr,
				    "too many mappings in this netns (max_mappings)");
	else if (err == -EDQUOT && hit == L4MM_LIMIT_BYTES)
		NL_SET_ERR_MSG_ATTR(rq->extack, attr,
				    "memory limit of this netns reached (max_bytes)");
	else if (err == -EDQUOT && hit == L4MM_LIMIT_OWNER)
		NL_SET_ERR_MSG_ATTR(rq->extack, attr,
				    "memory limit of this user reached, all its netns together (max_user_bytes)");
	else
		return false;
	return true;
}

/**
 * l4mm_get_name() - check a space name attribute's characters
 * @rq: the command
 * @type: L4MM_A_NAME or L4MM_A_SRC_NAME, present (length by policy)
 *
 * Return: 0 or -EINVAL with an extack message.
 */
int l4mm_get_name(const struct l4mm_req *rq, int type)
{
	const struct nlattr *attr = rq->tb[type];

	if (l4mm_name_valid(nla_data(attr)))
		return 0;
	NL_SET_ERR_MSG_ATTR(rq->extack, attr, "invalid space name");
	return -EINVAL;
}

/**
 * l4mm_get_space() - the space named by an attribute
 * @st: the state of the requester's netns, locked
 * @rq: the command
 * @type: L4MM_A_NAME or L4MM_A_SRC_NAME, present
 * @sp: the space found
 *
 * Return: 0, -EINVAL for a bad name or -ENOENT, with an extack message.
 */
int l4mm_get_space(const struct l4mm_state *st, const struct l4mm_req *rq,
		   int type, struct l4mm_space **sp)
{
	const struct nlattr *attr = rq->tb[type];
	int err;

	err = l4mm_get_name(rq, type);
	if (err)
		return err;
	*sp = l4mm_space_find(st, nla_data(attr));
	if (*sp)
		return 0;
	if (type == L4MM_A_SRC_NAME)
		NL_SET_ERR_MSG_ATTR(rq->extack, attr, "source space not found");
	else
		NL_SET_ERR_MSG_ATTR(rq->extack, attr, "space not found");
	return -ENOENT;
}

/* A base not aligned to its order: name both (NL_SET_ERR_MSG wants literals). */
static void l4mm_align_err(const struct l4mm_req *rq, int vaddr_type,
			   int order_type, u8 order)
{
	const struct nlattr *attr = rq->tb[vaddr_type];

	if (order == L4MM_CORE_PAGE_SHIFT)
		NL_SET_ERR_MSG_ATTR(rq->extack, attr,
				    "address is not page-aligned");
	else if (vaddr_type == L4MM_A_SRC_VADDR)
		NL_SET_ERR_MSG_ATTR(rq->extack, attr,
				    "SRC_VADDR is not aligned to SRC_ORDER");
	else if (vaddr_type == L4MM_A_UTCB_VADDR)
		NL_SET_ERR_MSG_ATTR(rq->extack, attr,
				    "UTCB_VADDR is not aligned to UTCB_ORDER");
	else if (order_type == L4MM_A_ORDER)
		NL_SET_ERR_MSG_ATTR(rq->extack, attr,
				    "VADDR is not aligned to ORDER");
	else
		NL_SET_ERR_MSG_ATTR(rq->extack, attr,
				    "VADDR is not aligned to the source fpage's size (SRC_ORDER)");
}

/**
 * l4mm_get_fpage() - an fpage: a base address and its order
 * @rq: the command
 * @vaddr_type: the base's attribute, present (in range by policy)
 * @order_type: the order's attribute (12..32 by policy), may be absent;
 *	L4MM_A_UNSPEC for a base without an order attribute
 * @va: the base
 * @order: in: the order when @order_type is absent; out: the order
 *
 * A base not aligned to its order is an error, not rounded
 * (docs/extensions.md 1).
 *
 * Return: 0 or -EINVAL with an extack message naming the base.
 */
int l4mm_get_fpage(const struct l4mm_req *rq, int vaddr_type,
		   int order_type, u32 *va, u8 *order)
{
	const struct nlattr *attr = rq->tb[vaddr_type];
	u64 v = nla_get_u64(attr);

	if (order_type != L4MM_A_UNSPEC && rq->tb[order_type])
		*order = nla_get_u8(rq->tb[order_type]);
	if (v & (BIT_ULL(*order) - 1)) {
		l4mm_align_err(rq, vaddr_type, order_type, *order);
		return -EINVAL;
	}
	*va = (u32)v;
	return 0;
}

/**
 * l4mm_get_page() - a space and a page in it: L4MM_A_NAME, L4MM_A_VADDR
 * @st: the state, locked
 * @rq: the command
 * @sp: the space
 * @va: the page address (page-aligned)
 *
 * Return: 0, -EINVAL or -ENOENT with an extack message.
 */
int l4mm_get_page(const struct l4mm_state *st, const struct l4mm_req *rq,
		  struct l4mm_space **sp, u32 *va)
{
	u8 order = L4MM_CORE_PAGE_SHIFT;
	int err;

	err = l4mm_get_space(st, rq, L4MM_A_NAME, sp);
	if (err)
		return err;
	return l4mm_get_fpage(rq, L4MM_A_VADDR, L4MM_A_UNSPEC, va, &order);
}

/**
 * l4mm_get_fpage_in() - a space and an fpage in it: L4MM_A_NAME,
 *	L4MM_A_VADDR and the optional L4MM_A_ORDER (default one page)
 * @st: the state, locked
 * @rq: the command
 * @sp: the space
 * @va: the fpage's base
 * @order: its order
 *
 * Return: 0, -EINVAL or -ENOENT with an extack message.
 */
int l4mm_get_fpage_in(const struct l4mm_state *st, const struct l4mm_req *rq,
		      struct l4mm_space **sp, u32 *va, u8 *order)
{
	int err;

	err = l4mm_get_space(st, rq, L4MM_A_NAME, sp);
	if (err)
		return err;
	*order = L4MM_CORE_PAGE_SHIFT;
	return l4mm_get_fpage(rq, L4MM_A_VADDR, L4MM_A_ORDER, va, order);
}

/* Does [va, va + 2^order) meet [base, base + 2^border)? */
static bool l4mm_fpages_meet(u32 va, u8 order, u32 base, u8 border)
{
	return (u64)va < (u64)base + BIT_ULL(border) &&
	       (u64)base < (u64)va + BIT_ULL(order);
}

/**
 * l4mm_reserved_err() - name the reserved region an fpage overlaps
 * @rq: the command
 * @sp: the space of the fpage
 * @va: the fpage's base
 * @order: its order
 * @vaddr_type: the base's attribute, blamed in the message
 *
 * Called after the core refused an operation with -EPERM, to tell the
 * caller which fpage met which region (docs/extensions.md 5).
 *
 * Return: true with an extack message if the fpage overlaps a region.
 */
bool l4mm_reserved_err(const struct l4mm_req *rq, const struct l4mm_space *sp,
		       u32 va, u8 order, int vaddr_type)
{
	const struct nlattr *attr = rq->tb[vaddr_type];
	bool src = vaddr_type == L4MM_A_SRC_VADDR;
	struct l4mm_space_opts o;

	l4mm_space_get_opts(sp, &o);
	if (o.kip && l4mm_fpages_meet(va, order, o.kip_va,
				      L4MM_CORE_PAGE_SHIFT)) {
		if (src)
			NL_SET_ERR_MSG_ATTR(rq->extack, attr,
					    "source fpage (SRC_VADDR) overlaps the KIP page");
		else
			NL_SET_ERR_MSG_ATTR(rq->extack, attr,
					    "fpage (VADDR) overlaps the KIP page");
		return true;
	}
	if (!o.utcb_order ||
	    !l4mm_fpages_meet(va, order, o.utcb_va, o.utcb_order))
		return false;
	if (src)
		NL_SET_ERR_MSG_ATTR(rq->extack, attr,
				    "source fpage (SRC_VADDR) overlaps the UTCB area");
	else
		NL_SET_ERR_MSG_ATTR(rq->extack, attr,
				    "fpage (VADDR) overlaps the UTCB area");
	return true;
}

/**
 * l4mm_get_space_opts() - CREATE's optional KIP page and UTCB area
 * @rq: the command
 * @o: zeroed; filled with the regions given
 *
 * Return: 0 or -EINVAL with an extack message naming the attribute.
 */
int l4mm_get_space_opts(const struct l4mm_req *rq, struct l4mm_space_opts *o)
{
	struct nlattr *const *tb = rq->tb;
	u8 order;
	int err;

	if (tb[L4MM_A_KIP_VADDR]) {
		order = L4MM_CORE_PAGE_SHIFT;
		err = l4mm_get_fpage(rq, L4MM_A_KIP_VADDR, L4MM_A_UNSPEC,
				     &o->kip_va, &order);
		if (err)
			return err;
		o->kip = true;
	}
	if (tb[L4MM_A_UTCB_ORDER] && !tb[L4MM_A_UTCB_VADDR]) {
		NL_SET_ERR_MSG_ATTR(rq->extack, tb[L4MM_A_UTCB_ORDER],
				    "UTCB_ORDER without UTCB_VADDR");
		return -EINVAL;
	}
	if (tb[L4MM_A_UTCB_VADDR]) {
		o->utcb_order = L4MM_CORE_PAGE_SHIFT;
		err = l4mm_get_fpage(rq, L4MM_A_UTCB_VADDR, L4MM_A_UTCB_ORDER,
				     &o->utcb_va, &o->utcb_order);
		if (err)
			return err;
	}
	if (o->kip && o->utcb_order &&
	    l4mm_fpages_meet(o->kip_va, L4MM_CORE_PAGE_SHIFT, o->utcb_va,
			     o->utcb_order)) {
		NL_SET_ERR_MSG_ATTR(rq->extack, tb[L4MM_A_KIP_VADDR],
				    "KIP_VADDR lies inside the UTCB area");
		return -EINVAL;
	}
	return 0;
}

/**
 * l4mm_get_map_args() - the arguments of an fpage map or grant
 * @st: the state, locked
 * @rq: MAP or GRANT with its attributes
 * @a: zeroed; the send fpage, the destination region or receive window,
 *	rights, cache attribute, send base and grant mode
 *
 * Return: 0, or -ENOENT or -EINVAL with an extack message naming the
 * attribute.
 */
int l4mm_get_map_args(const struct l4mm_state *st, const struct l4mm_req *rq,
		      struct l4mm_map_args *a)
{
	struct nlattr *const *tb = rq->tb;
	int err;

	err = l4mm_get_space(st, rq, L4MM_A_SRC_NAME, &a->src);
	if (err)
		return err;
	a->src_order = L4MM_CORE_PAGE_SHIFT;
	err = l4mm_get_fpage(rq, L4MM_A_SRC_VADDR, L4MM_A_SRC_ORDER,
			     &a->src_va, &a->src_order);
	if (err)
		return err;
	err = l4mm_get_space(st, rq, L4MM_A_NAME, &a->dst);
	if (err)
		return err;
	/* No ORDER: a region of the send fpage's size (no receive window). */
	a->dst_order = a->src_order;
	err = l4mm_get_fpage(rq, L4MM_A_VADDR, tb[L4MM_A_ORDER] ?
			     L4MM_A_ORDER : L4MM_A_SRC_ORDER,
			     &a->dst_va, &a->dst_order);
	if (err)
		return err;
	a->rights = tb[L4MM_A_RIGHTS] ? nla_get_u8(tb[L4MM_A_RIGHTS]) :
					L4MM_CORE_RWX;
	if (!(a->rights & L4MM_CORE_R)) {
		NL_SET_ERR_MSG_ATTR(rq->extack, tb[L4MM_A_RIGHTS],
				    "RIGHTS must contain r: every mapping is readable");
		return -EINVAL;
	}
	a->uncached = tb[L4MM_A_UNCACHED];
	/* Only the low bits matter (X.2): the policy kept it to 32. */
	a->snd_base = tb[L4MM_A_SND_BASE] ?
		      (u32)nla_get_u64(tb[L4MM_A_SND_BASE]) : 0;
	a->mode = L4MM_GRANT_DEFAULT;
	if (tb[L4MM_A_GRANT_MODE])
		a->mode = nla_get_u8(tb[L4MM_A_GRANT_MODE]) ==
			  L4MM_GRANT_MODE_KEEP ? L4MM_GRANT_KEEP :
			  L4MM_GRANT_PAPER;
	return 0;
}

/**
 * l4mm_map_err() - explain a refusal of an fpage map or grant by the core
 * @st: the state, locked
 * @rq: the command
 * @a: its arguments
 * @err: the core's negative errno
 *
 * Return: @err, with an extack message naming the attribute or the limit
 * it is about.
 */
int l4mm_map_err(const struct l4mm_state *st, const struct l4mm_req *rq,
		 const struct l4mm_map_args *a, int err)
{
	if (l4mm_limit_err(st, rq, err))
		return err;
	switch (err) {
	case -ENXIO:
		if (a->src_order == L4MM_CORE_PAGE_SHIFT)
			NL_SET_ERR_MSG_ATTR(rq->extack,
					    rq->tb[L4MM_A_SRC_VADDR],
					    "source page is not mapped");
		else
			NL_SET_ERR_MSG_ATTR(rq->extack,
					    rq->tb[L4MM_A_SRC_VADDR],
					    "no page of the source fpage is mapped");
		return err;
	case -EPERM:
		if (l4mm_reserved_err(rq, a->src, a->src_va, a->src_order,
				      L4MM_A_SRC_VADDR) ||
		    l4mm_reserved_err(rq, a->dst, a->dst_va, a->dst_order,
				      L4MM_A_VADDR))
			return err;
		break;
	case -EINVAL:
		/* l4mm_get_map_args() checked the rest: the overlap is left. */
		if (a->src != a->dst)
			break;
		NL_SET_ERR_MSG_ATTR(rq->extack, rq->tb[L4MM_A_VADDR],
				    "source and destination regions overlap");
		return err;
	}
	return l4mm_core_err(rq, err);
}
