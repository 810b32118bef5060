// SPDX-License-Identifier: GPL-2.0
/*
 * The dump commands LIST and DUMP: resumable across messages with a
 * cursor in cb->ctx, flagged with NLM_F_DUMP_INTR when the state changed
 * between two messages.
 */
#include <linux/kernel.h>
#include <linux/sched.h>
#include <linux/string.h>
#include <net/genetlink.h>
#include <net/netlink.h>

#include <uapi/linux/l4mm.h>
#include "compat.h"
#include "l4mm_core.h"
#include "netlink.h"
#include "nl_reply.h"
#include "pernet.h"

/**
 * struct l4mm_dump_ctx - resume cursor of LIST and DUMP, in cb->ctx
 * @next_va: DUMP: first address not yet dumped in space @space_id
 * @space_id: first space id not yet (completely) dumped
 * @one: DUMP of the single space @name
 * @done: nothing left; the next call ends the dump
 * @name: DUMP: the space asked for when @one, else the space the cursor
 *	is in (to notice that its id was reused between two passes)
 * @end_va: DUMP: the end of the fpage asked for (2^32: none)
 * @skip: DUMP: not sigma0's untouched pages (L4MM_A_SKIP_PRISTINE)
 */
struct l4mm_dump_ctx {
	u64 next_va;
	u32 space_id;
	bool one;
	bool done;
	char name[L4MM_NAME_MAX + 1];
	u64 end_va;
	bool skip;
};

/*
 * Pages a pass of a whole-state DUMP may leave out (sigma0's untouched
 * ones) before it sends what it has: the netns lock is held for a
 * bounded stretch even when there is nothing to send.
 */
#define L4MM_DUMP_SKIP_MAX	16384

static struct l4mm_dump_ctx *l4mm_dump_ctx(struct netlink_callback *cb)
{
	BUILD_BUG_ON(sizeof(struct l4mm_dump_ctx) > sizeof(cb->ctx));
	return (struct l4mm_dump_ctx *)cb->ctx;
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
int l4mm_nl_dump_done(struct netlink_callback *cb)
{
	return 0;
}

/**
 * l4mm_nl_list_start() - start of LIST
 * @cb: the dump; cb->ctx is zeroed by the netlink core
 *
 * Return: 0.
 */
int l4mm_nl_list_start(struct netlink_callback *cb)
{
	l4mm_dump_ctx(cb)->space_id = 0;
	return 0;
}

/**
 * l4mm_nl_list_dumpit() - LIST: one message per space, in id order
 * @skb: the message buffer to fill
 * @cb: the dump; the cursor is the next space id
 *
 * Locking: takes the netns lock for reading for this pass.
 * Return: skb->len while there is more, 0 when done, or a negative errno.
 */
int l4mm_nl_list_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct l4mm_dump_ctx *ctx = l4mm_dump_ctx(cb);
	struct l4mm_space *sp;
	struct l4mm_net *ln;
	void *hdr;
	int err;

	err = l4mm_dump_lock(cb, &ln);
	if (err)
		return err;
	while ((sp = l4mm_space_next(ln->state, ctx->space_id))) {
		hdr = l4mm_dump_put_hdr(skb, cb, L4MM_CMD_LIST);
		if (!hdr)
			break;
		if (l4mm_put_space(skb, sp)) {
			genlmsg_cancel(skb, hdr);
			break;
		}
		genlmsg_end(skb, hdr);
		ctx->space_id = l4mm_space_id(sp) + 1;
	}
	l4mm_net_unlock_read(ln);
	return skb->len;
}

/* The fpage or range of a DUMP of one space, if one was asked for. */
static int l4mm_dump_range(struct nlattr **attrs, struct l4mm_dump_ctx *ctx)
{
	u8 order = L4MM_CORE_PAGE_SHIFT;
	u64 va, len;

	if (!attrs || (!attrs[L4MM_A_VADDR] && !attrs[L4MM_A_ORDER] &&
		       !attrs[L4MM_A_PAGES]))
		return 0;
	if (!attrs[L4MM_A_NAME] || !attrs[L4MM_A_VADDR] ||
	    (attrs[L4MM_A_ORDER] && attrs[L4MM_A_PAGES]))
		return -EINVAL;
	va = nla_get_u64(attrs[L4MM_A_VADDR]);
	if (attrs[L4MM_A_ORDER])
		order = nla_get_u8(attrs[L4MM_A_ORDER]);
	len = BIT_ULL(order);
	if (attrs[L4MM_A_PAGES])
		len = (u64)nla_get_u32(attrs[L4MM_A_PAGES]) <<
		      L4MM_CORE_PAGE_SHIFT;
	if (va & (BIT_ULL(order) - 1) ||
	    va + len > 1ULL << L4MM_CORE_VA_BITS)
		return -EINVAL;
	ctx->next_va = va;
	ctx->end_va = va + len;
	return 0;
}

/*
 * A page of sigma0 as the state began: Real frame = page, rwx, cached,
 * no status bit, nothing derived from it.
 */
static bool l4mm_dump_untouched(const struct l4mm_space *sp,
				const struct l4mm_mapping_info *mi)
{
	return !l4mm_space_id(sp) && mi->is_real && !mi->derived &&
	       mi->frame == mi->vaddr >> L4MM_CORE_PAGE_SHIFT &&
	       mi->rights == L4MM_CORE_RWX && mi->cached && !mi->status &&
	       mi->reserved == L4MM_RESERVED_NONE;
}

