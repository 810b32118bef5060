/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The libnl-genl-3 client the l4mm netlink selftests share (l4mm_genl,
 * l4mm_fpage): open the family with extended acks, build requests,
 * receive acks, replies and dumps, and build BATCH requests.
 */
#ifndef L4MM_NLCLIENT_H
#define L4MM_NLCLIENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <linux/netlink.h>
#include <netlink/genl/genl.h>
#include <netlink/netlink.h>

#include <linux/l4mm.h>

struct l4nl {
	struct nl_sock *sk;
	int family;
};

/* Outcome of one request: the ack or NLMSG_DONE, and the data messages. */
struct xfer {
	int err;		/* 0 or negative errno of the ack / DONE */
	char ext[256];		/* NLMSGERR_ATTR_MSG */
	int miss_type;		/* NLMSGERR_ATTR_MISS_TYPE or -1 */
	int offs;		/* NLMSGERR_ATTR_OFFS or -1 */
	int nmsgs;		/* data messages received */
	bool intr;		/* some message had NLM_F_DUMP_INTR */
	int (*cb)(const struct nlmsghdr *nlh, void *arg);
	void *arg;
};

/* A do command's reply: the first data message, parsed. */
struct reply {
	struct xfer x;
	bool has;
	union {
		char buf[16384];
		struct nlmsghdr align;
	};
	struct nlattr *tb[L4MM_A_MAX + 1];
};

/* 0, -ENOENT if the family is not registered (module not loaded), -EIO. */
int l4nl_open(struct l4nl *nl);
void l4nl_close(struct l4nl *nl);
/* Is the family there (the module loaded)? */
bool l4nl_family_present(void);

/*
 * main() of a harness test of the family: without the family (the module
 * is not loaded) the whole program is a SKIP, as kselftest wants of a
 * test whose subsystem is absent; an assertion failure would say the
 * module is broken.  (6.1's harness runs a test body even after its
 * FIXTURE_SETUP skipped, so the check cannot live in the fixtures.)
 */
#define L4NL_HARNESS_MAIN						\
	int main(int argc, char **argv)					\
	{								\
		if (!l4nl_family_present()) {				\
			ksft_print_header();				\
			ksft_exit_skip("genl family \"%s\" not found: module not loaded\n", \
				       L4MM_GENL_NAME);			\
		}							\
		return test_harness_run(argc, argv);			\
	}
struct nl_msg *l4msg(struct l4nl *nl, int cmd, int flags);
struct nlattr *nest_start(struct nl_msg *m, int type);

/*
 * Receive until the ack or NLMSG_DONE, at most max_bufs reads (-1: no
 * limit); x->err, or 1 if max_bufs ran out first.
 */
int recv_all(struct l4nl *nl, struct xfer *x, int max_bufs);
/* Send m (freed) and reset x; 0 or x->err. */
int send_req(struct l4nl *nl, struct nl_msg *m, struct xfer *x);
/* send_req() and recv_all(): each data message goes to x->cb. */
int xfer(struct l4nl *nl, struct nl_msg *m, struct xfer *x);
/* Send a do request; the reply (if any) is parsed into r->tb. */
int do_req(struct l4nl *nl, struct nl_msg *m, struct reply *r);
/* A command with at most L4MM_A_NAME (name NULL: none). */
int l4_name_cmd(struct l4nl *nl, int cmd, const char *name, struct reply *r);
/* A command with L4MM_A_NAME and L4MM_A_VADDR. */
int l4_va_cmd(struct l4nl *nl, int cmd, const char *name, uint64_t va,
	      struct reply *r);

/* Case-insensitive: does s contain one of the '|'-separated words? */
bool has_word(const char *s, const char *alts);

/* A BATCH request being built: batch_cmd() opens one command's nest. */
struct batch {
	struct nl_msg *m;
	struct nlattr *outer;
	int n;
};

void batch_start(struct l4nl *nl, struct batch *b);
struct nlattr *batch_cmd(struct batch *b, int cmd);

#endif /* L4MM_NLCLIENT_H */
