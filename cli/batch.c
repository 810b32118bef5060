// SPDX-License-Identifier: GPL-2.0
/*
 * l4mm -b FILE: iproute2's do_batch() (lib/utils.c) with one twist.
 *
 * FILE ('-' = stdin) holds one command per line; blank lines and lines
 * whose first non-blank character is '#' are skipped; a line is split at
 * blanks, and "double quotes" (with \" and \\) group words.
 *
 * Consecutive mutating commands (create, destroy, map, grant, unmap,
 * flush) are not sent one by one: they are packed into one
 * L4MM_CMD_BATCH request, up to L4MM_BATCH_MAX_CMDS commands or
 * L4MM_BATCH_MAX_BYTES bytes, which the kernel runs in order in one
 * entry.  Any other line (a read command, or a line that does not parse)
 * first sends what is queued, so the file still runs strictly in order.
 *
 * On a failure "l4mm: FILE:LINE: CMD: message" and "Command failed
 * FILE:LINE" are printed, LINE being the line of the failing command
 * (the kernel's L4MM_A_BATCH_ERR_INDEX mapped back), and the batch stops,
 * unless -force was given: then L4MM_F_FORCE is set, the batch goes on,
 * and the exit status is 1 at the end.  Not reaching the kernel at all
 * (module not loaded) stops the batch even with -force.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "l4mm.h"

#define BATCH_MAX_ARGS	64

struct batch_reply {
	uint32_t done;
	uint32_t failed;
	uint32_t index;
	uint32_t err;
	char msg[256];
};

/*
 * Split line in place into at most max words.  Returns the number of
 * words, or -1 for an unterminated quote, -2 for too many words.
 */
static int split_line(char *line, char **argv, int max)
{
	char *r = line, *w;
	int argc = 0;
	bool more;

	for (;;) {
		while (*r == ' ' || *r == '\t')
			r++;
		if (!*r)
			return argc;
		if (argc == max)
			return -2;
		w = r;
		argv[argc++] = w;
		while (*r && *r != ' ' && *r != '\t') {
			if (*r != '"') {
				*w++ = *r++;
				continue;
			}
			for (r++; *r && *r != '"'; *w++ = *r++)
				if (*r == '\\' && (r[1] == '"' || r[1] == '\\'))
					r++;
			if (!*r)
				return -1;
			r++;
		}
		more = *r != '\0';
		*w = '\0';
		if (more)
			r++;
	}
}

/* The staging message: only the entries matter, it is never sent. */
static int batch_begin(struct l4mm_ctx *ctx)
{
	struct l4mm_batch *b = ctx->batch;

	b->count = 0;
	b->msg = nlmsg_alloc_size(L4MM_BATCH_MSG_SIZE);
	return b->msg ? 0 : -1;
}

static bool batch_full(struct l4mm_batch *b)
{
	return b->msg && (b->count == L4MM_BATCH_MAX_CMDS ||
			  nlmsg_hdr(b->msg)->nlmsg_len > L4MM_BATCH_MAX_BYTES);
}

/* Queue one parsed mutating command; 0 or -1 (cannot build). */
static int batch_queue(struct l4mm_ctx *ctx, const struct l4mm_command *cmd,
		       const struct l4mm_req *req)
{
	struct l4mm_batch *b = ctx->batch;
	struct nlattr *nest;

	if (!b->msg && batch_begin(ctx))
		return -1;
	nest = l4mm_nest_start(b->msg, L4MM_A_BATCH_CMD);
	if (!nest)
		return -1;
	if (nla_put_u8(b->msg, L4MM_A_CMD, req->cmd) ||
	    l4mm_put_req(b->msg, req) || nla_nest_end(b->msg, nest) < 0) {
		nla_nest_cancel(b->msg, nest);
		return -1;
	}
	b->off[b->count] = (char *)nest - (char *)nlmsg_hdr(b->msg);
	b->lines[b->count] = l4mm_where_line;
	b->cmds[b->count] = cmd->name;
	b->count++;
	return 0;
}

