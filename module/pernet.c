// SPDX-License-Identifier: GPL-2.0
/*
 * The l4mm state of each network namespace, made on the netns's first
 * l4mm request: a netns that never uses l4mm costs nothing (no memory,
 * no work at its creation, which therefore never fails because of l4mm),
 * and one that does pays for its sigma0 then, within its limits.  The
 * states are found by the netns's inode number in an xarray; the only
 * pernet hook is .exit, which frees the state of a netns that goes.
 *
 * Also here: the lock of each state (docs/LOCKING.md), the snapshot of
 * its counters that STATS reads without the lock, and the module
 * parameters that shape every state: sigma0_pages, check_after_op and
 * the per-netns limits max_spaces, max_mappings, max_bytes.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bug.h>
#include <linux/compiler.h>
#include <linux/lockdep.h>
#include <linux/mm.h>
#include <linux/moduleparam.h>
#include <linux/printk.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/xarray.h>
#include <net/net_namespace.h>
#include <net/netlink.h>

#include "l4mm_core.h"
#include "budget.h"
#include "fault.h"
#include "pernet.h"

/* Unset at load: an eighth of RAM (l4mm_pernet_init()). */
#define L4MM_BYTES_AUTO		ULLONG_MAX

static unsigned int l4mm_sigma0_pages = 65536;
static bool l4mm_check_after_op;
/* sigma0 counts: the defaults leave room for a full 2^20-page sigma0. */
static unsigned int l4mm_max_spaces = 4096;
static unsigned int l4mm_max_mappings = 4 << 20;
static unsigned long long l4mm_max_bytes = L4MM_BYTES_AUTO;

static int l4mm_sigma0_set(const char *val, const struct kernel_param *kp)
{
	unsigned int n;
	int err;

	err = kstrtouint(val, 0, &n);
	if (err)
		return err;
	if (n > L4MM_CORE_MAX_FRAMES)
		return -ERANGE;
	*(unsigned int *)kp->arg = n;
	return 0;
}

static const struct kernel_param_ops l4mm_sigma0_ops = {
	.set = l4mm_sigma0_set,
	.get = param_get_uint,
};

module_param_cb(sigma0_pages, &l4mm_sigma0_ops, &l4mm_sigma0_pages, 0444);
MODULE_PARM_DESC(sigma0_pages,
		 "pages of sigma0 (frame i at vaddr i * 4096) in every netns, 0..1048576 (default 65536)");

module_param_named(check_after_op, l4mm_check_after_op, bool, 0644);
MODULE_PARM_DESC(check_after_op,
		 "run the full state check after every mutating operation (default off)");

module_param_named(max_spaces, l4mm_max_spaces, uint, 0644);
MODULE_PARM_DESC(max_spaces,
		 "most address spaces per netns, sigma0 included; 0: no limit (default 4096)");
module_param_named(max_mappings, l4mm_max_mappings, uint, 0644);
MODULE_PARM_DESC(max_mappings,
		 "most mapped pages per netns, all spaces together; 0: no limit (default 4194304)");
module_param_named(max_bytes, l4mm_max_bytes, ullong, 0644);
MODULE_PARM_DESC(max_bytes,
		 "most bytes of l4mm state per netns (tables, nodes, spaces); 0: no limit (default: an eighth of RAM)");

/* struct l4mm_net of every netns that made a request, by ns.inum. */
static DEFINE_XARRAY(l4mm_nets);

/* The limits in force now; parameters written at run time apply next. */
static void l4mm_limits_now(struct l4mm_limits *lim)
{
	lim->max_spaces = READ_ONCE(l4mm_max_spaces);
	lim->max_mappings = READ_ONCE(l4mm_max_mappings);
	lim->max_bytes = READ_ONCE(l4mm_max_bytes);
}

/* Under @ln->lock for writing: STATS's snapshot of the counters. */
static void l4mm_net_snapshot(struct l4mm_net *ln)
{
	write_seqlock(&ln->stats_seq);
	l4mm_state_stats(ln->state, &ln->stats);
	write_sequnlock(&ln->stats_seq);
}

/* The extack of a sigma0 that could not be made. */
static void l4mm_net_create_err(struct l4mm_net *ln, int err,
				struct netlink_ext_ack *extack)
{
	switch (err) {
	case -EDQUOT:
		if (ln->owner.refused)
			NL_SET_ERR_MSG(extack,
				       "cannot make this netns's sigma0: memory limit of this user reached, all its netns together (max_user_bytes)");
		else
			NL_SET_ERR_MSG(extack,
				       "cannot make this netns's sigma0: memory limit of this netns (max_bytes)");
		break;
	case -ENOSPC:
		NL_SET_ERR_MSG(extack,
			       "cannot make this netns's sigma0: too many mappings in this netns (max_mappings)");
		break;
	case -EINTR:
		NL_SET_ERR_MSG(extack, "interrupted by a fatal signal");
		break;
	default:
		NL_SET_ERR_MSG(extack, "cannot make this netns's sigma0: out of memory");
		break;
	}
}

