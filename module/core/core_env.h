/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The only place where the core meets its environment: kernel headers in
 * the module, the userspace shim (tests/shim/l4mm_shim.h) everywhere else.
 * The shim provides u8/u16/u32/u64, bool, size_t, errno values, memcpy/
 * memset/strcmp/strlen/snprintf, likely/unlikely, WARN_ON_ONCE and
 * BUILD_BUG_ON with kernel meaning.
 */
#ifndef _L4MM_CORE_ENV_H
#define _L4MM_CORE_ENV_H

#ifdef __KERNEL__
#include <linux/types.h>
#include <linux/errno.h>
#include <linux/string.h>
#include <linux/kernel.h>
#include <linux/bug.h>
#include <linux/build_bug.h>
#else
#include "l4mm_shim.h"
#endif

#endif /* _L4MM_CORE_ENV_H */