static int batch_reply(struct l4mm_ctx *ctx, struct nlmsghdr *nlh,
		       struct nlattr **tb, void *arg)
{
	static const int mand[] = {
		L4MM_A_BATCH_DONE, L4MM_A_BATCH_FAILED, 0
	};
	static const char *const names[] = { "BATCH_DONE", "BATCH_FAILED" };
	struct batch_reply *r = arg;

	(void)nlh;
	if (l4mm_check_mandatory(ctx, tb, mand, names))
		return -1;
	r->done = nla_get_u32(tb[L4MM_A_BATCH_DONE]);
	r->failed = nla_get_u32(tb[L4MM_A_BATCH_FAILED]);
	if (tb[L4MM_A_BATCH_ERR_INDEX])
		r->index = nla_get_u32(tb[L4MM_A_BATCH_ERR_INDEX]);
	if (tb[L4MM_A_BATCH_ERRNO])
		r->err = nla_get_u32(tb[L4MM_A_BATCH_ERRNO]);
	if (tb[L4MM_A_BATCH_ERR_MSG])
		snprintf(r->msg, sizeof(r->msg), "%s",
			 nla_get_string(tb[L4MM_A_BATCH_ERR_MSG]));
	return 0;
}

static void command_failed(unsigned int line)
{
	fflush(stdout);
	fprintf(stderr, "Command failed %s:%u\n", l4mm_where_file, line);
}

/* Blame the idx-th queued command for a failure. */
static void blame(struct l4mm_ctx *ctx, unsigned int idx)
{
	struct l4mm_batch *b = ctx->batch;

	l4mm_where_line = b->lines[idx];
	ctx->cmd = b->cmds[idx];
	l4mm_report(ctx);
	command_failed(b->lines[idx]);
}

static void print_round_trip(struct l4mm_ctx *ctx, unsigned int count,
			     const struct batch_reply *r)
{
	if (!ctx->verbose)
		return;
	open_json_object(NULL);
	print_u64(PRINT_ANY, "batch", "batch: %" PRIu64 " commands", count);
	print_u64(PRINT_ANY, "done", ", %" PRIu64 " done", r->done);
	print_u64(PRINT_ANY, "failed", ", %" PRIu64 " failed\n", r->failed);
	close_json_object();
	json_end_doc();
}

/*
 * A BATCH request holding queued entries [from, to), copied from the
 * staging message; off[] receives each entry's offset in the new one.
 */
static struct nl_msg *range_msg(struct l4mm_ctx *ctx, unsigned int from,
				unsigned int to, unsigned int *off)
{
	struct l4mm_batch *b = ctx->batch;
	struct nlattr *nest, *entry;
	struct nl_msg *msg;
	unsigned int i;

	msg = l4mm_msg_new(ctx, L4MM_CMD_BATCH, 0, L4MM_BATCH_MSG_SIZE);
	if (!msg)
		return NULL;
	if (ctx->force && nla_put_u32(msg, L4MM_A_FLAGS, L4MM_F_FORCE))
		goto err_free;
	nest = l4mm_nest_start(msg, L4MM_A_BATCH);
	if (!nest)
		goto err_free;
	for (i = from; i < to; i++) {
		entry = (struct nlattr *)((char *)nlmsg_hdr(b->msg) + b->off[i]);
		off[i - from] = nlmsg_hdr(msg)->nlmsg_len;
		if (nla_put(msg, L4MM_A_BATCH_CMD | NLA_F_NESTED,
			    nla_len(entry), nla_data(entry)))
			goto err_free;
	}
	nla_nest_end(msg, nest);
	return msg;

err_free:
	nlmsg_free(msg);
	return NULL;
}

/* The entry whose attributes contain byte offset @err_off, or -1. */
static int entry_at(const unsigned int *off, unsigned int n, int err_off)
{
	int i;

	if (err_off < 0 || !n || (unsigned int)err_off < off[0])
		return -1;
	for (i = n - 1; i > 0; i--)
		if ((unsigned int)err_off >= off[i])
			break;
	return i;
}

