// SPDX-License-Identifier: GPL-2.0
/*
 * Host tests of the CLI's command-line parsing: each case is one command
 * line as a user types it (or as a batch file holds it), run through the
 * command's real parse() and l4mm_put_req(), and the netlink attributes
 * it would send, decoded back, are compared with what docs/extensions.md
 * says they must be.  A line that must be refused must fail without
 * building a request and print an error that names the argument.  No
 * kernel is needed; prints TAP, one line per case.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "l4mm.h"

struct parse_case {
	const char *line;
	/* Decoded attributes, or NULL: the line must be refused ... */
	const char *attrs;
	/* ... with this text in the error message. */
	const char *err;
};

#define OK(l, a)	{ .line = (l), .attrs = (a) }
#define BAD(l, e)	{ .line = (l), .err = (e) }

static const struct parse_case cases[] = {
	/* The paper's command lines send exactly what they always did. */
	OK("map sigma0 0x5000 A 0x1000",
	  "SRC_NAME=sigma0 SRC_VADDR=0x5000 NAME=A VADDR=0x1000"),
	OK("unmap A 4096", "NAME=A VADDR=0x1000"),
	OK("flush A 0x1001", "NAME=A VADDR=0x1001"),	/* kernel judges */
	OK("create A", "NAME=A"),
	OK("lookup A 0x2000", "NAME=A VADDR=0x2000"),
	/* FPAGE: VADDR/ORDER and VADDR+SIZE. */
	OK("map sigma0 0x100000/20 A 0x200000",
	  "SRC_NAME=sigma0 SRC_VADDR=0x100000 NAME=A VADDR=0x200000 SRC_ORDER=20"),
	OK("map sigma0 0x100000+1M A 0x200000",
	  "SRC_NAME=sigma0 SRC_VADDR=0x100000 NAME=A VADDR=0x200000 SRC_ORDER=20"),
	OK("map sigma0 0x0+4G A 0x0",
	  "SRC_NAME=sigma0 SRC_VADDR=0x0 NAME=A VADDR=0x0 SRC_ORDER=32"),
	OK("map sigma0 0x10000+64K A 0x20000+16k",
	  "SRC_NAME=sigma0 SRC_VADDR=0x10000 NAME=A VADDR=0x20000 SRC_ORDER=16 ORDER=14"),
	OK("unmap A 0x100000+0x100000", "NAME=A VADDR=0x100000 ORDER=20"),
	OK("unmap A 0x100000+1048576", "NAME=A VADDR=0x100000 ORDER=20"),
	OK("flush A 0x3000/12", "NAME=A VADDR=0x3000 ORDER=12"),
	OK("status A 0x10000/16", "NAME=A VADDR=0x10000 ORDER=16"),
	OK("status A 0x4000", "NAME=A VADDR=0x4000"),
	/* Bad fpages: refused here, naming the argument. */
	BAD("map sigma0 0x1000/20 A 0x0", "\"0x1000/20\" is wrong: FPAGE: base not aligned"),
	BAD("map sigma0 0x0 A 0x1000+8K", "\"0x1000+8K\" is wrong: DEST: base not aligned"),
	BAD("unmap A 0x0+3K", "\"0x0+3K\" is wrong: FPAGE: SIZE"),
	BAD("unmap A 0x0+2K", "FPAGE: SIZE must be a power of two"),
	BAD("unmap A 0x0+8G", "FPAGE: SIZE"),
	BAD("unmap A 0x0+0", "FPAGE: SIZE"),
	BAD("unmap A 0x0+1MB", "FPAGE: SIZE"),
	BAD("unmap A 0x0/11", "FPAGE: ORDER must be 12..32"),
	BAD("unmap A 0x0/33", "FPAGE: ORDER"),
	BAD("unmap A 0x0/", "FPAGE: ORDER"),
	BAD("unmap A 0x0/2x", "FPAGE: ORDER"),
	BAD("unmap A /20", "FPAGE: bad base"),
	BAD("unmap A 0xg000/20", "FPAGE: bad base"),
	BAD("status A 0x800/12", "base not aligned"),
	/* RIGHTS: letters in any order, - as a placeholder. */
	OK("map sigma0 0x5000 A 0x1000 rights r-x",
	  "SRC_NAME=sigma0 SRC_VADDR=0x5000 NAME=A VADDR=0x1000 RIGHTS=5"),
	OK("map sigma0 0x5000 A 0x1000 rights xr",
	  "SRC_NAME=sigma0 SRC_VADDR=0x5000 NAME=A VADDR=0x1000 RIGHTS=5"),
	OK("map sigma0 0x5000 A 0x1000 rights rw",
	  "SRC_NAME=sigma0 SRC_VADDR=0x5000 NAME=A VADDR=0x1000 RIGHTS=6"),
	OK("unmap A 0x1000 rights w", "NAME=A VADDR=0x1000 RIGHTS=2"),
	OK("flush A 0x1000/12 rights -wx", "NAME=A VADDR=0x1000 ORDER=12 RIGHTS=3"),
	/* A mask the kernel refuses (no r for map, empty) is still sent. */
	OK("map sigma0 0x5000 A 0x1000 rights wx",
	  "SRC_NAME=sigma0 SRC_VADDR=0x5000 NAME=A VADDR=0x1000 RIGHTS=3"),
	OK("unmap A 0x1000 rights ---", "NAME=A VADDR=0x1000 RIGHTS=0"),
	BAD("unmap A 0x1000 rights rwa", "\"rwa\" is wrong: RIGHTS"),
	BAD("unmap A 0x1000 rights rr", "RIGHTS: a letter given twice"),
	BAD("unmap A 0x1000 rights rwxr", "RIGHTS"),
	BAD("unmap A 0x1000 rights", "\"RIGHTS\" is required"),
	BAD("unmap A 0x1000 rights rw rights r", "option given twice"),
	/* Options after the positional arguments, in any order. */
	OK("map sigma0 0x0/16 A 0x100000/20 base 0x30000 uncached rights r",
	  "SRC_NAME=sigma0 SRC_VADDR=0x0 NAME=A VADDR=0x100000 SRC_ORDER=16 ORDER=20 SND_BASE=0x30000 RIGHTS=4 UNCACHED"),
	OK("grant sigma0 0x5000 A 0x1000 keep-subtree rights rx",
	  "SRC_NAME=sigma0 SRC_VADDR=0x5000 NAME=A VADDR=0x1000 RIGHTS=5 GRANT_MODE=2"),
	OK("grant sigma0 0x5000 A 0x1000 paper",
	  "SRC_NAME=sigma0 SRC_VADDR=0x5000 NAME=A VADDR=0x1000 GRANT_MODE=1"),
	BAD("map sigma0 0x5000 A 0x1000 paper", "\"paper\" is wrong: unexpected argument"),
	BAD("grant sigma0 0x5000 A 0x1000 paper keep-subtree", "option given twice"),
	BAD("map sigma0 0x5000 A 0x1000 uncached uncached", "option given twice"),
	BAD("map sigma0 0x5000 A 0x1000 base", "\"SNDBASE\" is required"),
	BAD("map sigma0 0x5000 A 0x1000 base -1", "\"-1\" is wrong: SNDBASE"),
	BAD("unmap A 0x1000 uncached", "\"uncached\" is wrong: unexpected argument"),
	BAD("status A 0x1000 rights r", "\"rights\" is wrong: unexpected argument"),
	BAD("map sigma0 0x5000 A", "\"DEST\" is required"),
	BAD("map sigma0", "\"FPAGE\" is required"),
	BAD("unmap A", "\"FPAGE\" is required"),
	/* create with reserved regions. */
	OK("create A kip 0x3000 utcb 0x100000/14",
	  "NAME=A KIP_VADDR=0x3000 UTCB_VADDR=0x100000 UTCB_ORDER=14"),
	OK("create A utcb 0x8000 kip 0x0",
	  "NAME=A KIP_VADDR=0x0 UTCB_VADDR=0x8000 UTCB_ORDER=12"),
	OK("create A utcb 0x200000+64K",
	  "NAME=A UTCB_VADDR=0x200000 UTCB_ORDER=16"),
	BAD("create A kip", "\"KIPVADDR\" is required"),
	BAD("create A utcb 0x1000+16K", "UTCBFPAGE: base not aligned"),
	BAD("create A kip 1 kip 2", "option given twice"),
	BAD("create A tlb 0x0", "\"tlb\" is wrong: unexpected argument"),
	/* access NAME VADDR r|w|x: any byte address. */
	OK("access A 0x1234 r", "NAME=A VADDR=0x1234 ACCESS=4"),
	OK("access A 0x1000 w", "NAME=A VADDR=0x1000 ACCESS=2"),
	OK("access A 0x1000 x", "NAME=A VADDR=0x1000 ACCESS=1"),
	BAD("access A 0x1000 rw", "\"rw\" is wrong: ACCESS"),
	BAD("access A 0x1000", "\"r|w|x\" is required"),
	/* config [grant-mode MODE]. */
	OK("config", ""),
	OK("config grant-mode keep-subtree", "GRANT_MODE=2"),
	OK("config grant-mode paper", "GRANT_MODE=1"),
	BAD("config grant-mode", "\"MODE\" is required"),
	BAD("config grant-mode fiasco", "\"fiasco\" is wrong: MODE"),
	BAD("config mode paper", "\"mode\" is wrong: unexpected argument"),
};

