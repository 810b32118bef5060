// SPDX-License-Identifier: GPL-2.0
/*
 * What an operation did: the pages it installed and removed, recorded
 * through the core's observer while it runs, for the "monitor"
 * multicast group (one event per state change, to the listeners of the
 * netns it happened in) and for the verbose replies (L4MM_A_EFFECTS).
 *
 * An event never fails or delays the change it reports: its record and
 * its message are allocated with GFP_NOWAIT, the message is built after
 * the change, under the netns lock (so events leave in the order of the
 * changes).  An event that cannot be allocated is dropped, and the
 * listeners are told as netlink tells a listener whose buffer is full:
 * their next recv() fails with ENOBUFS (genl_set_err()).  Nothing is
 * recorded when nobody listens and no reply asks: the observer is set
 * for one operation at a time only.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/lockdep.h>
#include <linux/slab.h>
#include <net/genetlink.h>
#include <net/netlink.h>

#include <uapi/linux/l4mm.h>
#include "l4mm_core.h"
#include "monitor.h"
#include "nl_cmds.h"
#include "nl_reply.h"
#include "pernet.h"

/*
 * An event's room: the request's and the reply's attributes, and each
 * listed effect's nest; small, since a listener's buffer is counted in
 * what its messages take.  What does not fit is counted (EFFECTS_MORE).
 */
#define L4MM_MON_MSG_BASE	512
#define L4MM_MON_MSG_EFFECT	128

/**
 * struct l4mm_effect - one page an operation installed or removed
 * @kind: L4MM_EFFECT_INSTALL or L4MM_EFFECT_REMOVE
 * @has_src: INSTALL of a Virtual mapping: @src:@src_va is its source
 * @rights: INSTALL: the new mapping's rights
 * @status: REMOVE: the status bits it carried
 * @va: the page
 * @frame: its frame
 * @src_va: see @has_src
 * @space: the space's name (copied: a destroy frees the space)
 * @src: the source space's name
 */
struct l4mm_effect {
	u8 kind;
	bool has_src;
	u8 rights;
	u8 status;
	u32 va;
	u32 frame;
	u32 src_va;
	char space[L4MM_CORE_NAME_MAX + 1];
	char src[L4MM_CORE_NAME_MAX + 1];
};

/**
 * struct l4mm_mon - the record of one operation
 * @n: effects seen (all of them, listed or not)
 * @eff: the first L4MM_EFFECTS_MAX of them
 */
struct l4mm_mon {
	u32 n;
	struct l4mm_effect eff[L4MM_EFFECTS_MAX];
};

const struct genl_multicast_group l4mm_mcgrps[L4MM_MCGRP_COUNT] = {
	/*
	 * Open to every listener, like DUMP and LOOKUP: an event says no
	 * more than a dump after it would, and only about the listener's
	 * own netns (genlmsg_multicast_netns()).
	 */
	[L4MM_MCGRP_MONITOR_IDX] = { .name = L4MM_MCGRP_MONITOR },
};

/* The family the events are sent as (netlink.c's). */
static const struct genl_family *l4mm_mon_family __ro_after_init;

/**
 * l4mm_mon_init() - the family events are sent as
 * @family: the l4mm family, not yet registered
 *
 * Context: module init, before the family is registered.
 */
void __init l4mm_mon_init(const struct genl_family *family)
{
	l4mm_mon_family = family;
}

static void l4mm_mon_observe(void *arg, const struct l4mm_event *ev)
{
	struct l4mm_mon *m = arg;
	struct l4mm_effect *e;

	if (m->n++ >= L4MM_EFFECTS_MAX)
		return;
	e = &m->eff[m->n - 1];
	e->kind = ev->kind == L4MM_EVENT_INSTALL ? L4MM_EFFECT_INSTALL :
		  L4MM_EFFECT_REMOVE;
	e->va = ev->va;
	e->frame = ev->frame;
	e->rights = ev->kind == L4MM_EVENT_INSTALL ? ev->rights : 0;
	e->status = ev->kind == L4MM_EVENT_REMOVE ? ev->status : 0;
	strscpy(e->space, l4mm_space_name(ev->space), sizeof(e->space));
	e->has_src = ev->kind == L4MM_EVENT_INSTALL && ev->src;
	if (e->has_src) {
		strscpy(e->src, l4mm_space_name(ev->src), sizeof(e->src));
		e->src_va = ev->src_va;
	}
}

