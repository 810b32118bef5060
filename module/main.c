// SPDX-License-Identifier: GPL-2.0
/*
 * l4mm: the L4 virtual-memory subsystem (mapping database + multi-level page
 * tables) as a module, driven over generic netlink.  This file holds only
 * module init and exit; the module parameters live next to their users
 * (pernet.c, budget.c).
 */
#include <linux/kernel.h>
#include <linux/module.h>
#include <net/genetlink.h>

#include <uapi/linux/l4mm.h>
#include "alloc.h"
#include "budget.h"
#include "debugfs.h"
#include "netlink.h"
#include "pernet.h"

static int __init l4mm_init(void)
{
	int err;

	err = l4mm_alloc_init();
	if (err)
		return err;

	err = l4mm_budget_init();
	if (err)
		goto err_alloc;

	err = l4mm_pernet_init();
	if (err)
		goto err_budget;

	l4mm_debugfs_init();

	/* Last: userspace can reach us only once everything is ready. */
	err = l4mm_genl_init();
	if (err)
		goto err_pernet;
	return 0;

err_pernet:
	l4mm_debugfs_exit();
	l4mm_pernet_exit();
err_budget:
	l4mm_budget_exit();
err_alloc:
	l4mm_alloc_exit();
	return err;
}

static void __exit l4mm_exit(void)
{
	l4mm_genl_exit();
	l4mm_debugfs_exit();
	l4mm_pernet_exit();
	l4mm_budget_exit();
	l4mm_alloc_exit();
}

module_init(l4mm_init);
module_exit(l4mm_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("L4 virtual-memory subsystem (mapping database and page tables) over generic netlink");
MODULE_AUTHOR("l4mm developers");
MODULE_ALIAS_GENL_FAMILY(L4MM_GENL_NAME);
MODULE_VERSION(L4MM_VERSION);