static const char *const names[L4MM_A_MAX + 1] = {
	[L4MM_A_NAME] = "NAME", [L4MM_A_VADDR] = "VADDR",
	[L4MM_A_SRC_NAME] = "SRC_NAME", [L4MM_A_SRC_VADDR] = "SRC_VADDR",
	[L4MM_A_ORDER] = "ORDER", [L4MM_A_SRC_ORDER] = "SRC_ORDER",
	[L4MM_A_SND_BASE] = "SND_BASE", [L4MM_A_RIGHTS] = "RIGHTS",
	[L4MM_A_UNCACHED] = "UNCACHED", [L4MM_A_GRANT_MODE] = "GRANT_MODE",
	[L4MM_A_ACCESS] = "ACCESS", [L4MM_A_KIP_VADDR] = "KIP_VADDR",
	[L4MM_A_UTCB_VADDR] = "UTCB_VADDR", [L4MM_A_UTCB_ORDER] = "UTCB_ORDER",
};

/* The attributes of msg as "NAME=value ..." in the order they were put. */
static void decode(struct nl_msg *msg, char *out, size_t size)
{
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct nlattr *a;
	size_t len = 0;
	int rem, t;

	out[0] = '\0';
	nla_for_each_attr(a, genlmsg_attrdata(nlmsg_data(nlh), 0),
			  genlmsg_attrlen(nlmsg_data(nlh), 0), rem) {
		t = nla_type(a);
		len += snprintf(out + len, size - len, "%s%s", len ? " " : "",
				t <= L4MM_A_MAX && names[t] ? names[t] : "?");
		if (nla_len(a) == 0)
			continue;
		if (t == L4MM_A_NAME || t == L4MM_A_SRC_NAME)
			len += snprintf(out + len, size - len, "=%s",
					nla_get_string(a));
		else if (nla_len(a) == 8)
			len += snprintf(out + len, size - len, "=0x%llx",
					(unsigned long long)nla_get_u64(a));
		else
			len += snprintf(out + len, size - len, "=%u",
					nla_get_u8(a));
		if (len >= size)
			return;
	}
}

