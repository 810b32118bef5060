// SPDX-License-Identifier: GPL-2.0
/*
 * Generic netlink context: socket setup, request building, one round trip
 * (request, replies, ack/done) with extended-ack error reporting, and dumps
 * that are retried when the kernel flags them NLM_F_DUMP_INTR.
 *
 * The socket is opened lazily, on the first request, so that argument
 * errors never need the module and a batch file is parsed up to the
 * first line that has to reach the kernel.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <linux/netlink.h>
#include <netlink/genl/ctrl.h>

#include "l4mm.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

/* Overridable for testing the client against another family. */
#ifndef L4MM_FAMILY
#define L4MM_FAMILY		L4MM_GENL_NAME
#endif

#define L4MM_DUMP_RETRIES	5
#define L4MM_SOCK_BUF		(1024 * 1024)

/* Client-side policy for replies (batctl:netlink.c does the same). */
struct nla_policy l4mm_policy[L4MM_A_MAX + 1] = {
	[L4MM_A_NAME]		= { .type = NLA_STRING },
	[L4MM_A_VADDR]		= { .type = NLA_U64 },
	[L4MM_A_SRC_NAME]	= { .type = NLA_STRING },
	[L4MM_A_SRC_VADDR]	= { .type = NLA_U64 },
	[L4MM_A_PADDR]		= { .type = NLA_U64 },
	[L4MM_A_DEPTH]		= { .type = NLA_U32 },
	[L4MM_A_REMOVED]	= { .type = NLA_U32 },
	[L4MM_A_INSTALLED]	= { .type = NLA_U8 },
	[L4MM_A_SPACE]		= { .type = NLA_NESTED },
	[L4MM_A_MAPPING]	= { .type = NLA_NESTED },
	[L4MM_A_STATS]		= { .type = NLA_NESTED },
	[L4MM_A_BATCH_DONE]	= { .type = NLA_U32 },
	[L4MM_A_BATCH_FAILED]	= { .type = NLA_U32 },
	[L4MM_A_BATCH_ERR_INDEX] = { .type = NLA_U32 },
	[L4MM_A_BATCH_ERRNO]	= { .type = NLA_U32 },
	[L4MM_A_BATCH_ERR_MSG]	= { .type = NLA_STRING },
	[L4MM_A_RIGHTS]		= { .type = NLA_U8 },
	[L4MM_A_UNCACHED]	= { .type = NLA_FLAG },
	[L4MM_A_GRANT_MODE]	= { .type = NLA_U8 },
	[L4MM_A_PAGES]		= { .type = NLA_U32 },
	[L4MM_A_STATUS]		= { .type = NLA_U8 },
	[L4MM_A_PAGE_SHIFT]	= { .type = NLA_U8 },
	[L4MM_A_RESERVED]	= { .type = NLA_U8 },
};

struct nla_policy l4mm_space_policy[L4MM_A_SPACE_MAX + 1] = {
	[L4MM_A_SPACE_NAME]	= { .type = NLA_STRING },
	[L4MM_A_SPACE_ID]	= { .type = NLA_U32 },
	[L4MM_A_SPACE_PAGES]	= { .type = NLA_U32 },
	[L4MM_A_SPACE_TABLES]	= { .type = NLA_U32 },
	[L4MM_A_SPACE_KIP_VADDR]	= { .type = NLA_U64 },
	[L4MM_A_SPACE_UTCB_VADDR]	= { .type = NLA_U64 },
	[L4MM_A_SPACE_UTCB_ORDER]	= { .type = NLA_U8 },
};