/**
 * l4mm_nl_dump_start() - start of DUMP: check the optional space name
 * @cb: the dump
 *
 * The 6.1 genl core gives .start no extack, so these errors come back as
 * the plain errno of the ack.
 *
 * Locking: takes the netns lock for reading to look the space up.
 * Return: 0, -EINVAL for an invalid name, an fpage without a name or not
 * aligned to its order, -ENOENT for an unknown space.
 */
int l4mm_nl_dump_start(struct netlink_callback *cb)
{
	struct nlattr **attrs = genl_info_dump(cb)->attrs;
	struct l4mm_dump_ctx *ctx = l4mm_dump_ctx(cb);
	const struct nlattr *attr;
	struct l4mm_space *sp;
	struct l4mm_net *ln;
	int err;

	ctx->end_va = 1ULL << L4MM_CORE_VA_BITS;
	attr = attrs ? attrs[L4MM_A_NAME] : NULL;
	if (attrs)
		ctx->skip = nla_get_flag(attrs[L4MM_A_SKIP_PRISTINE]);
	err = l4mm_dump_range(attrs, ctx);
	if (err || !attr)
		return err;
	if (!l4mm_name_valid(nla_data(attr)))
		return -EINVAL;

	err = l4mm_dump_lock(cb, &ln);
	if (err)
		return err;
	sp = l4mm_space_find(ln->state, nla_data(attr));
	if (sp)
		ctx->space_id = l4mm_space_id(sp);
	l4mm_net_unlock_read(ln);
	if (!sp)
		return -ENOENT;

	ctx->one = true;
	strscpy(ctx->name, nla_data(attr), sizeof(ctx->name));
	return 0;
}

/*
 * Put the mappings of sp from ctx->next_va on into the message, opening it
 * (*hdr) at the first one.  -EMSGSIZE when the message is full, -EAGAIN
 * when the pass left out its share of pages (*skipped).
 */
static int l4mm_dump_space(struct sk_buff *skb, struct netlink_callback *cb,
			   const struct l4mm_state *st,
			   const struct l4mm_space *sp, void **hdr, u32 *skipped)
{
	struct l4mm_dump_ctx *ctx = l4mm_dump_ctx(cb);
	struct l4mm_mapping_info mi;

	while (ctx->next_va < ctx->end_va &&
	       !l4mm_space_next_mapping(st, sp, ctx->next_va, &mi) &&
	       mi.vaddr < ctx->end_va) {
		if (ctx->skip && !ctx->one && l4mm_dump_untouched(sp, &mi)) {
			ctx->next_va = (u64)mi.vaddr + L4MM_CORE_PAGE_SIZE;
			if (++*skipped == L4MM_DUMP_SKIP_MAX)
				return -EAGAIN;
			cond_resched();
			continue;
		}
		if (!*hdr) {
			*hdr = l4mm_dump_put_hdr(skb, cb, L4MM_CMD_DUMP);
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
static struct l4mm_space *l4mm_dump_cur(const struct l4mm_state *st,
					struct l4mm_dump_ctx *ctx)
{
	struct l4mm_space *sp;

	if (ctx->done)
		return NULL;
	if (!ctx->one) {
		sp = l4mm_space_next(st, ctx->space_id);
		if (sp && (l4mm_space_id(sp) != ctx->space_id ||
			   strcmp(l4mm_space_name(sp), ctx->name))) {
			/*
			 * Not the space the cursor was in (it went away, or
			 * its id was reused): start this one from its first
			 * page.  NLM_F_DUMP_INTR tells the receiver anyway.
			 */
			ctx->space_id = l4mm_space_id(sp);
			ctx->next_va = 0;
			strscpy(ctx->name, l4mm_space_name(sp),
				sizeof(ctx->name));
		}
		return sp;
	}
	/* The space went away (or was replaced) since the last pass. */
	sp = l4mm_space_find(st, ctx->name);
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
 * Locking: takes the netns lock for reading for this pass.
 * Return: skb->len while there is more, 0 when done, or a negative errno.
 */
int l4mm_nl_dump_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct l4mm_dump_ctx *ctx = l4mm_dump_ctx(cb);
	struct l4mm_space *sp;
	struct l4mm_net *ln;
	void *hdr = NULL;
	u32 skipped = 0;
	int err;

	err = l4mm_dump_lock(cb, &ln);
	if (err)
		return err;
	while ((sp = l4mm_dump_cur(ln->state, ctx))) {
		err = l4mm_dump_space(skb, cb, ln->state, sp, &hdr, &skipped);
		if (err)
			break;
		if (ctx->one) {
			ctx->done = true;
			break;
		}
		ctx->space_id = l4mm_space_id(sp) + 1;
		ctx->next_va = 0;
	}
	l4mm_net_unlock_read(ln);

	/* Only pages left out so far: an empty message, and on. */
	if (!hdr && err == -EAGAIN)
		hdr = l4mm_dump_put_hdr(skb, cb, L4MM_CMD_DUMP);
	if (hdr)
		genlmsg_end(skb, hdr);
	return skb->len;
}
