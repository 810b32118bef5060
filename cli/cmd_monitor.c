// SPDX-License-Identifier: GPL-2.0
/*
 * l4mm monitor [--time]
 *
 * Like `ip monitor`: joins the family's "monitor" multicast group and
 * prints every state change of this network namespace as the module
 * announces it, until interrupted.  One line per event, the command and
 * its arguments as the requester gave them, then what it did:
 *
 *	map sigma0 0x10000 n1 0x1000: removed 0 pages 1
 *	  + n1:0x1000 -> 0x10000 from sigma0:0x10000
 *	unmap n1 0x1000: removed 2 status ---
 *	  - n2:0x2000 -> 0x10000
 *
 * "+" lines are the pages installed, "-" lines the pages removed (at
 * most 32 per event, then "  ... N more").  --time puts the time of
 * receipt before each event.  -j prints one JSON object per event and
 * line.  When the socket's receive buffer overflowed (the kernel drops
 * events for a listener that does not keep up), a line says so:
 *
 *	monitor: events lost (receive buffer overrun)
 *
 * and -j prints {"overrun":true}.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>

#include <netlink/genl/ctrl.h>

#include "l4mm.h"

/* Big enough for bursts; a stopped reader still overruns it. */
#define L4MM_MON_RCVBUF		(256 * 1024)

static const char *const cmd_names[] = {
	[L4MM_CMD_CREATE] = "create",	[L4MM_CMD_DESTROY] = "destroy",
	[L4MM_CMD_MAP] = "map",		[L4MM_CMD_GRANT] = "grant",
	[L4MM_CMD_UNMAP] = "unmap",	[L4MM_CMD_FLUSH] = "flush",
	[L4MM_CMD_ACCESS] = "access",	[L4MM_CMD_STATUS] = "status",
	[L4MM_CMD_CONFIG] = "config",
};

struct mon {
	struct l4mm_ctx *ctx;
	bool time;
};

static void mon_time(void)
{
	char buf[64];
	struct timeval tv;
	struct tm tm;

	gettimeofday(&tv, NULL);
	localtime_r(&tv.tv_sec, &tm);
	strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%S", &tm);
	print_fp("[%s.%06ld] ", buf, (long)tv.tv_usec);
	if (l4mm_json) {
		snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf),
			 ".%06ld", (long)tv.tv_usec);
		print_str(PRINT_JSON, "time", NULL, buf);
	}
}

/* The request's words, as the command line would give them. */
static void mon_args(uint8_t cmd, struct nlattr **tb)
{
	char bits[4];

	if (cmd == L4MM_CMD_ACCESS) {
		/* The reply's attributes: the translation, not a request. */
		if (tb[L4MM_A_NAME] && tb[L4MM_A_VADDR] && tb[L4MM_A_ACCESS]) {
			print_str(PRINT_ANY, "name", " %s",
				  nla_get_string(tb[L4MM_A_NAME]));
			print_u64(PRINT_ANY, "vaddr", " 0x%" PRIx64,
				  nla_get_u64(tb[L4MM_A_VADDR]));
			print_str(PRINT_ANY, "access", " %s",
				  bits_str(nla_get_u8(tb[L4MM_A_ACCESS]),
					   bits));
		}
		return;
	}
	if (tb[L4MM_A_SRC_NAME] && tb[L4MM_A_SRC_VADDR]) {
		print_str(PRINT_ANY, "src", " %s",
			  nla_get_string(tb[L4MM_A_SRC_NAME]));
		print_u64(PRINT_ANY, "src_vaddr", " 0x%" PRIx64,
			  nla_get_u64(tb[L4MM_A_SRC_VADDR]));
		if (tb[L4MM_A_SRC_ORDER])
			print_u64(PRINT_ANY, "src_order", "/%" PRIu64,
				  nla_get_u8(tb[L4MM_A_SRC_ORDER]));
	}
	if (tb[L4MM_A_NAME])
		print_str(PRINT_ANY, "name", " %s",
			  nla_get_string(tb[L4MM_A_NAME]));
	if (tb[L4MM_A_VADDR])
		print_u64(PRINT_ANY, "vaddr", " 0x%" PRIx64,
			  nla_get_u64(tb[L4MM_A_VADDR]));
	if (tb[L4MM_A_ORDER])
		print_u64(PRINT_ANY, "order", "/%" PRIu64,
			  nla_get_u8(tb[L4MM_A_ORDER]));
	if (tb[L4MM_A_RIGHTS])
		print_str(PRINT_ANY, "rights", " rights %s",
			  bits_str(nla_get_u8(tb[L4MM_A_RIGHTS]), bits));
	if (tb[L4MM_A_UNCACHED]) {
		print_bool(PRINT_JSON, "uncached", NULL, true);
		print_fp(" uncached");
	}
	if (tb[L4MM_A_SND_BASE])
		print_u64(PRINT_ANY, "base", " base 0x%" PRIx64,
			  nla_get_u64(tb[L4MM_A_SND_BASE]));
	if (tb[L4MM_A_GRANT_MODE])
		print_str(PRINT_ANY, "grant_mode", " grant-mode %s",
			  grant_mode_name(nla_get_u8(tb[L4MM_A_GRANT_MODE])));
}

