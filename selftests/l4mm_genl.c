// SPDX-License-Identifier: GPL-2.0
/*
 * l4mm generic netlink selftests.
 *
 * Talks to the "l4mm" family directly (libnl-genl-3, no CLI) and checks
 * every command's reply, every error path with its errno and extended-ack
 * text, BATCH, dump resumption, network-namespace isolation and the
 * permission model (mutating commands need CAP_NET_ADMIN over the user
 * namespace owning the netns).
 *
 * The model is section 3 of Tuch & Klein, "Verifying the L4 Virtual Memory
 * Subsystem"; after the scenario tests the whole state is dumped and the
 * paper's invariants are checked on it:
 *   Theorem 1  no loops: following the source links of every mapping ends
 *              in a Real frame within #mappings steps;
 *   Theorem 2  every valid page translates: every dumped mapping has a
 *              chain down to a depth-0 (Real) mapping;
 *   Theorem 3  lookup is a function: depth = 1 + depth(source) and
 *              paddr = paddr(source) along every link.
 *
 *   sigma0 (page i -> frame i)
 *     |                         fixture spaces: ksft_a, ksft_b, ksft_c
 *     +-- ksft_a --+-- ksft_b -- ksft_c   (built per test)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <grp.h>
#include <sched.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <linux/netlink.h>
#include <linux/genetlink.h>
#include <netlink/netlink.h>
#include <netlink/genl/genl.h>
#include <netlink/genl/ctrl.h>

#include <linux/l4mm.h>

#include "l4mm_nlclient.h"

/* The 6.1 harness itself is not -Wextra clean (unused parameters). */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-parameter"
#include "../kselftest_harness.h"
#pragma GCC diagnostic pop

#define SIGMA0	"sigma0"
#define SA	"ksft_a"
#define SB	"ksft_b"
#define SC	"ksft_c"
#define PG	4096ULL

/* ---------------------------------------------------------------------- */
/* Requests (the client plumbing is in l4mm_nlclient.c)                   */

static void put_xfer(struct nl_msg *m, const char *src, uint64_t sva,
		     const char *dst, uint64_t dva)
{
	nla_put_string(m, L4MM_A_SRC_NAME, src);
	nla_put_u64(m, L4MM_A_SRC_VADDR, sva);
	nla_put_string(m, L4MM_A_NAME, dst);
	nla_put_u64(m, L4MM_A_VADDR, dva);
}

/* MAP or GRANT */
static int l4_xfer_cmd(struct l4nl *nl, int cmd, const char *src, uint64_t sva,
		       const char *dst, uint64_t dva, struct reply *r)
{
	struct nl_msg *m = l4msg(nl, cmd, 0);

	if (m)
		put_xfer(m, src, sva, dst, dva);
	return do_req(nl, m, r);
}

static int l4_map(struct l4nl *nl, const char *src, uint64_t sva,
		  const char *dst, uint64_t dva)
{
	return l4_xfer_cmd(nl, L4MM_CMD_MAP, src, sva, dst, dva, NULL);
}

/* 0 and *pa if mapped, 1 if unmapped, negative errno on error. */
static int l4_lookup(struct l4nl *nl, const char *name, uint64_t va,
		     uint64_t *pa)
{
	struct reply r;
	int err = l4_va_cmd(nl, L4MM_CMD_LOOKUP, name, va, &r);

	if (err)
		return err;
	if (!r.has)
		return -EPROTO;
	if (!r.tb[L4MM_A_PADDR])
		return 1;
	if (pa)
		*pa = nla_get_u64(r.tb[L4MM_A_PADDR]);
	return 0;
}

static int l4_reply_u32(const struct reply *r, int attr, uint32_t *v)
{
	if (!r->has || !r->tb[attr])
		return -1;
	*v = nla_get_u32(r->tb[attr]);
	return 0;
}

/* ---- dumps ---- */

struct mapping {
	char space[L4MM_NAME_MAX + 1];
	uint64_t va, pa;
	uint32_t depth;
	bool has_src;
	char src[L4MM_NAME_MAX + 1];
	uint64_t sva;
	int msg;		/* index of the message it came in */
};

struct mapvec {
	struct mapping *v;
	size_t n, cap;
	int msgno;
	bool bad;		/* malformed nest seen */
};

static int mapping_cb(const struct nlmsghdr *nlh, void *arg)
{
	struct nlattr *tb[L4MM_A_MAP_MAX + 1];
	struct mapvec *mv = arg;
	struct nlattr *a;
	int rem;

	mv->msgno++;
	nla_for_each_attr(a, genlmsg_attrdata(nlmsg_data(nlh), 0),
			  genlmsg_attrlen(nlmsg_data(nlh), 0), rem) {
		struct mapping *p;

		if (nla_type(a) != L4MM_A_MAPPING) {
			mv->bad = true;
			continue;
		}
		if (nla_parse_nested(tb, L4MM_A_MAP_MAX, a, NULL) ||
		    !tb[L4MM_A_MAP_SPACE] || !tb[L4MM_A_MAP_VADDR] ||
		    !tb[L4MM_A_MAP_PADDR] || !tb[L4MM_A_MAP_DEPTH]) {
			mv->bad = true;
			continue;
		}
		if (mv->n == mv->cap) {
			mv->cap = mv->cap ? 2 * mv->cap : 1024;
			mv->v = realloc(mv->v, mv->cap * sizeof(*mv->v));
			if (!mv->v)
				abort();
		}
		p = &mv->v[mv->n++];
		memset(p, 0, sizeof(*p));
		snprintf(p->space, sizeof(p->space), "%s",
			 nla_get_string(tb[L4MM_A_MAP_SPACE]));
		p->va = nla_get_u64(tb[L4MM_A_MAP_VADDR]);
		p->pa = nla_get_u64(tb[L4MM_A_MAP_PADDR]);
		p->depth = nla_get_u32(tb[L4MM_A_MAP_DEPTH]);
		p->msg = mv->msgno;
		if (tb[L4MM_A_MAP_SRC_SPACE] && tb[L4MM_A_MAP_SRC_VADDR]) {
			p->has_src = true;
			snprintf(p->src, sizeof(p->src), "%s",
				 nla_get_string(tb[L4MM_A_MAP_SRC_SPACE]));
			p->sva = nla_get_u64(tb[L4MM_A_MAP_SRC_VADDR]);
		} else if (tb[L4MM_A_MAP_SRC_SPACE] || tb[L4MM_A_MAP_SRC_VADDR]) {
			mv->bad = true;
		}
	}
	return 0;
}

/* Dump mappings of one space (name) or of all (NULL). */
static int l4_dump(struct l4nl *nl, const char *name, struct mapvec *mv,
		   struct xfer *x)
{
	struct nl_msg *m = l4msg(nl, L4MM_CMD_DUMP, NLM_F_DUMP);

	memset(mv, 0, sizeof(*mv));
	if (m && name)
		nla_put_string(m, L4MM_A_NAME, name);
	x->cb = mapping_cb;
	x->arg = mv;
	return xfer(nl, m, x);
}

static void mapvec_free(struct mapvec *mv)
{
	free(mv->v);
	memset(mv, 0, sizeof(*mv));
}

struct space {
	char name[L4MM_NAME_MAX + 1];
	uint32_t id, pages;
	bool has_tables;
};

struct spacevec {
	struct space v[512];
	int n;
	bool bad;
};

static int parse_space(struct nlattr *a, struct space *s)
{
	struct nlattr *tb[L4MM_A_SPACE_MAX + 1];

	if (nla_parse_nested(tb, L4MM_A_SPACE_MAX, a, NULL) ||
	    !tb[L4MM_A_SPACE_NAME] || !tb[L4MM_A_SPACE_ID] ||
	    !tb[L4MM_A_SPACE_PAGES])
		return -1;
	snprintf(s->name, sizeof(s->name), "%s",
		 nla_get_string(tb[L4MM_A_SPACE_NAME]));
	s->id = nla_get_u32(tb[L4MM_A_SPACE_ID]);
	s->pages = nla_get_u32(tb[L4MM_A_SPACE_PAGES]);
	s->has_tables = tb[L4MM_A_SPACE_TABLES];
	return 0;
}

static int space_cb(const struct nlmsghdr *nlh, void *arg)
{
	struct spacevec *sv = arg;
	struct nlattr *a;
	int rem;

	nla_for_each_attr(a, genlmsg_attrdata(nlmsg_data(nlh), 0),
			  genlmsg_attrlen(nlmsg_data(nlh), 0), rem) {
		if (nla_type(a) != L4MM_A_SPACE || sv->n >= 512 ||
		    parse_space(a, &sv->v[sv->n])) {
			sv->bad = true;
			continue;
		}
		sv->n++;
	}
	return 0;
}

static int l4_list(struct l4nl *nl, struct spacevec *sv)
{
	struct xfer x = { .cb = space_cb, .arg = sv };

	memset(sv, 0, sizeof(*sv));
	return xfer(nl, l4msg(nl, L4MM_CMD_LIST, NLM_F_DUMP), &x);
}

static const struct space *find_space(const struct spacevec *sv,
				      const char *name)
{
	int i;

	for (i = 0; i < sv->n; i++)
		if (!strcmp(sv->v[i].name, name))
			return &sv->v[i];
	return NULL;
}

/* st[] indexed by L4MM_A_STAT_*; returns -EPROTO if a counter is missing. */
static int l4_stats(struct l4nl *nl, uint64_t st[L4MM_A_STAT_MAX + 1])
{
	struct nlattr *tb[L4MM_A_STAT_MAX + 1];
	struct reply r;
	int i, err;

	err = do_req(nl, l4msg(nl, L4MM_CMD_STATS, 0), &r);
	if (err)
		return err;
	if (!r.has || !r.tb[L4MM_A_STATS] ||
	    nla_parse_nested(tb, L4MM_A_STAT_MAX, r.tb[L4MM_A_STATS], NULL))
		return -EPROTO;
	for (i = L4MM_A_STAT_SPACES; i <= L4MM_A_STAT_SIGMA0_PAGES; i++) {
		if (!tb[i])
			return -EPROTO;
		st[i] = nla_get_u64(tb[i]);
	}
	return 0;
}

static uint64_t stat_of(struct l4nl *nl, int which)
{
	uint64_t st[L4MM_A_STAT_MAX + 1] = { 0 };

	if (l4_stats(nl, st))
		return UINT64_MAX;
	return st[which];
}