/* Under @ln->lock for writing: make the state, with sigma0. */
static int l4mm_net_create(struct l4mm_net *ln, const struct net *net,
			   struct netlink_ext_ack *extack)
{
	struct l4mm_state_cfg cfg = {
		.sigma0_pages = READ_ONCE(l4mm_sigma0_pages),
		.owner = &ln->owner,
	};
	struct l4mm_state *st;
	int err;

	if (!ln->owner.user) {
		err = l4mm_owner_init(&ln->owner, net);
		if (err) {
			NL_SET_ERR_MSG(extack, "out of memory");
			return err;
		}
	}
	ln->owner.refused = false;
	l4mm_limits_now(&cfg.limits);
	err = l4mm_state_create_cfg(&cfg, &st);
	if (err) {
		l4mm_net_create_err(ln, err, extack);
		return err;
	}
	ln->sigma0_pages = cfg.sigma0_pages;
	/* Published: l4mm_net_get() reads it without the lock. */
	smp_store_release(&ln->state, st);
	l4mm_net_snapshot(ln);
	return 0;
}

/* The struct l4mm_net of @net, made if it has none yet. */
static int l4mm_net_find(const struct net *net, struct l4mm_net **out)
{
	struct l4mm_net *ln, *old;

	ln = xa_load(&l4mm_nets, net->ns.inum);
	if (ln)
		goto found;
	ln = kzalloc(sizeof(*ln), GFP_KERNEL_ACCOUNT);
	if (!ln)
		return -ENOMEM;
	init_rwsem(&ln->lock);
	seqlock_init(&ln->stats_seq);
	old = xa_cmpxchg(&l4mm_nets, net->ns.inum, NULL, ln, GFP_KERNEL_ACCOUNT);
	if (old) {
		/* Another first request was faster, or no memory. */
		kfree(ln);
		if (xa_is_err(old))
			return xa_err(old);
		ln = old;
	}
found:
	*out = ln;
	return 0;
}

/**
 * l4mm_net_get() - the l4mm state of a network namespace, made if needed
 * @net: the namespace, alive (held by the requester's socket)
 * @extack: for a message if the state cannot be made
 * @out: receives the namespace's struct l4mm_net, with its state
 *
 * The first request of a netns makes its state with sigma0 (the module
 * parameter sigma0_pages), charged to the netns's limits and its user's
 * budget; a failed attempt leaves nothing and the next request tries
 * again.
 *
 * Locking: takes the netns lock for writing if the state is made here;
 * the caller takes it to use the state.
 * Return: 0, or -ENOMEM, -EDQUOT, -ENOSPC or -EINTR (the wait for the
 * lock, or the making of sigma0, was interrupted by a fatal signal) with
 * an extack message.
 */
int l4mm_net_get(const struct net *net, struct netlink_ext_ack *extack,
		 struct l4mm_net **out)
{
	struct l4mm_net *ln;
	int err;

	err = l4mm_net_find(net, &ln);
	if (err) {
		NL_SET_ERR_MSG(extack, "out of memory");
		return err;
	}
	/* Pairs with the release in l4mm_net_create(): a state made. */
	if (!smp_load_acquire(&ln->state)) {
		err = down_write_killable(&ln->lock);
		if (err) {
			NL_SET_ERR_MSG(extack, "interrupted by a fatal signal");
			return err;
		}
		if (!ln->state)
			err = l4mm_net_create(ln, net, extack);
		up_write(&ln->lock);
		if (err)
			return err;
	}
	*out = ln;
	return 0;
}

/**
 * l4mm_net_lock_write() - hold the netns to change its state
 * @ln: the namespace state
 *
 * The limits in force (the module parameters, which root may change at
 * any time) are the state's from here on.
 *
 * Return: 0, or -EINTR if a fatal signal came while waiting.
 */
int l4mm_net_lock_write(struct l4mm_net *ln)
{
	struct l4mm_limits lim;
	int err;

	err = down_write_killable(&ln->lock);
	if (err)
		return err;
	l4mm_limits_now(&lim);
	l4mm_state_set_limits(ln->state, &lim);
	ln->owner.refused = false;
	return 0;
}

/**
 * l4mm_net_unlock_write() - end a change: snapshot the counters, release
 * @ln: the namespace state, held for writing
 */
void l4mm_net_unlock_write(struct l4mm_net *ln)
{
	l4mm_net_snapshot(ln);
	up_write(&ln->lock);
}

/**
 * l4mm_net_relax() - between two operations of a batch: stop if killed,
 *	let waiters in
 * @ln: the namespace state, held for writing
 *
 * A batch stops between two entries when its requester is being killed.
 * If anyone waits for the lock (a reader, another writer), the batch lets
 * them in before its next entry, so that a batch of thousands of entries
 * holds the lock no longer than one of them at a time.
 *
 * Return: 0 with the lock held for writing, or -EINTR without it (a fatal
 * signal is pending).
 */
