// SPDX-License-Identifier: GPL-2.0
/*
 * l4mm dump --abstract [NAME]: the canonical export of the abstract state
 * (section 3 of the paper), the same text the reference model (model/)
 * prints, so that any state can be compared with the model by cmp(1):
 *
 *	A					every space, even empty
 *	A 0x00001000 Virtual sigma0 0x00005000	Virtual n v
 *	sigma0 0x00005000 Real 0x00005000	Real r, printed as r * 4096
 *	A 0x00003000 Kip 0xfffff000 rights=r-x	a reserved page (Kip, Utcb)
 *
 * followed, only where they are not the default and in this order, by
 * " rights=r-x" (not rwx), " uncached" and " status=rw-" (a bit set)
 * (docs/extensions.md 9), so that a state without the extensions
 * exports exactly as before.
 *
 * Addresses have 8 hex digits and all lines are sorted bytewise, so the
 * order groups each space's lines after its name and sorts pages by
 * address, whatever the space ids.  -j prints the lines as a JSON array
 * of strings.  Spaces come from LIST, pages from the DUMP rows.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "l4mm.h"

struct lines {
	char **v;
	size_t n, cap;
};

static int add_line(struct lines *l, const char *s)
{
	char **v;

	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 64;
		v = realloc(l->v, l->cap * sizeof(*v));
		if (!v)
			return -1;
		l->v = v;
	}
	l->v[l->n] = strdup(s);
	return l->v[l->n++] ? 0 : -1;
}

static int space_reply(struct l4mm_ctx *ctx, struct nlmsghdr *nlh,
		       struct nlattr **tb, void *arg)
{
	struct nlattr *sp[L4MM_A_SPACE_MAX + 1];

	(void)nlh;
	if (!tb[L4MM_A_SPACE] ||
	    l4mm_parse_nested(sp, L4MM_A_SPACE_MAX, tb[L4MM_A_SPACE],
			      l4mm_space_policy) || !sp[L4MM_A_SPACE_NAME]) {
		l4mm_set_err(ctx, EPROTO, "malformed reply from the kernel");
		return -1;
	}
	if (add_line(arg, nla_get_string(sp[L4MM_A_SPACE_NAME]))) {
		l4mm_set_err(ctx, ENOMEM, "out of memory");
		return -1;
	}
	return 0;
}

static void free_lines(struct lines *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = l->cap = 0;
}

static void reset_lines(void *arg)
{
	free_lines(arg);
}

static int cmp_line(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int abstract_print(struct l4mm_ctx *ctx, const struct l4mm_req *req,
		   const struct map_row *rows, size_t n)
{
	struct l4mm_req list = { .cmd = L4MM_CMD_LIST };
	struct lines l = { 0 };
	char line[128];
	size_t i;
	int ret;

	if (!req->name) {
		ret = l4mm_call_dump(ctx, &list, space_reply, reset_lines,
				     &l);
		if (ret) {
			free_lines(&l);
			return ret;
		}
	}
	ret = req->name ? add_line(&l, req->name) : 0;
	for (i = 0; !ret && i < n; i++) {
		if (rows[i].attrs.reserved)
			snprintf(line, sizeof(line),
				 "%s 0x%08" PRIx64 " %s 0x%08" PRIx64,
				 rows[i].space, rows[i].vaddr,
				 rows[i].attrs.reserved == L4MM_RESERVED_KIP_PAGE ?
				 "Kip" : "Utcb", rows[i].paddr);
		else if (rows[i].has_src)
			snprintf(line, sizeof(line),
				 "%s 0x%08" PRIx64 " Virtual %s 0x%08" PRIx64,
				 rows[i].space, rows[i].vaddr, rows[i].src,
				 rows[i].src_vaddr);
		else
			snprintf(line, sizeof(line),
				 "%s 0x%08" PRIx64 " Real 0x%08" PRIx64,
				 rows[i].space, rows[i].vaddr, rows[i].paddr);
		attrs_abstract(&rows[i].attrs, line, sizeof(line));
		ret = add_line(&l, line);
	}
	if (ret) {
		l4mm_error(ctx, "%s", strerror(ENOMEM));
		free_lines(&l);
		return 1;
	}
	qsort(l.v, l.n, sizeof(*l.v), cmp_line);
	open_json_array(NULL);
	for (i = 0; i < l.n; i++)
		print_str(PRINT_ANY, NULL, "%s\n", l.v[i]);
	close_json_array();
	json_end_doc();
	free_lines(&l);
	return 0;
}
