// SPDX-License-Identifier: GPL-2.0
/*
 * The libnl-genl-3 client the l4mm netlink selftests share; see
 * l4mm_nlclient.h.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <linux/genetlink.h>
#include <netlink/genl/ctrl.h>

#include "l4mm_nlclient.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

int l4nl_open(struct l4nl *nl)
{
	int one = 1, fd, err = -EIO;

	nl->sk = nl_socket_alloc();
	if (!nl->sk)
		return -ENOMEM;
	if (genl_connect(nl->sk))
		goto err;
	nl->family = genl_ctrl_resolve(nl->sk, L4MM_GENL_NAME);
	if (nl->family < 0) {
		err = -ENOENT;
		goto err;
	}
	fd = nl_socket_get_fd(nl->sk);
	if (setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one)) ||
	    setsockopt(fd, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one)))
		goto err;
	nl_socket_enable_msg_peek(nl->sk);
	return 0;
err:
	nl_socket_free(nl->sk);
	nl->sk = NULL;
	return err;
}

bool l4nl_family_present(void)
{
	struct l4nl nl;

	if (l4nl_open(&nl) == -ENOENT)
		return false;
	l4nl_close(&nl);
	return true;
}

void l4nl_close(struct l4nl *nl)
{
	if (nl->sk)
		nl_socket_free(nl->sk);
	nl->sk = NULL;
}

struct nl_msg *l4msg(struct l4nl *nl, int cmd, int flags)
{
	struct nl_msg *m = nlmsg_alloc_size(1 << 16);

	if (m && !genlmsg_put(m, NL_AUTO_PORT, NL_AUTO_SEQ, nl->family, 0,
			      flags, cmd, L4MM_GENL_VERSION)) {
		nlmsg_free(m);
		m = NULL;
	}
	return m;
}

/* libnl before 3.5 does not set NLA_F_NESTED; a strict family needs it. */
struct nlattr *nest_start(struct nl_msg *m, int type)
{
	struct nlattr *a = nla_nest_start(m, type);

	if (a)
		a->nla_type |= NLA_F_NESTED;
	return a;
}

static void parse_ext(const struct nlmsghdr *nlh, size_t off, struct xfer *x)
{
	struct nlattr *tb[NLMSGERR_ATTR_MAX + 1];

	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS) || nlh->nlmsg_len <= off)
		return;
	if (nla_parse(tb, NLMSGERR_ATTR_MAX, (struct nlattr *)((char *)nlh + off),
		      nlh->nlmsg_len - off, NULL))
		return;
	if (tb[NLMSGERR_ATTR_MSG])
		snprintf(x->ext, sizeof(x->ext), "%.*s",
			 nla_len(tb[NLMSGERR_ATTR_MSG]),
			 (char *)nla_data(tb[NLMSGERR_ATTR_MSG]));
	if (tb[NLMSGERR_ATTR_MISS_TYPE])
		x->miss_type = nla_get_u32(tb[NLMSGERR_ATTR_MISS_TYPE]);
	if (tb[NLMSGERR_ATTR_OFFS])
		x->offs = nla_get_u32(tb[NLMSGERR_ATTR_OFFS]);
}

