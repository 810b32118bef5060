// SPDX-License-Identifier: GPL-2.0
/*
 * One struct l4mm_state per network namespace (pernet_operations with .id
 * and .size, reached through net_generic()), each with the mutex that
 * serialises the core's calls on it; and the module parameters that shape
 * every state: sigma0_pages and check_after_op.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bug.h>
#include <linux/compiler.h>
#include <linux/lockdep.h>
#include <linux/moduleparam.h>
#include <linux/printk.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>

#include "l4mm_core.h"
#include "fault.h"
#include "pernet.h"

static unsigned int l4mm_sigma0_pages = 65536;
static bool l4mm_check_after_op;
static unsigned int l4mm_net_id __read_mostly;

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

/**
 * l4mm_net_get() - the l4mm state of a network namespace
 * @net: the namespace, alive (held by the requester's socket)
 * @extack: for a message if the state cannot be had
 * @out: receives the namespace's struct l4mm_net
 *
 * Locking: none needed to get the pointer; take its lock to use @state.
 * Return: 0.
 */
int l4mm_net_get(const struct net *net, struct netlink_ext_ack *extack,
		 struct l4mm_net **out)
{
	*out = net_generic(net, l4mm_net_id);
	return 0;
}

/**
 * l4mm_net_lock_write() - take the netns lock to change the state
 * @ln: the namespace state
 *
 * Return: 0.
 */
int l4mm_net_lock_write(struct l4mm_net *ln)
{
	mutex_lock(&ln->lock);
	return 0;
}

/**
 * l4mm_net_unlock_write() - undo l4mm_net_lock_write()
 * @ln: the namespace state
 */
void l4mm_net_unlock_write(struct l4mm_net *ln)
{
	mutex_unlock(&ln->lock);
}

/**
 * l4mm_net_lock_read() - take the netns lock to read the state
 * @ln: the namespace state
 *
 * Return: 0.
 */
int l4mm_net_lock_read(struct l4mm_net *ln)
{
	mutex_lock(&ln->lock);
	return 0;
}

/**
 * l4mm_net_unlock_read() - undo l4mm_net_lock_read()
 * @ln: the namespace state
 */
void l4mm_net_unlock_read(struct l4mm_net *ln)
{
	mutex_unlock(&ln->lock);
}

/**
 * l4mm_net_assert_locked() - lockdep: the caller holds the netns lock
 * @ln: the namespace state
 */
void l4mm_net_assert_locked(struct l4mm_net *ln)
{
	lockdep_assert_held(&ln->lock);
}

/**
 * l4mm_net_sigma0_pages() - the size sigma0 was created with
 * @ln: the namespace state
 *
 * Return: pages of sigma0.
 */
u32 l4mm_net_sigma0_pages(const struct l4mm_net *ln)
{
	return l4mm_sigma0_pages;
}

/**
 * l4mm_net_after_op() - check the state after a mutating operation
 * @ln: the namespace state just operated on
 *
 * Runs the core's full consistency check when the check_after_op module
 * parameter is set; an inconsistency is logged and warned about once.
 * Called after failed operations too: they must leave the state intact.
 *
 * Locking: @ln->lock held.
 */
void l4mm_net_after_op(struct l4mm_net *ln)
{
	char buf[128];
	int err;

	lockdep_assert_held(&ln->lock);
	if (!READ_ONCE(l4mm_check_after_op))
		return;
	buf[0] = '\0';
	l4mm_fault_pause();
	err = l4mm_state_check(ln->state, buf, sizeof(buf));
	l4mm_fault_resume();
	if (err == -ENOMEM) {
		/* The checker's own buffer, not an inconsistency. */
		pr_warn_ratelimited("state check skipped: out of memory\n");
	} else if (err) {
		pr_err("state check failed: %s\n", buf);
		WARN_ONCE(1, "l4mm: state check failed\n");
	}
}

static int __net_init l4mm_net_init(struct net *net)
{
	struct l4mm_net *ln = net_generic(net, l4mm_net_id);
	int err;

	mutex_init(&ln->lock);
	err = l4mm_state_create(l4mm_sigma0_pages, &ln->state);
	if (err) {
		pr_err("cannot create state with %u sigma0 pages: %d\n",
		       l4mm_sigma0_pages, err);
		mutex_destroy(&ln->lock);
	}
	return err;
}

/*
 * No socket of this netns is left (and on module unload the genl family is
 * already gone), so no handler can run concurrently: no lock needed.
 */
static void __net_exit l4mm_net_exit(struct net *net)
{
	struct l4mm_net *ln = net_generic(net, l4mm_net_id);

	l4mm_state_destroy(ln->state);
	ln->state = NULL;
	mutex_destroy(&ln->lock);
}

static struct pernet_operations l4mm_net_ops = {
	.init = l4mm_net_init,
	.exit = l4mm_net_exit,
	.id = &l4mm_net_id,
	.size = sizeof(struct l4mm_net),
};

/**
 * l4mm_pernet_init() - create the state of every namespace, present and future
 *
 * Context: module init; the allocator's caches exist.
 * Return: 0 or the first netns init error (nothing left registered then).
 */
int l4mm_pernet_init(void)
{
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
}
