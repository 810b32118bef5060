// SPDX-License-Identifier: GPL-2.0
/*
 * The arguments of the extensions beyond the paper (docs/extensions.md,
 * section 10):
 *
 *	FPAGE	VADDR | VADDR/ORDER | VADDR+SIZE
 *	RIGHTS	letters of r, w, x, with - as a placeholder, in any order
 *	options	after the positional arguments, in any order:
 *		rights RIGHTS, uncached, base SNDBASE, paper|keep-subtree
 *
 * A bare VADDR is sent as before (L4MM_A_VADDR alone), so its range and
 * alignment stay the kernel's to judge.  The fpage forms are checked here
 * (order 12..32, SIZE a power of two from 4K to 4G, base aligned to the
 * size): the CLI computes the order from them, and a misaligned base is a
 * typing error best reported with the argument as typed.  The base's
 * range (below 2^32) is still the kernel's.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "l4mm.h"

#define ORDER_MIN	L4MM_PAGE_SHIFT
#define ORDER_MAX	32

/* "Error: argument ARG is wrong: WHAT: why" */
static int badarg(const char *what, const char *arg, const char *why)
{
	char buf[128];

	snprintf(buf, sizeof(buf), "%s: %s", what, why);
	return invarg(buf, arg);
}

/* A decimal or 0x-hex number up to the end or to a suffix letter. */
static int parse_num(const char *s, uint64_t *out, char **end)
{
	const char *digits = s;
	unsigned long long v;
	int base = 10;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		digits = s + 2;
		base = 16;
	}
	if (base == 16 ? !isxdigit((unsigned char)digits[0]) :
			 !isdigit((unsigned char)digits[0]))
		return -1;
	errno = 0;
	v = strtoull(digits, end, base);
	if (errno)
		return -1;
	*out = v;
	return 0;
}

/* SIZE: a power of two from 4K to 4G, optionally K, M or G. */
static int parse_size(const char *s, uint8_t *order)
{
	uint64_t v;
	char *end;
	int shift = 0;

	if (parse_num(s, &v, &end))
		return -1;
	switch (*end) {
	case '\0':
		break;
	case 'K': case 'k':
		shift = 10;
		break;
	case 'M': case 'm':
		shift = 20;
		break;
	case 'G': case 'g':
		shift = 30;
		break;
	default:
		return -1;
	}
	if (*end && end[1])
		return -1;
	if (!v || (v & (v - 1)) || v > (1ULL << ORDER_MAX) >> shift)
		return -1;
	v <<= shift;
	if (v < (1ULL << ORDER_MIN))
		return -1;
	*order = __builtin_ctzll(v);
	return 0;
}

int parse_fpage(const char *arg, const char *what, uint64_t *vaddr,
		uint8_t *order, bool *has_order)
{
	char base[L4MM_ARG_MAX + 1];
	const char *sep = strpbrk(arg, "/+");
	unsigned long ord;
	size_t len;
	char *end;

	if (!sep) {
		*has_order = false;
		*order = ORDER_MIN;
		return parse_vaddr(arg, what, vaddr);
	}
	len = sep - arg;
	if (len > L4MM_ARG_MAX)
		return invarg(what, arg);
	memcpy(base, arg, len);
	base[len] = '\0';
	if (parse_num(base, vaddr, &end) || *end)
		return badarg(what, arg, "bad base address");
	if (*sep == '/') {
		errno = 0;
		ord = isdigit((unsigned char)sep[1]) ?
		      strtoul(sep + 1, &end, 10) : 0;
		if (errno || !isdigit((unsigned char)sep[1]) || *end ||
		    ord < ORDER_MIN || ord > ORDER_MAX)
			return badarg(what, arg, "ORDER must be 12..32");
		*order = ord;
	} else if (parse_size(sep + 1, order)) {
		return badarg(what, arg,
			      "SIZE must be a power of two from 4K to 4G");
	}
	if (*vaddr & ((1ULL << *order) - 1))
		return badarg(what, arg, "base not aligned to the fpage size");
	*has_order = true;
	return 0;
}

int parse_rights(const char *arg, const char *what, uint8_t *out)
{
	uint8_t bits = 0, bit;
	const char *p;

	if (!arg[0] || strlen(arg) > 3)
		return badarg(what, arg, "letters of r, w, x and -");
	for (p = arg; *p; p++) {
		switch (*p) {
		case 'r':
			bit = L4MM_RIGHT_R;
			break;
		case 'w':
			bit = L4MM_RIGHT_W;
			break;
		case 'x':
			bit = L4MM_RIGHT_X;
			break;
		case '-':
			continue;
		default:
			return badarg(what, arg, "letters of r, w, x and -");
		}
		if (bits & bit)
			return badarg(what, arg, "a letter given twice");
		bits |= bit;
	}
	*out = bits;
	return 0;
}

