// SPDX-License-Identifier: GPL-2.0
/*
 * l4mm -b FILE: iproute2's do_batch() (lib/utils.c) with two twists.
 *
 * FILE ('-' = stdin) holds one command per line; blank lines and lines
 * whose first non-blank character is '#' are skipped; a line is split at
 * blanks, and "double quotes" (with \" and \\) group words.  A line may
 * carry -f (before or after the command): that line may fail, its failure
 * is printed but neither stops the batch nor counts (a lookup that checks
 * a page is gone).  No other option is allowed in a line.
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
 * unless -force was given: then the batch goes on, a last line lists the
 * failed lines, and the exit status is 1.  A request is never sent with
 * L4MM_F_FORCE: the kernel stops at the first failure, and the rest of
 * the request is sent again from the entry after it, so that every
 * failing line is known exactly (the reply details only the first).  Not
 * reaching the kernel at all (module not loaded) stops the batch even
 * with -force.
 *
 * With -j everything the lines print (their documents, errors as
 * {"error":...} objects, -v's round-trip summaries) is one JSON array.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "l4mm.h"

#define BATCH_MAX_ARGS	64
/* Failed lines listed by name in the -force summary. */
#define BATCH_LIST_MAX	32

/*
 * Requests queued for one batch round trip: the L4MM_A_BATCH_CMD nests
 * are staged in msg at offsets off[], and came from file lines lines[]
 * (text[], kept to name an argument in an error).
 */
struct l4mm_batch {
	struct nl_msg *msg;
	unsigned int count;
	unsigned int off[L4MM_BATCH_MAX_CMDS];
	unsigned int lines[L4MM_BATCH_MAX_CMDS];
	bool may_fail[L4MM_BATCH_MAX_CMDS];
	char *text[L4MM_BATCH_MAX_CMDS];
	const char *cmds[L4MM_BATCH_MAX_CMDS];

	unsigned int failed;		/* lines that failed (and count) */
	unsigned int listed[BATCH_LIST_MAX];
	bool stop;			/* read no further line */
};

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

/*
 * One line into a command and its request (line is split in place; text
 * is the line as read, for messages); 0, or -1 with l4mm_argerr set (and
 * *cmdp the command, if the line got that far).
 */
static int parse_line(char *line, const char *text, char **argv,
		      struct l4mm_req *req, const struct l4mm_command **cmdp,
		      bool *may_fail)
{
	const struct l4mm_command *cmd;
	struct l4mm_opts o = { 0 };
	int argc, ret;

	*cmdp = NULL;
	l4mm_argerr_clear();
	argc = split_line(line, argv, BATCH_MAX_ARGS - 1);
	if (argc == -1)
		return badarg(NULL, text, "unterminated quote");
	if (argc == -2)
		return badarg(NULL, argv[BATCH_MAX_ARGS - 2],
			      "too many words in one line");
	argv[argc] = NULL;
	/* -f before the command, as on the command line. */
	while (argc > 0 && (!strcmp(argv[0], "-f") ||
			    !strcmp(argv[0], "-force") ||
			    !strcmp(argv[0], "--force"))) {
		o.force = true;
		argv++;
		argc--;
	}
	if (!argc)
		return missarg("COMMAND");
	cmd = l4mm_find_cmd(argv[0]);
	if (!cmd)
		return -1;
	*cmdp = cmd;
	if (cmd->local)
		return badarg(NULL, argv[0], "not available in a batch");
	ret = l4mm_cmd_opts(cmd, &argc, argv, &o, true);
	if (ret > 0)
		return badarg(NULL, "help", "not available in a batch");
	*may_fail = o.force;
	if (ret < 0)
		return -1;
	req->cmd = cmd->nlcmd;
	return cmd->parse(argc, argv, req);
}

static void command_failed(unsigned int line)
{
	fflush(stdout);
	fprintf(stderr, "Command failed %s:%u\n", l4mm_where_file, line);
}

/*
 * Line failed: "Command failed FILE:LINE", counted, and the end of the
 * batch without -force; nothing of that for a line marked -f.
 */