/* Destroy every space but sigma0. */
static void cleanup_spaces(struct l4nl *nl)
{
	struct spacevec *sv = malloc(sizeof(*sv));
	int i;

	if (!sv)
		return;
	if (!l4_list(nl, sv))
		for (i = 0; i < sv->n; i++)
			if (strcmp(sv->v[i].name, SIGMA0))
				l4_name_cmd(nl, L4MM_CMD_DESTROY, sv->v[i].name,
					    NULL);
	free(sv);
}

/* An error with errno e and an extack message mentioning one of words. */
#define EXPECT_ERR(x, e, words) do {					\
	EXPECT_EQ(-(e), (x).err);					\
	EXPECT_TRUE((x).ext[0] != '\0' && has_word((x).ext, (words)))	\
		TH_LOG("extack \"%s\" should mention one of \"%s\"",	\
		       (x).ext, (words));				\
} while (0)

#define W_NOSPACE	"space|name|exist|found|unknown"
#define W_EXIST		"exist|taken|in use|already|duplicate"
/* a name over 15 chars fails the policy: the kernel's generic text */
#define W_NAME		"name|policy"
#define W_ALIGN		"align|page"
#define W_RANGE		"range|ffffffff|32|large|big|high"
#define W_NXIO		"map|valid|source"
#define W_MISSING	"missing|required"

#define EXPECT_MAPPED(nl, name, va, want) do {				\
	uint64_t __pa = ~0ULL;						\
	EXPECT_EQ(0, l4_lookup((nl), (name), (va), &__pa))		\
		TH_LOG("%s 0x%llx should be mapped", (name),		\
		       (unsigned long long)(va));			\
	EXPECT_EQ((uint64_t)(want), __pa);				\
} while (0)

#define EXPECT_UNMAPPED(nl, name, va)					\
	EXPECT_EQ(1, l4_lookup((nl), (name), (va), NULL))		\
		TH_LOG("%s 0x%llx should be unmapped", (name),		\
		       (unsigned long long)(va))

static int cmp_mapping(const void *a, const void *b)
{
	const struct mapping *x = a, *y = b;
	int c = strcmp(x->space, y->space);

	if (c)
		return c;
	return x->va < y->va ? -1 : x->va > y->va;
}

static const struct mapping *find_mapping(const struct mapvec *mv,
					  const char *space, uint64_t va)
{
	struct mapping key;

	memset(&key, 0, sizeof(key));
	snprintf(key.space, sizeof(key.space), "%s", space);
	key.va = va;
	return bsearch(&key, mv->v, mv->n, sizeof(*mv->v), cmp_mapping);
}

/*
 * Dump everything and check Theorems 1-3 plus the counters: returns NULL
 * if consistent, else a static description of the first violation.
 */
static const char *check_invariants(struct l4nl *nl)
{
	static char why[256];
	struct mapvec mv;
	struct xfer x;
	uint64_t mappings;
	size_t i, steps;

	why[0] = '\0';
	if (l4_dump(nl, NULL, &mv, &x) || x.intr || mv.bad) {
		snprintf(why, sizeof(why), "dump failed: %d intr %d bad %d",
			 x.err, x.intr, mv.bad);
		goto out;
	}
	mappings = stat_of(nl, L4MM_A_STAT_MAPPINGS);
	if (mappings != mv.n) {
		snprintf(why, sizeof(why), "stats mappings %llu != dumped %zu",
			 (unsigned long long)mappings, mv.n);
		goto out;
	}
	qsort(mv.v, mv.n, sizeof(*mv.v), cmp_mapping);
	for (i = 0; i < mv.n; i++) {
		const struct mapping *m = &mv.v[i], *s;

		if (i && !cmp_mapping(&mv.v[i - 1], m)) {
			snprintf(why, sizeof(why), "%s 0x%llx dumped twice",
				 m->space, (unsigned long long)m->va);
			goto out;
		}
		if (m->va > L4MM_VADDR_MAX || m->va % PG || m->pa % PG ||
		    (m->depth == 0) == m->has_src) {
			snprintf(why, sizeof(why), "%s 0x%llx malformed",
				 m->space, (unsigned long long)m->va);
			goto out;
		}
		/* Theorem 1 and 2: the chain ends in Real within n steps. */
		for (s = m, steps = 0; s->has_src && steps <= mv.n; steps++) {
			const struct mapping *t = find_mapping(&mv, s->src, s->sva);

			if (!t) {
				snprintf(why, sizeof(why),
					 "%s 0x%llx: source %s 0x%llx not mapped",
					 s->space, (unsigned long long)s->va,
					 s->src, (unsigned long long)s->sva);
				goto out;
			}
			/* Theorem 3: one frame, depths along the chain. */
			if (t->pa != s->pa || t->depth + 1 != s->depth) {
				snprintf(why, sizeof(why),
					 "%s 0x%llx: pa/depth differ from source",
					 s->space, (unsigned long long)s->va);
				goto out;
			}
			s = t;
		}
		if (s->has_src) {
			snprintf(why, sizeof(why), "loop through %s 0x%llx",
				 m->space, (unsigned long long)m->va);
			goto out;
		}
	}
out:
	mapvec_free(&mv);
	return why[0] ? why : NULL;
}

#define EXPECT_INVARIANTS(nl) do {					\
	const char *__why = check_invariants(nl);			\
	EXPECT_EQ(NULL, __why) TH_LOG("invariant: %s", __why);		\
} while (0)

/* ---- batch ---- */

static void batch_name(struct batch *b, int cmd, const char *name)
{
	struct nlattr *c = batch_cmd(b, cmd);

	nla_put_string(b->m, L4MM_A_NAME, name);
	nla_nest_end(b->m, c);
}

static void batch_xfer(struct batch *b, int cmd, const char *src, uint64_t sva,
		       const char *dst, uint64_t dva)
{
	struct nlattr *c = batch_cmd(b, cmd);

	put_xfer(b->m, src, sva, dst, dva);
	nla_nest_end(b->m, c);
}

static void batch_va(struct batch *b, int cmd, const char *name, uint64_t va)
{
	struct nlattr *c = batch_cmd(b, cmd);

	nla_put_string(b->m, L4MM_A_NAME, name);
	nla_put_u64(b->m, L4MM_A_VADDR, va);
	nla_nest_end(b->m, c);
}

static int batch_run(struct batch *b, struct l4nl *nl, uint32_t flags,
		     struct reply *r)
{
	nla_nest_end(b->m, b->outer);
	if (flags)
		nla_put_u32(b->m, L4MM_A_FLAGS, flags);
	return do_req(nl, b->m, r);
}

/* ---------------------------------------------------------------------- */

FIXTURE(l4mm) {
	struct l4nl nl;
};

FIXTURE_SETUP(l4mm)
{
	ASSERT_EQ(0, l4nl_open(&self->nl))
		TH_LOG("cannot resolve genl family \"l4mm\": module not loaded?");
	cleanup_spaces(&self->nl);
	ASSERT_EQ(0, l4_name_cmd(&self->nl, L4MM_CMD_CREATE, SA, NULL));
	ASSERT_EQ(0, l4_name_cmd(&self->nl, L4MM_CMD_CREATE, SB, NULL));
	ASSERT_EQ(0, l4_name_cmd(&self->nl, L4MM_CMD_CREATE, SC, NULL));
}

FIXTURE_TEARDOWN(l4mm)
{
	if (self->nl.sk)
		cleanup_spaces(&self->nl);
	l4nl_close(&self->nl);
}

/* CREATE replies with the new space; LIST shows it with the same id. */
TEST_F(l4mm, create_reply_and_list)
{
	struct nlattr *tb[L4MM_A_SPACE_MAX + 1];
	struct spacevec *sv = malloc(sizeof(*sv));
	const struct space *s;
	struct reply r;
	uint32_t id;
	int i, j;

	ASSERT_NE(NULL, sv);
	ASSERT_EQ(0, l4_name_cmd(&self->nl, L4MM_CMD_CREATE, "ksft_new", &r));
	ASSERT_TRUE(r.has && r.tb[L4MM_A_SPACE]);
	ASSERT_EQ(0, nla_parse_nested(tb, L4MM_A_SPACE_MAX, r.tb[L4MM_A_SPACE],
				      NULL));
	ASSERT_NE(NULL, tb[L4MM_A_SPACE_NAME]);
	ASSERT_NE(NULL, tb[L4MM_A_SPACE_ID]);
	ASSERT_NE(NULL, tb[L4MM_A_SPACE_PAGES]);
	EXPECT_STREQ("ksft_new", nla_get_string(tb[L4MM_A_SPACE_NAME]));
	EXPECT_EQ(0U, nla_get_u32(tb[L4MM_A_SPACE_PAGES]));
	id = nla_get_u32(tb[L4MM_A_SPACE_ID]);

	ASSERT_EQ(0, l4_list(&self->nl, sv));
	EXPECT_FALSE(sv->bad);
	s = find_space(sv, "ksft_new");
	ASSERT_NE(NULL, s);
	EXPECT_EQ(id, s->id);
	EXPECT_EQ(0U, s->pages);
	EXPECT_TRUE(s->has_tables);
	s = find_space(sv, SIGMA0);
	ASSERT_NE(NULL, s);
	EXPECT_EQ(stat_of(&self->nl, L4MM_A_STAT_SIGMA0_PAGES) > 0, s->pages > 0);
	EXPECT_NE(NULL, find_space(sv, SA));
	EXPECT_EQ((uint64_t)sv->n, stat_of(&self->nl, L4MM_A_STAT_SPACES));
	for (i = 0; i < sv->n; i++)
		for (j = i + 1; j < sv->n; j++) {
			EXPECT_NE(sv->v[i].id, sv->v[j].id);
			EXPECT_STRNE(sv->v[i].name, sv->v[j].name);
		}
	/* destroy replies with the mappings it removed: none here */
	ASSERT_EQ(0, l4_name_cmd(&self->nl, L4MM_CMD_DESTROY, "ksft_new", &r));
	ASSERT_EQ(0, l4_reply_u32(&r, L4MM_A_REMOVED, &id));
	EXPECT_EQ(0U, id);
	EXPECT_EQ(-ENOENT, l4_lookup(&self->nl, "ksft_new", 0, NULL));
	free(sv);
}

