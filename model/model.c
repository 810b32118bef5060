// SPDX-License-Identifier: GPL-2.0
/*
 * The reference model: section 3.2 of the paper, one C function per
 * definition, each under the paper's formula.  Notation of the comments:
 * s n v is the entry of page v in space n (None when unmapped);
 * s |- m (m valid) and s |- m ~>* m' / ~>+ (m leads to m' in zero / one or
 * more steps, a step going from Virtual n v to s n v).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"

/* Names of the spaces are looked up literally: the index is the name. */
static int find(const struct model *s, const char *name)
{
	int i;

	for (i = 0; i < MODEL_SPACES; i++)
		if (s->spaces[i].used && !strcmp(s->spaces[i].name, name))
			return i;
	return -1;
}

/* s n v: the entry, or NULL for None. */
static const struct model_m *get(const struct model *s, int n, uint32_t v)
{
	const struct model_space *sp;
	size_t i;

	if (n < 0 || n >= MODEL_SPACES || !s->spaces[n].used)
		return NULL;
	sp = &s->spaces[n];
	for (i = 0; i < sp->len; i++)
		if (sp->map[i].v == v)
			return &sp->map[i].m;
	return NULL;
}

/* (n,v <- None) s */
static void set_none(struct model *s, int n, uint32_t v)
{
	struct model_space *sp = &s->spaces[n];
	size_t i;

	for (i = 0; i < sp->len; i++)
		if (sp->map[i].v == v) {
			sp->map[i] = sp->map[--sp->len];
			return;
		}
}

/* (n,v <- m) s */
static int set(struct model *s, int n, uint32_t v, struct model_m m)
{
	struct model_space *sp = &s->spaces[n];
	struct model_entry *e;

	set_none(s, n, v);
	if (sp->len == sp->cap) {
		sp->cap = sp->cap ? 2 * sp->cap : 16;
		e = realloc(sp->map, sp->cap * sizeof(*e));
		if (!e)
			abort();	/* a test tool: no partial states */
		sp->map = e;
	}
	sp->map[sp->len].v = v;
	sp->map[sp->len].m = m;
	sp->len++;
	return 0;
}

static size_t total(const struct model *s)
{
	size_t i, t = 0;

	for (i = 0; i < MODEL_SPACES; i++)
		t += s->spaces[i].used ? s->spaces[i].len : 0;
	return t;
}

/*
 * s |- m  ==  m = Real r  \/  (m = Virtual n v /\ s n v ~= None)
 */
static bool valid(const struct model *s, struct model_m m)
{
	return m.real || get(s, m.n, m.v);
}

/*
 * s |- m ~>* Virtual n v: m is Virtual n v, or m = Virtual a b and
 * s a b = Some m' with s |- m' ~>* Virtual n v.  The theorem "no loops"
 * bounds the walk by the number of mappings; a longer walk is a loop and
 * counts as "no" (model_theorems reports it).
 */
static bool leads_to(const struct model *s, struct model_m m, int n,
		     uint32_t v)
{
	size_t steps = total(s) + 1;
	const struct model_m *next;

	while (steps--) {
		if (m.real)
			return false;
		if (m.n == n && m.v == v)
			return true;
		next = get(s, m.n, m.v);
		if (!next)
			return false;
		m = *next;
	}
	return false;
}

/*
 * unmap n v s = (lambda n'. clear n v s (s n')), where
 * clear n v s sigma = (lambda v'. case sigma v' of None => None
 *                        | Some m => if s |- m ~>* Virtual n v then None
 *                                    else Some m)
 * Every space is cleared against the same old s: first mark, then drop.
 */