/* Receive until the ack or NLMSG_DONE. */
int recv_all(struct l4nl *nl, struct xfer *x, int max_bufs)
{
	struct sockaddr_nl sa;
	unsigned char *buf;
	struct nlmsghdr *nlh;
	int n, done = 0;

	while (!done && max_bufs-- != 0) {
		buf = NULL;
		n = nl_recv(nl->sk, &sa, &buf, NULL);
		if (n <= 0) {
			free(buf);
			x->err = -EIO;
			return -EIO;
		}
		for (nlh = (struct nlmsghdr *)buf; nlmsg_ok(nlh, n);
		     nlh = nlmsg_next(nlh, &n)) {
			if (nlh->nlmsg_type == NLMSG_ERROR) {
				struct nlmsgerr *e = nlmsg_data(nlh);
				size_t off = NLMSG_HDRLEN + sizeof(*e);

				if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
					off += NLMSG_ALIGN(e->msg.nlmsg_len - NLMSG_HDRLEN);
				x->err = e->error;
				parse_ext(nlh, off, x);
				done = 1;
				break;
			}
			if (nlh->nlmsg_type == NLMSG_DONE) {
				int e;

				memcpy(&e, nlmsg_data(nlh), sizeof(e));
				x->err = e;
				parse_ext(nlh, NLMSG_HDRLEN + sizeof(int), x);
				if (nlh->nlmsg_flags & NLM_F_DUMP_INTR)
					x->intr = true;
				done = 1;
				break;
			}
			if (nlh->nlmsg_type != nl->family)
				continue;
			if (nlh->nlmsg_flags & NLM_F_DUMP_INTR)
				x->intr = true;
			x->nmsgs++;
			if (x->cb)
				x->cb(nlh, x->arg);
		}
		free(buf);
	}
	return done ? x->err : 1;
}

int send_req(struct l4nl *nl, struct nl_msg *m, struct xfer *x)
{
	int n;

	x->err = 0;
	x->ext[0] = '\0';
	x->miss_type = -1;
	x->offs = -1;
	x->nmsgs = 0;
	x->intr = false;
	if (!m)
		return x->err = -ENOMEM;
	n = nl_send_auto(nl->sk, m);
	nlmsg_free(m);
	if (n < 0)
		return x->err = -EIO;
	return 0;
}

int xfer(struct l4nl *nl, struct nl_msg *m, struct xfer *x)
{
	if (send_req(nl, m, x))
		return x->err;
	return recv_all(nl, x, -1);
}

static int capture_cb(const struct nlmsghdr *nlh, void *arg)
{
	struct reply *r = arg;

	if (r->has || nlh->nlmsg_len > sizeof(r->buf))
		return 0;
	memcpy(r->buf, nlh, nlh->nlmsg_len);
	if (!genlmsg_parse(&r->align, 0, r->tb, L4MM_A_MAX, NULL))
		r->has = true;
	return 0;
}

/* Send a do request; the reply (if any) is parsed into r->tb. */
int do_req(struct l4nl *nl, struct nl_msg *m, struct reply *r)
{
	static struct reply scratch;

	if (!r)
		r = &scratch;
	r->has = false;
	memset(r->tb, 0, sizeof(r->tb));
	r->x.cb = capture_cb;
	r->x.arg = r;
	return xfer(nl, m, &r->x);
}

int l4_name_cmd(struct l4nl *nl, int cmd, const char *name, struct reply *r)
{
	struct nl_msg *m = l4msg(nl, cmd, 0);

	if (m && name)
		nla_put_string(m, L4MM_A_NAME, name);
	return do_req(nl, m, r);
}

int l4_va_cmd(struct l4nl *nl, int cmd, const char *name, uint64_t va,
	      struct reply *r)
{
	struct nl_msg *m = l4msg(nl, cmd, 0);

	if (m) {
		nla_put_string(m, L4MM_A_NAME, name);
		nla_put_u64(m, L4MM_A_VADDR, va);
	}
	return do_req(nl, m, r);
}

/* Case-insensitive: does s contain one of the '|'-separated words? */
bool has_word(const char *s, const char *alts)
{
	char buf[256], *save, *w;

	snprintf(buf, sizeof(buf), "%s", alts);
	for (w = strtok_r(buf, "|", &save); w; w = strtok_r(NULL, "|", &save))
		if (strcasestr(s, w))
			return true;
	return false;
}

void batch_start(struct l4nl *nl, struct batch *b)
{
	b->m = l4msg(nl, L4MM_CMD_BATCH, 0);
	b->outer = b->m ? nest_start(b->m, L4MM_A_BATCH) : NULL;
	b->n = 0;
}

struct nlattr *batch_cmd(struct batch *b, int cmd)
{
	struct nlattr *c = nest_start(b->m, L4MM_A_BATCH_CMD);

	nla_put_u8(b->m, L4MM_A_CMD, cmd);
	b->n++;
	return c;
}