TEST_F(l4mm, create_existing_eexist)
{
	uint64_t spaces = stat_of(&self->nl, L4MM_A_STAT_SPACES);
	struct reply r;

	l4_name_cmd(&self->nl, L4MM_CMD_CREATE, SA, &r);
	EXPECT_ERR(r.x, EEXIST, W_EXIST);
	l4_name_cmd(&self->nl, L4MM_CMD_CREATE, SIGMA0, &r);
	EXPECT_ERR(r.x, EEXIST, W_EXIST);
	EXPECT_EQ(spaces, stat_of(&self->nl, L4MM_A_STAT_SPACES));
}

TEST_F(l4mm, create_bad_names_einval)
{
	static const char * const bad[] = {
		"", "abcdefghijklmnop", "a b", "a/b", "a:b", "x\n", "\xc3\xa4",
	};
	uint64_t spaces = stat_of(&self->nl, L4MM_A_STAT_SPACES);
	struct reply r;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		l4_name_cmd(&self->nl, L4MM_CMD_CREATE, bad[i], &r);
		if (r.x.err != -EINVAL)
			TH_LOG("name \"%s\" accepted or wrong errno", bad[i]);
		EXPECT_ERR(r.x, EINVAL, W_NAME);
		/* the ack points at the name: the only attribute */
		EXPECT_EQ((int)(NLMSG_HDRLEN + GENL_HDRLEN), r.x.offs);
	}
	EXPECT_EQ(spaces, stat_of(&self->nl, L4MM_A_STAT_SPACES));
	/* the limits themselves are fine */
	EXPECT_EQ(0, l4_name_cmd(&self->nl, L4MM_CMD_CREATE, "abcdefghijklmno", NULL));
	EXPECT_EQ(0, l4_name_cmd(&self->nl, L4MM_CMD_CREATE, "A-z_0.9", NULL));
	EXPECT_EQ(0, l4_name_cmd(&self->nl, L4MM_CMD_CREATE, "x", NULL));
	EXPECT_EQ(spaces + 3, stat_of(&self->nl, L4MM_A_STAT_SPACES));
}

TEST_F(l4mm, unknown_space_enoent)
{
	struct mapvec mv;
	struct reply r;

	l4_name_cmd(&self->nl, L4MM_CMD_DESTROY, "ksft_nope", &r);
	EXPECT_ERR(r.x, ENOENT, W_NOSPACE);
	l4_xfer_cmd(&self->nl, L4MM_CMD_MAP, "ksft_nope", 0, SA, 0, &r);
	EXPECT_ERR(r.x, ENOENT, W_NOSPACE);
	l4_xfer_cmd(&self->nl, L4MM_CMD_MAP, SIGMA0, 0, "ksft_nope", 0, &r);
	EXPECT_ERR(r.x, ENOENT, W_NOSPACE);
	l4_xfer_cmd(&self->nl, L4MM_CMD_GRANT, "ksft_nope", 0, SA, 0, &r);
	EXPECT_ERR(r.x, ENOENT, W_NOSPACE);
	l4_xfer_cmd(&self->nl, L4MM_CMD_GRANT, SIGMA0, 0, "ksft_nope", 0, &r);
	EXPECT_ERR(r.x, ENOENT, W_NOSPACE);
	l4_va_cmd(&self->nl, L4MM_CMD_UNMAP, "ksft_nope", 0, &r);
	EXPECT_ERR(r.x, ENOENT, W_NOSPACE);
	l4_va_cmd(&self->nl, L4MM_CMD_FLUSH, "ksft_nope", 0, &r);
	EXPECT_ERR(r.x, ENOENT, W_NOSPACE);
	l4_va_cmd(&self->nl, L4MM_CMD_LOOKUP, "ksft_nope", 0, &r);
	EXPECT_ERR(r.x, ENOENT, W_NOSPACE);
	/* a dump of an unknown space fails too (ack or NLMSG_DONE) */
	l4_dump(&self->nl, "ksft_nope", &mv, &r.x);
	EXPECT_EQ(-ENOENT, r.x.err);
	EXPECT_EQ(0U, mv.n);
	mapvec_free(&mv);
	/* sigma0 page 0x1000 is untouched by all of that */
	EXPECT_MAPPED(&self->nl, SIGMA0, 0x1000, 0x1000);
}

TEST_F(l4mm, map_and_lookup_replies)
{
	uint64_t ops = stat_of(&self->nl, L4MM_A_STAT_OPS);
	uint64_t maps = stat_of(&self->nl, L4MM_A_STAT_MAPPINGS);
	struct spacevec *sv = malloc(sizeof(*sv));
	struct reply r;
	uint32_t v;

	ASSERT_NE(NULL, sv);
	ASSERT_EQ(0, l4_xfer_cmd(&self->nl, L4MM_CMD_MAP, SIGMA0, 0x5000, SA,
				 0x1000, &r));
	ASSERT_TRUE(r.has);
	ASSERT_NE(NULL, r.tb[L4MM_A_INSTALLED]);
	EXPECT_EQ(1, nla_get_u8(r.tb[L4MM_A_INSTALLED]));
	ASSERT_EQ(0, l4_reply_u32(&r, L4MM_A_REMOVED, &v));
	EXPECT_EQ(0U, v);

	/* lookup of a derived page: paddr, depth, the direct source */
	ASSERT_EQ(0, l4_va_cmd(&self->nl, L4MM_CMD_LOOKUP, SA, 0x1000, &r));
	ASSERT_TRUE(r.has);
	ASSERT_NE(NULL, r.tb[L4MM_A_NAME]);
	ASSERT_NE(NULL, r.tb[L4MM_A_VADDR]);
	ASSERT_NE(NULL, r.tb[L4MM_A_PADDR]);
	ASSERT_NE(NULL, r.tb[L4MM_A_DEPTH]);
	ASSERT_NE(NULL, r.tb[L4MM_A_SRC_NAME]);
	ASSERT_NE(NULL, r.tb[L4MM_A_SRC_VADDR]);
	EXPECT_STREQ(SA, nla_get_string(r.tb[L4MM_A_NAME]));
	EXPECT_EQ(0x1000U, nla_get_u64(r.tb[L4MM_A_VADDR]));
	EXPECT_EQ(0x5000U, nla_get_u64(r.tb[L4MM_A_PADDR]));
	EXPECT_EQ(1U, nla_get_u32(r.tb[L4MM_A_DEPTH]));
	EXPECT_STREQ(SIGMA0, nla_get_string(r.tb[L4MM_A_SRC_NAME]));
	EXPECT_EQ(0x5000U, nla_get_u64(r.tb[L4MM_A_SRC_VADDR]));

	/* sigma0 holds Real frames: depth 0, no source */
	ASSERT_EQ(0, l4_va_cmd(&self->nl, L4MM_CMD_LOOKUP, SIGMA0, 0x5000, &r));
	ASSERT_TRUE(r.has && r.tb[L4MM_A_PADDR] && r.tb[L4MM_A_DEPTH]);
	EXPECT_EQ(0x5000U, nla_get_u64(r.tb[L4MM_A_PADDR]));
	EXPECT_EQ(0U, nla_get_u32(r.tb[L4MM_A_DEPTH]));
	EXPECT_EQ(NULL, r.tb[L4MM_A_SRC_NAME]);
	EXPECT_EQ(NULL, r.tb[L4MM_A_SRC_VADDR]);

	/* an unmapped page is not an error: no PADDR */
	ASSERT_EQ(0, l4_va_cmd(&self->nl, L4MM_CMD_LOOKUP, SA, 0x2000, &r));
	ASSERT_TRUE(r.has);
	EXPECT_EQ(NULL, r.tb[L4MM_A_PADDR]);
	EXPECT_NE(NULL, r.tb[L4MM_A_NAME]);
	EXPECT_NE(NULL, r.tb[L4MM_A_VADDR]);

	/* second level */
	ASSERT_EQ(0, l4_map(&self->nl, SA, 0x1000, SB, 0x3000));
	ASSERT_EQ(0, l4_va_cmd(&self->nl, L4MM_CMD_LOOKUP, SB, 0x3000, &r));
	ASSERT_TRUE(r.has && r.tb[L4MM_A_PADDR] && r.tb[L4MM_A_DEPTH] &&
		    r.tb[L4MM_A_SRC_NAME] && r.tb[L4MM_A_SRC_VADDR]);
	EXPECT_EQ(0x5000U, nla_get_u64(r.tb[L4MM_A_PADDR]));
	EXPECT_EQ(2U, nla_get_u32(r.tb[L4MM_A_DEPTH]));
	EXPECT_STREQ(SA, nla_get_string(r.tb[L4MM_A_SRC_NAME]));
	EXPECT_EQ(0x1000U, nla_get_u64(r.tb[L4MM_A_SRC_VADDR]));

	EXPECT_EQ(maps + 2, stat_of(&self->nl, L4MM_A_STAT_MAPPINGS));
	EXPECT_EQ(ops + 2, stat_of(&self->nl, L4MM_A_STAT_OPS));
	ASSERT_EQ(0, l4_list(&self->nl, sv));
	ASSERT_NE(NULL, find_space(sv, SA));
	EXPECT_EQ(1U, find_space(sv, SA)->pages);
	EXPECT_EQ(1U, find_space(sv, SB)->pages);
	EXPECT_INVARIANTS(&self->nl);
	free(sv);
}

/* map/grant from an unmapped page: -ENXIO and nothing changes. */
TEST_F(l4mm, source_unmapped_enxio_state_unchanged)
{
	uint64_t before[L4MM_A_STAT_MAX + 1], after[L4MM_A_STAT_MAX + 1];
	uint64_t s0pages;
	struct reply r;

	ASSERT_EQ(0, l4_map(&self->nl, SIGMA0, 0x7000, SB, 0x7000));
	ASSERT_EQ(0, l4_map(&self->nl, SB, 0x7000, SC, 0x7000));
	ASSERT_EQ(0, l4_stats(&self->nl, before));

	/* the destination must NOT be flushed when the source is invalid */
	l4_xfer_cmd(&self->nl, L4MM_CMD_MAP, SA, 0x9000, SB, 0x7000, &r);
	EXPECT_ERR(r.x, ENXIO, W_NXIO);
	l4_xfer_cmd(&self->nl, L4MM_CMD_GRANT, SA, 0x9000, SB, 0x7000, &r);
	EXPECT_ERR(r.x, ENXIO, W_NXIO);
	/* a sigma0 page beyond sigma0_pages is unmapped too */
	s0pages = before[L4MM_A_STAT_SIGMA0_PAGES];
	if (s0pages < (1ULL << 20)) {
		l4_xfer_cmd(&self->nl, L4MM_CMD_MAP, SIGMA0, s0pages * PG, SB,
			    0x7000, &r);
		EXPECT_ERR(r.x, ENXIO, W_NXIO);
		EXPECT_UNMAPPED(&self->nl, SIGMA0, s0pages * PG);
		EXPECT_MAPPED(&self->nl, SIGMA0, (s0pages - 1) * PG,
			      (s0pages - 1) * PG);
	}
	EXPECT_MAPPED(&self->nl, SB, 0x7000, 0x7000);
	EXPECT_MAPPED(&self->nl, SC, 0x7000, 0x7000);
	EXPECT_UNMAPPED(&self->nl, SA, 0x9000);
	ASSERT_EQ(0, l4_stats(&self->nl, after));
	EXPECT_EQ(before[L4MM_A_STAT_MAPPINGS], after[L4MM_A_STAT_MAPPINGS]);
	EXPECT_EQ(before[L4MM_A_STAT_TABLES], after[L4MM_A_STAT_TABLES]);
	EXPECT_EQ(before[L4MM_A_STAT_OPS], after[L4MM_A_STAT_OPS]);
	EXPECT_INVARIANTS(&self->nl);
}