/* Report the kernel's first failure in a round trip and the others. */
static unsigned int report_reply(struct l4mm_ctx *ctx, unsigned int from,
				 unsigned int to, struct batch_reply *r)
{
	struct l4mm_batch *b = ctx->batch;
	unsigned int idx;

	print_round_trip(ctx, to - from, r);
	if (!r->failed)
		return 0;
	idx = from + (r->index < to - from ? r->index : 0);
	ctx->err = r->err;
	if (r->msg[0])
		snprintf(ctx->errmsg, sizeof(ctx->errmsg), "%s (%s)", r->msg,
			 strerror(r->err));
	else
		snprintf(ctx->errmsg, sizeof(ctx->errmsg), "%s",
			 strerror(r->err));
	blame(ctx, idx);
	if (r->failed > 1 && idx + 1 < to)
		fprintf(stderr,
			"l4mm: %s: %u more commands failed in lines %u-%u\n",
			l4mm_where_file, r->failed - 1, b->lines[idx + 1],
			b->lines[to - 1]);
	return r->failed;
}

/*
 * Send queued entries [from, to) and report what failed; returns the
 * number of failed commands.
 *
 * The kernel checks a whole batch before running any of it, so a request
 * with one malformed entry (an address out of range, an overlong name) is
 * refused as a whole.  The extack offset tells which entry: then the
 * entries before it are sent on their own, it is reported, and, with
 * -force, the ones after it are sent too.  The file thus behaves as if
 * its lines had been run one by one.
 */
static unsigned int send_range(struct l4mm_ctx *ctx, unsigned int from,
			       unsigned int to)
{
	unsigned int off[L4MM_BATCH_MAX_CMDS];
	struct l4mm_batch *b = ctx->batch;
	char errmsg[sizeof(ctx->errmsg)];
	unsigned int failed = 0;
	struct batch_reply r;
	struct nl_msg *msg;
	unsigned int idx;
	int ret, k, err;

	while (from < to) {
		memset(&r, 0, sizeof(r));
		msg = range_msg(ctx, from, to, off);
		if (!msg) {
			snprintf(ctx->errmsg, sizeof(ctx->errmsg), "%s",
				 strerror(ENOMEM));
			blame(ctx, from);
			return failed + to - from;
		}
		ret = l4mm_transact(ctx, msg, batch_reply, &r);
		if (!ret)
			return failed + report_reply(ctx, from, to, &r);
		if (ret == -2) {
			/* Not connected: l4mm_connect() said why. */
			command_failed(b->lines[from]);
			return failed + to - from;
		}
		k = entry_at(off, to - from, ctx->err_off);
		if (k < 0) {
			/* Refused as a whole (EPERM, ...). */
			blame(ctx, from);
			if (to - from > 1)
				fprintf(stderr,
					"l4mm: %s: lines %u-%u were refused with it\n",
					l4mm_where_file, b->lines[from + 1],
					b->lines[to - 1]);
			return failed + to - from;
		}
		idx = from + k;
		err = ctx->err;
		memcpy(errmsg, ctx->errmsg, sizeof(errmsg));
		if (idx > from) {
			failed += send_range(ctx, from, idx);
			if (failed && (!ctx->force || ctx->fatal))
				return failed;
		}
		ctx->err = err;
		memcpy(ctx->errmsg, errmsg, sizeof(errmsg));
		blame(ctx, idx);
		failed++;
		if (!ctx->force)
			return failed;
		from = idx + 1;
	}
	return failed;
}

/*
 * Send the queued commands (in one L4MM_CMD_BATCH request, normally).
 * Returns the number of commands that failed, reported here.
 */
static unsigned int batch_flush(struct l4mm_ctx *ctx)
{
	struct l4mm_batch *b = ctx->batch;
	unsigned int saved = l4mm_where_line;
	unsigned int failed;

	if (!b->count)
		return 0;
	failed = send_range(ctx, 0, b->count);
	nlmsg_free(b->msg);
	b->msg = NULL;
	b->count = 0;
	l4mm_where_line = saved;
	return failed;
}

