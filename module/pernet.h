/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Per network namespace state: one struct l4mm_state (the core's) per netns,
 * created with sigma0 when the netns comes up and destroyed when it goes.
 */
#ifndef _L4MM_PERNET_H
#define _L4MM_PERNET_H

#include <linux/mutex.h>
#include <linux/types.h>

struct net;
struct l4mm_state;

/* Module parameters (main.c). */
extern unsigned int l4mm_sigma0_pages;
extern bool l4mm_check_after_op;

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

struct l4mm_net *l4mm_net(const struct net *net);
void l4mm_net_after_op(struct l4mm_net *ln);

int l4mm_pernet_init(void);
void l4mm_pernet_exit(void);

#endif /* _L4MM_PERNET_H */