/* One L4MM_A_MAPPING nest: DUMP's, GRAPH's node, an effect of -v/monitor. */
struct nla_policy l4mm_map_policy[L4MM_A_MAP_MAX + 1] = {
	[L4MM_A_MAP_SPACE]	= { .type = NLA_STRING },
	[L4MM_A_MAP_VADDR]	= { .type = NLA_U64 },
	[L4MM_A_MAP_PADDR]	= { .type = NLA_U64 },
	[L4MM_A_MAP_DEPTH]	= { .type = NLA_U32 },
	[L4MM_A_MAP_SRC_SPACE]	= { .type = NLA_STRING },
	[L4MM_A_MAP_SRC_VADDR]	= { .type = NLA_U64 },
	[L4MM_A_MAP_RIGHTS]	= { .type = NLA_U8 },
	[L4MM_A_MAP_UNCACHED]	= { .type = NLA_FLAG },
	[L4MM_A_MAP_STATUS]	= { .type = NLA_U8 },
	[L4MM_A_MAP_PAGE_SHIFT]	= { .type = NLA_U8 },
	[L4MM_A_MAP_RESERVED]	= { .type = NLA_U8 },
	[L4MM_A_MAP_CONTEXT]	= { .type = NLA_FLAG },
	[L4MM_A_MAP_EVENT]	= { .type = NLA_U8 },
};

/* Names of request attributes, for NLMSGERR_ATTR_MISS_TYPE. */
static const char *const attr_names[L4MM_A_MAX + 1] = {
	[L4MM_A_NAME]		= "NAME",
	[L4MM_A_VADDR]		= "VADDR",
	[L4MM_A_SRC_NAME]	= "SRC_NAME",
	[L4MM_A_SRC_VADDR]	= "SRC_VADDR",
	[L4MM_A_BATCH]		= "BATCH",
	[L4MM_A_BATCH_CMD]	= "BATCH_CMD",
	[L4MM_A_CMD]		= "CMD",
	[L4MM_A_FLAGS]		= "FLAGS",
	[L4MM_A_ORDER]		= "ORDER",
	[L4MM_A_SRC_ORDER]	= "SRC_ORDER",
	[L4MM_A_SND_BASE]	= "SND_BASE",
	[L4MM_A_RIGHTS]		= "RIGHTS",
	[L4MM_A_UNCACHED]	= "UNCACHED",
	[L4MM_A_GRANT_MODE]	= "GRANT_MODE",
	[L4MM_A_ACCESS]		= "ACCESS",
	[L4MM_A_KIP_VADDR]	= "KIP_VADDR",
	[L4MM_A_UTCB_VADDR]	= "UTCB_VADDR",
	[L4MM_A_UTCB_ORDER]	= "UTCB_ORDER",
};

const char *l4mm_attr_name(int type)
{
	return type > 0 && type <= L4MM_A_MAX ? attr_names[type] : NULL;
}

void l4mm_set_err(struct l4mm_ctx *ctx, int err, const char *fmt, ...)
{
	va_list ap;

	ctx->err = err;
	va_start(ap, fmt);
	vsnprintf(ctx->errmsg, sizeof(ctx->errmsg), fmt, ap);
	va_end(ap);
}

/*
 * One error, as text on stderr ("l4mm: [FILE:LINE: ]CMD: [ARG "VALUE": ]
 * message[ (strerror)]") and, with -j, as a JSON document on stdout:
 * {"error":{"command":..,"argument":..,"value":..,"message":..,
 * "errno":..,"strerror":..}} (plus "file" and "line" in batch mode).
 */
struct err_out {
	const char *cmd;
	const char *arg;	/* usage name of the argument, or NULL */
	const char *val;	/* its value */
	const char *msg;
	int err;		/* positive errno, 0 for none */
};

static void print_err_json(const struct err_out *e)
{
	json_abort_doc();
	open_json_object(NULL);
	open_json_object("error");
	if (e->cmd)
		print_str(PRINT_JSON, "command", NULL, e->cmd);
	else
		print_null(PRINT_JSON, "command", NULL);
	if (l4mm_where_file) {
		print_str(PRINT_JSON, "file", NULL, l4mm_where_file);
		print_u64(PRINT_JSON, "line", NULL, l4mm_where_line);
	}
	if (e->arg) {
		print_str(PRINT_JSON, "argument", NULL, e->arg);
		print_str(PRINT_JSON, "value", NULL, e->val ? e->val : "");
	} else {
		print_null(PRINT_JSON, "argument", NULL);
		print_null(PRINT_JSON, "value", NULL);
	}
	print_str(PRINT_JSON, "message", NULL, e->msg);
	if (e->err) {
		print_u64(PRINT_JSON, "errno", NULL, e->err);
		print_str(PRINT_JSON, "strerror", NULL, strerror(e->err));
	} else {
		print_null(PRINT_JSON, "errno", NULL);
		print_null(PRINT_JSON, "strerror", NULL);
	}
	close_json_object();
	close_json_object();
	json_end_doc();
}