/* Run one case; on failure, why[] says what happened. */
static int run_case(const struct parse_case *c, char *why, size_t size)
{
	struct l4mm_ctx ctx = { 0 };
	struct l4mm_req req = { 0 };
	const struct l4mm_command *cmd;
	char line[256], *argv[32], *tok, got[512], err[512] = "";
	FILE *tmp = tmpfile();
	int argc = 0, saved, ret;
	struct nl_msg *msg;
	size_t n;

	if (!tmp)
		return snprintf(why, size, "tmpfile failed"), -1;
	snprintf(line, sizeof(line), "%s", c->line);
	for (tok = strtok(line, " "); tok && argc < 31; tok = strtok(NULL, " "))
		argv[argc++] = tok;
	argv[argc] = NULL;
	cmd = l4mm_find_cmd(argv[0]);
	if (!cmd) {
		fclose(tmp);
		return snprintf(why, size, "no command %s", argv[0]), -1;
	}
	req.cmd = cmd->nlcmd;
	fflush(stderr);
	saved = dup(2);
	dup2(fileno(tmp), 2);
	ret = cmd->parse(argc, argv, &req);
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	rewind(tmp);
	n = fread(err, 1, sizeof(err) - 1, tmp);
	err[n] = '\0';
	fclose(tmp);
	if (err[0] && err[strlen(err) - 1] == '\n')
		err[strlen(err) - 1] = '\0';

	if (!c->attrs) {
		if (!ret)
			return snprintf(why, size, "accepted"), -1;
		if (!strstr(err, c->err))
			return snprintf(why, size, "error \"%s\", want \"%s\"",
					err, c->err), -1;
		return 0;
	}
	if (ret)
		return snprintf(why, size, "refused: %s", err), -1;
	msg = l4mm_msg_new(&ctx, req.cmd, 0, 0);
	if (!msg || l4mm_put_req(msg, &req)) {
		nlmsg_free(msg);
		return snprintf(why, size, "cannot build the request"), -1;
	}
	decode(msg, got, sizeof(got));
	nlmsg_free(msg);
	if (strcmp(got, c->attrs))
		return snprintf(why, size, "sent \"%s\", want \"%s\"", got,
				c->attrs), -1;
	return 0;
}