TEST_F(l4mm, misaligned_einval)
{
	uint64_t ops = stat_of(&self->nl, L4MM_A_STAT_OPS);
	static const uint64_t bad[] = { 0x1, 0x800, 0x5001, 0xfff, 0xfffff001 };
	struct reply r;
	size_t i;

	ASSERT_EQ(0, l4_map(&self->nl, SIGMA0, 0x5000, SA, 0x5000));
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		l4_xfer_cmd(&self->nl, L4MM_CMD_MAP, SIGMA0, bad[i], SA, 0x5000, &r);
		EXPECT_ERR(r.x, EINVAL, W_ALIGN);
		l4_xfer_cmd(&self->nl, L4MM_CMD_MAP, SIGMA0, 0x5000, SA, bad[i], &r);
		EXPECT_ERR(r.x, EINVAL, W_ALIGN);
		l4_xfer_cmd(&self->nl, L4MM_CMD_GRANT, SA, 0x5000, SB, bad[i], &r);
		EXPECT_ERR(r.x, EINVAL, W_ALIGN);
		l4_va_cmd(&self->nl, L4MM_CMD_UNMAP, SIGMA0, bad[i], &r);
		EXPECT_ERR(r.x, EINVAL, W_ALIGN);
		l4_va_cmd(&self->nl, L4MM_CMD_FLUSH, SIGMA0, bad[i], &r);
		EXPECT_ERR(r.x, EINVAL, W_ALIGN);
		l4_va_cmd(&self->nl, L4MM_CMD_LOOKUP, SIGMA0, bad[i], &r);
		EXPECT_ERR(r.x, EINVAL, W_ALIGN);
	}
	EXPECT_MAPPED(&self->nl, SA, 0x5000, 0x5000);
	EXPECT_MAPPED(&self->nl, SIGMA0, 0x5000, 0x5000);
	EXPECT_MAPPED(&self->nl, SIGMA0, 0, 0);
	EXPECT_EQ(ops + 1, stat_of(&self->nl, L4MM_A_STAT_OPS));
}

TEST_F(l4mm, beyond_32bit_erange)
{
	static const uint64_t bad[] = {
		0x100000000ULL, 0x100001000ULL, 0xfffffffffffff000ULL,
	};
	uint64_t ops = stat_of(&self->nl, L4MM_A_STAT_OPS);
	struct reply r;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		l4_xfer_cmd(&self->nl, L4MM_CMD_MAP, SIGMA0, bad[i], SA, 0, &r);
		EXPECT_ERR(r.x, ERANGE, W_RANGE);
		l4_xfer_cmd(&self->nl, L4MM_CMD_MAP, SIGMA0, 0, SA, bad[i], &r);
		EXPECT_ERR(r.x, ERANGE, W_RANGE);
		l4_xfer_cmd(&self->nl, L4MM_CMD_GRANT, SIGMA0, 0, SA, bad[i], &r);
		EXPECT_ERR(r.x, ERANGE, W_RANGE);
		l4_va_cmd(&self->nl, L4MM_CMD_UNMAP, SIGMA0, bad[i], &r);
		EXPECT_ERR(r.x, ERANGE, W_RANGE);
		l4_va_cmd(&self->nl, L4MM_CMD_FLUSH, SIGMA0, bad[i], &r);
		EXPECT_ERR(r.x, ERANGE, W_RANGE);
		l4_va_cmd(&self->nl, L4MM_CMD_LOOKUP, SA, bad[i], &r);
		EXPECT_ERR(r.x, ERANGE, W_RANGE);
	}
	EXPECT_UNMAPPED(&self->nl, SA, 0);
	EXPECT_MAPPED(&self->nl, SIGMA0, 0, 0);
	EXPECT_EQ(ops, stat_of(&self->nl, L4MM_A_STAT_OPS));
}

/* Page 0 and the last page 0xfffff000 are ordinary pages. */
TEST_F(l4mm, address_zero_and_last_page)
{
	struct reply r;
	uint32_t v;

	EXPECT_MAPPED(&self->nl, SIGMA0, 0, 0);
	ASSERT_EQ(0, l4_map(&self->nl, SIGMA0, 0, SA, 0xfffff000));
	EXPECT_MAPPED(&self->nl, SA, 0xfffff000, 0);
	ASSERT_EQ(0, l4_map(&self->nl, SA, 0xfffff000, SB, 0));
	EXPECT_MAPPED(&self->nl, SB, 0, 0);
	ASSERT_EQ(0, l4_map(&self->nl, SIGMA0, 0x3000, SB, 0xfffff000));
	EXPECT_MAPPED(&self->nl, SB, 0xfffff000, 0x3000);
	ASSERT_EQ(0, l4_va_cmd(&self->nl, L4MM_CMD_LOOKUP, SB, 0, &r));
	ASSERT_TRUE(r.has && r.tb[L4MM_A_DEPTH] && r.tb[L4MM_A_SRC_VADDR]);
	EXPECT_EQ(2U, nla_get_u32(r.tb[L4MM_A_DEPTH]));
	EXPECT_EQ(0xfffff000, nla_get_u64(r.tb[L4MM_A_SRC_VADDR]));
	EXPECT_INVARIANTS(&self->nl);

	ASSERT_EQ(0, l4_va_cmd(&self->nl, L4MM_CMD_UNMAP, SA, 0xfffff000, &r));
	ASSERT_EQ(0, l4_reply_u32(&r, L4MM_A_REMOVED, &v));
	EXPECT_EQ(1U, v);
	EXPECT_MAPPED(&self->nl, SA, 0xfffff000, 0);
	EXPECT_UNMAPPED(&self->nl, SB, 0);
	EXPECT_MAPPED(&self->nl, SB, 0xfffff000, 0x3000);
	ASSERT_EQ(0, l4_va_cmd(&self->nl, L4MM_CMD_FLUSH, SB, 0xfffff000, &r));
	ASSERT_EQ(0, l4_reply_u32(&r, L4MM_A_REMOVED, &v));
	EXPECT_EQ(1U, v);
	EXPECT_UNMAPPED(&self->nl, SB, 0xfffff000);
	EXPECT_MAPPED(&self->nl, SIGMA0, 0, 0);
	EXPECT_MAPPED(&self->nl, SIGMA0, 0x3000, 0x3000);
}

TEST_F(l4mm, missing_attribute_einval)
{
	static const int xattrs[] = {
		L4MM_A_SRC_NAME, L4MM_A_SRC_VADDR, L4MM_A_NAME, L4MM_A_VADDR,
	};
	static const int xcmds[] = { L4MM_CMD_MAP, L4MM_CMD_GRANT };
	static const int vcmds[] = {
		L4MM_CMD_UNMAP, L4MM_CMD_FLUSH, L4MM_CMD_LOOKUP,
	};
	uint64_t ops = stat_of(&self->nl, L4MM_A_STAT_OPS);
	struct nl_msg *m;
	struct reply r;
	size_t c, i;

#define EXPECT_MISSING(attr) do {					\
	EXPECT_EQ(-EINVAL, r.x.err);					\
	if (r.x.miss_type >= 0) {					\
		EXPECT_EQ((attr), r.x.miss_type);			\
	} else {							\
		EXPECT_TRUE(has_word(r.x.ext, W_MISSING))		\
			TH_LOG("no MISS_TYPE and extack \"%s\"", r.x.ext); \
	}								\
} while (0)

	l4_name_cmd(&self->nl, L4MM_CMD_CREATE, NULL, &r);
	EXPECT_MISSING(L4MM_A_NAME);
	l4_name_cmd(&self->nl, L4MM_CMD_DESTROY, NULL, &r);
	EXPECT_MISSING(L4MM_A_NAME);
	for (c = 0; c < 2; c++)
		for (i = 0; i < 4; i++) {
			m = l4msg(&self->nl, xcmds[c], 0);
			ASSERT_NE(NULL, m);
			if (xattrs[i] != L4MM_A_SRC_NAME)
				nla_put_string(m, L4MM_A_SRC_NAME, SIGMA0);
			if (xattrs[i] != L4MM_A_SRC_VADDR)
				nla_put_u64(m, L4MM_A_SRC_VADDR, 0x1000);
			if (xattrs[i] != L4MM_A_NAME)
				nla_put_string(m, L4MM_A_NAME, SA);
			if (xattrs[i] != L4MM_A_VADDR)
				nla_put_u64(m, L4MM_A_VADDR, 0x1000);
			do_req(&self->nl, m, &r);
			EXPECT_MISSING(xattrs[i]);
		}
	for (c = 0; c < 3; c++) {
		m = l4msg(&self->nl, vcmds[c], 0);
		ASSERT_NE(NULL, m);
		nla_put_string(m, L4MM_A_NAME, SIGMA0);
		do_req(&self->nl, m, &r);
		EXPECT_MISSING(L4MM_A_VADDR);
		m = l4msg(&self->nl, vcmds[c], 0);
		ASSERT_NE(NULL, m);
		nla_put_u64(m, L4MM_A_VADDR, 0x1000);
		do_req(&self->nl, m, &r);
		EXPECT_MISSING(L4MM_A_NAME);
	}
	do_req(&self->nl, l4msg(&self->nl, L4MM_CMD_BATCH, 0), &r);
	EXPECT_MISSING(L4MM_A_BATCH);
	EXPECT_UNMAPPED(&self->nl, SA, 0x1000);
	EXPECT_MAPPED(&self->nl, SIGMA0, 0x1000, 0x1000);
	EXPECT_EQ(ops, stat_of(&self->nl, L4MM_A_STAT_OPS));