static void unmap(struct model *s, int n, uint32_t v)
{
	struct model_entry *doomed;	/* v = page, m.n = space */
	size_t i, count = 0;
	int n2;

	doomed = calloc(total(s) + 1, sizeof(*doomed));
	if (!doomed)
		abort();
	/* Every space against the same old s: decide everything first... */
	for (n2 = 0; n2 < MODEL_SPACES; n2++) {
		if (!s->spaces[n2].used)
			continue;
		for (i = 0; i < s->spaces[n2].len; i++) {
			if (!leads_to(s, s->spaces[n2].map[i].m, n, v))
				continue;
			doomed[count].v = s->spaces[n2].map[i].v;
			doomed[count].m.n = n2;
			count++;
		}
	}
	/* ...then set them all to None. */
	for (i = 0; i < count; i++)
		set_none(s, doomed[i].m.n, doomed[i].v);
	free(doomed);
}

/* flush n v = (n,v <- None) o unmap n v */
static void flush(struct model *s, int n, uint32_t v)
{
	unmap(s, n, v);
	set_none(s, n, v);
}

/*
 * n,v <= m = (lambda s. let s0 = flush n v s
 *                       in if s0 |- m then (n,v <- m) s0 else s0)
 */
static bool checked_update(struct model *s, int n, uint32_t v,
			   struct model_m m)
{
	flush(s, n, v);
	if (!valid(s, m))
		return false;
	set(s, n, v, m);
	return true;
}

static struct model_m virtual(int n, uint32_t v)
{
	struct model_m m = { .real = false, .n = n, .v = v };

	return m;
}

/*
 * map n v n' v' s = if not s |- Virtual n v then s
 *                   else (n',v' <= Virtual n v) s
 */
int model_map(struct model *s, const char *n, uint32_t v,
	      const char *n2, uint32_t v2)
{
	int a = find(s, n), b = find(s, n2);

	if (a < 0 || b < 0)
		return -ENOENT;
	if (!valid(s, virtual(a, v)))
		return -ENXIO;
	checked_update(s, b, v2, virtual(a, v));
	return 0;
}

/*
 * grant n v n' v' s = if not s |- Virtual n v then s
 *                     else (flush n v o n',v' <= the (s n v)) s
 * (o is composition: the checked update first, then the flush.)
 */
int model_grant(struct model *s, const char *n, uint32_t v,
		const char *n2, uint32_t v2)
{
	int a = find(s, n), b = find(s, n2);
	struct model_m m;

	if (a < 0 || b < 0)
		return -ENOENT;
	if (!valid(s, virtual(a, v)))
		return -ENXIO;
	m = *get(s, a, v);
	checked_update(s, b, v2, m);
	flush(s, a, v);
	return 0;
}

int model_unmap(struct model *s, const char *n, uint32_t v)
{
	int a = find(s, n);

	if (a < 0)
		return -ENOENT;
	unmap(s, a, v);
	return 0;
}

int model_flush(struct model *s, const char *n, uint32_t v)
{
	int a = find(s, n);

	if (a < 0)
		return -ENOENT;
	flush(s, a, v);
	return 0;
}

/*
 * lookup n v s = the r with s |- Virtual n v ~>+ Real r.  Also reports
 * the entry of n,v and the number of Virtual steps after it (the depth of
 * the mapping in its tree).
 */
int model_lookup(const struct model *s, const char *n, uint32_t v,
		 struct model_lookup *out)
{
	int a = find(s, n);
	size_t steps = total(s) + 1;
	const struct model_m *m;

	if (a < 0 || !(m = get(s, a, v)))
		return -ENOENT;
	out->m = *m;
	out->depth = 0;
	while (!m->real) {
		m = get(s, m->n, m->v);
		if (!m)
			return -ENOENT;	/* a dangling Virtual: theorem broken */
		if (!steps--)
			return -ELOOP;
		out->depth++;
	}
	out->r = m->r;
	return 0;
}

