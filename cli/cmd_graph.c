// SPDX-License-Identifier: GPL-2.0
/*
 * l4mm graph [--all] [--frames FPAGE] [--limit N] [NAME VADDR | NAME...]
 *
 * The derivation trees of the mapping database as a Graphviz digraph
 * (graph.c has the picture's conventions), or with -j as JSON nodes and
 * edges.  The kernel sends the trees root by root in the MDB's order
 * (L4MM_CMD_GRAPH); this file asks and draws:
 *
 *	(nothing)	every tree but sigma0's pages nobody mapped
 *	--all		those too
 *	NAME...		the mappings of these spaces (up to 16), each with
 *			the mapping it derives from
 *	NAME VADDR	that mapping and everything derived from it, after
 *			the mapping it derives from
 *	--frames FPAGE	the trees whose physical page is in FPAGE
 *	--limit N	refuse a picture of more than N nodes (default
 *			4096, at most 1048576): exit 1 with a message
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "l4mm.h"

static int graph_parse_limit(const char *w, struct l4mm_req *req)
{
	uint64_t v;

	if (parse_u64(w, &v, NULL) || !v || v > L4MM_GRAPH_LIMIT_MAX)
		return badarg("N", w, "must be 1..1048576");
	req->has_limit = true;
	req->limit = (uint32_t)v;
	return 0;
}

static int graph_parse_frames(const char *w, struct l4mm_req *req)
{
	bool has_order = false;
	uint8_t order = 12;
	uint64_t base;

	if (parse_fpage(w, "FPAGE", &base, &order, &has_order))
		return -1;
	if (base & 0xfff)
		return badarg("FPAGE", w, "address is not page-aligned");
	req->has_frames = true;
	req->frames_lo = base;
	req->frames_hi = base + (1ULL << order) - 4096;
	return 0;
}

/*
 * A space name, checked here: GRAPH's start has no extended ack to say
 * which of several names the kernel refused.
 */
static int graph_name(const char *w, const char **out)
{
	size_t n = strspn(w, "abcdefghijklmnopqrstuvwxyz"
			  "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-");

	if (!w[0] || w[n] || n > L4MM_NAME_MAX)
		return badarg("NAME", w, "1..15 characters of [A-Za-z0-9_.-]");
	*out = w;
	return 0;
}

/* The words after the options: NAME VADDR, or NAME... */
static int graph_parse_sel(int argc, char **argv, struct l4mm_req *req)
{
	uint64_t va;
	int i;

	if (argc == 2 && !parse_u64(argv[1], &va, NULL)) {
		if (graph_name(argv[0], &req->name) ||
		    parse_vaddr(argv[1], "VADDR", &req->vaddr))
			return -1;
		req->has_vaddr = true;
		req_arg(req, L4MM_A_NAME, "NAME", argv[0]);
		req_arg(req, L4MM_A_VADDR, "VADDR", argv[1]);
		return 0;
	}
	if (argc > L4MM_GRAPH_MAX_SPACES)
		return badarg("NAME", argv[L4MM_GRAPH_MAX_SPACES],
			      "at most 16 spaces");
	for (i = 0; i < argc; i++)
		if (graph_name(argv[i], &req->spaces[req->nspaces++]))
			return -1;
	return 0;
}

static int graph_parse(int argc, char **argv, struct l4mm_req *req)
{
	int i;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--all")) {
			req->graph_all = true;
			continue;
		}
		if (strcmp(argv[i], "--limit") && strcmp(argv[i], "--frames"))
			break;
		if (i + 1 == argc)
			return missarg(argv[i][2] == 'l' ? "N" : "FPAGE");
		if (argv[i][2] == 'l' ? graph_parse_limit(argv[i + 1], req) :
		    graph_parse_frames(argv[i + 1], req))
			return -1;
		i++;
	}
	return graph_parse_sel(argc - i, argv + i, req);
}