static void print_err(const struct err_out *e)
{
	fflush(stdout);
	if (l4mm_where_file)
		l4mm_where(stderr);
	else
		fputs("l4mm: ", stderr);
	if (e->cmd)
		fprintf(stderr, "%s: ", e->cmd);
	if (e->arg)
		fprintf(stderr, "%s \"%s\": ", e->arg, e->val ? e->val : "");
	if (e->msg[0] && e->err)
		fprintf(stderr, "%s (%s)\n", e->msg, strerror(e->err));
	else
		fprintf(stderr, "%s\n", e->msg[0] ? e->msg : strerror(e->err));
	if (l4mm_json)
		print_err_json(e);
}

static void vnote(struct l4mm_ctx *ctx, bool json, const char *fmt,
		  va_list ap)
{
	struct err_out e = { .cmd = ctx->cmd };
	char buf[600];

	vsnprintf(buf, sizeof(buf), fmt, ap);
	e.msg = buf;
	if (json) {
		print_err(&e);
		return;
	}
	fflush(stdout);
	if (l4mm_where_file)
		l4mm_where(stderr);
	else
		fputs("l4mm: ", stderr);
	if (ctx->cmd)
		fprintf(stderr, "%s: ", ctx->cmd);
	fprintf(stderr, "%s\n", buf);
}

void l4mm_error(struct l4mm_ctx *ctx, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vnote(ctx, true, fmt, ap);
	va_end(ap);
}

void l4mm_note(struct l4mm_ctx *ctx, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vnote(ctx, false, fmt, ap);
	va_end(ap);
}

/* The argument an attribute came from, if the request says. */
static const struct req_arg *arg_of(const struct l4mm_req *req, int attr)
{
	unsigned int i;

	for (i = 0; req && attr > 0 && i < req->nargs; i++)
		if (req->args[i].attr == attr)
			return &req->args[i];
	return NULL;
}

void l4mm_report(struct l4mm_ctx *ctx)
{
	struct err_out e = { .cmd = ctx->cmd, .msg = ctx->errmsg,
			     .err = ctx->err };
	const struct req_arg *a = arg_of(ctx->req, ctx->err_attr);

	/*
	 * Without an extack message: the errors whose cause is plain.
	 * A dump's .start gets no extack on 6.1 (DUMP of a missing space),
	 * and the genl core refuses an admin command without one.
	 */
	if (!ctx->has_extack && ctx->err == ENOENT && !a && ctx->req &&
	    !ctx->req->src && ctx->req->name) {
		a = arg_of(ctx->req, L4MM_A_NAME);
		e.msg = "space not found";
	} else if (!ctx->has_extack && ctx->err == EPERM) {
		e.msg = "needs CAP_NET_ADMIN over this network namespace";
	}
	if (a) {
		e.arg = a->name;
		e.val = a->word;
	}
	print_err(&e);
}

void l4mm_report_argerr(const struct l4mm_command *cmd)
{
	const struct l4mm_argerr *ae = &l4mm_argerr;
	struct err_out e = { .cmd = cmd ? cmd->name : NULL };
	char text[L4MM_ARG_MAX + 256];

	l4mm_argerr_text(text, sizeof(text));
	fflush(stdout);
	l4mm_where(stderr);
	fprintf(stderr, "Error: %s\n", text);
	if (cmd)
		l4mm_cmd_usage(stderr, cmd, false);
	if (!l4mm_json)
		return;
	e.msg = text;
	if (ae->name[0]) {
		e.arg = ae->name;
		e.val = ae->value;
	}
	print_err_json(&e);
}

/* The positive errno of a kernel error code; EPROTO if it is not one. */
static int errno_of(int neg)
{
	return neg < 0 && neg >= -4095 ? -neg : EPROTO;
}