#undef EXPECT_MISSING
}

/* Strict validation: unknown attribute types and wrong lengths. */
TEST_F(l4mm, strict_validation)
{
	uint64_t spaces = stat_of(&self->nl, L4MM_A_STAT_SPACES);
	struct nl_msg *m;
	struct reply r;

	m = l4msg(&self->nl, L4MM_CMD_CREATE, 0);
	ASSERT_NE(NULL, m);
	nla_put_string(m, L4MM_A_NAME, "ksft_strict");
	nla_put_u32(m, L4MM_A_MAX + 1, 1);
	EXPECT_EQ(-EINVAL, do_req(&self->nl, m, &r));
	EXPECT_EQ(-ENOENT, l4_lookup(&self->nl, "ksft_strict", 0, NULL));

	/* VADDR is a u64: a u32 is rejected */
	m = l4msg(&self->nl, L4MM_CMD_LOOKUP, 0);
	ASSERT_NE(NULL, m);
	nla_put_string(m, L4MM_A_NAME, SIGMA0);
	nla_put_u32(m, L4MM_A_VADDR, 0x1000);
	EXPECT_EQ(-EINVAL, do_req(&self->nl, m, &r));

	/* unknown command */
	EXPECT_NE(0, do_req(&self->nl, l4msg(&self->nl, L4MM_CMD_MAX + 1, 0), &r));
	EXPECT_EQ(spaces, stat_of(&self->nl, L4MM_A_STAT_SPACES));
}

/*
 * L4MM_A_EFFECTS (the pages changed, in the reply) belongs to a single
 * MAP, GRANT, UNMAP or FLUSH: refused by name on another command and in
 * a batch entry, with nothing done; the GRAPH attributes that number
 * below it in the mutating commands' union policy are refused too.
 */
TEST_F(l4mm, effects_single_requests_only)
{
	uint64_t ops = stat_of(&self->nl, L4MM_A_STAT_OPS);
	struct nl_msg *m;
	struct batch b;
	struct reply r;
	struct nlattr *c;

	m = l4msg(&self->nl, L4MM_CMD_CREATE, 0);
	ASSERT_NE(NULL, m);
	nla_put_string(m, L4MM_A_NAME, "ksft_eff1");
	nla_put_flag(m, L4MM_A_EFFECTS);
	EXPECT_EQ(-EINVAL, do_req(&self->nl, m, &r));
	EXPECT_NE(NULL, strstr(r.x.ext, "not valid for this command"))
		TH_LOG("extack \"%s\"", r.x.ext);
	EXPECT_EQ(-ENOENT, l4_lookup(&self->nl, "ksft_eff1", 0, NULL));

	m = l4msg(&self->nl, L4MM_CMD_CREATE, 0);
	ASSERT_NE(NULL, m);
	nla_put_string(m, L4MM_A_NAME, "ksft_eff2");
	nla_put_u32(m, L4MM_A_GRAPH_LIMIT, 1);
	EXPECT_EQ(-EINVAL, do_req(&self->nl, m, &r));
	EXPECT_EQ(-ENOENT, l4_lookup(&self->nl, "ksft_eff2", 0, NULL));

	/* a batched UNMAP asking for effects: the whole batch refused */
	batch_start(&self->nl, &b);
	ASSERT_NE(NULL, b.outer);
	batch_name(&b, L4MM_CMD_CREATE, "ksft_eff3");
	c = nest_start(b.m, L4MM_A_BATCH_CMD);
	nla_put_u8(b.m, L4MM_A_CMD, L4MM_CMD_UNMAP);
	nla_put_string(b.m, L4MM_A_NAME, SIGMA0);
	nla_put_u64(b.m, L4MM_A_VADDR, 0x1000);
	nla_put_flag(b.m, L4MM_A_EFFECTS);
	nla_nest_end(b.m, c);
	EXPECT_EQ(-EINVAL, batch_run(&b, &self->nl, 0, &r));
	EXPECT_EQ(-ENOENT, l4_lookup(&self->nl, "ksft_eff3", 0, NULL));
	EXPECT_EQ(ops, stat_of(&self->nl, L4MM_A_STAT_OPS));
}

/* unmap removes the derived tree and keeps n,v; flush removes n,v too. */
TEST_F(l4mm, unmap_and_flush)
{
	struct reply r;
	uint32_t v;

	ASSERT_EQ(0, l4_map(&self->nl, SIGMA0, 0x8000, SA, 0x1000));
	ASSERT_EQ(0, l4_map(&self->nl, SA, 0x1000, SB, 0x2000));
	ASSERT_EQ(0, l4_map(&self->nl, SB, 0x2000, SC, 0x3000));
	ASSERT_EQ(0, l4_map(&self->nl, SA, 0x1000, SC, 0x4000));
	ASSERT_EQ(0, l4_map(&self->nl, SIGMA0, 0x9000, SC, 0x5000));
	EXPECT_MAPPED(&self->nl, SC, 0x3000, 0x8000);
	EXPECT_INVARIANTS(&self->nl);

	ASSERT_EQ(0, l4_va_cmd(&self->nl, L4MM_CMD_UNMAP, SA, 0x1000, &r));
	ASSERT_EQ(0, l4_reply_u32(&r, L4MM_A_REMOVED, &v));
	EXPECT_EQ(3U, v);
	EXPECT_MAPPED(&self->nl, SA, 0x1000, 0x8000);
	EXPECT_UNMAPPED(&self->nl, SB, 0x2000);
	EXPECT_UNMAPPED(&self->nl, SC, 0x3000);
	EXPECT_UNMAPPED(&self->nl, SC, 0x4000);
	EXPECT_MAPPED(&self->nl, SC, 0x5000, 0x9000);

	ASSERT_EQ(0, l4_map(&self->nl, SA, 0x1000, SB, 0x2000));
	ASSERT_EQ(0, l4_va_cmd(&self->nl, L4MM_CMD_FLUSH, SA, 0x1000, &r));
	ASSERT_EQ(0, l4_reply_u32(&r, L4MM_A_REMOVED, &v));
	EXPECT_EQ(2U, v);
	EXPECT_UNMAPPED(&self->nl, SA, 0x1000);
	EXPECT_UNMAPPED(&self->nl, SB, 0x2000);
	EXPECT_MAPPED(&self->nl, SIGMA0, 0x8000, 0x8000);

	/* unmapped pages: not an error, nothing removed */
	ASSERT_EQ(0, l4_va_cmd(&self->nl, L4MM_CMD_UNMAP, SA, 0x1000, &r));
	ASSERT_EQ(0, l4_reply_u32(&r, L4MM_A_REMOVED, &v));
	EXPECT_EQ(0U, v);
	ASSERT_EQ(0, l4_va_cmd(&self->nl, L4MM_CMD_FLUSH, SA, 0x1000, &r));
	ASSERT_EQ(0, l4_reply_u32(&r, L4MM_A_REMOVED, &v));
	EXPECT_EQ(0U, v);
	EXPECT_INVARIANTS(&self->nl);
}

/* Fig. 4: map flushes the destination (and what derives from it) first. */
TEST_F(l4mm, map_flushes_destination)
{
	struct reply r;
	uint32_t v;

	ASSERT_EQ(0, l4_map(&self->nl, SIGMA0, 0x20000, SA, 0x1000));
	ASSERT_EQ(0, l4_map(&self->nl, SIGMA0, 0x21000, SB, 0x2000));
	ASSERT_EQ(0, l4_map(&self->nl, SB, 0x2000, SC, 0x3000));
	ASSERT_EQ(0, l4_xfer_cmd(&self->nl, L4MM_CMD_MAP, SA, 0x1000, SB,
				 0x2000, &r));
	ASSERT_EQ(0, l4_reply_u32(&r, L4MM_A_REMOVED, &v));
	EXPECT_EQ(2U, v);
	ASSERT_NE(NULL, r.tb[L4MM_A_INSTALLED]);
	EXPECT_EQ(1, nla_get_u8(r.tb[L4MM_A_INSTALLED]));
	EXPECT_MAPPED(&self->nl, SB, 0x2000, 0x20000);
	EXPECT_UNMAPPED(&self->nl, SC, 0x3000);
	EXPECT_MAPPED(&self->nl, SA, 0x1000, 0x20000);
	EXPECT_MAPPED(&self->nl, SIGMA0, 0x21000, 0x21000);
	EXPECT_INVARIANTS(&self->nl);
}

/* Fig. 5: grant moves the entry and flushes the source's subtree. */
TEST_F(l4mm, grant_moves_entry)
{
	struct reply r;
	uint32_t v;

	ASSERT_EQ(0, l4_map(&self->nl, SIGMA0, 0x30000, SA, 0x1000));
	ASSERT_EQ(0, l4_map(&self->nl, SA, 0x1000, SB, 0x2000));
	/* the destination has an old mapping with a child of its own */
	ASSERT_EQ(0, l4_map(&self->nl, SIGMA0, 0x31000, SC, 0x5000));
	ASSERT_EQ(0, l4_map(&self->nl, SC, 0x5000, SB, 0x6000));

	ASSERT_EQ(0, l4_xfer_cmd(&self->nl, L4MM_CMD_GRANT, SA, 0x1000, SC,
				 0x5000, &r));
	ASSERT_NE(NULL, r.tb[L4MM_A_INSTALLED]);
	EXPECT_EQ(1, nla_get_u8(r.tb[L4MM_A_INSTALLED]));
	ASSERT_EQ(0, l4_reply_u32(&r, L4MM_A_REMOVED, &v));
	EXPECT_EQ(4U, v);	/* c:5000, b:6000, then a:1000, b:2000 */

	ASSERT_EQ(0, l4_va_cmd(&self->nl, L4MM_CMD_LOOKUP, SC, 0x5000, &r));
	ASSERT_TRUE(r.has && r.tb[L4MM_A_PADDR] && r.tb[L4MM_A_DEPTH] &&
		    r.tb[L4MM_A_SRC_NAME] && r.tb[L4MM_A_SRC_VADDR]);
	EXPECT_EQ(0x30000U, nla_get_u64(r.tb[L4MM_A_PADDR]));
	EXPECT_EQ(1U, nla_get_u32(r.tb[L4MM_A_DEPTH]));
	EXPECT_STREQ(SIGMA0, nla_get_string(r.tb[L4MM_A_SRC_NAME]));
	EXPECT_EQ(0x30000U, nla_get_u64(r.tb[L4MM_A_SRC_VADDR]));
	EXPECT_UNMAPPED(&self->nl, SA, 0x1000);
	EXPECT_UNMAPPED(&self->nl, SB, 0x2000);
	EXPECT_UNMAPPED(&self->nl, SB, 0x6000);
	EXPECT_MAPPED(&self->nl, SIGMA0, 0x31000, 0x31000);
	EXPECT_INVARIANTS(&self->nl);
}