static bool l4mm_mon_listened(struct net *net)
{
	return genl_has_listeners(l4mm_mon_family, net,
				  L4MM_MCGRP_MONITOR_IDX);
}

/* An event was lost: its listeners' next recv() says ENOBUFS. */
static void l4mm_mon_lost(struct net *net)
{
	genl_set_err(l4mm_mon_family, net, 0, L4MM_MCGRP_MONITOR_IDX,
		     -ENOBUFS);
}

/**
 * l4mm_mon_begin() - start recording what the next operation does
 * @ln: the netns state, locked
 * @net: its netns
 * @reply: a reply asks for the effects (L4MM_A_EFFECTS)
 *
 * For a reply the record is allocated as the reply is (it may wait for
 * memory: nothing has changed yet); for listeners only it is GFP_NOWAIT,
 * and without it the event is lost (and the listeners told so).
 *
 * Return: the record, set as the state's observer; NULL when nobody
 * listens and no reply asks, or when the listeners' record could not be
 * had; ERR_PTR(-ENOMEM) when the reply's could not.
 */
struct l4mm_mon *l4mm_mon_begin(struct l4mm_net *ln, struct net *net,
				bool reply)
{
	struct l4mm_mon *m;

	l4mm_net_assert_locked(ln);
	if (!reply && !l4mm_mon_listened(net))
		return NULL;
	m = kzalloc(sizeof(*m), reply ? GFP_KERNEL_ACCOUNT :
		    GFP_NOWAIT | __GFP_NOWARN);
	if (!m) {
		if (reply)
			return ERR_PTR(-ENOMEM);
		l4mm_mon_lost(net);
		return NULL;
	}
	l4mm_state_set_observer(ln->state, l4mm_mon_observe, m);
	return m;
}

/* One effect as an L4MM_A_MAPPING nest. */
static int l4mm_put_effect(struct sk_buff *msg, const struct l4mm_effect *e)
{
	struct nlattr *nest;

	nest = nla_nest_start(msg, L4MM_A_MAPPING);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u8(msg, L4MM_A_MAP_EVENT, e->kind) ||
	    nla_put_string(msg, L4MM_A_MAP_SPACE, e->space) ||
	    nla_put_u64_64bit(msg, L4MM_A_MAP_VADDR, e->va, L4MM_A_MAP_PAD) ||
	    nla_put_u64_64bit(msg, L4MM_A_MAP_PADDR,
			      (u64)e->frame << L4MM_CORE_PAGE_SHIFT,
			      L4MM_A_MAP_PAD))
		goto err_cancel;
	if (e->has_src &&
	    (nla_put_string(msg, L4MM_A_MAP_SRC_SPACE, e->src) ||
	     nla_put_u64_64bit(msg, L4MM_A_MAP_SRC_VADDR, e->src_va,
			       L4MM_A_MAP_PAD)))
		goto err_cancel;
	if (e->kind == L4MM_EFFECT_INSTALL ?
	    nla_put_u8(msg, L4MM_A_MAP_RIGHTS, e->rights) :
	    nla_put_u8(msg, L4MM_A_MAP_STATUS, e->status))
		goto err_cancel;
	nla_nest_end(msg, nest);
	return 0;

err_cancel:
	nla_nest_cancel(msg, nest);
	return -EMSGSIZE;
}

/**
 * l4mm_mon_put_effects() - the recorded pages, as many as fit
 * @msg: a reply or an event
 * @m: the record
 *
 * Lists the effects in order while they fit (at most L4MM_EFFECTS_MAX)
 * and counts the rest in L4MM_A_EFFECTS_MORE.
 *
 * Return: 0 or -EMSGSIZE (not even the count fits).
 */
