// SPDX-License-Identifier: GPL-2.0
/*
 * Argument parsing.  Nothing here talks to the kernel: a malformed number
 * is rejected before any request is built, while range, alignment and
 * name rules are left to the kernel so that its extack message is what
 * the user sees.  Errors follow iproute2's invarg()/missarg():
 *
 *	Error: argument "0x12zz" is wrong: VADDR
 *	Error: argument "VADDR" is required
 *
 * In batch mode they are prefixed with "l4mm: FILE:LINE: ".
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "l4mm.h"

bool l4mm_args_quiet;		/* batch.c: trial parse, print nothing */
const char *l4mm_where_file;
unsigned int l4mm_where_line;

/* "l4mm: FILE:LINE: " in batch mode, nothing otherwise. */
void l4mm_where(FILE *f)
{
	if (l4mm_where_file)
		fprintf(f, "l4mm: %s:%u: ", l4mm_where_file, l4mm_where_line);
}

int invarg(const char *what, const char *arg)
{
	if (l4mm_args_quiet)
		return -1;
	l4mm_where(stderr);
	fprintf(stderr, "Error: argument \"%s\" is wrong: %s\n", arg, what);
	return -1;
}

int missarg(const char *what)
{
	if (l4mm_args_quiet)
		return -1;
	l4mm_where(stderr);
	fprintf(stderr, "Error: argument \"%s\" is required\n", what);
	return -1;
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
		return invarg("unexpected argument", argv[max + 1]);
	return 0;
}

/*
 * A virtual address: decimal or 0x-hex, the whole argument must parse.
 * The value is sent as given (u64); the kernel checks range and alignment.
 */
int parse_vaddr(const char *arg, const char *what, uint64_t *out)
{
	const char *digits = arg;
	unsigned long long v;
	int base = 10;
	char *end;

	/*
	 * Decimal, or hex after "0x": strtoull()'s base 0 would read
	 * "0100000" as octal and silently act on another page, and it
	 * accepts signs and blanks, which we do not.
	 */
	if (arg[0] == '0' && (arg[1] == 'x' || arg[1] == 'X')) {
		digits = arg + 2;
		base = 16;
	}
	if (base == 16 ? !isxdigit((unsigned char)digits[0]) :
			 !isdigit((unsigned char)digits[0]))
		return invarg(what, arg);
	errno = 0;
	v = strtoull(digits, &end, base);
	if (errno || *end)
		return invarg(what, arg);
	*out = v;
	return 0;
}

/*
 * A space name.  Only emptiness is checked here: the kernel owns the
 * naming rule (1..15 of [A-Za-z0-9_.-]) and explains a violation.
 */
int parse_name(const char *arg, const char *what, const char **out)
{
	/*
	 * Far longer than any valid name (15): refused here so that a
	 * megabyte-long argument cannot break a batch request's encoding.
	 */
	if (!arg[0] || strlen(arg) > L4MM_ARG_MAX)
		return invarg(what, arg);
	*out = arg;
	return 0;
}

/* NAME VADDR: unmap, flush, lookup. */
int parse_name_vaddr(int argc, char **argv, struct l4mm_req *req)
{
	static const char *const names[] = { "NAME", "VADDR" };

	if (args_count(argc, argv, 2, 2, names) ||
	    parse_name(argv[1], "NAME", &req->name) ||
	    parse_vaddr(argv[2], "VADDR", &req->vaddr))
		return -1;
	req->has_vaddr = true;
	return 0;
}

/* SRC SRCVADDR DST DSTVADDR: map, grant. */
int parse_map_args(int argc, char **argv, struct l4mm_req *req)
{
	static const char *const names[] = {
		"SRC", "SRCVADDR", "DST", "DSTVADDR"
	};

	if (args_count(argc, argv, 4, 4, names) ||
	    parse_name(argv[1], "SRC", &req->src) ||
	    parse_vaddr(argv[2], "SRCVADDR", &req->src_vaddr) ||
	    parse_name(argv[3], "DST", &req->name) ||
	    parse_vaddr(argv[4], "DSTVADDR", &req->vaddr))
		return -1;
	req->has_vaddr = true;
	return 0;
}

/* NAME: create, destroy. */
int parse_name_only(int argc, char **argv, struct l4mm_req *req)
{
	static const char *const names[] = { "NAME" };

	if (args_count(argc, argv, 1, 1, names))
		return -1;
	return parse_name(argv[1], "NAME", &req->name);
}

/* No arguments: list, stats. */
int parse_no_args(int argc, char **argv, struct l4mm_req *req)
{
	(void)req;
	return args_count(argc, argv, 0, 0, NULL);
}
