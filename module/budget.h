/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Per-user memory budgets (budget.c): the bytes of every l4mm state whose
 * netns belongs to one user, counted together and bounded by the module
 * parameter max_user_bytes.
 */
#ifndef _L4MM_BUDGET_H
#define _L4MM_BUDGET_H

#include <linux/types.h>

struct net;
struct l4mm_user;

/**
 * struct l4mm_owner - what a netns's state charges its bytes to (the
 *	owner given to the core, struct l4mm_state_cfg)
 * @user: the budget of the user the netns belongs to; NULL: none (a netns
 *	of the initial user namespace)
 * @refused: a charge was refused since the flag was last cleared (tells a
 *	per-user refusal from the state's own max_bytes)
 */
struct l4mm_owner {
	struct l4mm_user *user;
	bool refused;
};

int l4mm_owner_init(struct l4mm_owner *o, const struct net *net);
void l4mm_owner_release(struct l4mm_owner *o);
bool l4mm_owner_budget(const struct l4mm_owner *o, u64 *bytes, u64 *max);
int l4mm_budget_init(void);
void l4mm_budget_exit(void);

#endif /* _L4MM_BUDGET_H */