/* The paper's counterexample: map n v n' v'; grant n' v' n v. No loop. */
TEST_F(l4mm, map_then_grant_back_no_loop)
{
	uint64_t maps;
	struct mapvec mv;
	struct reply r;
	uint8_t inst;

	ASSERT_EQ(0, l4_map(&self->nl, SIGMA0, 0xb000, SA, 0x1000));
	maps = stat_of(&self->nl, L4MM_A_STAT_MAPPINGS);
	ASSERT_EQ(0, l4_map(&self->nl, SA, 0x1000, SB, 0x2000));
	ASSERT_EQ(0, l4_xfer_cmd(&self->nl, L4MM_CMD_GRANT, SB, 0x2000, SA,
				 0x1000, &r));
	ASSERT_NE(NULL, r.tb[L4MM_A_INSTALLED]);
	inst = nla_get_u8(r.tb[L4MM_A_INSTALLED]);
	EXPECT_EQ(0, inst);
	EXPECT_UNMAPPED(&self->nl, SA, 0x1000);
	EXPECT_UNMAPPED(&self->nl, SB, 0x2000);
	EXPECT_MAPPED(&self->nl, SIGMA0, 0xb000, 0xb000);
	EXPECT_EQ(maps - 1, stat_of(&self->nl, L4MM_A_STAT_MAPPINGS));
	ASSERT_EQ(0, l4_dump(&self->nl, SA, &mv, &r.x));
	EXPECT_EQ(0U, mv.n);
	mapvec_free(&mv);
	ASSERT_EQ(0, l4_dump(&self->nl, SB, &mv, &r.x));
	EXPECT_EQ(0U, mv.n);
	mapvec_free(&mv);
	EXPECT_INVARIANTS(&self->nl);
}

/* map n v n v, grant n v n v, and grant/map into an ancestor. */
TEST_F(l4mm, self_and_ancestor_targets)
{
	struct reply r;

	ASSERT_EQ(0, l4_map(&self->nl, SIGMA0, 0xc000, SA, 0x1000));
	ASSERT_EQ(0, l4_map(&self->nl, SA, 0x1000, SB, 0x2000));
	ASSERT_EQ(0, l4_xfer_cmd(&self->nl, L4MM_CMD_MAP, SA, 0x1000, SA,
				 0x1000, &r));
	ASSERT_NE(NULL, r.tb[L4MM_A_INSTALLED]);
	EXPECT_EQ(0, nla_get_u8(r.tb[L4MM_A_INSTALLED]));
	EXPECT_UNMAPPED(&self->nl, SA, 0x1000);
	EXPECT_UNMAPPED(&self->nl, SB, 0x2000);
	EXPECT_INVARIANTS(&self->nl);

	/* grant n v n v = flush n v o (n,v <= entry): the page is gone */
	ASSERT_EQ(0, l4_map(&self->nl, SIGMA0, 0xc000, SA, 0x1000));
	ASSERT_EQ(0, l4_map(&self->nl, SA, 0x1000, SB, 0x2000));
	ASSERT_EQ(0, l4_xfer_cmd(&self->nl, L4MM_CMD_GRANT, SA, 0x1000, SA,
				 0x1000, NULL));
	EXPECT_UNMAPPED(&self->nl, SA, 0x1000);
	EXPECT_UNMAPPED(&self->nl, SB, 0x2000);
	EXPECT_INVARIANTS(&self->nl);

	/* grant into the grand-parent of the chain sigma0 -> a -> b -> c */
	ASSERT_EQ(0, l4_map(&self->nl, SIGMA0, 0xd000, SA, 0x1000));
	ASSERT_EQ(0, l4_map(&self->nl, SA, 0x1000, SB, 0x2000));
	ASSERT_EQ(0, l4_map(&self->nl, SB, 0x2000, SC, 0x3000));
	ASSERT_EQ(0, l4_xfer_cmd(&self->nl, L4MM_CMD_GRANT, SC, 0x3000, SA,
				 0x1000, &r));
	ASSERT_NE(NULL, r.tb[L4MM_A_INSTALLED]);
	EXPECT_EQ(0, nla_get_u8(r.tb[L4MM_A_INSTALLED]));
	EXPECT_UNMAPPED(&self->nl, SA, 0x1000);
	EXPECT_UNMAPPED(&self->nl, SB, 0x2000);
	EXPECT_UNMAPPED(&self->nl, SC, 0x3000);
	EXPECT_MAPPED(&self->nl, SIGMA0, 0xd000, 0xd000);
	EXPECT_INVARIANTS(&self->nl);

	/* map into the parent */
	ASSERT_EQ(0, l4_map(&self->nl, SIGMA0, 0xd000, SA, 0x1000));
	ASSERT_EQ(0, l4_map(&self->nl, SA, 0x1000, SB, 0x2000));
	ASSERT_EQ(0, l4_xfer_cmd(&self->nl, L4MM_CMD_MAP, SB, 0x2000, SA,
				 0x1000, &r));
	ASSERT_NE(NULL, r.tb[L4MM_A_INSTALLED]);
	EXPECT_EQ(0, nla_get_u8(r.tb[L4MM_A_INSTALLED]));
	EXPECT_UNMAPPED(&self->nl, SA, 0x1000);
	EXPECT_UNMAPPED(&self->nl, SB, 0x2000);
	EXPECT_INVARIANTS(&self->nl);

	/* grant to a sibling page of the same space works normally */
	ASSERT_EQ(0, l4_map(&self->nl, SIGMA0, 0xd000, SA, 0x1000));
	ASSERT_EQ(0, l4_xfer_cmd(&self->nl, L4MM_CMD_GRANT, SA, 0x1000, SA,
				 0x7000, NULL));
	EXPECT_UNMAPPED(&self->nl, SA, 0x1000);
	EXPECT_MAPPED(&self->nl, SA, 0x7000, 0xd000);
	EXPECT_INVARIANTS(&self->nl);
}

TEST_F(l4mm, destroy_removes_derived)
{
	struct reply r;
	uint32_t v;

	ASSERT_EQ(0, l4_map(&self->nl, SIGMA0, 0xe000, SA, 0x1000));
	ASSERT_EQ(0, l4_map(&self->nl, SA, 0x1000, SB, 0x2000));
	ASSERT_EQ(0, l4_map(&self->nl, SB, 0x2000, SC, 0x3000));
	ASSERT_EQ(0, l4_map(&self->nl, SIGMA0, 0xf000, SB, 0x4000));
	ASSERT_EQ(0, l4_map(&self->nl, SIGMA0, 0xf000, SA, 0x5000));
	ASSERT_EQ(0, l4_name_cmd(&self->nl, L4MM_CMD_DESTROY, SB, &r));
	ASSERT_EQ(0, l4_reply_u32(&r, L4MM_A_REMOVED, &v));
	EXPECT_EQ(3U, v);
	EXPECT_EQ(-ENOENT, l4_lookup(&self->nl, SB, 0x2000, NULL));
	EXPECT_UNMAPPED(&self->nl, SC, 0x3000);
	EXPECT_MAPPED(&self->nl, SA, 0x1000, 0xe000);
	EXPECT_MAPPED(&self->nl, SA, 0x5000, 0xf000);
	EXPECT_INVARIANTS(&self->nl);
	/* the name can be reused, the new space is empty */
	ASSERT_EQ(0, l4_name_cmd(&self->nl, L4MM_CMD_CREATE, SB, NULL));
	EXPECT_UNMAPPED(&self->nl, SB, 0x2000);
}

TEST_F(l4mm, stats_counters)
{
	uint64_t a[L4MM_A_STAT_MAX + 1], b[L4MM_A_STAT_MAX + 1];
	uint64_t c[L4MM_A_STAT_MAX + 1];

	ASSERT_EQ(0, l4_stats(&self->nl, a));
	EXPECT_GE(a[L4MM_A_STAT_SPACES], 4U);
	EXPECT_GT(a[L4MM_A_STAT_TABLES], 0U);
	EXPECT_GT(a[L4MM_A_STAT_TABLE_BYTES], 0U);
	EXPECT_GT(a[L4MM_A_STAT_NODE_BYTES], 0U);
	EXPECT_GE(a[L4MM_A_STAT_MAPPINGS], 1U);
	ASSERT_EQ(0, l4_map(&self->nl, SIGMA0, 0x40000, SA, 0x80000000));
	ASSERT_EQ(0, l4_stats(&self->nl, b));
	EXPECT_EQ(a[L4MM_A_STAT_MAPPINGS] + 1, b[L4MM_A_STAT_MAPPINGS]);
	EXPECT_EQ(a[L4MM_A_STAT_OPS] + 1, b[L4MM_A_STAT_OPS]);
	EXPECT_GT(b[L4MM_A_STAT_NODE_BYTES], a[L4MM_A_STAT_NODE_BYTES]);
	EXPECT_GE(b[L4MM_A_STAT_TABLES], a[L4MM_A_STAT_TABLES]);
	EXPECT_EQ(a[L4MM_A_STAT_SPACES], b[L4MM_A_STAT_SPACES]);
	/* a failing op is not counted */
	EXPECT_EQ(-ENXIO, l4_map(&self->nl, SB, 0, SA, 0));
	ASSERT_EQ(0, l4_va_cmd(&self->nl, L4MM_CMD_FLUSH, SA, 0x80000000, NULL));
	ASSERT_EQ(0, l4_stats(&self->nl, c));
	EXPECT_EQ(a[L4MM_A_STAT_MAPPINGS], c[L4MM_A_STAT_MAPPINGS]);
	EXPECT_EQ(a[L4MM_A_STAT_NODE_BYTES], c[L4MM_A_STAT_NODE_BYTES]);
	/* empty tables are freed again */
	EXPECT_EQ(a[L4MM_A_STAT_TABLES], c[L4MM_A_STAT_TABLES]);
	EXPECT_EQ(a[L4MM_A_STAT_TABLE_BYTES], c[L4MM_A_STAT_TABLE_BYTES]);
	EXPECT_EQ(a[L4MM_A_STAT_OPS] + 2, c[L4MM_A_STAT_OPS]);
	EXPECT_EQ(a[L4MM_A_STAT_SIGMA0_PAGES], c[L4MM_A_STAT_SIGMA0_PAGES]);
}

