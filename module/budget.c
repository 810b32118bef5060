// SPDX-License-Identifier: GPL-2.0
/*
 * Per-user memory budgets, the way ucounts bound the netns a user may
 * create (user.max_net_namespaces): anyone can own a user namespace and
 * the netns in it (unshare -r -n), and every such netns may build an l4mm
 * state, so a bound per netns alone bounds nothing.  The bytes of all the
 * states whose netns belong to one user are counted together and bounded
 * by max_user_bytes.
 *
 * Which user: the one who created the outermost user namespace above the
 * netns's own, below the initial one; that is the user the host knows,
 * whatever ids the namespaces map, and the one ucounts charges at the
 * initial namespace's level.  A netns of the initial user namespace (root
 * made it, or it is the initial netns) has no per-user budget: only its
 * own limits (pernet.c) bound it.
 *
 * The core charges in 64 KiB chunks (L4MM_MEM_CHUNK) through
 * l4mm_env_charge(), so a budget holds at most two chunks per netns more
 * than the states really use.
 */
#include <linux/atomic.h>
#include <linux/hashtable.h>
#include <linux/mm.h>
#include <linux/moduleparam.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/uidgid.h>
#include <linux/user_namespace.h>
#include <net/net_namespace.h>

#include "l4mm_core.h"
#include "budget.h"

/* Unset at load: a quarter of RAM (l4mm_budget_init()). */
#define L4MM_BYTES_AUTO		ULLONG_MAX

static unsigned long long l4mm_max_user_bytes = L4MM_BYTES_AUTO;
module_param_named(max_user_bytes, l4mm_max_user_bytes, ullong, 0644);
MODULE_PARM_DESC(max_user_bytes,
		 "most bytes of l4mm state per user, all netns of the user namespaces the user created together; 0: no limit (default: a quarter of RAM)");

/**
 * struct l4mm_user - the budget of one user
 * @node: in l4mm_users, keyed by @uid
 * @uid: the user, as the initial user namespace sees it
 * @refs: the netns that charge it (l4mm_users_lock)
 * @bytes: bytes charged now, all its netns together
 */
struct l4mm_user {
	struct hlist_node node;
	kuid_t uid;
	unsigned int refs;
	atomic64_t bytes;
};

static DEFINE_HASHTABLE(l4mm_users, 6);
/* Protects l4mm_users and every l4mm_user's @refs. */
static DEFINE_SPINLOCK(l4mm_users_lock);

/* The user the host knows behind @ns: see the comment at the top. */
static bool l4mm_host_user(const struct user_namespace *ns, kuid_t *uid)
{
	if (ns == &init_user_ns)
		return false;
	while (ns->parent != &init_user_ns)
		ns = ns->parent;
	*uid = ns->owner;
	return true;
}

static struct l4mm_user *l4mm_user_find(kuid_t uid)
{
	struct l4mm_user *u;

	hash_for_each_possible(l4mm_users, u, node, __kuid_val(uid))
		if (uid_eq(u->uid, uid))
			return u;
	return NULL;
}

/**
 * l4mm_owner_init() - the owner a netns's state charges
 * @o: the owner, filled
 * @net: the netns
 *
 * Return: 0 or -ENOMEM.
 */
int l4mm_owner_init(struct l4mm_owner *o, const struct net *net)
{
	struct l4mm_user *u, *fresh;
	kuid_t uid;

	o->user = NULL;
	o->refused = false;
	if (!l4mm_host_user(net->user_ns, &uid))
		return 0;
	fresh = kzalloc(sizeof(*fresh), GFP_KERNEL_ACCOUNT);
	if (!fresh)
		return -ENOMEM;
	spin_lock(&l4mm_users_lock);
	u = l4mm_user_find(uid);
	if (!u) {
		u = fresh;
		fresh = NULL;
		u->uid = uid;
		atomic64_set(&u->bytes, 0);
		hash_add(l4mm_users, &u->node, __kuid_val(uid));
	}
	u->refs++;
	spin_unlock(&l4mm_users_lock);
	kfree(fresh);
	o->user = u;
	return 0;
}

/**
 * l4mm_owner_release() - undo l4mm_owner_init()
 * @o: the owner; its state is destroyed and has refunded everything
 */
void l4mm_owner_release(struct l4mm_owner *o)
{
	struct l4mm_user *u = o->user;

	if (!u)
		return;
	o->user = NULL;
	spin_lock(&l4mm_users_lock);
	if (--u->refs) {
		u = NULL;
	} else {
		hash_del(&u->node);
		WARN_ON_ONCE(atomic64_read(&u->bytes));
	}
	spin_unlock(&l4mm_users_lock);
	kfree(u);
}

/**
 * l4mm_owner_budget() - the budget an owner charges, for STATS
 * @o: the owner
 * @bytes: receives the bytes charged to it, all netns of the user
 * @max: receives its limit (0: none)
 *
 * Return: false if the netns has no per-user budget.
 */
bool l4mm_owner_budget(const struct l4mm_owner *o, u64 *bytes, u64 *max)
{
	if (!o->user)
		return false;
	*bytes = atomic64_read(&o->user->bytes);
	*max = READ_ONCE(l4mm_max_user_bytes);
	return true;
}

/*
 * The core's hook: charge or refund a state's bytes to its owner's user.
 * Called under the netns lock of the state, so @o->refused needs no more.
 */
int l4mm_env_charge(void *owner, s64 bytes)
{
	struct l4mm_owner *o = owner;
	u64 max = READ_ONCE(l4mm_max_user_bytes);

	if (!o->user)
		return 0;
	if (bytes <= 0) {
		atomic64_add(bytes, &o->user->bytes);
		return 0;
	}
	if ((u64)atomic64_add_return(bytes, &o->user->bytes) > max && max) {
		atomic64_sub(bytes, &o->user->bytes);
		o->refused = true;
		return -EDQUOT;
	}
	return 0;
}

/**
 * l4mm_budget_init() - the default per-user budget
 *
 * Context: module init.
 * Return: 0.
 */
int __init l4mm_budget_init(void)
{
	if (l4mm_max_user_bytes == L4MM_BYTES_AUTO)
		l4mm_max_user_bytes = (u64)totalram_pages() << PAGE_SHIFT >> 2;
	return 0;
}

/**
 * l4mm_budget_exit() - every budget is gone
 *
 * Context: module exit, after every state was destroyed.
 */
void l4mm_budget_exit(void)
{
	WARN_ON_ONCE(!hash_empty(l4mm_users));
}
