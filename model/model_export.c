// SPDX-License-Identifier: GPL-2.0
/*
 * The reference model's abstract export (docs/extensions.md 9) and its
 * theorems: the paper's (section 3.4) and the extensions' invariants.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model_impl.h"

static int cmp_line(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void model_sort_lines(char *text)
{
	size_t n = 0, i, len = strlen(text);
	char **lines, *copy, *p, *out;

	copy = malloc(len + 1);
	lines = malloc((len + 1) * sizeof(*lines));
	if (!copy || !lines)
		abort();
	memcpy(copy, text, len + 1);
	for (p = strtok(copy, "\n"); p; p = strtok(NULL, "\n"))
		lines[n++] = p;
	qsort(lines, n, sizeof(*lines), cmp_line);
	out = text;
	for (i = 0; i < n; i++)
		out += sprintf(out, "%s\n", lines[i]);
	*out = '\0';
	free(lines);
	free(copy);
}

void model_rwx(uint8_t bits, char out[4])
{
	out[0] = bits & MODEL_R ? 'r' : '-';
	out[1] = bits & MODEL_W ? 'w' : '-';
	out[2] = bits & MODEL_X ? 'x' : '-';
	out[3] = '\0';
}

struct text {
	char *buf;
	size_t used, cap;
};

static void put(struct text *t, const char *line)
{
	size_t len = strlen(line);

	while (t->used + len + 1 > t->cap) {
		t->cap = t->cap ? 2 * t->cap : 256;
		t->buf = realloc(t->buf, t->cap);
		if (!t->buf)
			abort();
	}
	memcpy(t->buf + t->used, line, len + 1);
	t->used += len;
}

void model_suffix(char *out, size_t len, uint8_t rights, bool uncached,
		  uint8_t status)
{
	char r[4], st[4];

	model_rwx(rights, r);
	model_rwx(status, st);
	snprintf(out, len, "%s%s%s%s%s",
		 rights != MODEL_RWX ? " rights=" : "",
		 rights != MODEL_RWX ? r : "",
		 uncached ? " uncached" : "",
		 status ? " status=" : "", status ? st : "");
}

char *model_export(const struct model *s)
{
	const struct model_space *sp;
	const struct model_entry *e;
	struct text t = { 0 };
	char line[160], sfx[48];
	uint64_t v, pages;
	uint32_t p;
	int k;

	put(&t, "");
	for (k = 0; k < MODEL_SPACES; k++) {
		sp = &s->spaces[k];
		if (!sp->used)
			continue;
		snprintf(line, sizeof(line), "%s\n", sp->name);
		put(&t, line);
		for (v = 0; model_next_mapped(s, k, v, &p); v = (uint64_t)p + 1) {
			e = model_entry_at(s, k, p);
			model_suffix(sfx, sizeof(sfx), e->rights, e->uncached,
			       e->status);
			if (e->m.real)
				snprintf(line, sizeof(line),
					 "%s 0x%08x Real 0x%08x%s\n", sp->name,
					 p << 12, e->m.r << 12, sfx);
			else
				snprintf(line, sizeof(line),
					 "%s 0x%08x Virtual %s 0x%08x%s\n",
					 sp->name, p << 12,
					 s->spaces[e->m.n].name, e->m.v << 12,
					 sfx);
			put(&t, line);
		}
		if (sp->kip) {
			model_suffix(sfx, sizeof(sfx), MODEL_R | MODEL_X, false,
				     0);
			snprintf(line, sizeof(line), "%s 0x%08x Kip 0x%08x%s\n",
				 sp->name, sp->kip_v << 12,
				 MODEL_KIP_FRAME << 12, sfx);
			put(&t, line);
		}
		pages = sp->utcb_order ? 1ULL << (sp->utcb_order - 12) : 0;
		model_suffix(sfx, sizeof(sfx), MODEL_R | MODEL_W, false, 0);
		for (v = 0; v < pages; v++) {
			snprintf(line, sizeof(line), "%s 0x%08x Utcb 0x%08x%s\n",
				 sp->name, (uint32_t)(sp->utcb_v + v) << 12,
				 sp->utcb_frame[v] << 12, sfx);
			put(&t, line);
		}
	}
	model_sort_lines(t.buf);
	return t.buf;
}

/*
 * The paper's theorems, checked on the model's own state:
 *  - no loops: no m with s |- m ~>+ m;
 *  - every mapped page reaches Real: s n v = Some m implies
 *    s |- m ~>* Real r for some r (no dangling Virtual);
 *  - lookup is a function: that r is unique (immediate on a map);
 * and the extensions' invariants (docs/extensions.md 2, 5):
 *  - every mapping's rights contain r, and are a subset of its source's;
 *  - no mapping sits on a reserved page;
 *  - the child lists index exactly the direct paths, and (for states of
 *    up to LITERAL_MAX mappings) the derived sets found through them are
 *    the definition's.
 */