static struct nl_msg *graph_msg(struct l4mm_ctx *ctx,
				const struct l4mm_req *req)
{
	struct nl_msg *msg = l4mm_msg_new(ctx, L4MM_CMD_GRAPH, NLM_F_DUMP, 0);
	struct nlattr *nest;
	unsigned int i;

	if (!msg || l4mm_put_req(msg, req))
		goto err;
	if (req->nspaces) {
		nest = l4mm_nest_start(msg, L4MM_A_GRAPH_SPACES);
		if (!nest)
			goto err;
		for (i = 0; i < req->nspaces; i++)
			if (nla_put_string(msg, L4MM_A_NAME, req->spaces[i]))
				goto err;
		nla_nest_end(msg, nest);
	}
	if ((req->has_limit &&
	     nla_put_u32(msg, L4MM_A_GRAPH_LIMIT, req->limit)) ||
	    (req->has_frames &&
	     (nla_put_u64(msg, L4MM_A_GRAPH_PADDR_MIN, req->frames_lo) ||
	      nla_put_u64(msg, L4MM_A_GRAPH_PADDR_MAX, req->frames_hi))))
		goto err;
	return msg;
err:
	nlmsg_free(msg);
	l4mm_set_err(ctx, ENOMEM, "cannot build the request");
	return NULL;
}

static int add_node(struct l4mm_ctx *ctx, void *arg, struct nlattr *nest)
{
	struct graph_node n;

	if (graph_node_parse(ctx, nest, &n))
		return -1;
	return graph_add(ctx, arg, &n);
}

static int graph_reply(struct l4mm_ctx *ctx, struct nlmsghdr *nlh,
		       struct nlattr **tb, void *arg)
{
	(void)tb;
	return l4mm_each_nest(ctx, nlh, L4MM_A_MAPPING, add_node, arg);
}

/* The dump, again from the start if the state changed meanwhile. */
static int graph_fetch(struct l4mm_ctx *ctx, const struct l4mm_req *req,
		       struct graph *g)
{
	struct nl_msg *msg;
	int i, ret;

	for (i = 0; i < 5; i++) {
		if (l4mm_connect(ctx))
			return -2;
		msg = graph_msg(ctx, req);
		if (!msg)
			return -1;
		graph_free(g);
		ret = l4mm_transact(ctx, msg, graph_reply, g);
		if (ret || !ctx->dump_intr)
			return ret;
	}
	l4mm_set_err(ctx, EINTR,
		     "the state changed during each of 5 tries, giving up");
	return -1;
}

/* The errors of GRAPH's start come without extack: name the argument. */
static void graph_report(struct l4mm_ctx *ctx, const struct l4mm_req *req)
{
	uint32_t limit = req->has_limit ? req->limit :
			 L4MM_GRAPH_LIMIT_DEFAULT;

	switch (ctx->err) {
	case EFBIG:
		l4mm_error(ctx, "more than %u mappings selected: choose spaces, "
			   "a subtree (NAME VADDR) or --frames, or raise "
			   "--limit (at most %u)", limit,
			   L4MM_GRAPH_LIMIT_MAX);
		return;
	case ENOENT:
		l4mm_error(ctx, "NAME: space not found (%s)",
			   strerror(ENOENT));
		return;
	case ENXIO:
		if (req->has_vaddr) {
			l4mm_error(ctx, "VADDR \"0x%" PRIx64 "\": not mapped in "
				   "%s (%s)", req->vaddr, req->name,
				   strerror(ENXIO));
			return;
		}
		break;
	case EINVAL:
		if (req->has_vaddr && (req->vaddr & 0xfff)) {
			l4mm_error(ctx, "VADDR \"0x%" PRIx64 "\": address is "
				   "not page-aligned (%s)", req->vaddr,
				   strerror(EINVAL));
			return;
		}
		break;
	}
	l4mm_report(ctx);
}

static int graph_run(struct l4mm_ctx *ctx, const struct l4mm_req *req)
{
	struct graph g = { { 0 }, NULL, 0 };
	int ret;

	ret = graph_fetch(ctx, req, &g);
	if (ret == -1)
		graph_report(ctx, req);
	if (ret) {
		graph_free(&g);
		return 1;
	}
	if (l4mm_json)
		graph_json(&g);
	else
		graph_dot(stdout, &g, NULL);
	graph_free(&g);
	return 0;
}

static const char *const graph_opts[] = {
	"--all", "--frames", "--limit", NULL
};

const struct l4mm_command cmd_graph = {
	.name		= "graph",
	.args		= "[--all] [--frames FPAGE] [--limit N] [NAME VADDR | NAME...]",
	.help		= "the mapping trees as a Graphviz digraph (-j: JSON)",
	.nlcmd		= L4MM_CMD_GRAPH,
	.min_abbrev	= 4,
	.opts		= graph_opts,
	.parse		= graph_parse,
	.run		= graph_run,
};