/*
 * What the policy of the attribute that failed validation allows
 * (NLMSGERR_ATTR_POLICY, 5.10+), appended to the message: "at most 15
 * characters", "0..0xffffffff".
 */
static void policy_hint(struct nlattr *pol, char *buf, size_t size)
{
	struct nlattr *tb[NL_POLICY_TYPE_ATTR_MAX + 1];
	size_t len = strlen(buf);
	uint64_t lo, hi;

	if (nla_parse_nested(tb, NL_POLICY_TYPE_ATTR_MAX, pol, NULL) < 0)
		return;
	if (tb[NL_POLICY_TYPE_ATTR_MAX_LENGTH] &&
	    nla_len(tb[NL_POLICY_TYPE_ATTR_MAX_LENGTH]) >= 4) {
		snprintf(buf + len, size - len, ": at most %u characters",
			 nla_get_u32(tb[NL_POLICY_TYPE_ATTR_MAX_LENGTH]));
	} else if (tb[NL_POLICY_TYPE_ATTR_MIN_VALUE_U] &&
		   tb[NL_POLICY_TYPE_ATTR_MAX_VALUE_U] &&
		   nla_len(tb[NL_POLICY_TYPE_ATTR_MIN_VALUE_U]) >= 8 &&
		   nla_len(tb[NL_POLICY_TYPE_ATTR_MAX_VALUE_U]) >= 8) {
		lo = nla_get_u64(tb[NL_POLICY_TYPE_ATTR_MIN_VALUE_U]);
		hi = nla_get_u64(tb[NL_POLICY_TYPE_ATTR_MAX_VALUE_U]);
		snprintf(buf + len, size - len,
			 hi > 0xffff ? ": 0x%" PRIx64 "..0x%" PRIx64 :
			 ": %" PRIu64 "..%" PRIu64, lo, hi);
	} else if (tb[NL_POLICY_TYPE_ATTR_MASK] &&
		   nla_len(tb[NL_POLICY_TYPE_ATTR_MASK]) >= 8) {
		snprintf(buf + len, size - len, ": bits of 0x%" PRIx64,
			 nla_get_u64(tb[NL_POLICY_TYPE_ATTR_MASK]));
	}
}

/*
 * Extended-ack TLVs (linux:tools/testing/selftests/net/ovpn/ovpn-cli.c).
 * Writes the message, or a note about a missing attribute, into buf.
 */
static void parse_extack(struct l4mm_ctx *ctx, void *tlv, int len,
			 char *buf, size_t size)
{
	struct nlattr *tb[NLMSGERR_ATTR_MAX + 1];
	struct nlattr *a;
	uint32_t type;

	buf[0] = '\0';
	if (len <= 0 || nla_parse(tb, NLMSGERR_ATTR_MAX, tlv, len, NULL) < 0)
		return;
	a = tb[NLMSGERR_ATTR_OFFS];
	if (a && nla_len(a) >= (int)sizeof(uint32_t) &&
	    nla_get_u32(a) <= INT32_MAX)
		ctx->err_off = nla_get_u32(a);
	a = tb[NLMSGERR_ATTR_MSG];
	if (a && nla_len(a) > 0) {
		snprintf(buf, size, "%.*s",
			 (int)strnlen(nla_data(a), nla_len(a)),
			 (const char *)nla_data(a));
		if (tb[NLMSGERR_ATTR_POLICY])
			policy_hint(tb[NLMSGERR_ATTR_POLICY], buf, size);
		return;
	}
	a = tb[NLMSGERR_ATTR_MISS_TYPE];
	if (a && nla_len(a) >= (int)sizeof(uint32_t)) {
		type = nla_get_u32(a);
		if (!tb[NLMSGERR_ATTR_MISS_NEST] && l4mm_attr_name(type))
			snprintf(buf, size, "missing attribute %s",
				 l4mm_attr_name(type));
		else
			snprintf(buf, size, "missing attribute %u", type);
	}
}

struct transact {
	struct l4mm_ctx *ctx;
	l4mm_reply_fn fn;
	void *arg;
	bool done;
	bool failed;
};