/* A line that cannot be run: unknown command or bad arguments. */
static void bad_line(int argc, char **argv, const struct l4mm_command *cmd)
{
	struct l4mm_req req = { 0 };

	if (argc == -1) {
		l4mm_where(stderr);
		fprintf(stderr, "Error: unterminated quote\n");
	} else if (argc == -2) {
		l4mm_where(stderr);
		fprintf(stderr, "Error: more than %d words\n", BATCH_MAX_ARGS);
	} else if (!cmd) {
		l4mm_unknown_cmd(argv[0]);
	} else {
		/* Parse again, this time printing the error. */
		cmd->parse(argc, argv, &req);
	}
}

/* One non-blank line; returns the number of failed commands. */
static unsigned int batch_line(struct l4mm_ctx *ctx, char *line)
{
	const struct l4mm_command *cmd = NULL;
	struct l4mm_req req = { 0 };
	char *argv[BATCH_MAX_ARGS];
	unsigned int failed = 0;
	int argc, ok = 0;

	argc = split_line(line, argv, BATCH_MAX_ARGS);
	if (argc > 0)
		cmd = l4mm_find_cmd(argv[0]);
	if (cmd) {
		req.cmd = cmd->nlcmd;
		l4mm_args_quiet = true;
		ok = !cmd->parse(argc, argv, &req);
		l4mm_args_quiet = false;
	}
	if (ok && cmd->mutating) {
		if (batch_full(ctx->batch))
			failed = batch_flush(ctx);
		if (failed && (!ctx->force || ctx->fatal))
			return failed;
		if (!batch_queue(ctx, cmd, &req))
			return failed;
		/* No room left: send what is queued, then try again alone. */
		if (ctx->batch->count) {
			failed += batch_flush(ctx);
			if (failed && (!ctx->force || ctx->fatal))
				return failed;
			if (!batch_queue(ctx, cmd, &req))
				return failed;
		}
		ctx->cmd = cmd->name;
		l4mm_error(ctx, "request too large for a batch");
		command_failed(l4mm_where_line);
		return failed + 1;
	}

	/* Anything else runs after what is queued. */
	failed = batch_flush(ctx);
	if (failed && (!ctx->force || ctx->fatal))
		return failed;
	if (!ok) {
		bad_line(argc, argv, cmd);
		command_failed(l4mm_where_line);
		return failed + 1;
	}
	ctx->cmd = cmd->name;
	if (cmd->run(ctx, &req)) {
		command_failed(l4mm_where_line);
		failed++;
	}
	return failed;
}

int l4mm_batch_file(struct l4mm_ctx *ctx, const char *file)
{
	unsigned int lineno = 0, failed = 0;
	bool use_stdin = !strcmp(file, "-");
	size_t cap = 0;
	char *line = NULL, *p;
	ssize_t n;
	FILE *f;

	f = use_stdin ? stdin : fopen(file, "r");
	if (!f) {
		fprintf(stderr, "l4mm: cannot open %s: %s\n", file,
			strerror(errno));
		return 1;
	}
	ctx->batch = calloc(1, sizeof(*ctx->batch));
	if (!ctx->batch) {
		fprintf(stderr, "l4mm: %s\n", strerror(ENOMEM));
		failed = 1;
		goto out_close;
	}
	l4mm_where_file = file;

	while ((n = getline(&line, &cap, f)) != -1) {
		lineno++;
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = '\0';
		for (p = line; *p == ' ' || *p == '\t'; p++)
			;
		if (!*p || *p == '#')
			continue;
		l4mm_where_line = lineno;
		failed += batch_line(ctx, p);
		if (failed && (!ctx->force || ctx->fatal))
			break;
	}
	if (!failed || (ctx->force && !ctx->fatal))
		failed += batch_flush(ctx);
	if (ferror(f)) {
		fprintf(stderr, "l4mm: %s: read error\n", file);
		failed++;
	}

	if (ctx->batch->msg)
		nlmsg_free(ctx->batch->msg);
	free(ctx->batch);
	ctx->batch = NULL;
	l4mm_where_file = NULL;
	free(line);
out_close:
	if (!use_stdin)
		fclose(f);
	return failed ? 1 : 0;
}
