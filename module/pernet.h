/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Per network namespace state: one struct l4mm_state (the core's) per
 * netns, and the lock every request on it takes (pernet.c).
 */
#ifndef _L4MM_PERNET_H
#define _L4MM_PERNET_H

#include <linux/mutex.h>
#include <linux/types.h>

struct net;
struct l4mm_state;
struct netlink_ext_ack;

/**
 * struct l4mm_net - the l4mm state of one network namespace
 * @lock: serialises every use of @state (the core has no locking)
 * @state: the address spaces of this netns; valid from netns init to exit
 */
struct l4mm_net {
	/* Protects @state and everything reachable from it. */
	struct mutex lock;
	struct l4mm_state *state;
};

int l4mm_net_get(const struct net *net, struct netlink_ext_ack *extack,
		 struct l4mm_net **out);
int l4mm_net_lock_write(struct l4mm_net *ln);
void l4mm_net_unlock_write(struct l4mm_net *ln);
int l4mm_net_lock_read(struct l4mm_net *ln);
void l4mm_net_unlock_read(struct l4mm_net *ln);
void l4mm_net_assert_locked(struct l4mm_net *ln);
void l4mm_net_after_op(struct l4mm_net *ln);
u32 l4mm_net_sigma0_pages(const struct l4mm_net *ln);

int l4mm_pernet_init(void);
void l4mm_pernet_exit(void);

#endif /* _L4MM_PERNET_H */