int l4mm_net_relax(struct l4mm_net *ln)
{
	if (fatal_signal_pending(current)) {
		l4mm_net_unlock_write(ln);
		return -EINTR;
	}
	if (!rwsem_is_contended(&ln->lock))
		return 0;
	l4mm_net_unlock_write(ln);
	return l4mm_net_lock_write(ln);
}

/**
 * l4mm_net_lock_read() - hold the netns to read its state
 * @ln: the namespace state
 *
 * Readers run together; a writer waits for them, and they for it.
 *
 * Return: 0, or -EINTR if a fatal signal came while waiting.
 */
int l4mm_net_lock_read(struct l4mm_net *ln)
{
	return down_read_killable(&ln->lock);
}

/**
 * l4mm_net_unlock_read() - undo l4mm_net_lock_read()
 * @ln: the namespace state
 */
void l4mm_net_unlock_read(struct l4mm_net *ln)
{
	up_read(&ln->lock);
}

/**
 * l4mm_net_assert_locked() - lockdep: the caller holds the netns for
 *	writing
 * @ln: the namespace state
 */
void l4mm_net_assert_locked(struct l4mm_net *ln)
{
	lockdep_assert_held_write(&ln->lock);
}

/**
 * l4mm_net_stats() - the counters as the last change left them, no lock
 * @ln: the namespace state
 * @stats: filled from the snapshot
 * @lim: the limits in force
 *
 * Locking: none: a writer never makes a reader of the counters wait (the
 * snapshot is taken at the end of each change, under a seqlock).
 */
void l4mm_net_stats(struct l4mm_net *ln, struct l4mm_stats *stats,
		    struct l4mm_limits *lim)
{
	unsigned int seq;

	do {
		seq = read_seqbegin(&ln->stats_seq);
		*stats = ln->stats;
	} while (read_seqretry(&ln->stats_seq, seq));
	l4mm_limits_now(lim);
}

/**
 * l4mm_net_after_op() - check the state after a mutating operation
 * @ln: the namespace state just operated on
 *
 * Runs the core's full consistency check when the check_after_op module
 * parameter is set; an inconsistency is logged and warned about once.
 * Called after failed operations too: they must leave the state intact.
 *
 * Locking: @ln->lock held for writing.
 */
void l4mm_net_after_op(struct l4mm_net *ln)
{
	char buf[128];
	int err;

	lockdep_assert_held_write(&ln->lock);
	if (!READ_ONCE(l4mm_check_after_op))
		return;
	buf[0] = '\0';
	l4mm_fault_pause();
	err = l4mm_state_check(ln->state, buf, sizeof(buf));
	l4mm_fault_resume();
	if (err == -ENOMEM) {
		/* The checker's own buffer, not an inconsistency. */
		pr_warn_ratelimited("state check skipped: out of memory\n");
	} else if (err == -EINTR) {
		/* The requester is being killed: the check stopped. */
	} else if (err) {
		pr_err("state check failed: %s\n", buf);
		WARN_ONCE(1, "l4mm: state check failed\n");
	}
}

/*
 * The netns goes: no socket of it is left (and on module unload the genl
 * family is already gone), so no handler can run concurrently: no lock
 * needed.  Its inode number is freed after every pernet exit hook ran
 * (net_ns_ops, registered first, exits last), so it cannot be reused
 * while its entry is still in l4mm_nets.
 */
static void __net_exit l4mm_net_exit(struct net *net)
{
	struct l4mm_net *ln = xa_erase(&l4mm_nets, net->ns.inum);

	if (!ln)
		return;
	if (ln->state)
		l4mm_state_destroy(ln->state);
	l4mm_owner_release(&ln->owner);
	kfree(ln);
}

/* Only .exit: a netns costs l4mm nothing until it makes a request. */
static struct pernet_operations l4mm_net_ops = {
	.exit = l4mm_net_exit,
};

/**
 * l4mm_pernet_init() - the default limits; free each netns's state when
 *	the netns goes
 *
 * Context: module init; the allocator's caches exist.
 * Return: 0 or the registration error.
 */
int __init l4mm_pernet_init(void)
{
	if (l4mm_max_bytes == L4MM_BYTES_AUTO)
		l4mm_max_bytes = (u64)totalram_pages() << PAGE_SHIFT >> 3;
	return register_pernet_subsys(&l4mm_net_ops);
}

/**
 * l4mm_pernet_exit() - destroy the state of every namespace
 *
 * Context: module exit, after the genl family is gone (no handler runs).
 */
void l4mm_pernet_exit(void)
{
	unregister_pernet_subsys(&l4mm_net_ops);
	WARN_ON_ONCE(!xa_empty(&l4mm_nets));
	xa_destroy(&l4mm_nets);
}