/* The dump --abstract suffixes and the bit strings (attrs.c). */
static int check_abstract(char *why, size_t size)
{
	static const struct {
		struct page_attrs a;
		const char *want;
	} t[] = {
		{ { .has_rights = true, .rights = 7, .has_status = true }, "" },
		{ { 0 }, "" },
		{ { .has_rights = true, .rights = 5 }, " rights=r-x" },
		{ { .has_rights = true, .rights = 4, .uncached = true,
		    .has_status = true, .status = 6 },
		  " rights=r-- uncached status=rw-" },
		{ { .has_rights = true, .rights = 7, .has_status = true,
		    .status = 1, .page_shift = 20 }, " status=--x" },
	};
	char buf[128];
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		snprintf(buf, sizeof(buf), "A 0x00001000 Real 0x00005000");
		attrs_abstract(&t[i].a, buf, sizeof(buf));
		if (strcmp(buf + 28, t[i].want))
			return snprintf(why, size, "case %zu: \"%s\"", i,
					buf + 28), -1;
	}
	return 0;
}

int main(void)
{
	size_t i, n = sizeof(cases) / sizeof(cases[0]);
	unsigned int failed = 0;
	char why[1024];

	printf("TAP version 13\n1..%zu\n", n + 1);
	for (i = 0; i < n; i++) {
		why[0] = '\0';
		if (run_case(&cases[i], why, sizeof(why))) {
			printf("not ok %zu - %s # %s\n", i + 1, cases[i].line,
			       why);
			failed++;
		} else {
			printf("ok %zu - %s%s\n", i + 1, cases[i].line,
			       cases[i].attrs ? "" : " (refused)");
		}
	}
	if (check_abstract(why, sizeof(why))) {
		printf("not ok %zu - dump --abstract suffixes # %s\n", n + 1, why);
		failed++;
	} else {
		printf("ok %zu - dump --abstract suffixes\n", n + 1);
	}
	printf("# cli: %zu passed, %u failed\n", n + 1 - failed, failed);
	return failed ? 1 : 0;
}