/* What it did, as the command's own reply says it. */
static void mon_result(struct nlattr **tb)
{
	char bits[4];

	if (tb[L4MM_A_REMOVED] || tb[L4MM_A_PAGES] || tb[L4MM_A_STATUS] ||
	    tb[L4MM_A_PADDR])
		print_fp(":");
	if (tb[L4MM_A_PADDR])
		print_u64(PRINT_ANY, "paddr", " -> 0x%" PRIx64,
			  nla_get_u64(tb[L4MM_A_PADDR]));
	if (tb[L4MM_A_REMOVED])
		print_u64(PRINT_ANY, "removed", " removed %" PRIu64,
			  nla_get_u32(tb[L4MM_A_REMOVED]));
	if (tb[L4MM_A_PAGES])
		print_u64(PRINT_ANY, "pages", " pages %" PRIu64,
			  nla_get_u32(tb[L4MM_A_PAGES]));
	if (tb[L4MM_A_STATUS])
		print_str(PRINT_ANY, "status", " status %s",
			  bits_str(nla_get_u8(tb[L4MM_A_STATUS]), bits));
}

static int mon_effect(struct l4mm_ctx *ctx, void *arg, struct nlattr *nest)
{
	struct graph_node n;

	(void)arg;
	if (graph_node_parse(ctx, nest, &n))
		return -1;
	print_fp("\n");
	effect_print(&n);
	return 0;
}

static int mon_event(struct nl_msg *msg, void *arg)
{
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct genlmsghdr *gh = nlmsg_data(nlh);
	struct nlattr *tb[L4MM_A_MAX + 1];
	struct mon *m = arg;
	const char *name;

	if (genlmsg_parse(nlh, 0, tb, L4MM_A_MAX, l4mm_policy) < 0)
		return NL_SKIP;
	name = gh->cmd < ARRAY_SIZE(cmd_names) ? cmd_names[gh->cmd] : NULL;
	open_json_object(NULL);
	if (m->time)
		mon_time();
	if (name)
		print_str(PRINT_ANY, "event", "%s", name);
	else
		print_u64(PRINT_ANY, "event", "command %" PRIu64, gh->cmd);
	mon_args(gh->cmd, tb);
	mon_result(tb);
	open_json_array("effects");
	l4mm_each_nest(m->ctx, nlh, L4MM_A_MAPPING, mon_effect, NULL);
	close_json_array();
	if (tb[L4MM_A_EFFECTS_MORE])
		print_u64(PRINT_ANY, "more", "\n  ... %" PRIu64 " more",
			  nla_get_u32(tb[L4MM_A_EFFECTS_MORE]));
	print_fp("\n");
	close_json_object();
	json_end_doc();
	return NL_OK;
}

static void mon_overrun(struct mon *m)
{
	if (l4mm_json) {
		open_json_object(NULL);
		print_bool(PRINT_JSON, "overrun", NULL, true);
		close_json_object();
		json_end_doc();
	} else {
		printf("monitor: events lost (receive buffer overrun)\n");
	}
	(void)m;
}

static int mon_no_seq(struct nl_msg *msg, void *arg)
{
	(void)msg;
	(void)arg;
	return NL_OK;
}

static int monitor_parse(int argc, char **argv, struct l4mm_req *req)
{
	if (argc > 1 && !strcmp(argv[1], "--time")) {
		req->mon_time = true;
		argc--;
		argv++;
	}
	return parse_no_args(argc, argv, req);
}

static int monitor_run(struct l4mm_ctx *ctx, const struct l4mm_req *req)
{
	struct mon m = { .ctx = ctx, .time = req->mon_time };
	struct nl_cb *cb;
	int grp, ret;

	if (l4mm_connect(ctx))
		return 1;
	grp = genl_ctrl_resolve_grp(ctx->sk, L4MM_GENL_NAME,
				    L4MM_MCGRP_MONITOR);
	if (grp < 0) {
		l4mm_error(ctx, "the module has no \"%s\" group: %s",
			   L4MM_MCGRP_MONITOR, nl_geterror(grp));
		return 1;
	}
	ret = nl_socket_add_membership(ctx->sk, grp);
	if (ret < 0) {
		l4mm_error(ctx, "cannot join the \"%s\" group: %s",
			   L4MM_MCGRP_MONITOR, nl_geterror(ret));
		return 1;
	}
	nl_socket_set_buffer_size(ctx->sk, L4MM_MON_RCVBUF, 0);
	cb = nl_cb_alloc(NL_CB_DEFAULT);
	if (!cb) {
		l4mm_error(ctx, "out of memory");
		return 1;
	}
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, mon_event, &m);
	/* Events have no sequence number to match. */
	nl_cb_set(cb, NL_CB_SEQ_CHECK, NL_CB_CUSTOM, mon_no_seq, NULL);
	/* Every event is a line of its own, whatever stdout is. */
	setvbuf(stdout, NULL, _IOLBF, 0);
	for (;;) {
		ret = nl_recvmsgs(ctx->sk, cb);
		if (ret >= 0 || ret == -NLE_INTR || ret == -NLE_AGAIN)
			continue;
		/* libnl reports the socket's ENOBUFS as NLE_NOMEM. */
		if (ret == -NLE_NOMEM) {
			mon_overrun(&m);
			continue;
		}
		l4mm_error(ctx, "receiving events: %s", nl_geterror(ret));
		break;
	}
	nl_cb_put(cb);
	return 1;
}

static const char *const monitor_opts[] = { "--time", NULL };

const struct l4mm_command cmd_monitor = {
	.name		= "monitor",
	.args		= "[--time]",
	.help		= "print the state changes of this netns as they happen",
	.min_abbrev	= 2,
	.opts		= monitor_opts,
	.parse		= monitor_parse,
	.run		= monitor_run,
};
