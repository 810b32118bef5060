// SPDX-License-Identifier: GPL-2.0
/*
 * How the core's long loops behave in the kernel (the l4mm_env_* hooks of
 * core/l4mm_core.h): they yield the CPU at bounded intervals, and the
 * ones that may stop without leaving a change half done stop when their
 * requester is being killed.
 */
#include <linux/sched.h>
#include <linux/sched/signal.h>

#include "l4mm_core.h"

/*
 * The core calls this every L4MM_CORE_RESCHED_EVERY constant-cost steps
 * of a long loop (revoking a huge subtree, destroying a space, filling
 * sigma0, checking); the callers hold at most the netns lock, a sleeping
 * lock, never a spinlock.
 */
void l4mm_env_cond_resched(void)
{
	cond_resched();
}

/* Work that may stop does so when its requester is being killed. */
bool l4mm_env_fatal_signal(void)
{
	return fatal_signal_pending(current);
}
