// SPDX-License-Identifier: GPL-2.0
/*
 * One struct l4mm_state per network namespace (pernet_operations with .id
 * and .size, reached through net_generic()), each with the mutex that
 * serialises the core's calls on it.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bug.h>
#include <linux/compiler.h>
#include <linux/lockdep.h>
#include <linux/printk.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>

#include "l4mm_core.h"
#include "fault.h"
#include "pernet.h"

static unsigned int l4mm_net_id __read_mostly;

/**
 * l4mm_net() - the l4mm state of a network namespace
 * @net: the namespace, alive (held by the caller's socket)
 *
 * Locking: none needed to get the pointer; take its @lock to use @state.
 * Return: the namespace's struct l4mm_net, never NULL once the module is
 * registered.
 */
struct l4mm_net *l4mm_net(const struct net *net)
{
	return net_generic(net, l4mm_net_id);
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
	struct l4mm_net *ln = l4mm_net(net);
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
	struct l4mm_net *ln = l4mm_net(net);

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
 * Context: module init; the env caches exist.
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