/*
 * The request attribute at byte offset off of the request we sent
 * (NLMSGERR_ATTR_OFFS counts from its netlink header; nested attributes
 * too), so that "space not found" can say which argument it means.  The
 * kernel does not echo the request back (NETLINK_CAP_ACK): our own copy
 * is read instead.  -1 if unknown.
 */
static int attr_at(struct nl_msg *msg, int off)
{
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct nlattr a;

	if (off < (int)(NLMSG_HDRLEN + GENL_HDRLEN) ||
	    (size_t)off + sizeof(a) > nlh->nlmsg_len)
		return -1;
	/* Copied: the offset comes from the kernel and may be unaligned. */
	memcpy(&a, (const char *)nlh + off, sizeof(a));
	return a.nla_type & NLA_TYPE_MASK;
}

static void set_error(struct l4mm_ctx *ctx, int err, const char *ext)
{
	ctx->err = err;
	ctx->has_extack = ext && ext[0];
	snprintf(ctx->errmsg, sizeof(ctx->errmsg), "%s", ext ? ext : "");
}

static int err_cb(struct sockaddr_nl *nla, struct nlmsgerr *err, void *arg)
{
	struct nlmsghdr *nlh = (struct nlmsghdr *)err - 1;
	struct transact *t = arg;
	char ext[256] = "";
	char *tlv, *end;

	(void)nla;
	if (nlh->nlmsg_flags & NLM_F_ACK_TLVS) {
		tlv = (char *)&err->msg;
		if (nlh->nlmsg_flags & NLM_F_CAPPED)
			tlv += sizeof(struct nlmsghdr);
		else
			tlv += NLMSG_ALIGN(err->msg.nlmsg_len);
		end = (char *)nlh + nlh->nlmsg_len;
		if (tlv < end)
			parse_extack(t->ctx, tlv, end - tlv, ext,
				     sizeof(ext));
	}
	set_error(t->ctx, errno_of(err->error), ext);
	t->failed = true;
	t->done = true;
	return NL_STOP;
}

static int ack_cb(struct nl_msg *msg, void *arg)
{
	struct transact *t = arg;

	(void)msg;
	t->done = true;
	return NL_STOP;
}

/* NLMSG_DONE carries the dump's final errno (and extack TLVs). */
static int finish_cb(struct nl_msg *msg, void *arg)
{
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct transact *t = arg;
	char ext[256] = "";
	int err, len;

	t->done = true;
	if (nlh->nlmsg_len < NLMSG_LENGTH(sizeof(int)))
		return NL_STOP;
	memcpy(&err, nlmsg_data(nlh), sizeof(err));
	if (err >= 0)
		return NL_STOP;
	len = nlh->nlmsg_len - NLMSG_LENGTH(NLMSG_ALIGN(sizeof(int)));
	if ((nlh->nlmsg_flags & NLM_F_ACK_TLVS) && len > 0)
		parse_extack(t->ctx,
			     (char *)nlmsg_data(nlh) + NLMSG_ALIGN(sizeof(int)),
			     len, ext, sizeof(ext));
	set_error(t->ctx, errno_of(err), ext);
	t->failed = true;
	return NL_STOP;
}

static int intr_cb(struct nl_msg *msg, void *arg)
{
	struct transact *t = arg;

	(void)msg;
	t->ctx->dump_intr = true;
	/* Keep reading up to NLMSG_DONE; the caller retries the dump. */
	return NL_OK;
}

static int valid_cb(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[L4MM_A_MAX + 1];
	struct transact *t = arg;

	if (t->failed || !t->fn)
		return NL_SKIP;
	if (genlmsg_parse(nlmsg_hdr(msg), 0, tb, L4MM_A_MAX,
			  l4mm_policy) < 0) {
		l4mm_set_err(t->ctx, EPROTO, "malformed reply from the kernel");
		t->failed = true;
		return NL_SKIP;
	}
	if (t->fn(t->ctx, nlmsg_hdr(msg), tb, t->arg))
		t->failed = true;
	return NL_SKIP;
}

void l4mm_disconnect(struct l4mm_ctx *ctx)
{
	if (ctx->sk)
		nl_socket_free(ctx->sk);
	ctx->sk = NULL;
	ctx->family = 0;
}