/* Without FORCE a batch stops at the first failure; earlier ones stay. */
TEST_F(l4mm, batch_stops_at_first_failure)
{
	struct batch b;
	struct reply r;
	uint32_t v;

	batch_start(&self->nl, &b);
	ASSERT_NE(NULL, b.outer);
	batch_name(&b, L4MM_CMD_CREATE, "ksft_b1");
	batch_xfer(&b, L4MM_CMD_MAP, SIGMA0, 0x1000, "ksft_b1", 0);
	batch_xfer(&b, L4MM_CMD_MAP, "ksft_b1", 0x5000, SA, 0x1000); /* ENXIO */
	batch_name(&b, L4MM_CMD_CREATE, "ksft_b2");
	batch_xfer(&b, L4MM_CMD_MAP, SIGMA0, 0x2000, SA, 0x2000);
	ASSERT_EQ(0, batch_run(&b, &self->nl, 0, &r));
	ASSERT_TRUE(r.has);
	ASSERT_EQ(0, l4_reply_u32(&r, L4MM_A_BATCH_DONE, &v));
	EXPECT_EQ(2U, v);
	ASSERT_EQ(0, l4_reply_u32(&r, L4MM_A_BATCH_FAILED, &v));
	EXPECT_EQ(1U, v);
	ASSERT_EQ(0, l4_reply_u32(&r, L4MM_A_BATCH_ERR_INDEX, &v));
	EXPECT_EQ(2U, v);
	ASSERT_EQ(0, l4_reply_u32(&r, L4MM_A_BATCH_ERRNO, &v));
	EXPECT_EQ((uint32_t)ENXIO, v);
	ASSERT_NE(NULL, r.tb[L4MM_A_BATCH_ERR_MSG]);
	EXPECT_TRUE(has_word(nla_get_string(r.tb[L4MM_A_BATCH_ERR_MSG]), W_NXIO))
		TH_LOG("batch error message \"%s\"",
		       nla_get_string(r.tb[L4MM_A_BATCH_ERR_MSG]));
	EXPECT_MAPPED(&self->nl, "ksft_b1", 0, 0x1000);
	EXPECT_EQ(-ENOENT, l4_lookup(&self->nl, "ksft_b2", 0, NULL));
	EXPECT_UNMAPPED(&self->nl, SA, 0x2000);
	EXPECT_UNMAPPED(&self->nl, SA, 0x1000);
	EXPECT_INVARIANTS(&self->nl);
}

TEST_F(l4mm, batch_force_goes_on)
{
	uint64_t ops = stat_of(&self->nl, L4MM_A_STAT_OPS);
	struct batch b;
	struct reply r;
	uint32_t v;

	batch_start(&self->nl, &b);
	ASSERT_NE(NULL, b.outer);
	batch_name(&b, L4MM_CMD_CREATE, "ksft_f1");
	batch_name(&b, L4MM_CMD_CREATE, "ksft_f1");		/* EEXIST */
	batch_xfer(&b, L4MM_CMD_MAP, SIGMA0, 0x3000, "ksft_f1", 0x3000);
	batch_name(&b, L4MM_CMD_DESTROY, "ksft_nope");		/* ENOENT */
	batch_xfer(&b, L4MM_CMD_GRANT, "ksft_f1", 0x3000, SA, 0x4000);
	batch_va(&b, L4MM_CMD_UNMAP, SA, 0x4000);
	batch_va(&b, L4MM_CMD_FLUSH, SB, 0x4000);
	ASSERT_EQ(0, batch_run(&b, &self->nl, L4MM_F_FORCE, &r));
	ASSERT_EQ(0, l4_reply_u32(&r, L4MM_A_BATCH_DONE, &v));
	EXPECT_EQ(5U, v);
	ASSERT_EQ(0, l4_reply_u32(&r, L4MM_A_BATCH_FAILED, &v));
	EXPECT_EQ(2U, v);
	ASSERT_EQ(0, l4_reply_u32(&r, L4MM_A_BATCH_ERR_INDEX, &v));
	EXPECT_EQ(1U, v);
	ASSERT_EQ(0, l4_reply_u32(&r, L4MM_A_BATCH_ERRNO, &v));
	EXPECT_EQ((uint32_t)EEXIST, v);
	ASSERT_NE(NULL, r.tb[L4MM_A_BATCH_ERR_MSG]);
	EXPECT_TRUE(has_word(nla_get_string(r.tb[L4MM_A_BATCH_ERR_MSG]), W_EXIST));
	EXPECT_UNMAPPED(&self->nl, "ksft_f1", 0x3000);
	EXPECT_MAPPED(&self->nl, SA, 0x4000, 0x3000);
	EXPECT_EQ(ops + 5, stat_of(&self->nl, L4MM_A_STAT_OPS));
	EXPECT_INVARIANTS(&self->nl);
}

/* A malformed batch fails as a whole and runs nothing. */
TEST_F(l4mm, batch_malformed)
{
	uint64_t ops = stat_of(&self->nl, L4MM_A_STAT_OPS);
	struct batch b;
	struct reply r;
	uint32_t done = 0, failed = 0;
	struct nlattr *c;
	int err;

	/* unknown flag bit */
	batch_start(&self->nl, &b);
	ASSERT_NE(NULL, b.outer);
	batch_name(&b, L4MM_CMD_CREATE, "ksft_m1");
	EXPECT_GT(0, batch_run(&b, &self->nl, 1U << 7, &r));
	EXPECT_EQ(-ENOENT, l4_lookup(&self->nl, "ksft_m1", 0, NULL));

	/* LOOKUP is not a batchable command: rejected, never run */
	batch_start(&self->nl, &b);
	ASSERT_NE(NULL, b.outer);
	batch_name(&b, L4MM_CMD_CREATE, "ksft_m2");
	batch_va(&b, L4MM_CMD_LOOKUP, SIGMA0, 0);
	err = batch_run(&b, &self->nl, 0, &r);
	if (!err) {
		ASSERT_EQ(0, l4_reply_u32(&r, L4MM_A_BATCH_DONE, &done));
		ASSERT_EQ(0, l4_reply_u32(&r, L4MM_A_BATCH_FAILED, &failed));
		EXPECT_EQ(1U, done);
		EXPECT_EQ(1U, failed);
	} else {
		/* the policy's range check of L4MM_A_CMD: -ERANGE */
		EXPECT_TRUE(err == -EINVAL || err == -ERANGE) TH_LOG("err %d", err);
		EXPECT_EQ(-ENOENT, l4_lookup(&self->nl, "ksft_m2", 0, NULL));
	}

	/* a batch command without L4MM_A_CMD */
	batch_start(&self->nl, &b);
	ASSERT_NE(NULL, b.outer);
	c = nest_start(b.m, L4MM_A_BATCH_CMD);
	nla_put_string(b.m, L4MM_A_NAME, "ksft_m3");
	nla_nest_end(b.m, c);
	err = batch_run(&b, &self->nl, 0, &r);
	if (!err) {
		ASSERT_EQ(0, l4_reply_u32(&r, L4MM_A_BATCH_FAILED, &failed));
		EXPECT_EQ(1U, failed);
	}
	EXPECT_EQ(-ENOENT, l4_lookup(&self->nl, "ksft_m3", 0, NULL));
	EXPECT_EQ(ops + done, stat_of(&self->nl, L4MM_A_STAT_OPS));
}

#define MANY 3000

/* A dump of 3000 mappings spans several messages and resumes exactly. */
TEST_F_TIMEOUT(l4mm, dump_resumes_many, 300)
{
	struct spacevec *sv = malloc(sizeof(*sv));
	uint64_t total_pages = 0, maps;
	struct mapvec mv;
	struct reply r;
	struct xfer x;
	struct batch b;
	uint32_t v;
	size_t i;
	int k;

	ASSERT_NE(NULL, sv);
	for (i = 0; i < MANY; i += 250) {
		batch_start(&self->nl, &b);
		ASSERT_NE(NULL, b.outer);
		for (k = 0; k < 250; k++)
			batch_xfer(&b, L4MM_CMD_MAP, SIGMA0, 0x100000 + (i + k) * PG,
				   SA, 0x40000000 + (i + k) * PG);
		ASSERT_EQ(0, batch_run(&b, &self->nl, 0, &r));
		ASSERT_EQ(0, l4_reply_u32(&r, L4MM_A_BATCH_DONE, &v));
		ASSERT_EQ(250U, v);
	}
	ASSERT_EQ(0, l4_dump(&self->nl, SA, &mv, &x));
	EXPECT_FALSE(mv.bad);
	EXPECT_FALSE(x.intr);
	EXPECT_EQ((size_t)MANY, mv.n);
	EXPECT_GT(x.nmsgs, 1) TH_LOG("dump of %d mappings in one message", MANY);
	TH_LOG("%zu mappings in %d messages", mv.n, x.nmsgs);
	for (i = 0; i < mv.n && i < MANY; i++) {
		struct mapping *m = &mv.v[i];

		EXPECT_STREQ(SA, m->space);
		EXPECT_EQ(0x40000000 + i * PG, m->va);
		EXPECT_EQ(0x100000 + i * PG, m->pa);
		EXPECT_EQ(1U, m->depth);
		EXPECT_TRUE(m->has_src && !strcmp(m->src, SIGMA0) &&
			    m->sva == m->pa);
		if (!_metadata->passed)
			break;
	}
	mapvec_free(&mv);

	/* all spaces: sorted by space id, then address; sums match */
	ASSERT_EQ(0, l4_list(&self->nl, sv));
	ASSERT_EQ(0, l4_dump(&self->nl, NULL, &mv, &x));
	EXPECT_FALSE(x.intr);
	maps = stat_of(&self->nl, L4MM_A_STAT_MAPPINGS);
	EXPECT_EQ(maps, mv.n);
	for (k = 0; k < sv->n; k++)
		total_pages += sv->v[k].pages;
	EXPECT_EQ(maps, total_pages);
	EXPECT_EQ((uint32_t)MANY, find_space(sv, SA)->pages);
	for (i = 1; i < mv.n; i++) {
		const struct space *p = find_space(sv, mv.v[i - 1].space);
		const struct space *q = find_space(sv, mv.v[i].space);

		ASSERT_TRUE(p && q);
		if (p->id > q->id || (p->id == q->id && mv.v[i - 1].va >= mv.v[i].va)) {
			EXPECT_TRUE(0) TH_LOG("dump out of order at %zu", i);
			break;
		}
	}
	mapvec_free(&mv);
	EXPECT_INVARIANTS(&self->nl);

	/* unmap via the source: everything derived goes */
	ASSERT_EQ(0, l4_va_cmd(&self->nl, L4MM_CMD_UNMAP, SIGMA0, 0x100000, &r));
	ASSERT_EQ(0, l4_reply_u32(&r, L4MM_A_REMOVED, &v));
	EXPECT_EQ(1U, v);
	ASSERT_EQ(0, l4_name_cmd(&self->nl, L4MM_CMD_DESTROY, SA, &r));
	ASSERT_EQ(0, l4_reply_u32(&r, L4MM_A_REMOVED, &v));
	EXPECT_EQ((uint32_t)MANY - 1, v);
	EXPECT_EQ(maps - MANY, stat_of(&self->nl, L4MM_A_STAT_MAPPINGS));
	free(sv);
}