#define LITERAL_MAX	128

/* The next link of a child list; a link to an unmapped page ends it. */
static struct model_ref next_ref(const struct model *s, struct model_ref c)
{
	const struct model_entry *e = model_entry_at(s, c.n, c.v);
	struct model_ref none = { -1, 0 };

	return e ? e->sibling : none;
}

static bool in_child_list(const struct model *s, int k, uint32_t p,
			  const struct model_entry *parent)
{
	struct model_ref c = parent->child;
	size_t steps = m_total(s) + 1;

	while (c.n >= 0 && steps--) {
		if (c.n == k && c.v == p)
			return true;
		c = next_ref(s, c);
	}
	return false;
}

int model_theorems(const struct model *s, char *buf, size_t len)
{
	const struct model_space *sp;
	const struct model_entry *e, *src;
	bool literal = m_total(s) <= LITERAL_MAX;
	struct model_lookup lk;
	uint64_t v, virtuals = 0, links = 0;
	struct model_ref c;
	uint32_t p, frame;
	size_t count;
	uint8_t rights;
	int k, err;

	for (k = 0; k < MODEL_SPACES; k++) {
		sp = &s->spaces[k];
		if (!sp->used)
			continue;
		for (v = 0; model_next_mapped(s, k, v, &p); v = (uint64_t)p + 1) {
			e = model_entry_at(s, k, p);
			if (m_reserved(s, k, p, &frame, &rights)) {
				snprintf(buf, len, "model: %s 0x%08x: a mapping on a reserved page",
					 sp->name, p << 12);
				return -1;
			}
			err = model_lookup(s, sp->name, p, &lk);
			if (err) {
				snprintf(buf, len, "model: %s 0x%08x: %s",
					 sp->name, p << 12, err == -ELOOP ?
					 "on a loop" : "does not reach Real");
				return -1;
			}
			src = e->m.real ? NULL : m_get(s, e->m.n, e->m.v);
			virtuals += !e->m.real;
			for (c = e->child; c.n >= 0 && links <= m_total(s);
			     c = next_ref(s, c))
				links++;
			if (!(e->rights & MODEL_R) || (e->rights & ~MODEL_RWX) ||
			    (src && (e->rights & ~src->rights))) {
				snprintf(buf, len, "model: %s 0x%08x: rights 0x%x not within r..rwx and its source's",
					 sp->name, p << 12, e->rights);
				return -1;
			}
			if (src && !in_child_list(s, k, p, src)) {
				snprintf(buf, len, "model: %s 0x%08x: missing from its source's child list",
					 sp->name, p << 12);
				return -1;
			}
			if (literal && !m_derived_literally(s, k, p, &count)) {
				snprintf(buf, len, "model: %s 0x%08x: the child lists miss or add derived mappings",
					 sp->name, p << 12);
				return -1;
			}
		}
	}
	if (virtuals != links) {
		snprintf(buf, len, "model: %llu Virtual entries, the child lists hold %llu",
			 (unsigned long long)virtuals,
			 (unsigned long long)links);
		return -1;
	}
	return 0;
}