static void sockopt_on(struct nl_sock *sk, int opt)
{
	int one = 1;

	/* Best effort: older kernels lack extended acks. */
	setsockopt(nl_socket_get_fd(sk), SOL_NETLINK, opt, &one, sizeof(one));
}

/*
 * Open the socket and resolve the family, once (batctl:netlink.c:
 * netlink_create).  Errors are printed here and are fatal for a batch.
 */
int l4mm_connect(struct l4mm_ctx *ctx)
{
	int ret;

	if (ctx->family > 0)
		return 0;
	ctx->sk = nl_socket_alloc();
	if (!ctx->sk) {
		l4mm_error(ctx, "cannot allocate a netlink socket");
		ctx->fatal = true;
		return -1;
	}
	ret = genl_connect(ctx->sk);
	if (ret < 0) {
		l4mm_error(ctx, "cannot open a generic netlink socket: %s",
			   nl_geterror(ret));
		goto err_free;
	}
	sockopt_on(ctx->sk, NETLINK_EXT_ACK);
	/* Errors need not echo a whole batch request back. */
	sockopt_on(ctx->sk, NETLINK_CAP_ACK);
	nl_socket_set_buffer_size(ctx->sk, L4MM_SOCK_BUF, L4MM_SOCK_BUF);
	nl_socket_enable_msg_peek(ctx->sk);

	ret = genl_ctrl_resolve(ctx->sk, L4MM_FAMILY);
	if (ret == -NLE_OBJ_NOTFOUND) {
		l4mm_error(ctx,
			   "generic netlink family '%s' not found: is the module loaded?",
			   L4MM_FAMILY);
		goto err_free;
	}
	if (ret < 0) {
		l4mm_error(ctx, "cannot resolve generic netlink family '%s': %s",
			   L4MM_FAMILY, nl_geterror(ret));
		goto err_free;
	}
	ctx->family = ret;
	return 0;

err_free:
	l4mm_disconnect(ctx);
	ctx->fatal = true;
	return -1;
}

/* A genl message for cmd; the family id is filled in when it is sent. */
struct nl_msg *l4mm_msg_new(struct l4mm_ctx *ctx, uint8_t cmd, int flags,
			    size_t size)
{
	struct nl_msg *msg;

	msg = size ? nlmsg_alloc_size(size) : nlmsg_alloc();
	if (!msg)
		return NULL;
	if (!genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, ctx->family, 0,
			 flags, cmd, L4MM_GENL_VERSION)) {
		nlmsg_free(msg);
		return NULL;
	}
	return msg;
}

/*
 * libnl does not promise NLA_F_NESTED, and the kernel validates strictly
 * (linux:tools/testing/selftests/net/ovpn/ovpn-cli.c wraps it the same way).
 */
struct nlattr *l4mm_nest_start(struct nl_msg *msg, int type)
{
	struct nlattr *nest = nla_nest_start(msg, type);

	if (nest)
		nest->nla_type |= NLA_F_NESTED;
	return nest;
}

/* The extensions' attributes, each only if the command line gave it. */
static int put_ext(struct nl_msg *msg, const struct l4mm_req *req)
{
	if (req->has_src_order &&
	    nla_put_u8(msg, L4MM_A_SRC_ORDER, req->src_order))
		return -1;
	if (req->has_order && nla_put_u8(msg, L4MM_A_ORDER, req->order))
		return -1;
	if (req->has_base && nla_put_u64(msg, L4MM_A_SND_BASE, req->snd_base))
		return -1;
	if (req->has_rights && nla_put_u8(msg, L4MM_A_RIGHTS, req->rights))
		return -1;
	if (req->uncached && nla_put_flag(msg, L4MM_A_UNCACHED))
		return -1;
	if (req->grant_mode &&
	    nla_put_u8(msg, L4MM_A_GRANT_MODE, req->grant_mode))
		return -1;
	if (req->has_access && nla_put_u8(msg, L4MM_A_ACCESS, req->access))
		return -1;
	if (req->has_kip && nla_put_u64(msg, L4MM_A_KIP_VADDR, req->kip_vaddr))
		return -1;
	if (req->has_utcb &&
	    (nla_put_u64(msg, L4MM_A_UTCB_VADDR, req->utcb_vaddr) ||
	     nla_put_u8(msg, L4MM_A_UTCB_ORDER, req->utcb_order)))
		return -1;
	return 0;
}

