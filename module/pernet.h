/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Per network namespace state (pernet.c): one struct l4mm_state (the
 * core's) per netns that uses l4mm, made on its first request, and the
 * lock every request on it takes.  docs/LOCKING.md says why this way.
 */
#ifndef _L4MM_PERNET_H
#define _L4MM_PERNET_H

#include <linux/rwsem.h>
#include <linux/seqlock.h>
#include <linux/types.h>

#include "l4mm_core.h"
#include "budget.h"

struct net;
struct netlink_ext_ack;

/**
 * struct l4mm_net - the l4mm state of one network namespace
 * @lock: held for writing by one operation that changes @state (a whole
 *	command, a batch entry), for reading by LOOKUP, LIST, DUMP, CHECK;
 *	every wait for it is killable
 * @state: the address spaces of this netns; NULL until its first request
 *	made it, then set once (under @lock for writing, published with a
 *	release) and kept until the netns goes
 * @stats_seq: protects @stats; written at the end of each change, under
 *	@lock held for writing
 * @stats: the counters of @state as the last change left them, for STATS
 *	without @lock
 * @owner: the per-user budget @state charges (budget.c)
 * @sigma0_pages: the size sigma0 was made with
 */
struct l4mm_net {
	struct rw_semaphore lock;
	struct l4mm_state *state;
	seqlock_t stats_seq;
	struct l4mm_stats stats;
	struct l4mm_owner owner;
	u32 sigma0_pages;
};

int l4mm_net_get(const struct net *net, struct netlink_ext_ack *extack,
		 struct l4mm_net **out);
int l4mm_net_lock_write(struct l4mm_net *ln);
void l4mm_net_unlock_write(struct l4mm_net *ln);
int l4mm_net_relax(struct l4mm_net *ln);
int l4mm_net_lock_read(struct l4mm_net *ln);
void l4mm_net_unlock_read(struct l4mm_net *ln);
void l4mm_net_assert_locked(struct l4mm_net *ln);
void l4mm_net_after_op(struct l4mm_net *ln);
void l4mm_net_stats(struct l4mm_net *ln, struct l4mm_stats *stats,
		    struct l4mm_limits *lim);

int l4mm_pernet_init(void);
void l4mm_pernet_exit(void);

#endif /* _L4MM_PERNET_H */