static void line_failed(struct l4mm_ctx *ctx, unsigned int line,
			bool may_fail, bool quiet)
{
	struct l4mm_batch *b = ctx->batch;

	if (may_fail)
		return;
	if (!quiet)
		command_failed(line);
	if (b->failed < BATCH_LIST_MAX)
		b->listed[b->failed] = line;
	b->failed++;
	if (!ctx->force)
		b->stop = true;
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
		       const struct l4mm_req *req, const char *text,
		       bool may_fail)
{
	struct l4mm_batch *b = ctx->batch;
	struct nlattr *nest;
	char *copy;

	if (!b->msg && batch_begin(ctx))
		return -1;
	copy = strdup(text);
	if (!copy)
		return -1;
	nest = l4mm_nest_start(b->msg, L4MM_A_BATCH_CMD);
	if (!nest) {
		free(copy);
		return -1;
	}
	if (nla_put_u8(b->msg, L4MM_A_CMD, req->cmd) ||
	    l4mm_put_req(b->msg, req) || nla_nest_end(b->msg, nest) < 0) {
		nla_nest_cancel(b->msg, nest);
		free(copy);
		return -1;
	}
	b->off[b->count] = (char *)nest - (char *)nlmsg_hdr(b->msg);
	b->lines[b->count] = l4mm_where_line;
	b->cmds[b->count] = cmd->name;
	b->text[b->count] = copy;
	b->may_fail[b->count] = may_fail;
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

/*
 * Report the failure in ctx against the idx-th queued command, naming the
 * argument the kernel pointed at: the line is parsed again for that (it
 * parsed before, and its words are gone since).
 */
static void blame(struct l4mm_ctx *ctx, unsigned int idx, bool quiet)
{
	struct l4mm_batch *b = ctx->batch;
	const struct l4mm_command *cmd;
	struct l4mm_req req = { 0 };
	char *argv[BATCH_MAX_ARGS];
	char *copy = NULL;
	bool may_fail;

	l4mm_where_line = b->lines[idx];
	ctx->cmd = b->cmds[idx];
	if (ctx->err_attr >= 0)
		copy = strdup(b->text[idx]);
	if (copy && !parse_line(copy, b->text[idx], argv, &req, &cmd,
				&may_fail))
		ctx->req = &req;
	l4mm_report(ctx);
	ctx->req = NULL;
	free(copy);
	line_failed(ctx, b->lines[idx], b->may_fail[idx], quiet);
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

/* Every one of [from, to) failed with the error in ctx. */
static void fail_all(struct l4mm_ctx *ctx, unsigned int from,
		     unsigned int to)
{
	struct l4mm_batch *b = ctx->batch;
	unsigned int i;

	blame(ctx, from, false);
	if (to - from > 1)
		fprintf(stderr, "l4mm: %s: lines %u-%u were refused with it\n",
			l4mm_where_file, b->lines[from + 1], b->lines[to - 1]);
	for (i = from + 1; i < to; i++)
		line_failed(ctx, b->lines[i], b->may_fail[i], true);
}

/*
 * Send queued entries [from, to) and report what failed, one failing
 * entry at a time: the kernel (without L4MM_F_FORCE) stops at the first
 * failure, having run the entries before it; after a failure that may
 * be passed over the rest is sent again.
 *
 * The kernel checks a whole batch before running any of it, so a request
 * with one malformed entry (an address out of range, an overlong name) is
 * refused as a whole.  The extack offset tells which entry: then the
 * entries before it are sent on their own, it is reported, and the ones
 * after it are sent too when the batch goes on.  The file thus behaves as
 * if its lines had been run one by one.
 */
static void send_range(struct l4mm_ctx *ctx, unsigned int from,
		       unsigned int to)
{
	unsigned int off[L4MM_BATCH_MAX_CMDS];
	char errmsg[sizeof(ctx->errmsg)];
	struct l4mm_batch *b = ctx->batch;
	struct batch_reply r;
	int ret, k, err, attr;
	struct nl_msg *msg;
	unsigned int idx;

	while (from < to && !b->stop && !ctx->fatal) {
		memset(&r, 0, sizeof(r));
		ctx->cmd = b->cmds[from];
		l4mm_where_line = b->lines[from];
		msg = range_msg(ctx, from, to, off);
		if (!msg) {
			l4mm_set_err(ctx, ENOMEM, "cannot build the request");
			ctx->err_attr = -1;
			ctx->fatal = true;
			fail_all(ctx, from, to);
			return;
		}
		ret = l4mm_transact(ctx, msg, batch_reply, &r);
		if (!ret) {
			print_round_trip(ctx, to - from, &r);
			if (!r.failed)
				return;
			idx = from + (r.index < to - from ? r.index : 0);
			l4mm_set_err(ctx, r.err, "%s", r.msg);
			ctx->has_extack = r.msg[0];
			ctx->err_attr = -1;
			blame(ctx, idx, false);
			from = idx + 1;
			continue;
		}
		if (ret == -2) {
			/* Not connected: l4mm_connect() said why. */
			ctx->fatal = true;
			for (idx = from; idx < to; idx++)
				line_failed(ctx, b->lines[idx], false,
					    idx != from);
			return;
		}
		k = entry_at(off, to - from, ctx->err_off);
		if (k < 0) {
			/* Refused as a whole (EPERM, ...). */
			fail_all(ctx, from, to);
			return;
		}
		idx = from + k;
		err = ctx->err;
		attr = ctx->err_attr;
		memcpy(errmsg, ctx->errmsg, sizeof(errmsg));
		if (idx > from)
			send_range(ctx, from, idx);
		if (b->stop || ctx->fatal)
			return;
		l4mm_set_err(ctx, err, "%s", errmsg);
		ctx->has_extack = errmsg[0];
		ctx->err_attr = attr;
		blame(ctx, idx, false);
		from = idx + 1;
	}
}

/* Send what is queued (in one L4MM_CMD_BATCH request, normally). */
static void batch_flush(struct l4mm_ctx *ctx)
{
	struct l4mm_batch *b = ctx->batch;
	unsigned int saved = l4mm_where_line;
	unsigned int i;

	if (!b->count)
		return;
	send_range(ctx, 0, b->count);
	for (i = 0; i < b->count; i++)
		free(b->text[i]);
	nlmsg_free(b->msg);
	b->msg = NULL;
	b->count = 0;
	l4mm_where_line = saved;
}

/* One non-blank line. */
static void batch_line(struct l4mm_ctx *ctx, char *line)
{
	const struct l4mm_command *cmd = NULL;
	struct l4mm_batch *b = ctx->batch;
	struct l4mm_req req = { 0 };
	char *argv[BATCH_MAX_ARGS];
	bool may_fail = false;
	char *text;
	int ok;

	text = strdup(line);
	if (!text) {
		l4mm_error(ctx, "%s", strerror(ENOMEM));
		ctx->fatal = true;
		return;
	}
	ok = !parse_line(line, text, argv, &req, &cmd, &may_fail);
	if (ok && cmd->mutating) {
		if (batch_full(b))
			batch_flush(ctx);
		if (b->stop || ctx->fatal)
			goto out;
		if (!batch_queue(ctx, cmd, &req, text, may_fail))
			goto out;
		/* No room left: send what is queued, then try again alone. */
		if (b->count) {
			batch_flush(ctx);
			if (b->stop || ctx->fatal ||
			    !batch_queue(ctx, cmd, &req, text, may_fail))
				goto out;
		}
		ctx->cmd = cmd->name;
		l4mm_error(ctx, "request too large for a batch");
		line_failed(ctx, l4mm_where_line, may_fail, false);
		goto out;
	}

	/* Anything else runs after what is queued. */
	batch_flush(ctx);
	if (b->stop || ctx->fatal)
		goto out;
	if (!ok) {
		l4mm_report_argerr(cmd);
		line_failed(ctx, l4mm_where_line, may_fail, false);
		goto out;
	}
	ctx->cmd = cmd->name;
	ctx->req = &req;
	if (cmd->run(ctx, &req))
		line_failed(ctx, l4mm_where_line, may_fail, false);
	ctx->req = NULL;
out:
	free(text);
}

/* -force: which lines failed, exactly ("lines 3, 7 and 9"). */
static void summary(struct l4mm_ctx *ctx)
{
	struct l4mm_batch *b = ctx->batch;
	unsigned int i, n = b->failed;

	if (!ctx->force || !n)
		return;
	fflush(stdout);
	fprintf(stderr, "l4mm: %s: %u command%s failed, line%s", l4mm_where_file,
		n, n == 1 ? "" : "s", n == 1 ? "" : "s");
	for (i = 0; i < n && i < BATCH_LIST_MAX; i++)
		fprintf(stderr, "%s %u", !i ? "" : i + 1 == n ? " and" : ",",
			b->listed[i]);
	fprintf(stderr, "%s\n", n > BATCH_LIST_MAX ? " and more" : "");
}

int l4mm_batch_file(struct l4mm_ctx *ctx, const char *file)
{
	bool use_stdin = !strcmp(file, "-");
	unsigned int lineno = 0, failed;
	char *line = NULL, *p;
	struct l4mm_batch *b;
	size_t cap = 0;
	ssize_t n;
	FILE *f;

	f = use_stdin ? stdin : fopen(file, "r");
	if (!f) {
		l4mm_error(ctx, "cannot open %s: %s", file, strerror(errno));
		return 1;
	}
	b = calloc(1, sizeof(*b));
	if (!b) {
		l4mm_error(ctx, "%s", strerror(ENOMEM));
		if (!use_stdin)
			fclose(f);
		return 1;
	}
	ctx->batch = b;
	l4mm_where_file = file;
	json_batch_begin();

	while (!b->stop && !ctx->fatal && (n = getline(&line, &cap, f)) != -1) {
		lineno++;
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = '\0';
		for (p = line; *p == ' ' || *p == '\t'; p++)
			;
		if (!*p || *p == '#')
			continue;
		l4mm_where_line = lineno;
		batch_line(ctx, p);
	}
	if (!b->stop && !ctx->fatal)
		batch_flush(ctx);
	failed = b->failed;
	if (ferror(f)) {
		ctx->cmd = NULL;
		l4mm_error(ctx, "%s: read error", file);
		failed++;
	}
	summary(ctx);
	json_batch_end();

	/* Left over when the batch stopped early. */
	for (lineno = 0; lineno < b->count; lineno++)
		free(b->text[lineno]);
	if (b->msg)
		nlmsg_free(b->msg);
	free(b);
	ctx->batch = NULL;
	l4mm_where_file = NULL;
	free(line);
	if (!use_stdin)
		fclose(f);
	return failed || ctx->fatal ? 1 : 0;
}