int l4mm_put_req(struct nl_msg *msg, const struct l4mm_req *req)
{
	if (req->effects && nla_put_flag(msg, L4MM_A_EFFECTS))
		return -1;
	if (req->graph_all && nla_put_flag(msg, L4MM_A_ALL))
		return -1;
	if (req->skip_pristine && nla_put_flag(msg, L4MM_A_SKIP_PRISTINE))
		return -1;
	if (req->dump_pages && nla_put_u32(msg, L4MM_A_PAGES, req->dump_pages))
		return -1;
	if (req->src &&
	    (nla_put_string(msg, L4MM_A_SRC_NAME, req->src) ||
	     nla_put_u64(msg, L4MM_A_SRC_VADDR, req->src_vaddr)))
		return -1;
	if (req->name && nla_put_string(msg, L4MM_A_NAME, req->name))
		return -1;
	if (req->has_vaddr && nla_put_u64(msg, L4MM_A_VADDR, req->vaddr))
		return -1;
	return put_ext(msg, req);
}

/*
 * One round trip: send msg (consumed), feed every reply to fn, wait for
 * the ack or NLMSG_DONE.  Returns 0, or -1 with ctx->err (positive errno,
 * 0 when the failure is libnl's own), ctx->errmsg and, when the kernel
 * pointed at an attribute, ctx->err_off and ctx->err_attr set; -2 when
 * the module cannot be reached (l4mm_connect() said why).
 */
int l4mm_transact(struct l4mm_ctx *ctx, struct nl_msg *msg,
		  l4mm_reply_fn fn, void *arg)
{
	struct transact t = { .ctx = ctx, .fn = fn, .arg = arg };
	struct nl_cb *cb;
	int ret;

	ctx->err = 0;
	ctx->err_off = -1;
	ctx->err_attr = -1;
	ctx->has_extack = false;
	ctx->errmsg[0] = '\0';
	ctx->dump_intr = false;
	if (l4mm_connect(ctx)) {
		nlmsg_free(msg);
		ctx->err = ENOENT;
		return -2;
	}
	nlmsg_hdr(msg)->nlmsg_type = ctx->family;

	cb = nl_cb_alloc(NL_CB_DEFAULT);
	if (!cb) {
		nlmsg_free(msg);
		set_error(ctx, ENOMEM, NULL);
		return -1;
	}
	nl_cb_err(cb, NL_CB_CUSTOM, err_cb, &t);
	nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, ack_cb, &t);
	nl_cb_set(cb, NL_CB_FINISH, NL_CB_CUSTOM, finish_cb, &t);
	nl_cb_set(cb, NL_CB_DUMP_INTR, NL_CB_CUSTOM, intr_cb, &t);
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, valid_cb, &t);

	ret = nl_send_auto(ctx->sk, msg);
	if (ret < 0)
		goto err_nl;
	while (!t.done) {
		ret = nl_recvmsgs(ctx->sk, cb);
		if (ret < 0 && !t.done)
			goto err_nl;
	}
	nl_cb_put(cb);
	if (t.failed)
		ctx->err_attr = attr_at(msg, ctx->err_off);
	nlmsg_free(msg);
	return t.failed ? -1 : 0;

err_nl:
	nl_cb_put(cb);
	nlmsg_free(msg);
	l4mm_set_err(ctx, 0, "netlink: %s", nl_geterror(ret));
	/* The stream may be out of step now: start afresh next time. */
	l4mm_disconnect(ctx);
	return -1;
}

static struct nl_msg *req_msg(struct l4mm_ctx *ctx,
			      const struct l4mm_req *req, int flags)
{
	struct nl_msg *msg = l4mm_msg_new(ctx, req->cmd, flags, 0);

	if (msg && l4mm_put_req(msg, req)) {
		nlmsg_free(msg);
		msg = NULL;
	}
	if (!msg)
		l4mm_set_err(ctx, ENOMEM, "cannot build the request");
	return msg;
}

