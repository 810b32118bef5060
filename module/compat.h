/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel APIs l4mm uses that changed between the kernels it supports
 * (Linux 6.1 to 6.12; module/Kbuild refuses others).  The code is written
 * against the newest API; each block below gives an older kernel what it
 * lacks, under one LINUX_VERSION_CODE test naming the kernel that made the
 * change.  This is the only file in module/ that tests the version: a
 * call site that needs something new adds a block here, never an #if of
 * its own.
 */
#ifndef _L4MM_COMPAT_H
#define _L4MM_COMPAT_H

#include <linux/version.h>
#include <net/genetlink.h>

/*
 * Linux 6.6 put a struct genl_info into struct genl_dumpit_info and added
 * genl_info_dump() to reach it from a dump's callbacks.  Before, the
 * parsed request attributes were genl_dumpit_info()->attrs; ->attrs is all
 * l4mm reads from either, so the old struct stands in for the new one.
 */
#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 6, 0)
#define genl_info_dump(cb) genl_dumpit_info(cb)
#endif

#endif /* _L4MM_COMPAT_H */