/* A change between two parts of a dump is flagged with NLM_F_DUMP_INTR. */
TEST_F_TIMEOUT(l4mm, dump_interrupted_by_change, 120)
{
	struct l4nl other;
	struct mapvec mv;
	struct xfer x;

	ASSERT_EQ(0, l4nl_open(&other));
	memset(&mv, 0, sizeof(mv));
	memset(&x, 0, sizeof(x));
	x.cb = mapping_cb;
	x.arg = &mv;
	/* sigma0 alone has thousands of mappings: many messages */
	ASSERT_EQ(0, send_req(&self->nl, l4msg(&self->nl, L4MM_CMD_DUMP,
					       NLM_F_DUMP), &x));
	ASSERT_EQ(1, recv_all(&self->nl, &x, 1)) TH_LOG("dump ended at once");
	ASSERT_EQ(0, l4_map(&other, SIGMA0, 0x1000, SA, 0x1000));
	EXPECT_EQ(0, recv_all(&self->nl, &x, -1));
	EXPECT_TRUE(x.intr);
	EXPECT_GT(x.nmsgs, 1);
	mapvec_free(&mv);
	/* and without a change it is not flagged */
	ASSERT_EQ(0, l4_dump(&self->nl, NULL, &mv, &x));
	EXPECT_FALSE(x.intr);
	mapvec_free(&mv);
	l4nl_close(&other);
}

/* A second network namespace has its own state and its own sigma0. */
TEST_F_TIMEOUT(l4mm, netns_isolation, 120)
{
	struct spacevec *sv = malloc(sizeof(*sv));
	uint64_t st[L4MM_A_STAT_MAX + 1];
	uint64_t init_maps, init_ops;
	struct l4nl ns;

	ASSERT_NE(NULL, sv);
	ASSERT_EQ(0, l4_map(&self->nl, SIGMA0, 0x6000, SA, 0x6000));
	init_maps = stat_of(&self->nl, L4MM_A_STAT_MAPPINGS);
	init_ops = stat_of(&self->nl, L4MM_A_STAT_OPS);

	ASSERT_EQ(0, unshare(CLONE_NEWNET)) TH_LOG("unshare: %m");
	ASSERT_EQ(0, l4nl_open(&ns));
	ASSERT_EQ(0, l4_list(&ns, sv));
	ASSERT_EQ(1, sv->n);
	EXPECT_STREQ(SIGMA0, sv->v[0].name);
	ASSERT_EQ(0, l4_stats(&ns, st));
	EXPECT_EQ(1U, st[L4MM_A_STAT_SPACES]);
	EXPECT_EQ(0U, st[L4MM_A_STAT_OPS]);
	EXPECT_EQ(st[L4MM_A_STAT_SIGMA0_PAGES], st[L4MM_A_STAT_MAPPINGS]);
	EXPECT_EQ(st[L4MM_A_STAT_SIGMA0_PAGES], sv->v[0].pages);
	EXPECT_EQ(-ENOENT, l4_lookup(&ns, SA, 0x6000, NULL));
	EXPECT_MAPPED(&ns, SIGMA0, 0x6000, 0x6000);

	/* same names, independent state */
	ASSERT_EQ(0, l4_name_cmd(&ns, L4MM_CMD_CREATE, SA, NULL));
	ASSERT_EQ(0, l4_map(&ns, SIGMA0, 0x2000, SA, 0x6000));
	EXPECT_MAPPED(&ns, SA, 0x6000, 0x2000);
	ASSERT_EQ(0, l4_va_cmd(&ns, L4MM_CMD_FLUSH, SIGMA0, 0x6000, NULL));
	EXPECT_UNMAPPED(&ns, SIGMA0, 0x6000);
	EXPECT_INVARIANTS(&ns);

	/* the first namespace saw none of it (its socket is still there) */
	EXPECT_MAPPED(&self->nl, SA, 0x6000, 0x6000);
	EXPECT_MAPPED(&self->nl, SIGMA0, 0x6000, 0x6000);
	EXPECT_EQ(init_maps, stat_of(&self->nl, L4MM_A_STAT_MAPPINGS));
	EXPECT_EQ(init_ops, stat_of(&self->nl, L4MM_A_STAT_OPS));
	l4nl_close(&ns);
	free(sv);
}

static void drop_to_nobody(void)
{
	if (setgroups(0, NULL) || setresgid(65534, 65534, 65534) ||
	    setresuid(65534, 65534, 65534))
		_exit(3);
}

/* Without CAP_NET_ADMIN: EPERM on every mutating command, reads work. */
TEST_F(l4mm, unprivileged_eperm)
{
	uint64_t ops, maps;
	int status;
	pid_t pid;

	ASSERT_EQ(0, l4_map(&self->nl, SIGMA0, 0x6000, SA, 0x6000));
	ops = stat_of(&self->nl, L4MM_A_STAT_OPS);
	maps = stat_of(&self->nl, L4MM_A_STAT_MAPPINGS);

	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		struct spacevec *sv = malloc(sizeof(*sv));
		struct l4nl u, *socks[2] = { &u, &self->nl };
		uint64_t st[L4MM_A_STAT_MAX + 1];
		struct mapvec mv;
		struct reply r;
		struct batch b;
		int i;

		drop_to_nobody();
		if (!sv || l4nl_open(&u))
			_exit(2);
		/* a fresh socket, and the one root opened: both refused */
		for (i = 0; i < 2; i++) {
			struct l4nl *nl = socks[i];

			EXPECT_EQ(-EPERM, l4_name_cmd(nl, L4MM_CMD_CREATE, "ksft_u", &r));
			EXPECT_EQ(-EPERM, l4_name_cmd(nl, L4MM_CMD_DESTROY, SA, &r));
			EXPECT_EQ(-EPERM, l4_xfer_cmd(nl, L4MM_CMD_MAP, SIGMA0,
						      0x1000, SB, 0, &r));
			EXPECT_EQ(-EPERM, l4_xfer_cmd(nl, L4MM_CMD_GRANT, SA,
						      0x6000, SB, 0, &r));
			EXPECT_EQ(-EPERM, l4_va_cmd(nl, L4MM_CMD_UNMAP, SIGMA0,
						    0x6000, &r));
			EXPECT_EQ(-EPERM, l4_va_cmd(nl, L4MM_CMD_FLUSH, SA,
						    0x6000, &r));
			batch_start(nl, &b);
			batch_name(&b, L4MM_CMD_CREATE, "ksft_u");
			EXPECT_EQ(-EPERM, batch_run(&b, nl, 0, &r));

			EXPECT_MAPPED(nl, SA, 0x6000, 0x6000);
			EXPECT_EQ(0, l4_list(nl, sv));
			EXPECT_NE(NULL, find_space(sv, SA));
			EXPECT_EQ(0, l4_dump(nl, SA, &mv, &r.x));
			EXPECT_EQ(1U, mv.n);
			mapvec_free(&mv);
			EXPECT_EQ(0, l4_stats(nl, st));
			EXPECT_EQ(ops, st[L4MM_A_STAT_OPS]);
		}
		_exit(_metadata->passed ? 0 : 1);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status));
	EXPECT_EQ(ops, stat_of(&self->nl, L4MM_A_STAT_OPS));
	EXPECT_EQ(maps, stat_of(&self->nl, L4MM_A_STAT_MAPPINGS));
	EXPECT_EQ(-ENOENT, l4_lookup(&self->nl, "ksft_u", 0, NULL));
	EXPECT_MAPPED(&self->nl, SA, 0x6000, 0x6000);
}

/*
 * GENL_UNS_ADMIN_PERM: an unprivileged user that owns a user namespace is
 * admin of a network namespace created in it, and of that one only.
 */
TEST_F(l4mm, userns_owner_is_admin_of_its_netns)
{
	uint64_t ops = stat_of(&self->nl, L4MM_A_STAT_OPS);
	int status;
	pid_t pid;

	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		struct l4nl u;

		drop_to_nobody();
		if (unshare(CLONE_NEWUSER | CLONE_NEWNET))
			_exit(4);
		if (l4nl_open(&u))
			_exit(2);
		EXPECT_EQ(0, l4_name_cmd(&u, L4MM_CMD_CREATE, "ksft_u", NULL));
		EXPECT_EQ(0, l4_map(&u, SIGMA0, 0x1000, "ksft_u", 0));
		EXPECT_MAPPED(&u, "ksft_u", 0, 0x1000);
		/* still not admin of the initial netns (old socket) */
		EXPECT_EQ(-EPERM, l4_name_cmd(&self->nl, L4MM_CMD_CREATE,
					      "ksft_u", NULL));
		_exit(_metadata->passed ? 0 : 1);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFEXITED(status));
	if (WEXITSTATUS(status) == 4)
		SKIP(return, "unprivileged user namespaces are disabled");
	EXPECT_EQ(0, WEXITSTATUS(status));
	EXPECT_EQ(ops, stat_of(&self->nl, L4MM_A_STAT_OPS));
	EXPECT_EQ(-ENOENT, l4_lookup(&self->nl, "ksft_u", 0, NULL));
}

L4NL_HARNESS_MAIN