int l4mm_mon_put_effects(struct sk_buff *msg, const struct l4mm_mon *m)
{
	u32 i, listed = min_t(u32, m->n, L4MM_EFFECTS_MAX);

	for (i = 0; i < listed; i++)
		if (l4mm_put_effect(msg, &m->eff[i]))
			break;
	if (m->n == i)
		return 0;
	return nla_put_u32(msg, L4MM_A_EFFECTS_MORE, m->n - i);
}

/*
 * The request's attributes of @attrs, as they came: the caller, which
 * knows the command's attribute set, says which ones an event repeats.
 */
static int l4mm_mon_put_req(struct sk_buff *msg, const struct l4mm_req *rq,
			    u64 attrs)
{
	const struct nlattr *a;
	unsigned int type;

	/* Not for_each_set_bit(): unsigned long is 32 bits on ARM. */
	for (type = L4MM_A_UNSPEC + 1; type < BITS_PER_TYPE(u64); type++) {
		a = (attrs & BIT_ULL(type)) ? rq->tb[type] : NULL;
		if (a && nla_put(msg, type, nla_len(a), nla_data(a)))
			return -EMSGSIZE;
	}
	return 0;
}

/**
 * l4mm_mon_event() - announce a change made
 * @ln: the netns state, still locked (events keep the changes' order)
 * @net: its netns: the only one whose listeners get the event
 * @cmd: the command that made the change
 * @rq: its request, NULL for CONFIG
 * @attrs: BIT_ULL() of the attributes of @rq the event repeats (those
 *	the command takes, within the command's set in l4mm_cmds[])
 * @out: its result, as for the reply (CONFIG: @mode instead)
 * @mode: CONFIG: the new L4MM_GRANT_MODE_*
 * @m: the record of what it did, NULL for CONFIG (no pages change)
 *
 * Never fails the change: a message that cannot be made is dropped.
 */
void l4mm_mon_event(struct l4mm_net *ln, struct net *net, u8 cmd,
		    const struct l4mm_req *rq, u64 attrs,
		    const struct l4mm_cmd_out *out, u8 mode,
		    const struct l4mm_mon *m)
{
	size_t size = L4MM_MON_MSG_BASE;
	struct sk_buff *msg;
	void *hdr;

	l4mm_net_assert_locked(ln);
	if (!l4mm_mon_listened(net))
		return;
	if (m)
		size += min_t(u32, m->n, L4MM_EFFECTS_MAX) *
			L4MM_MON_MSG_EFFECT;
	msg = genlmsg_new(size, GFP_NOWAIT | __GFP_NOWARN);
	if (!msg) {
		l4mm_mon_lost(net);
		return;
	}
	hdr = genlmsg_put(msg, 0, 0, l4mm_mon_family, 0, cmd);
	if (!hdr ||
	    (rq && l4mm_mon_put_req(msg, rq, attrs)) ||
	    (out && l4mm_put_result(msg, cmd, out)) ||
	    (!rq && nla_put_u8(msg, L4MM_A_GRANT_MODE, mode)) ||
	    (m && l4mm_mon_put_effects(msg, m))) {
		nlmsg_free(msg);
		l4mm_mon_lost(net);
		return;
	}
	genlmsg_end(msg, hdr);
	/* -ESRCH: the last listener left meanwhile; -ENOBUFS: theirs. */
	genlmsg_multicast_netns(l4mm_mon_family, net, msg, 0,
				L4MM_MCGRP_MONITOR_IDX, GFP_NOWAIT);
}

/**
 * l4mm_mon_end() - stop recording
 * @ln: the netns state, locked
 * @m: the record of l4mm_mon_begin() (NULL or an error: nothing to do)
 */
void l4mm_mon_end(struct l4mm_net *ln, struct l4mm_mon *m)
{
	l4mm_net_assert_locked(ln);
	if (!IS_ERR_OR_NULL(m))
		l4mm_state_set_observer(ln->state, NULL, NULL);
}

void l4mm_mon_free(struct l4mm_mon *m)
{
	if (!IS_ERR_OR_NULL(m))
		kfree(m);
}
