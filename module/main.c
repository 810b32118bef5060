// SPDX-License-Identifier: GPL-2.0
/*
 * l4mm: the L4 virtual-memory subsystem (mapping database + multi-level page
 * tables) as a module, driven over generic netlink.  This file holds only
 * module init/exit and the module parameters.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <net/genetlink.h>

#include <uapi/linux/l4mm.h>
#include "l4mm_core.h"
#include "env.h"
#include "fault.h"
#include "netlink.h"
#include "pernet.h"

unsigned int l4mm_sigma0_pages = 65536;
bool l4mm_check_after_op;

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

static int __init l4mm_init(void)
{
	int err;

	err = l4mm_env_init();
	if (err)
		return err;

	err = l4mm_pernet_init();
	if (err)
		goto err_env;

	l4mm_fault_init();

	/* Last: userspace can reach us only once everything is ready. */
	err = l4mm_genl_init();
	if (err)
		goto err_pernet;

	pr_info("loaded, sigma0 of %u pages per netns\n", l4mm_sigma0_pages);
	return 0;

err_pernet:
	l4mm_fault_exit();
	l4mm_pernet_exit();
err_env:
	l4mm_env_exit();
	return err;
}

static void __exit l4mm_exit(void)
{
	l4mm_genl_exit();
	l4mm_fault_exit();
	l4mm_pernet_exit();
	l4mm_env_exit();
}

module_init(l4mm_init);
module_exit(l4mm_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("L4 virtual-memory subsystem (mapping database and page tables) over generic netlink");
MODULE_AUTHOR("l4mm developers");
MODULE_ALIAS_GENL_FAMILY(L4MM_GENL_NAME);
MODULE_VERSION(L4MM_VERSION);