/* create n = s(n := empty); names as the module takes them. */
int model_create(struct model *s, const char *n)
{
	size_t len = strlen(n), i;
	int k;

	if (!len || len > MODEL_NAME_MAX ||
	    strspn(n, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
		   "0123456789_.-") != len)
		return -EINVAL;
	if (find(s, n) >= 0)
		return -EEXIST;
	for (k = 0; k < MODEL_SPACES; k++)
		if (!s->spaces[k].used)
			break;
	if (k == MODEL_SPACES)
		return -ENOSPC;
	s->spaces[k].used = true;
	s->spaces[k].len = 0;
	for (i = 0; i <= len; i++)
		s->spaces[k].name[i] = n[i];
	return 0;
}

/* destroy n: flush every page of n, then remove n from the state. */
int model_destroy(struct model *s, const char *n)
{
	int a = find(s, n);

	if (a < 0)
		return -ENOENT;
	while (s->spaces[a].len)
		flush(s, a, s->spaces[a].map[0].v);
	s->spaces[a].used = false;
	return 0;
}

/* sigma0 = (lambda v. if v < pages then Some (Real v) else None) */
int model_init(struct model *s, uint32_t sigma0_pages)
{
	struct model_m m = { .real = true };
	uint32_t i;

	memset(s, 0, sizeof(*s));
	if (!sigma0_pages)
		return 0;
	model_create(s, "sigma0");
	for (i = 0; i < sigma0_pages; i++) {
		m.r = i;
		set(s, 0, i, m);
	}
	return 0;
}

void model_free(struct model *s)
{
	int i;

	for (i = 0; i < MODEL_SPACES; i++)
		free(s->spaces[i].map);
	memset(s, 0, sizeof(*s));
}

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

char *model_export(const struct model *s)
{
	size_t cap = 64, used = 0, i;
	const struct model_space *sp;
	char *buf = malloc(cap), *nb;
	char line[128];
	int k, len;

	if (!buf)
		return NULL;
	buf[0] = '\0';
	for (k = 0; k < MODEL_SPACES; k++) {
		sp = &s->spaces[k];
		if (!sp->used)
			continue;
		for (i = 0; i <= sp->len; i++) {
			if (i == sp->len)
				len = snprintf(line, sizeof(line), "%s\n",
					       sp->name);
			else if (sp->map[i].m.real)
				len = snprintf(line, sizeof(line),
					       "%s 0x%08x Real 0x%08x\n",
					       sp->name, sp->map[i].v << 12,
					       sp->map[i].m.r << 12);
			else
				len = snprintf(line, sizeof(line),
					       "%s 0x%08x Virtual %s 0x%08x\n",
					       sp->name, sp->map[i].v << 12,
					       s->spaces[sp->map[i].m.n].name,
					       sp->map[i].m.v << 12);
			while (used + len + 1 > cap) {
				cap *= 2;
				nb = realloc(buf, cap);
				if (!nb) {
					free(buf);
					return NULL;
				}
				buf = nb;
			}
			memcpy(buf + used, line, len + 1);
			used += len;
		}
	}
	model_sort_lines(buf);
	return buf;
}

/*
 * The paper's theorems, checked on the model's own state:
 *  - no loops: no m with s |- m ~>+ m;
 *  - every mapped page reaches Real: s n v = Some m implies
 *    s |- m ~>* Real r for some r (no dangling Virtual);
 *  - lookup is a function: that r is unique (immediate on a map).
 */
int model_theorems(const struct model *s, char *buf, size_t len)
{
	const struct model_space *sp;
	struct model_lookup lk;
	size_t i;
	int k, err;

	for (k = 0; k < MODEL_SPACES; k++) {
		sp = &s->spaces[k];
		if (!sp->used)
			continue;
		for (i = 0; i < sp->len; i++) {
			err = model_lookup(s, sp->name, sp->map[i].v, &lk);
			if (!err)
				continue;
			snprintf(buf, len, "model: %s 0x%08x: %s", sp->name,
				 sp->map[i].v << 12, err == -ELOOP ?
				 "on a loop" : "does not reach Real");
			return -1;
		}
	}
	return 0;
}