static const char *const mode_names[] = {
	[L4MM_GRANT_MODE_PAPER]	= "paper",
	[L4MM_GRANT_MODE_KEEP]	= "keep-subtree",
};

const char *grant_mode_name(uint8_t mode)
{
	return mode < sizeof(mode_names) / sizeof(mode_names[0]) ?
	       mode_names[mode] : NULL;
}

uint8_t grant_mode_of(const char *name)
{
	uint8_t m;

	for (m = 1; m < sizeof(mode_names) / sizeof(mode_names[0]); m++)
		if (mode_names[m] && !strcmp(name, mode_names[m]))
			return m;
	return 0;
}

/*
 * The options from argv[i] on.  Which are allowed: map and grant take
 * rights, uncached and base, grant also a mode; unmap and flush rights.
 */
static int parse_opts(int argc, char **argv, int i, struct l4mm_req *req)
{
	bool is_map = req->cmd == L4MM_CMD_MAP || req->cmd == L4MM_CMD_GRANT;
	bool rev = req->cmd == L4MM_CMD_UNMAP || req->cmd == L4MM_CMD_FLUSH;
	const char *opt;

	for (; i < argc; i++) {
		opt = argv[i];
		if ((is_map || rev) && !strcmp(opt, "rights")) {
			if (req->has_rights)
				return invarg("option given twice", opt);
			if (++i == argc)
				return missarg("RIGHTS");
			if (parse_rights(argv[i], "RIGHTS", &req->rights))
				return -1;
			req->has_rights = true;
		} else if (is_map && !strcmp(opt, "uncached")) {
			if (req->uncached)
				return invarg("option given twice", opt);
			req->uncached = true;
		} else if (is_map && !strcmp(opt, "base")) {
			if (req->has_base)
				return invarg("option given twice", opt);
			if (++i == argc)
				return missarg("SNDBASE");
			if (parse_vaddr(argv[i], "SNDBASE", &req->snd_base))
				return -1;
			req->has_base = true;
		} else if (req->cmd == L4MM_CMD_GRANT && grant_mode_of(opt)) {
			if (req->grant_mode)
				return invarg("option given twice", opt);
			req->grant_mode = grant_mode_of(opt);
		} else {
			return invarg("unexpected argument", opt);
		}
	}
	return 0;
}

/* SRC FPAGE DST DEST [options]: map, grant. */
int parse_map_opts(int argc, char **argv, struct l4mm_req *req)
{
	static const char *const names[] = { "SRC", "FPAGE", "DST", "DEST" };

	if (args_count(argc, argv, 4, argc - 1 > 4 ? argc - 1 : 4, names) ||
	    parse_name(argv[1], "SRC", &req->src) ||
	    parse_fpage(argv[2], "FPAGE", &req->src_vaddr, &req->src_order,
			&req->has_src_order) ||
	    parse_name(argv[3], "DST", &req->name) ||
	    parse_fpage(argv[4], "DEST", &req->vaddr, &req->order,
			&req->has_order))
		return -1;
	req->has_vaddr = true;
	return parse_opts(argc, argv, 5, req);
}

/* NAME FPAGE [rights RIGHTS]: unmap, flush; NAME FPAGE: status. */
int parse_fpage_cmd(int argc, char **argv, struct l4mm_req *req)
{
	static const char *const names[] = { "NAME", "FPAGE" };

	if (args_count(argc, argv, 2, argc - 1 > 2 ? argc - 1 : 2, names) ||
	    parse_name(argv[1], "NAME", &req->name) ||
	    parse_fpage(argv[2], "FPAGE", &req->vaddr, &req->order,
			&req->has_order))
		return -1;
	req->has_vaddr = true;
	return parse_opts(argc, argv, 3, req);
}

/* NAME [kip VADDR] [utcb FPAGE]: create. */
int parse_create_args(int argc, char **argv, struct l4mm_req *req)
{
	static const char *const names[] = { "NAME" };
	bool has_order;
	int i;

	if (args_count(argc, argv, 1, argc - 1 > 1 ? argc - 1 : 1, names) ||
	    parse_name(argv[1], "NAME", &req->name))
		return -1;
	for (i = 2; i < argc; i++) {
		if (!strcmp(argv[i], "kip")) {
			if (req->has_kip)
				return invarg("option given twice", argv[i]);
			if (++i == argc)
				return missarg("KIPVADDR");
			if (parse_vaddr(argv[i], "KIPVADDR", &req->kip_vaddr))
				return -1;
			req->has_kip = true;
		} else if (!strcmp(argv[i], "utcb")) {
			if (req->has_utcb)
				return invarg("option given twice", argv[i]);
			if (++i == argc)
				return missarg("UTCBFPAGE");
			if (parse_fpage(argv[i], "UTCBFPAGE", &req->utcb_vaddr,
					&req->utcb_order, &has_order))
				return -1;
			req->has_utcb = true;
		} else {
			return invarg("unexpected argument", argv[i]);
		}
	}
	return 0;
}
