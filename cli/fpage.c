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

/* SIZE: a power of two from 4K to 4G, optionally K, M or G. */
static int parse_size(const char *s, uint8_t *order)
{
	uint64_t v;
	char *end;
	int shift = 0;

	if (parse_u64(s, &v, &end))
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
		return badarg(what, arg, "bad base address");
	memcpy(base, arg, len);
	base[len] = '\0';
	if (parse_u64(base, vaddr, NULL))
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

/* What may follow the positional arguments, for "unexpected argument". */
static const char *opts_expected(uint8_t cmd)
{
	switch (cmd) {
	case L4MM_CMD_MAP:
		return "unexpected argument (expected rights, uncached or base)";
	case L4MM_CMD_GRANT:
		return "unexpected argument (expected rights, uncached, base, paper or keep-subtree)";
	case L4MM_CMD_UNMAP:
	case L4MM_CMD_FLUSH:
		return "unexpected argument (expected rights)";
	default:
		return "unexpected argument";
	}
}

/* KEYWORD VALUE: the value word, or -1 when it is missing or given twice. */
static int opt_value(int argc, char **argv, int i, bool seen,
		     const char *value)
{
	if (seen)
		return badarg(NULL, argv[i], "option given twice");
	if (i + 1 == argc)
		return missarg(value);
	return i + 1;
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
			i = opt_value(argc, argv, i, req->has_rights, "RIGHTS");
			if (i < 0 || parse_rights(argv[i], "RIGHTS", &req->rights))
				return -1;
			req->has_rights = true;
			req_arg(req, L4MM_A_RIGHTS, "RIGHTS", argv[i]);
		} else if (is_map && !strcmp(opt, "uncached")) {
			if (req->uncached)
				return badarg(NULL, opt, "option given twice");
			req->uncached = true;
			req_arg(req, L4MM_A_UNCACHED, "uncached", opt);
		} else if (is_map && !strcmp(opt, "base")) {
			i = opt_value(argc, argv, i, req->has_base, "SNDBASE");
			if (i < 0 ||
			    parse_vaddr(argv[i], "SNDBASE", &req->snd_base))
				return -1;
			req->has_base = true;
			req_arg(req, L4MM_A_SND_BASE, "SNDBASE", argv[i]);
		} else if (req->cmd == L4MM_CMD_GRANT && grant_mode_of(opt)) {
			if (req->grant_mode)
				return badarg(NULL, opt, "option given twice");
			req->grant_mode = grant_mode_of(opt);
			req_arg(req, L4MM_A_GRANT_MODE, "MODE", opt);
		} else {
			return badarg(NULL, opt, opts_expected(req->cmd));
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
	req_arg(req, L4MM_A_SRC_NAME, "SRC", argv[1]);
	req_arg(req, L4MM_A_SRC_VADDR, "FPAGE", argv[2]);
	req_arg(req, L4MM_A_SRC_ORDER, "FPAGE", argv[2]);
	req_arg(req, L4MM_A_NAME, "DST", argv[3]);
	req_arg(req, L4MM_A_VADDR, "DEST", argv[4]);
	req_arg(req, L4MM_A_ORDER, "DEST", argv[4]);
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
	req_arg(req, L4MM_A_NAME, "NAME", argv[1]);
	req_arg(req, L4MM_A_VADDR, "FPAGE", argv[2]);
	req_arg(req, L4MM_A_ORDER, "FPAGE", argv[2]);
	return parse_opts(argc, argv, 3, req);
}

/* NAME [kip KIP] [utcb UTCB]: create. */
int parse_create_args(int argc, char **argv, struct l4mm_req *req)
{
	static const char *const names[] = { "NAME" };
	bool has_order;
	int i;

	if (args_count(argc, argv, 1, argc - 1 > 1 ? argc - 1 : 1, names) ||
	    parse_name(argv[1], "NAME", &req->name))
		return -1;
	req_arg(req, L4MM_A_NAME, "NAME", argv[1]);
	for (i = 2; i < argc; i++) {
		if (!strcmp(argv[i], "kip")) {
			i = opt_value(argc, argv, i, req->has_kip, "KIP");
			if (i < 0 ||
			    parse_vaddr(argv[i], "KIP", &req->kip_vaddr))
				return -1;
			req->has_kip = true;
			req_arg(req, L4MM_A_KIP_VADDR, "KIP", argv[i]);
		} else if (!strcmp(argv[i], "utcb")) {
			i = opt_value(argc, argv, i, req->has_utcb, "UTCB");
			if (i < 0 ||
			    parse_fpage(argv[i], "UTCB", &req->utcb_vaddr,
					&req->utcb_order, &has_order))
				return -1;
			req->has_utcb = true;
			req_arg(req, L4MM_A_UTCB_VADDR, "UTCB", argv[i]);
			req_arg(req, L4MM_A_UTCB_ORDER, "UTCB", argv[i]);
		} else {
			return badarg(NULL, argv[i],
				      "unexpected argument (expected kip or utcb)");
		}
	}
	return 0;
}
