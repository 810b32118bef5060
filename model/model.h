/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Reference model of section 3 of Tuch & Klein, "Verifying the L4 Virtual
 * Memory Subsystem", written to be checked by eye against the paper.  It
 * shares no code with the module (module/core): no MDB, no page tables,
 * just the paper's maps stored as flat arrays and every definition
 * transcribed literally.  Slow is fine: clarity first.
 *
 * Beyond the paper it models the module's contract for the things the
 * paper leaves open (see README.md "Semantics"): operations name spaces,
 * and a missing name fails with -ENOENT; create of an existing name fails
 * with -EEXIST; map/grant of an invalid source fail with -ENXIO (the state
 * is unchanged, as in the paper); destroy n = flush every page of n, then
 * remove n.
 */
#ifndef _L4MM_MODEL_H
#define _L4MM_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MODEL_NAME_MAX	15
#define MODEL_SPACES	64	/* the module allows more; tests need few */

/* M = Virtual n v | Real r.  A space is named by its index in .spaces. */
struct model_m {
	bool real;
	uint32_t r;		/* Real r: the frame number */
	int n;			/* Virtual n v */
	uint32_t v;		/* a virtual page number */
};

/* One defined point of a space's map V -> M option. */
struct model_entry {
	uint32_t v;
	struct model_m m;
};

struct model_space {
	bool used;
	char name[MODEL_NAME_MAX + 1];
	struct model_entry *map;	/* unsorted, no duplicate v */
	size_t len, cap;
};

/* state = N -> (V -> M option) */
struct model {
	struct model_space spaces[MODEL_SPACES];
};

/* Outcome of lookup n v. */
struct model_lookup {
	uint32_t r;		/* the frame */
	uint32_t depth;		/* steps of ~>+ to Real r, minus one */
	struct model_m m;	/* the entry of n,v itself */
};

/* sigma0: page i -> Real i for i < sigma0_pages (none if 0). */
int model_init(struct model *s, uint32_t sigma0_pages);
void model_free(struct model *s);

/* Operations by name, vpn = virtual address >> 12.  0 or -errno. */
int model_create(struct model *s, const char *n);
int model_destroy(struct model *s, const char *n);
int model_map(struct model *s, const char *n, uint32_t v,
	      const char *n2, uint32_t v2);
int model_grant(struct model *s, const char *n, uint32_t v,
		const char *n2, uint32_t v2);
int model_unmap(struct model *s, const char *n, uint32_t v);
int model_flush(struct model *s, const char *n, uint32_t v);
/* 0 and *out, -ENOENT (no space or unmapped), -ELOOP (theorem broken). */
int model_lookup(const struct model *s, const char *n, uint32_t v,
		 struct model_lookup *out);

/*
 * The canonical abstract export (README.md, "l4mm dump --abstract"):
 * one line per space ("NAME"), one per mapped page
 * ("NAME 0xVVVVVVVV Virtual SRC 0xVVVVVVVV" or "NAME 0xVVVVVVVV Real
 * 0xPPPPPPPP", addresses as 8 hex digits), all lines sorted with strcmp.
 * Returns a malloc'd string (NULL on ENOMEM).
 */
char *model_export(const struct model *s);
/* Sort the lines of a text with strcmp, in place (shared format helper). */
void model_sort_lines(char *text);

/* The theorems on the model itself: 0, or -1 with a message in buf. */
int model_theorems(const struct model *s, char *buf, size_t len);

#endif /* _L4MM_MODEL_H */
