// SPDX-License-Identifier: GPL-2.0
/*
 * Argument parsing.  Nothing here talks to the kernel: a malformed number
 * is rejected before any request is built, while range, alignment and
 * name rules are left to the kernel so that its extack message is what
 * the user sees (naming the argument: see nl.c).  Errors follow
 * iproute2's invarg()/missarg() wording, with the reason:
 *
 *	Error: argument "0x12zz" is wrong: VADDR: not a number (decimal or 0x-hex)
 *	Error: argument "VADDR" is required
 *
 * They are recorded in l4mm_argerr, not printed: the caller prints them
 * with the command's usage line (l4mm_report_argerr()), as text or JSON,
 * and in batch mode only after what is queued has run.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "l4mm.h"

struct l4mm_argerr l4mm_argerr;
const char *l4mm_where_file;
unsigned int l4mm_where_line;

/* "l4mm: FILE:LINE: " in batch mode, nothing otherwise. */
void l4mm_where(FILE *f)
{
	if (l4mm_where_file)
		fprintf(f, "l4mm: %s:%u: ", l4mm_where_file, l4mm_where_line);
}

void l4mm_argerr_clear(void)
{
	memset(&l4mm_argerr, 0, sizeof(l4mm_argerr));
}

int badarg(const char *name, const char *value, const char *reason)
{
	struct l4mm_argerr *e = &l4mm_argerr;

	l4mm_argerr_clear();
	e->set = true;
	snprintf(e->name, sizeof(e->name), "%s", name ? name : "");
	snprintf(e->value, sizeof(e->value), "%s", value);
	snprintf(e->reason, sizeof(e->reason), "%s", reason ? reason : "");
	return -1;
}

int missarg(const char *name)
{
	badarg(name, "", "is required");
	l4mm_argerr.missing = true;
	return -1;
}

const char *l4mm_argerr_text(char *buf, size_t size)
{
	const struct l4mm_argerr *e = &l4mm_argerr;

	if (e->missing)
		snprintf(buf, size, "argument \"%s\" is required", e->name);
	else if (e->name[0] && e->reason[0])
		snprintf(buf, size, "argument \"%s\" is wrong: %s: %s",
			 e->value, e->name, e->reason);
	else
		snprintf(buf, size, "argument \"%s\" is wrong: %s", e->value,
			 e->name[0] ? e->name : e->reason);
	return buf;
}

/*
 * argv[0] is the command word; argv[1..argc-1] its arguments, of which
 * there must be between min and max.  names[i] names argument i + 1.
 */
int args_count(int argc, char **argv, int min, int max,
	       const char *const *names)
{
	if (argc - 1 < min)
		return missarg(names[argc - 1]);
	if (argc - 1 > max)
		return badarg(NULL, argv[max + 1], "unexpected argument");
	return 0;
}

int parse_u64(const char *s, uint64_t *out, char **end)
{
	const char *digits = s;
	unsigned long long v;
	int base = 10;
	char *e;

	/*
	 * Decimal, or hex after "0x": strtoull()'s base 0 would read
	 * "0100000" as octal and silently act on another page, and it
	 * accepts signs and blanks, which we do not.
	 */
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		digits = s + 2;
		base = 16;
	}
	if (base == 16 ? !isxdigit((unsigned char)digits[0]) :
			 !isdigit((unsigned char)digits[0]))
		return -1;
	errno = 0;
	v = strtoull(digits, &e, base);
	if (errno)
		return -1;
	if (end)
		*end = e;
	else if (*e)
		return -1;
	*out = v;
	return 0;
}

/*
 * A virtual address: decimal or 0x-hex, the whole argument must parse.
 * The value is sent as given (u64); the kernel checks range and alignment.
 */
int parse_vaddr(const char *arg, const char *what, uint64_t *out)
{
	if (parse_u64(arg, out, NULL))
		return badarg(what, arg, "not a number (decimal or 0x-hex)");
	return 0;
}

/*
 * A space name.  Only emptiness is checked here: the kernel owns the
 * naming rule (1..15 of [A-Za-z0-9_.-]) and explains a violation.
 */
int parse_name(const char *arg, const char *what, const char **out)
{
	if (!arg[0])
		return badarg(what, arg, "empty name");
	/*
	 * Far longer than any valid name (15): refused here so that a
	 * megabyte-long argument cannot break a batch request's encoding.
	 */
	if (strlen(arg) > L4MM_ARG_MAX)
		return badarg(what, arg, "longer than 15 characters");
	*out = arg;
	return 0;
}

void req_arg(struct l4mm_req *req, int attr, const char *name,
	     const char *word)
{
	if (req->nargs == L4MM_REQ_ARGS)
		return;
	req->args[req->nargs].attr = attr;
	req->args[req->nargs].name = name;
	req->args[req->nargs].word = word;
	req->nargs++;
}

/* NAME VADDR: lookup. */
int parse_name_vaddr(int argc, char **argv, struct l4mm_req *req)
{
	static const char *const names[] = { "NAME", "VADDR" };

	if (args_count(argc, argv, 2, 2, names) ||
	    parse_name(argv[1], "NAME", &req->name) ||
	    parse_vaddr(argv[2], "VADDR", &req->vaddr))
		return -1;
	req->has_vaddr = true;
	req_arg(req, L4MM_A_NAME, "NAME", argv[1]);
	req_arg(req, L4MM_A_VADDR, "VADDR", argv[2]);
	return 0;
}

/* NAME: destroy, hwcheck. */
int parse_name_only(int argc, char **argv, struct l4mm_req *req)
{
	static const char *const names[] = { "NAME" };

	if (args_count(argc, argv, 1, 1, names) ||
	    parse_name(argv[1], "NAME", &req->name))
		return -1;
	req_arg(req, L4MM_A_NAME, "NAME", argv[1]);
	return 0;
}

/* [NAME]: check, dump. */
int parse_opt_name(int argc, char **argv, struct l4mm_req *req)
{
	static const char *const names[] = { "NAME" };

	if (args_count(argc, argv, 0, 1, names))
		return -1;
	if (argc < 2)
		return 0;
	if (parse_name(argv[1], "NAME", &req->name))
		return -1;
	req_arg(req, L4MM_A_NAME, "NAME", argv[1]);
	return 0;
}

/* No arguments: list, stats. */
int parse_no_args(int argc, char **argv, struct l4mm_req *req)
{
	(void)req;
	return args_count(argc, argv, 0, 0, NULL);
}