/* A do request; returns 0, -1 (ctx->errmsg set) or -2 (not connected). */
int l4mm_do(struct l4mm_ctx *ctx, const struct l4mm_req *req,
	    l4mm_reply_fn fn, void *arg)
{
	struct nl_msg *msg = req_msg(ctx, req, 0);

	if (!msg)
		return -1;
	return l4mm_transact(ctx, msg, fn, arg);
}

/*
 * A dump request.  If the kernel flags a message NLM_F_DUMP_INTR (the
 * state changed between two parts of the dump), reset() drops what was
 * collected and the dump starts over, a few times at most.
 */
int l4mm_dump(struct l4mm_ctx *ctx, const struct l4mm_req *req,
	      l4mm_reply_fn fn, void (*reset)(void *arg), void *arg)
{
	struct nl_msg *msg;
	int i, ret;

	for (i = 0; i < L4MM_DUMP_RETRIES; i++) {
		msg = req_msg(ctx, req, NLM_F_DUMP);
		if (!msg)
			return -1;
		ret = l4mm_transact(ctx, msg, fn, arg);
		if (ret || !ctx->dump_intr)
			return ret;
		reset(arg);
	}
	l4mm_set_err(ctx, EINTR,
		     "dump interrupted by concurrent changes %d times, giving up",
		     L4MM_DUMP_RETRIES);
	return -1;
}

int l4mm_call(struct l4mm_ctx *ctx, const struct l4mm_req *req,
	      l4mm_reply_fn fn, void *arg)
{
	int ret = l4mm_do(ctx, req, fn, arg);

	if (ret == -1)
		l4mm_report(ctx);
	return ret ? 1 : 0;
}

int l4mm_call_dump(struct l4mm_ctx *ctx, const struct l4mm_req *req,
		   l4mm_reply_fn fn, void (*reset)(void *arg), void *arg)
{
	int ret = l4mm_dump(ctx, req, fn, reset, arg);

	if (ret == -1)
		l4mm_report(ctx);
	return ret ? 1 : 0;
}

int l4mm_parse_nested(struct nlattr **tb, int max, struct nlattr *nest,
		      struct nla_policy *policy)
{
	return nla_parse_nested(tb, max, nest, policy);
}

/*
 * Every attribute in attrs (0-terminated) must be present in tb
 * (batctl:netlink.c:missing_mandatory_attrs).
 */
int l4mm_check_mandatory(struct l4mm_ctx *ctx, struct nlattr **tb,
			 const int *attrs, const char *const *names)
{
	int i;

	for (i = 0; attrs[i]; i++) {
		if (tb[attrs[i]])
			continue;
		l4mm_set_err(ctx, EPROTO,
			     "malformed reply from the kernel: no %s attribute",
			     names[i]);
		return -1;
	}
	return 0;
}

int l4mm_each_nest(struct l4mm_ctx *ctx, struct nlmsghdr *nlh, int type,
		   int (*fn)(struct l4mm_ctx *ctx, void *arg,
			     struct nlattr *nest),
		   void *arg)
{
	struct nlattr *attr;
	int rem;

	nla_for_each_attr(attr, genlmsg_attrdata(nlmsg_data(nlh), 0),
			  genlmsg_attrlen(nlmsg_data(nlh), 0), rem) {
		if (nla_type(attr) != type)
			continue;
		if (fn(ctx, arg, attr))
			return -1;
	}
	return 0;
}

void *l4mm_vec_add(struct l4mm_ctx *ctx, struct l4mm_vec *vec, size_t size)
{
	size_t cap = vec->cap ? 2 * vec->cap : 64;
	void *p;

	if (vec->n == vec->cap) {
		p = realloc(vec->v, cap * size);
		if (!p) {
			l4mm_set_err(ctx, ENOMEM, "out of memory");
			return NULL;
		}
		vec->v = p;
		vec->cap = cap;
	}
	return (char *)vec->v + vec->n++ * size;
}
