// SPDX-License-Identifier: GPL-2.0
/*
 * l4mm selftests of the extensions beyond the paper (docs/extensions.md,
 * issue #6) through generic netlink: flexpages, rights, status bits, the
 * cached attribute, KIP and UTCB regions, grant modes (per operation and
 * the per-netns default of CONFIG), receive windows, ACCESS, STATUS, the
 * new attributes of LOOKUP, DUMP, LIST and BATCH, every policy and
 * handler error with its errno and extended ack, and atomicity of the
 * fpage operations under allocation failure (debugfs l4mm/fail_nth).
 *
 * sigma0 maps page i to frame i (the default load: 65536 pages), so that
 * a frame says which sigma0 page a mapping came from.
 *
 *   sigma0 --map--> fp_a --map--> fp_b        fp_c: grant targets
 *                     \--grant(keep)--> fp_c  fp_k: KIP + UTCB
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
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

#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/netlink.h>

#include <linux/l4mm.h>

#include "l4mm_nlclient.h"

/* The 6.1 harness itself is not -Wextra clean (unused parameters). */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-parameter"
#include "../kselftest_harness.h"
#pragma GCC diagnostic pop

#define S0	"sigma0"
#define FA	"fp_a"
#define FB	"fp_b"
#define FC	"fp_c"
#define FK	"fp_k"
#define PG	4096ULL
#define FAIL_NTH	"/sys/kernel/debug/l4mm/fail_nth"
#define MAX_MAPPINGS	"/sys/module/l4mm/parameters/max_mappings"

/* ---------------------------------------------------------------------- */
/* Requests (the client plumbing is in l4mm_nlclient.c)                   */

static uint8_t r_u8(const struct reply *r, int attr)
{
	return r->has && r->tb[attr] ? nla_get_u8(r->tb[attr]) : 0xff;
}

static uint32_t r_u32(const struct reply *r, int attr)
{
	return r->has && r->tb[attr] ? nla_get_u32(r->tb[attr]) : ~0U;
}

static uint64_t r_u64(const struct reply *r, int attr)
{
	return r->has && r->tb[attr] ? nla_get_u64(r->tb[attr]) : ~0ULL;
}

/* ---- requests ---- */

/* An fpage: base and order; order 0 leaves the order attribute out. */
struct fp {
	uint64_t va;
	int order;
};

#define FP(v, o)	((struct fp){ (v), (o) })
#define PAGE(v)		FP((v), 0)

/* Options of MAP and GRANT; -1 / 0 leave the attribute out. */
struct xopts {
	int rights;
	bool uncached;
	int64_t snd_base;
	int mode;
};

#define XOPTS_DEFAULT	{ .rights = -1, .snd_base = -1, .mode = 0 }

static void put_fp(struct nl_msg *m, int va_attr, int order_attr, struct fp f)
{
	nla_put_u64(m, va_attr, f.va);
	if (f.order)
		nla_put_u8(m, order_attr, f.order);
}

static void put_xfer(struct nl_msg *m, const char *src, struct fp s,
		     const char *dst, struct fp d, const struct xopts *o)
{
	nla_put_string(m, L4MM_A_SRC_NAME, src);
	put_fp(m, L4MM_A_SRC_VADDR, L4MM_A_SRC_ORDER, s);
	nla_put_string(m, L4MM_A_NAME, dst);
	put_fp(m, L4MM_A_VADDR, L4MM_A_ORDER, d);
	if (!o)
		return;
	if (o->rights >= 0)
		nla_put_u8(m, L4MM_A_RIGHTS, o->rights);
	if (o->uncached)
		nla_put_flag(m, L4MM_A_UNCACHED);
	if (o->snd_base >= 0)
		nla_put_u64(m, L4MM_A_SND_BASE, o->snd_base);
	if (o->mode)
		nla_put_u8(m, L4MM_A_GRANT_MODE, o->mode);
}

/* MAP or GRANT */
static int l4_xfer(struct l4nl *nl, int cmd, const char *src, struct fp s,
		   const char *dst, struct fp d, const struct xopts *o,
		   struct reply *r)
{
	struct nl_msg *m = l4msg(nl, cmd, 0);

	if (m)
		put_xfer(m, src, s, dst, d, o);
	return do_req(nl, m, r);
}

static int l4_map(struct l4nl *nl, const char *src, struct fp s,
		  const char *dst, struct fp d)
{
	return l4_xfer(nl, L4MM_CMD_MAP, src, s, dst, d, NULL, NULL);
}

/* UNMAP, FLUSH (rights >= 0: L4MM_A_RIGHTS), STATUS (rights -1). */
static int l4_fp_cmd(struct l4nl *nl, int cmd, const char *name, struct fp f,
		     int rights, struct reply *r)
{
	struct nl_msg *m = l4msg(nl, cmd, 0);

	if (m) {
		nla_put_string(m, L4MM_A_NAME, name);
		put_fp(m, L4MM_A_VADDR, L4MM_A_ORDER, f);
		if (rights >= 0)
			nla_put_u8(m, L4MM_A_RIGHTS, rights);
	}
	return do_req(nl, m, r);
}

/* LOOKUP; 0 with the reply in r (no PADDR: unmapped) or an error. */
static int l4_lookup(struct l4nl *nl, const char *name, uint64_t va,
		     struct reply *r)
{
	return l4_va_cmd(nl, L4MM_CMD_LOOKUP, name, va, r);
}

/* The physical address of name,va, ~0 if unmapped or on error. */
static uint64_t pa_of(struct l4nl *nl, const char *name, uint64_t va)
{
	static struct reply r;

	if (l4_lookup(nl, name, va, &r))
		return ~0ULL;
	return r_u64(&r, L4MM_A_PADDR);
}

static int l4_access(struct l4nl *nl, const char *name, uint64_t va,
		     int access, struct reply *r)
{
	struct nl_msg *m = l4msg(nl, L4MM_CMD_ACCESS, 0);

	if (m) {
		nla_put_string(m, L4MM_A_NAME, name);
		nla_put_u64(m, L4MM_A_VADDR, va);
		nla_put_u8(m, L4MM_A_ACCESS, access);
	}
	return do_req(nl, m, r);
}

/* CONFIG: mode 0 reads; returns the mode in force or a negative errno. */
static int l4_config(struct l4nl *nl, int mode, struct reply *r)
{
	struct nl_msg *m = l4msg(nl, L4MM_CMD_CONFIG, 0);
	static struct reply scratch;
	int err;

	if (!r)
		r = &scratch;
	if (m && mode)
		nla_put_u8(m, L4MM_A_GRANT_MODE, mode);
	err = do_req(nl, m, r);
	return err ? err : r_u8(r, L4MM_A_GRANT_MODE);
}

/* CREATE with a KIP (kip != ~0) and a UTCB area (utcb.order != 0). */
static int l4_create(struct l4nl *nl, const char *name, uint64_t kip,
		     struct fp utcb, struct reply *r)
{
	struct nl_msg *m = l4msg(nl, L4MM_CMD_CREATE, 0);

	if (m) {
		nla_put_string(m, L4MM_A_NAME, name);
		if (kip != ~0ULL)
			nla_put_u64(m, L4MM_A_KIP_VADDR, kip);
		if (utcb.va != ~0ULL)
			put_fp(m, L4MM_A_UTCB_VADDR, L4MM_A_UTCB_ORDER, utcb);
	}
	return do_req(nl, m, r);
}

#define NO_KIP	(~0ULL)
#define NO_UTCB	FP(~0ULL, 0)

/* The u64 (or u8 when size 1) attribute attr of the space nest in r. */
static uint64_t space_attr(const struct reply *r, int attr)
{
	struct nlattr *tb[L4MM_A_SPACE_MAX + 1];

	if (!r->has || !r->tb[L4MM_A_SPACE] ||
	    nla_parse_nested(tb, L4MM_A_SPACE_MAX, r->tb[L4MM_A_SPACE], NULL) ||
	    !tb[attr])
		return ~0ULL;
	if (nla_len(tb[attr]) == 1)
		return nla_get_u8(tb[attr]);
	if (nla_len(tb[attr]) == 4)
		return nla_get_u32(tb[attr]);
	return nla_get_u64(tb[attr]);
}

/* ---- dumps ---- */

struct mapping {
	char space[L4MM_NAME_MAX + 1];
	uint64_t va, pa;
	uint32_t depth;
	unsigned int rights, status, shift, reserved;
	bool uncached, has_src;
};

struct dump {
	struct mapping v[512];
	int n;
	bool bad, more;
};

static int dump_cb(const struct nlmsghdr *nlh, void *arg)
{
	struct nlattr *tb[L4MM_A_MAP_MAX + 1];
	struct dump *d = arg;
	struct mapping *p;
	struct nlattr *a;
	int rem;

	nla_for_each_attr(a, genlmsg_attrdata(nlmsg_data(nlh), 0),
			  genlmsg_attrlen(nlmsg_data(nlh), 0), rem) {
		if (nla_type(a) != L4MM_A_MAPPING ||
		    nla_parse_nested(tb, L4MM_A_MAP_MAX, a, NULL) ||
		    !tb[L4MM_A_MAP_SPACE] || !tb[L4MM_A_MAP_VADDR] ||
		    !tb[L4MM_A_MAP_PADDR] || !tb[L4MM_A_MAP_RIGHTS] ||
		    !tb[L4MM_A_MAP_STATUS] || !tb[L4MM_A_MAP_PAGE_SHIFT]) {
			d->bad = true;
			continue;
		}
		if (d->n == (int)(sizeof(d->v) / sizeof(d->v[0]))) {
			d->more = true;
			continue;
		}
		p = &d->v[d->n++];
		memset(p, 0, sizeof(*p));
		snprintf(p->space, sizeof(p->space), "%s",
			 nla_get_string(tb[L4MM_A_MAP_SPACE]));
		p->va = nla_get_u64(tb[L4MM_A_MAP_VADDR]);
		p->pa = nla_get_u64(tb[L4MM_A_MAP_PADDR]);
		p->depth = tb[L4MM_A_MAP_DEPTH] ?
			   nla_get_u32(tb[L4MM_A_MAP_DEPTH]) : ~0U;
		p->rights = nla_get_u8(tb[L4MM_A_MAP_RIGHTS]);
		p->status = nla_get_u8(tb[L4MM_A_MAP_STATUS]);
		p->shift = nla_get_u8(tb[L4MM_A_MAP_PAGE_SHIFT]);
		p->reserved = tb[L4MM_A_MAP_RESERVED] ?
			      nla_get_u8(tb[L4MM_A_MAP_RESERVED]) : 0;
		p->uncached = tb[L4MM_A_MAP_UNCACHED];
		p->has_src = tb[L4MM_A_MAP_SRC_SPACE];
	}
	return 0;
}

/* DUMP of one space (at most 512 mappings); 0 or a negative errno. */
static int l4_dump(struct l4nl *nl, const char *name, struct dump *d)
{
	struct nl_msg *m = l4msg(nl, L4MM_CMD_DUMP, NLM_F_DUMP);
	struct xfer x = { .cb = dump_cb, .arg = d };

	memset(d, 0, sizeof(*d));
	if (!m)
		return -ENOMEM;
	nla_put_string(m, L4MM_A_NAME, name);
	return xfer(nl, m, &x) < 0 ? -EIO : 0;
}

/* LIST: the reserved regions of one space, found by name. */
struct list_find {
	const char *name;
	bool found;
	uint64_t kip, utcb;
	int utcb_order;
};

static int list_cb(const struct nlmsghdr *nlh, void *arg)
{
	struct nlattr *tb[L4MM_A_SPACE_MAX + 1];
	struct list_find *lf = arg;
	struct nlattr *a;
	int rem;

	nla_for_each_attr(a, genlmsg_attrdata(nlmsg_data(nlh), 0),
			  genlmsg_attrlen(nlmsg_data(nlh), 0), rem) {
		if (nla_type(a) != L4MM_A_SPACE ||
		    nla_parse_nested(tb, L4MM_A_SPACE_MAX, a, NULL) ||
		    !tb[L4MM_A_SPACE_NAME] ||
		    strcmp(nla_get_string(tb[L4MM_A_SPACE_NAME]), lf->name))
			continue;
		lf->found = true;
		lf->kip = tb[L4MM_A_SPACE_KIP_VADDR] ?
			  nla_get_u64(tb[L4MM_A_SPACE_KIP_VADDR]) : ~0ULL;
		lf->utcb = tb[L4MM_A_SPACE_UTCB_VADDR] ?
			   nla_get_u64(tb[L4MM_A_SPACE_UTCB_VADDR]) : ~0ULL;
		lf->utcb_order = tb[L4MM_A_SPACE_UTCB_ORDER] ?
				 nla_get_u8(tb[L4MM_A_SPACE_UTCB_ORDER]) : -1;
	}
	return 0;
}

static int l4_list_find(struct l4nl *nl, struct list_find *lf)
{
	struct nl_msg *m = l4msg(nl, L4MM_CMD_LIST, NLM_F_DUMP);
	struct xfer x = { .cb = list_cb, .arg = lf };

	lf->found = false;
	if (!m)
		return -ENOMEM;
	return xfer(nl, m, &x) < 0 ? -EIO : 0;
}

/* ---- batch ---- */

static int batch_run(struct batch *b, struct l4nl *nl, struct reply *r)
{
	nla_nest_end(b->m, b->outer);
	return do_req(nl, b->m, r);
}

/* ---- errors ---- */

/* An error with errno e and an extack message mentioning one of words. */
#define EXPECT_ERR(r, e, words) do {					\
	EXPECT_EQ(-(e), (r).x.err);					\
	EXPECT_TRUE((r).x.ext[0] != '\0' &&				\
		    has_word((r).x.ext, (words)))				\
		TH_LOG("extack \"%s\" should mention one of \"%s\"",	\
		       (r).x.ext, (words));				\
} while (0)

/* The same, and the extack points at the offending attribute. */
#define EXPECT_ERR_ATTR(r, e, words) do {				\
	EXPECT_ERR(r, e, words);					\
	EXPECT_TRUE((r).x.offs >= 0) TH_LOG("no NLMSGERR_ATTR_OFFS");	\
} while (0)

/* A policy error: errno e, an offset naming the attribute. */
#define EXPECT_POLICY(r, e) do {					\
	EXPECT_EQ(-(e), (r).x.err);					\
	EXPECT_TRUE((r).x.offs >= 0) TH_LOG("no NLMSGERR_ATTR_OFFS");	\
} while (0)

static int write_file(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY), n;

	if (fd < 0)
		return -errno;
	n = write(fd, s, strlen(s));
	close(fd);
	return n == (int)strlen(s) ? 0 : -EIO;
}

static long read_long(const char *path)
{
	char buf[32] = "";
	int fd = open(path, O_RDONLY);
	long v = -1;

	if (fd < 0)
		return -1;
	if (read(fd, buf, sizeof(buf) - 1) > 0)
		v = strtol(buf, NULL, 0);
	close(fd);
	return v;
}

/* max_mappings as found, restored by the teardown if a test changed it. */
static long saved_max_mappings = -1;

/* Destroy the fixture's spaces (and whatever a test left). */
static void cleanup(struct l4nl *nl)
{
	static const char *const names[] = {
		FA, FB, FC, FK, "fp_k2", "fp_u1", "fp_u2", "fp_z",
	};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		l4_name_cmd(nl, L4MM_CMD_DESTROY, names[i], NULL);
}

/* ---------------------------------------------------------------------- */

FIXTURE(fp) {
	struct l4nl nl;
};

FIXTURE_SETUP(fp)
{
	ASSERT_EQ(0, l4nl_open(&self->nl))
		TH_LOG("cannot resolve genl family \"l4mm\": module not loaded?");
	cleanup(&self->nl);
	ASSERT_EQ(L4MM_GRANT_MODE_PAPER,
		  l4_config(&self->nl, L4MM_GRANT_MODE_PAPER, NULL));
	ASSERT_EQ(0, l4_name_cmd(&self->nl, L4MM_CMD_CREATE, FA, NULL));
	ASSERT_EQ(0, l4_name_cmd(&self->nl, L4MM_CMD_CREATE, FB, NULL));
	ASSERT_EQ(0, l4_name_cmd(&self->nl, L4MM_CMD_CREATE, FC, NULL));
}

FIXTURE_TEARDOWN(fp)
{
	char buf[32];

	if (saved_max_mappings > 0) {
		snprintf(buf, sizeof(buf), "%ld", saved_max_mappings);
		write_file(MAX_MAPPINGS, buf);
	}
	if (self->nl.sk) {
		cleanup(&self->nl);
		l4_config(&self->nl, L4MM_GRANT_MODE_PAPER, NULL);
	}
	l4nl_close(&self->nl);
}

/* An fpage map is the page-wise map of all its pages, in one reply. */
TEST_F(fp, map_fpage_all_pages)
{
	struct reply r;
	int i;

	ASSERT_EQ(0, l4_xfer(&self->nl, L4MM_CMD_MAP, S0, FP(0x100000, 16),
			     FA, PAGE(0x200000), NULL, &r));
	ASSERT_TRUE(r.has);
	EXPECT_EQ(16U, r_u32(&r, L4MM_A_PAGES));
	EXPECT_EQ(1, r_u8(&r, L4MM_A_INSTALLED));
	EXPECT_EQ(0U, r_u32(&r, L4MM_A_REMOVED));
	for (i = 0; i < 16; i++) {
		ASSERT_EQ(0, l4_lookup(&self->nl, FA, 0x200000 + i * PG, &r));
		EXPECT_EQ(0x100000 + i * PG, r_u64(&r, L4MM_A_PADDR));
		EXPECT_EQ(1U, r_u32(&r, L4MM_A_DEPTH));
		EXPECT_EQ(0x100000 + i * PG, r_u64(&r, L4MM_A_SRC_VADDR));
		EXPECT_EQ(L4MM_RIGHTS_ALL, r_u8(&r, L4MM_A_RIGHTS));
		EXPECT_EQ(0, r_u8(&r, L4MM_A_STATUS));
		EXPECT_EQ(NULL, r.tb[L4MM_A_UNCACHED]);
		EXPECT_EQ(NULL, r.tb[L4MM_A_RESERVED]);
	}
	EXPECT_EQ(~0ULL, pa_of(&self->nl, FA, 0x1f0000 + 15 * PG));
	EXPECT_EQ(~0ULL, pa_of(&self->nl, FA, 0x210000));

	/* unmap of the fpage in sigma0 takes all 16 derived pages */
	ASSERT_EQ(0, l4_fp_cmd(&self->nl, L4MM_CMD_UNMAP, S0,
			       FP(0x100000, 16), -1, &r));
	EXPECT_EQ(16U, r_u32(&r, L4MM_A_REMOVED));
	EXPECT_EQ(0, r_u8(&r, L4MM_A_STATUS));
	EXPECT_EQ(~0ULL, pa_of(&self->nl, FA, 0x200000));
	EXPECT_EQ(0x100000ULL, pa_of(&self->nl, S0, 0x100000));
}

/* Unmapped source pages are skipped; none mapped at all is ENXIO. */
TEST_F(fp, map_fpage_partial_and_enxio)
{
	struct dump d;
	struct reply r;

	ASSERT_EQ(0, l4_map(&self->nl, S0, PAGE(0x5000), FA, PAGE(0x10000)));
	ASSERT_EQ(0, l4_map(&self->nl, S0, PAGE(0x6000), FA, PAGE(0x1c000)));
	ASSERT_EQ(0, l4_xfer(&self->nl, L4MM_CMD_MAP, FA, FP(0x10000, 16),
			     FB, PAGE(0x40000), NULL, &r));
	EXPECT_EQ(2U, r_u32(&r, L4MM_A_PAGES));
	EXPECT_EQ(0x5000ULL, pa_of(&self->nl, FB, 0x40000));
	EXPECT_EQ(0x6000ULL, pa_of(&self->nl, FB, 0x4c000));
	EXPECT_EQ(~0ULL, pa_of(&self->nl, FB, 0x41000));
	ASSERT_EQ(0, l4_dump(&self->nl, FB, &d));
	EXPECT_EQ(2, d.n);

	l4_xfer(&self->nl, L4MM_CMD_MAP, FA, FP(0x20000, 16), FC,
		PAGE(0x40000), NULL, &r);
	EXPECT_ERR_ATTR(r, ENXIO, "no page|source");
	l4_xfer(&self->nl, L4MM_CMD_GRANT, FA, FP(0x20000, 17), FC,
		PAGE(0x40000), NULL, &r);
	EXPECT_ERR_ATTR(r, ENXIO, "no page|source");
	ASSERT_EQ(0, l4_dump(&self->nl, FC, &d));
	EXPECT_EQ(0, d.n);
}

/* Bad orders, rights, grant modes and accesses fail the policy. */
TEST_F(fp, policy_ranges)
{
	static const int orders[] = { 11, 33, 255 };
	struct xopts o = XOPTS_DEFAULT;
	struct nl_msg *m;
	struct reply r;
	size_t i;

	for (i = 0; i < sizeof(orders) / sizeof(orders[0]); i++) {
		l4_xfer(&self->nl, L4MM_CMD_MAP, S0, FP(0, orders[i]), FA,
			PAGE(0), NULL, &r);
		EXPECT_POLICY(r, ERANGE);
		l4_xfer(&self->nl, L4MM_CMD_MAP, S0, PAGE(0), FA,
			FP(0, orders[i]), NULL, &r);
		EXPECT_POLICY(r, ERANGE);
		l4_fp_cmd(&self->nl, L4MM_CMD_UNMAP, S0, FP(0, orders[i]), -1,
			  &r);
		EXPECT_POLICY(r, ERANGE);
		l4_fp_cmd(&self->nl, L4MM_CMD_STATUS, S0, FP(0, orders[i]), -1,
			  &r);
		EXPECT_POLICY(r, ERANGE);
		l4_create(&self->nl, "fp_z", NO_KIP, FP(0, orders[i]), &r);
		EXPECT_POLICY(r, ERANGE);
	}
	/* order 0 is out of range too (put_fp leaves it out: send it) */
	m = l4msg(&self->nl, L4MM_CMD_FLUSH, 0);
	ASSERT_NE(NULL, m);
	nla_put_string(m, L4MM_A_NAME, S0);
	nla_put_u64(m, L4MM_A_VADDR, 0);
	nla_put_u8(m, L4MM_A_ORDER, 0);
	do_req(&self->nl, m, &r);
	EXPECT_POLICY(r, ERANGE);

	/* rights: a mask of three bits */
	l4_fp_cmd(&self->nl, L4MM_CMD_UNMAP, S0, PAGE(0x1000), 8, &r);
	EXPECT_POLICY(r, EINVAL);
	o.rights = 0x14;
	l4_xfer(&self->nl, L4MM_CMD_MAP, S0, PAGE(0x1000), FA, PAGE(0x1000),
		&o, &r);
	EXPECT_POLICY(r, EINVAL);
	o.rights = -1;
	o.mode = 3;
	l4_xfer(&self->nl, L4MM_CMD_GRANT, S0, PAGE(0x1000), FA, PAGE(0x1000),
		&o, &r);
	EXPECT_POLICY(r, ERANGE);
	/* MAP takes no grant mode: strict validation */
	o.mode = L4MM_GRANT_MODE_KEEP;
	l4_xfer(&self->nl, L4MM_CMD_MAP, S0, PAGE(0x1000), FA, PAGE(0x1000),
		&o, &r);
	EXPECT_EQ(-EINVAL, r.x.err);
	/* a send base beyond 32 bits */
	o.mode = 0;
	o.snd_base = 0x100000000LL;
	l4_xfer(&self->nl, L4MM_CMD_MAP, S0, PAGE(0x1000), FA, PAGE(0x1000),
		&o, &r);
	EXPECT_POLICY(r, ERANGE);
	EXPECT_EQ(-ERANGE, l4_config(&self->nl, 0x3, &r));
	EXPECT_TRUE(r.x.offs >= 0);

	/* an access is one right (the policy: a subset of rwx) */
	ASSERT_EQ(0, l4_map(&self->nl, S0, PAGE(0x1000), FA, PAGE(0x1000)));
	l4_access(&self->nl, FA, 0x1000, L4MM_RIGHT_R | L4MM_RIGHT_W, &r);
	EXPECT_ERR_ATTR(r, EINVAL, "ACCESS");
	l4_access(&self->nl, FA, 0x1000, 0, &r);
	EXPECT_ERR_ATTR(r, EINVAL, "ACCESS");
	l4_access(&self->nl, FA, 0x1000, 8, &r);
	EXPECT_POLICY(r, EINVAL);
	/* nothing of the above changed anything */
	EXPECT_EQ(0, l4_lookup(&self->nl, FA, 0x1000, &r));
	EXPECT_EQ(0, r_u8(&r, L4MM_A_STATUS));
	EXPECT_EQ(~0ULL, pa_of(&self->nl, FA, 0));
	EXPECT_EQ(-ENOENT, l4_lookup(&self->nl, "fp_z", 0, &r));
}

/* A base not aligned to its order is EINVAL naming the base. */
TEST_F(fp, misaligned_fpages)
{
	struct reply r;

	l4_xfer(&self->nl, L4MM_CMD_MAP, S0, FP(0x1000, 16), FA,
		PAGE(0x10000), NULL, &r);
	EXPECT_ERR_ATTR(r, EINVAL, "SRC_VADDR");
	/* receive window misaligned */
	l4_xfer(&self->nl, L4MM_CMD_MAP, S0, FP(0x10000, 16), FA,
		FP(0x10000, 20), NULL, &r);
	EXPECT_ERR_ATTR(r, EINVAL, "VADDR is not aligned to ORDER");
	/* a bare destination: a region of the fpage's size, aligned to it */
	l4_xfer(&self->nl, L4MM_CMD_GRANT, S0, FP(0x10000, 16), FA,
		PAGE(0x8000), NULL, &r);
	EXPECT_ERR_ATTR(r, EINVAL, "SRC_ORDER|size");
	l4_xfer(&self->nl, L4MM_CMD_MAP, S0, PAGE(0x10800), FA,
		PAGE(0x8000), NULL, &r);
	EXPECT_ERR_ATTR(r, EINVAL, "align");
	l4_fp_cmd(&self->nl, L4MM_CMD_UNMAP, S0, FP(0x8000, 16), -1, &r);
	EXPECT_ERR_ATTR(r, EINVAL, "ORDER");
	l4_fp_cmd(&self->nl, L4MM_CMD_FLUSH, S0, FP(0x8000, 32), -1, &r);
	EXPECT_ERR_ATTR(r, EINVAL, "ORDER");
	l4_fp_cmd(&self->nl, L4MM_CMD_STATUS, S0, FP(0x6000, 14), -1, &r);
	EXPECT_ERR_ATTR(r, EINVAL, "ORDER");
	l4_create(&self->nl, "fp_z", NO_KIP, FP(0x1000, 13), &r);
	EXPECT_ERR_ATTR(r, EINVAL, "UTCB_VADDR");
	l4_create(&self->nl, "fp_z", 0x1800, NO_UTCB, &r);
	EXPECT_ERR_ATTR(r, EINVAL, "align");
	EXPECT_EQ(~0ULL, pa_of(&self->nl, FA, 0x10000));
	EXPECT_EQ(0x8000ULL, pa_of(&self->nl, S0, 0x8000));
	EXPECT_EQ(-ENOENT, l4_lookup(&self->nl, "fp_z", 0, &r));
}

/* Overlapping source and destination of several pages: EINVAL. */
TEST_F(fp, overlap_einval)
{
	struct reply r;

	ASSERT_EQ(0, l4_xfer(&self->nl, L4MM_CMD_MAP, S0, FP(0x100000, 17),
			     FA, PAGE(0x100000), NULL, &r));
	EXPECT_EQ(32U, r_u32(&r, L4MM_A_PAGES));
	l4_xfer(&self->nl, L4MM_CMD_MAP, FA, FP(0x100000, 17), FA,
		PAGE(0x100000), NULL, &r);
	EXPECT_ERR_ATTR(r, EINVAL, "overlap");
	l4_xfer(&self->nl, L4MM_CMD_GRANT, FA, FP(0x100000, 16), FA,
		FP(0x100000, 17), NULL, &r);
	EXPECT_ERR_ATTR(r, EINVAL, "overlap");
	EXPECT_EQ(0x100000ULL, pa_of(&self->nl, FA, 0x100000));
	EXPECT_EQ(0x11f000ULL, pa_of(&self->nl, FA, 0x11f000));
	/* one page onto itself is the paper's (no overlap rule) */
	EXPECT_EQ(0, l4_map(&self->nl, FA, PAGE(0x100000), FA,
			    PAGE(0x100000)));
}

/* Rights: masks at map, r required, revocation of w/x narrows. */
TEST_F(fp, rights_map_and_revoke)
{
	struct xopts o = XOPTS_DEFAULT;
	struct reply r;

	o.rights = L4MM_RIGHT_W | L4MM_RIGHT_X;
	l4_xfer(&self->nl, L4MM_CMD_MAP, S0, PAGE(0x7000), FA, PAGE(0x7000),
		&o, &r);
	EXPECT_ERR_ATTR(r, EINVAL, "RIGHTS");
	o.rights = 0;
	l4_xfer(&self->nl, L4MM_CMD_GRANT, S0, PAGE(0x7000), FA,
		PAGE(0x7000), &o, &r);
	EXPECT_ERR_ATTR(r, EINVAL, "RIGHTS");
	l4_fp_cmd(&self->nl, L4MM_CMD_UNMAP, S0, PAGE(0x7000), 0, &r);
	EXPECT_ERR_ATTR(r, EINVAL, "RIGHTS");
	l4_fp_cmd(&self->nl, L4MM_CMD_FLUSH, S0, PAGE(0x7000), 0, &r);
	EXPECT_ERR_ATTR(r, EINVAL, "RIGHTS");
	EXPECT_EQ(~0ULL, pa_of(&self->nl, FA, 0x7000));
	EXPECT_EQ(0x7000ULL, pa_of(&self->nl, S0, 0x7000));

	/* sigma0 rwx -> fp_a r-x -> fp_b (rw mask) r-- */
	o.rights = L4MM_RIGHT_R | L4MM_RIGHT_X;
	ASSERT_EQ(0, l4_xfer(&self->nl, L4MM_CMD_MAP, S0, PAGE(0x7000), FA,
			     PAGE(0x7000), &o, &r));
	o.rights = L4MM_RIGHT_R | L4MM_RIGHT_W;
	ASSERT_EQ(0, l4_xfer(&self->nl, L4MM_CMD_MAP, FA, PAGE(0x7000), FB,
			     PAGE(0x7000), &o, &r));
	ASSERT_EQ(0, l4_lookup(&self->nl, S0, 0x7000, &r));
	EXPECT_EQ(L4MM_RIGHTS_ALL, r_u8(&r, L4MM_A_RIGHTS));
	ASSERT_EQ(0, l4_lookup(&self->nl, FA, 0x7000, &r));
	EXPECT_EQ(L4MM_RIGHT_R | L4MM_RIGHT_X, r_u8(&r, L4MM_A_RIGHTS));
	ASSERT_EQ(0, l4_lookup(&self->nl, FB, 0x7000, &r));
	EXPECT_EQ(L4MM_RIGHT_R, r_u8(&r, L4MM_A_RIGHTS));

	/* sigma0 -> fp_c rwx; unmap w in sigma0: fp_c narrows, stays */
	ASSERT_EQ(0, l4_map(&self->nl, S0, PAGE(0x7000), FC, PAGE(0x9000)));
	ASSERT_EQ(0, l4_fp_cmd(&self->nl, L4MM_CMD_UNMAP, S0, PAGE(0x7000),
			       L4MM_RIGHT_W, &r));
	EXPECT_EQ(0U, r_u32(&r, L4MM_A_REMOVED));
	ASSERT_EQ(0, l4_lookup(&self->nl, FC, 0x9000, &r));
	EXPECT_EQ(L4MM_RIGHT_R | L4MM_RIGHT_X, r_u8(&r, L4MM_A_RIGHTS));
	ASSERT_EQ(0, l4_lookup(&self->nl, S0, 0x7000, &r));
	EXPECT_EQ(L4MM_RIGHTS_ALL, r_u8(&r, L4MM_A_RIGHTS));
	/* flush x of fp_a's page: its own mapping narrows too */
	ASSERT_EQ(0, l4_fp_cmd(&self->nl, L4MM_CMD_FLUSH, FA, PAGE(0x7000),
			       L4MM_RIGHT_X, &r));
	EXPECT_EQ(0U, r_u32(&r, L4MM_A_REMOVED));
	ASSERT_EQ(0, l4_lookup(&self->nl, FA, 0x7000, &r));
	EXPECT_EQ(L4MM_RIGHT_R, r_u8(&r, L4MM_A_RIGHTS));
	/* revoking r removes: fp_a's page and fp_b's derived one */
	ASSERT_EQ(0, l4_fp_cmd(&self->nl, L4MM_CMD_UNMAP, S0, PAGE(0x7000),
			       L4MM_RIGHT_R, &r));
	EXPECT_EQ(3U, r_u32(&r, L4MM_A_REMOVED));
	EXPECT_EQ(~0ULL, pa_of(&self->nl, FA, 0x7000));
	EXPECT_EQ(~0ULL, pa_of(&self->nl, FB, 0x7000));
	EXPECT_EQ(~0ULL, pa_of(&self->nl, FC, 0x9000));
	EXPECT_EQ(0x7000ULL, pa_of(&self->nl, S0, 0x7000));
}

/* uncached: set at map, inherited, shown by LOOKUP and DUMP. */
TEST_F(fp, uncached_lookup_and_dump)
{
	struct xopts o = XOPTS_DEFAULT;
	struct dump d;
	struct reply r;
	int i;

	o.uncached = true;
	ASSERT_EQ(0, l4_xfer(&self->nl, L4MM_CMD_MAP, S0, FP(0x20000, 13), FA,
			     PAGE(0x20000), &o, &r));
	EXPECT_EQ(2U, r_u32(&r, L4MM_A_PAGES));
	ASSERT_EQ(0, l4_map(&self->nl, FA, PAGE(0x20000), FB, PAGE(0x1000)));
	ASSERT_EQ(0, l4_map(&self->nl, S0, PAGE(0x20000), FC, PAGE(0x1000)));
	ASSERT_EQ(0, l4_lookup(&self->nl, FA, 0x21000, &r));
	EXPECT_NE(NULL, r.tb[L4MM_A_UNCACHED]);
	EXPECT_EQ(12, r_u8(&r, L4MM_A_PAGE_SHIFT));
	ASSERT_EQ(0, l4_lookup(&self->nl, FB, 0x1000, &r));
	EXPECT_NE(NULL, r.tb[L4MM_A_UNCACHED]);
	ASSERT_EQ(0, l4_lookup(&self->nl, FC, 0x1000, &r));
	EXPECT_EQ(NULL, r.tb[L4MM_A_UNCACHED]);
	ASSERT_EQ(0, l4_lookup(&self->nl, S0, 0x20000, &r));
	EXPECT_EQ(NULL, r.tb[L4MM_A_UNCACHED]);

	ASSERT_EQ(0, l4_dump(&self->nl, FA, &d));
	EXPECT_FALSE(d.bad);
	ASSERT_EQ(2, d.n);
	for (i = 0; i < d.n; i++) {
		EXPECT_TRUE(d.v[i].uncached);
		EXPECT_EQ(L4MM_RIGHTS_ALL, d.v[i].rights);
		EXPECT_EQ(0U, d.v[i].status);
		EXPECT_EQ(12U, d.v[i].shift);
		EXPECT_EQ(0U, d.v[i].reserved);
	}
	ASSERT_EQ(0, l4_dump(&self->nl, FC, &d));
	ASSERT_EQ(1, d.n);
	EXPECT_FALSE(d.v[0].uncached);
}

/* ACCESS translates like the MMU and sets status bits; faults. */
TEST_F(fp, access_sets_status_and_faults)
{
	struct xopts o = XOPTS_DEFAULT;
	struct reply r;

	o.rights = L4MM_RIGHT_R | L4MM_RIGHT_X;
	ASSERT_EQ(0, l4_xfer(&self->nl, L4MM_CMD_MAP, S0, PAGE(0x31000), FA,
			     PAGE(0x5000), &o, &r));
	ASSERT_EQ(0, l4_access(&self->nl, FA, 0x5123, L4MM_RIGHT_R, &r));
	ASSERT_TRUE(r.has);
	EXPECT_EQ(0x31123ULL, r_u64(&r, L4MM_A_PADDR));
	EXPECT_EQ(0x5123ULL, r_u64(&r, L4MM_A_VADDR));
	EXPECT_EQ(L4MM_STATUS_R, r_u8(&r, L4MM_A_STATUS));
	EXPECT_EQ(1U, r_u32(&r, L4MM_A_DEPTH));

	l4_access(&self->nl, FA, 0x5ffc, L4MM_RIGHT_W, &r);
	EXPECT_ERR_ATTR(r, EACCES, "right|protection");
	l4_access(&self->nl, FA, 0x6000, L4MM_RIGHT_R, &r);
	EXPECT_ERR_ATTR(r, EFAULT, "mapped|fault");
	l4_access(&self->nl, "fp_z", 0x5000, L4MM_RIGHT_R, &r);
	EXPECT_ERR_ATTR(r, ENOENT, "space");
	ASSERT_EQ(0, l4_access(&self->nl, FA, 0x5000, L4MM_RIGHT_X, &r));
	EXPECT_EQ(L4MM_STATUS_R | L4MM_STATUS_X, r_u8(&r, L4MM_A_STATUS));
	ASSERT_EQ(0, l4_lookup(&self->nl, FA, 0x5000, &r));
	EXPECT_EQ(L4MM_STATUS_R | L4MM_STATUS_X, r_u8(&r, L4MM_A_STATUS));
	/* the source's bits are its own */
	ASSERT_EQ(0, l4_lookup(&self->nl, S0, 0x31000, &r));
	EXPECT_EQ(0, r_u8(&r, L4MM_A_STATUS));
}

/* STATUS reads and clears the fpage's and the derived mappings' bits. */
TEST_F(fp, status_read_and_clear)
{
	struct reply r;

	ASSERT_EQ(0, l4_map(&self->nl, S0, FP(0x40000, 13), FA,
			    PAGE(0x40000)));
	ASSERT_EQ(0, l4_map(&self->nl, FA, PAGE(0x41000), FB, PAGE(0x1000)));
	ASSERT_EQ(0, l4_access(&self->nl, FB, 0x1010, L4MM_RIGHT_W, &r));
	ASSERT_EQ(0, l4_access(&self->nl, FA, 0x40000, L4MM_RIGHT_X, &r));

	/* derived from sigma0's pages: both bits, then nothing */
	ASSERT_EQ(0, l4_fp_cmd(&self->nl, L4MM_CMD_STATUS, S0,
			       FP(0x40000, 13), -1, &r));
	EXPECT_EQ(L4MM_STATUS_W | L4MM_STATUS_X, r_u8(&r, L4MM_A_STATUS));
	ASSERT_EQ(0, l4_fp_cmd(&self->nl, L4MM_CMD_STATUS, S0,
			       FP(0x40000, 13), -1, &r));
	EXPECT_EQ(0, r_u8(&r, L4MM_A_STATUS));
	ASSERT_EQ(0, l4_lookup(&self->nl, FB, 0x1000, &r));
	EXPECT_EQ(0, r_u8(&r, L4MM_A_STATUS));
	EXPECT_EQ(0x41000ULL, r_u64(&r, L4MM_A_PADDR));

	/* only the fpage asked for: fp_a's first page is not fp_b's */
	ASSERT_EQ(0, l4_access(&self->nl, FB, 0x1000, L4MM_RIGHT_R, &r));
	ASSERT_EQ(0, l4_fp_cmd(&self->nl, L4MM_CMD_STATUS, FA,
			       PAGE(0x40000), -1, &r));
	EXPECT_EQ(0, r_u8(&r, L4MM_A_STATUS));
	/* unmap and flush report (and clear) them too, X.2 style */
	ASSERT_EQ(0, l4_fp_cmd(&self->nl, L4MM_CMD_UNMAP, FA,
			       FP(0x40000, 13), -1, &r));
	EXPECT_EQ(L4MM_STATUS_R, r_u8(&r, L4MM_A_STATUS));
	EXPECT_EQ(1U, r_u32(&r, L4MM_A_REMOVED));
	ASSERT_EQ(0, l4_access(&self->nl, FA, 0x40000, L4MM_RIGHT_W, &r));
	ASSERT_EQ(0, l4_fp_cmd(&self->nl, L4MM_CMD_FLUSH, FA,
			       FP(0x40000, 13), -1, &r));
	EXPECT_EQ(L4MM_STATUS_W, r_u8(&r, L4MM_A_STATUS));
	EXPECT_EQ(2U, r_u32(&r, L4MM_A_REMOVED));
	EXPECT_EQ(~0ULL, pa_of(&self->nl, FA, 0x40000));
}

/* KIP and UTCB: created, listed, looked up, accessed, untouchable. */
TEST_F(fp, reserved_regions)
{
	struct list_find lf;
	uint64_t utcb_pa[4];
	struct dump d;
	struct reply r;
	int i;

	ASSERT_EQ(0, l4_create(&self->nl, FK, 0x1000, FP(0x10000, 14), &r));
	EXPECT_EQ(0x1000ULL, space_attr(&r, L4MM_A_SPACE_KIP_VADDR));
	EXPECT_EQ(0x10000ULL, space_attr(&r, L4MM_A_SPACE_UTCB_VADDR));
	EXPECT_EQ(14ULL, space_attr(&r, L4MM_A_SPACE_UTCB_ORDER));
	/* a plain space has none of them */
	ASSERT_EQ(0, l4_create(&self->nl, "fp_z", NO_KIP, NO_UTCB, &r));
	EXPECT_EQ(~0ULL, space_attr(&r, L4MM_A_SPACE_KIP_VADDR));
	EXPECT_EQ(~0ULL, space_attr(&r, L4MM_A_SPACE_UTCB_VADDR));
	/* LIST shows the same */
	lf.name = FK;
	ASSERT_EQ(0, l4_list_find(&self->nl, &lf));
	ASSERT_TRUE(lf.found);
	EXPECT_EQ(0x1000ULL, lf.kip);
	EXPECT_EQ(0x10000ULL, lf.utcb);
	EXPECT_EQ(14, lf.utcb_order);
	lf.name = "fp_z";
	ASSERT_EQ(0, l4_list_find(&self->nl, &lf));
	ASSERT_TRUE(lf.found);
	EXPECT_EQ(~0ULL, lf.kip);
	EXPECT_EQ(~0ULL, lf.utcb);
	EXPECT_EQ(-1, lf.utcb_order);

	ASSERT_EQ(0, l4_lookup(&self->nl, FK, 0x1000, &r));
	EXPECT_EQ(0xfffff000ULL, r_u64(&r, L4MM_A_PADDR));
	EXPECT_EQ(L4MM_RESERVED_KIP_PAGE, r_u8(&r, L4MM_A_RESERVED));
	EXPECT_EQ(L4MM_RIGHT_R | L4MM_RIGHT_X, r_u8(&r, L4MM_A_RIGHTS));
	for (i = 0; i < 4; i++) {
		ASSERT_EQ(0, l4_lookup(&self->nl, FK, 0x10000 + i * PG, &r));
		EXPECT_EQ(L4MM_RESERVED_UTCB_AREA, r_u8(&r, L4MM_A_RESERVED));
		EXPECT_EQ(L4MM_RIGHT_R | L4MM_RIGHT_W,
			  r_u8(&r, L4MM_A_RIGHTS));
		utcb_pa[i] = r_u64(&r, L4MM_A_PADDR);
		EXPECT_LE(0xf0000000ULL, utcb_pa[i]);
		EXPECT_GT(0xfffff000ULL, utcb_pa[i]);
		if (i)
			EXPECT_LT(utcb_pa[i - 1], utcb_pa[i]);
	}
	ASSERT_EQ(0, l4_dump(&self->nl, FK, &d));
	EXPECT_FALSE(d.bad);
	ASSERT_EQ(5, d.n);
	EXPECT_EQ((unsigned int)L4MM_RESERVED_KIP_PAGE, d.v[0].reserved);
	EXPECT_EQ((unsigned int)L4MM_RESERVED_UTCB_AREA, d.v[4].reserved);
	EXPECT_EQ(utcb_pa[3], d.v[4].pa);

	/* access checks rights but records no status */
	ASSERT_EQ(0, l4_access(&self->nl, FK, 0x1004, L4MM_RIGHT_X, &r));
	EXPECT_EQ(0xfffff004ULL, r_u64(&r, L4MM_A_PADDR));
	l4_access(&self->nl, FK, 0x1004, L4MM_RIGHT_W, &r);
	EXPECT_ERR_ATTR(r, EACCES, "right|protection");
	ASSERT_EQ(0, l4_access(&self->nl, FK, 0x13ff8, L4MM_RIGHT_W, &r));
	l4_access(&self->nl, FK, 0x13ff8, L4MM_RIGHT_X, &r);
	EXPECT_ERR_ATTR(r, EACCES, "right|protection");

	/* EPERM as destination, as source, for unmap, flush, status */
	EXPECT_EQ(-EPERM, l4_xfer(&self->nl, L4MM_CMD_MAP, S0, PAGE(0x5000),
				  FK, PAGE(0x1000), NULL, &r));
	EXPECT_ERR_ATTR(r, EPERM, "KIP");
	l4_xfer(&self->nl, L4MM_CMD_MAP, S0, FP(0, 16), FK, PAGE(0), NULL, &r);
	EXPECT_ERR_ATTR(r, EPERM, "KIP");
	l4_xfer(&self->nl, L4MM_CMD_GRANT, S0, PAGE(0x5000), FK,
		PAGE(0x12000), NULL, &r);
	EXPECT_ERR_ATTR(r, EPERM, "UTCB");
	l4_xfer(&self->nl, L4MM_CMD_MAP, FK, PAGE(0x11000), FA,
		PAGE(0x1000), NULL, &r);
	EXPECT_ERR_ATTR(r, EPERM, "UTCB");
	EXPECT_TRUE(has_word(r.x.ext, "source|SRC"));
	l4_xfer(&self->nl, L4MM_CMD_GRANT, FK, PAGE(0x1000), FA,
		PAGE(0x1000), NULL, &r);
	EXPECT_ERR_ATTR(r, EPERM, "KIP");
	l4_fp_cmd(&self->nl, L4MM_CMD_UNMAP, FK, FP(0x10000, 16), -1, &r);
	EXPECT_ERR_ATTR(r, EPERM, "UTCB");
	l4_fp_cmd(&self->nl, L4MM_CMD_FLUSH, FK, PAGE(0x1000), -1, &r);
	EXPECT_ERR_ATTR(r, EPERM, "KIP");
	l4_fp_cmd(&self->nl, L4MM_CMD_STATUS, FK, FP(0, 20), -1, &r);
	EXPECT_ERR_ATTR(r, EPERM, "KIP|UTCB");
	EXPECT_EQ(0xfffff000ULL, pa_of(&self->nl, FK, 0x1000));
	EXPECT_EQ(~0ULL, pa_of(&self->nl, FK, 0));
	EXPECT_EQ(~0ULL, pa_of(&self->nl, FA, 0x1000));
	EXPECT_EQ(0x5000ULL, pa_of(&self->nl, S0, 0x5000));
	/* the pages next to them are ordinary */
	EXPECT_EQ(0, l4_map(&self->nl, S0, PAGE(0x5000), FK, PAGE(0x2000)));
	EXPECT_EQ(0, l4_map(&self->nl, S0, PAGE(0x5000), FK, PAGE(0x14000)));

	/* destroy frees the UTCB frames: a new area gets them again */
	ASSERT_EQ(0, l4_name_cmd(&self->nl, L4MM_CMD_DESTROY, FK, NULL));
	ASSERT_EQ(0, l4_create(&self->nl, FK, NO_KIP, FP(0x80000, 14), &r));
	EXPECT_EQ(~0ULL, space_attr(&r, L4MM_A_SPACE_KIP_VADDR));
	for (i = 0; i < 4; i++)
		EXPECT_EQ(utcb_pa[i], pa_of(&self->nl, FK, 0x80000 + i * PG));
}

/* Bad reserved regions: KIP in UTCB, order alone, no frames left. */
TEST_F(fp, reserved_region_errors)
{
	struct nl_msg *m;
	struct reply r;

	l4_create(&self->nl, "fp_z", 0x12000, FP(0x10000, 16), &r);
	EXPECT_ERR_ATTR(r, EINVAL, "KIP");
	m = l4msg(&self->nl, L4MM_CMD_CREATE, 0);
	ASSERT_NE(NULL, m);
	nla_put_string(m, L4MM_A_NAME, "fp_z");
	nla_put_u8(m, L4MM_A_UTCB_ORDER, 14);
	do_req(&self->nl, m, &r);
	EXPECT_ERR_ATTR(r, EINVAL, "UTCB_VADDR");
	/* 2^16 pages: more than the window's 0xffff frames */
	l4_create(&self->nl, "fp_z", NO_KIP, FP(0x10000000, 28), &r);
	EXPECT_ERR_ATTR(r, ENOSPC, "frame");
	EXPECT_EQ(-ENOENT, l4_lookup(&self->nl, "fp_z", 0, &r));

	/* the window is shared by the netns's spaces */
	ASSERT_EQ(0, l4_create(&self->nl, "fp_u1", NO_KIP,
			       FP(0x10000000, 27), &r));
	l4_create(&self->nl, "fp_u2", NO_KIP, FP(0x10000000, 27), &r);
	EXPECT_ERR_ATTR(r, ENOSPC, "frame");
	EXPECT_EQ(0, l4_create(&self->nl, "fp_u2", 0x1000,
			       FP(0x4000000, 26), &r));
	ASSERT_EQ(0, l4_name_cmd(&self->nl, L4MM_CMD_DESTROY, "fp_u1", NULL));
	ASSERT_EQ(0, l4_name_cmd(&self->nl, L4MM_CMD_DESTROY, "fp_u2", NULL));
	EXPECT_EQ(0, l4_create(&self->nl, "fp_u2", NO_KIP,
			       FP(0x10000000, 27), &r));
}

/* Grant modes: paper flushes the subtree, keep-subtree moves it. */
TEST_F(fp, grant_modes)
{
	struct xopts o = XOPTS_DEFAULT;
	struct reply r;

	/* paper: fp_b's page, derived from fp_a's, goes */
	ASSERT_EQ(0, l4_map(&self->nl, S0, FP(0x50000, 13), FA,
			    PAGE(0x50000)));
	ASSERT_EQ(0, l4_map(&self->nl, FA, FP(0x50000, 13), FB, PAGE(0x2000)));
	o.mode = L4MM_GRANT_MODE_PAPER;
	ASSERT_EQ(0, l4_xfer(&self->nl, L4MM_CMD_GRANT, FA, FP(0x50000, 13),
			     FC, PAGE(0x8000), &o, &r));
	EXPECT_EQ(2U, r_u32(&r, L4MM_A_PAGES));
	/* removed: fp_a's two pages and fp_b's two derived ones */
	EXPECT_EQ(4U, r_u32(&r, L4MM_A_REMOVED));
	EXPECT_EQ(0x50000ULL, pa_of(&self->nl, FC, 0x8000));
	EXPECT_EQ(~0ULL, pa_of(&self->nl, FA, 0x50000));
	EXPECT_EQ(~0ULL, pa_of(&self->nl, FB, 0x2000));
	EXPECT_EQ(~0ULL, pa_of(&self->nl, FB, 0x3000));

	/* keep-subtree: fp_b's pages now derive from fp_c's */
	ASSERT_EQ(0, l4_map(&self->nl, S0, FP(0x50000, 13), FA,
			    PAGE(0x50000)));
	ASSERT_EQ(0, l4_map(&self->nl, FA, FP(0x50000, 13), FB, PAGE(0x2000)));
	ASSERT_EQ(0, l4_access(&self->nl, FA, 0x51000, L4MM_RIGHT_W, &r));
	o.mode = L4MM_GRANT_MODE_KEEP;
	o.rights = L4MM_RIGHT_R | L4MM_RIGHT_X;
	ASSERT_EQ(0, l4_xfer(&self->nl, L4MM_CMD_GRANT, FA, FP(0x50000, 13),
			     FC, PAGE(0x10000), &o, &r));
	/* removed: fp_a's two pages, which moved; fp_b's stay */
	EXPECT_EQ(2U, r_u32(&r, L4MM_A_REMOVED));
	EXPECT_EQ(~0ULL, pa_of(&self->nl, FA, 0x50000));
	ASSERT_EQ(0, l4_lookup(&self->nl, FB, 0x3000, &r));
	EXPECT_EQ(0x51000ULL, r_u64(&r, L4MM_A_PADDR));
	ASSERT_NE(NULL, r.tb[L4MM_A_SRC_NAME]);
	EXPECT_STREQ(FC, nla_get_string(r.tb[L4MM_A_SRC_NAME]));
	EXPECT_EQ(0x11000ULL, r_u64(&r, L4MM_A_SRC_VADDR));
	/* the mask narrowed the moved subtree too */
	EXPECT_EQ(L4MM_RIGHT_R | L4MM_RIGHT_X, r_u8(&r, L4MM_A_RIGHTS));
	ASSERT_EQ(0, l4_lookup(&self->nl, FC, 0x11000, &r));
	EXPECT_EQ(L4MM_RIGHT_R | L4MM_RIGHT_X, r_u8(&r, L4MM_A_RIGHTS));
	/* the moved node kept its status bits */
	EXPECT_EQ(L4MM_STATUS_W, r_u8(&r, L4MM_A_STATUS));

	/*
	 * A page granted to itself: the checked update flushes it (and what
	 * derives from it) and puts it back, then the grant flushes it.  The
	 * paper's definition removes three entries; the count is of the
	 * mappings the state held before, two, as the model says.
	 */
	ASSERT_EQ(0, l4_map(&self->nl, S0, PAGE(0x60000), FA, PAGE(0x60000)));
	ASSERT_EQ(0, l4_map(&self->nl, FA, PAGE(0x60000), FB, PAGE(0x60000)));
	o = (struct xopts)XOPTS_DEFAULT;
	o.mode = L4MM_GRANT_MODE_PAPER;
	ASSERT_EQ(0, l4_xfer(&self->nl, L4MM_CMD_GRANT, FA, PAGE(0x60000),
			     FA, PAGE(0x60000), &o, &r));
	EXPECT_EQ(2U, r_u32(&r, L4MM_A_REMOVED));
	EXPECT_EQ(0U, r_u32(&r, L4MM_A_PAGES));
	EXPECT_EQ(~0ULL, pa_of(&self->nl, FA, 0x60000));
	EXPECT_EQ(~0ULL, pa_of(&self->nl, FB, 0x60000));
}

/* CONFIG: the per-netns default grant mode; setting needs the cap. */
TEST_F(fp, config_default_grant_mode_per_netns)
{
	struct xopts o = XOPTS_DEFAULT;
	struct reply r;
	int status;
	pid_t pid;

	EXPECT_EQ(L4MM_GRANT_MODE_PAPER, l4_config(&self->nl, 0, &r));
	EXPECT_EQ(L4MM_GRANT_MODE_KEEP,
		  l4_config(&self->nl, L4MM_GRANT_MODE_KEEP, &r));
	EXPECT_EQ(L4MM_GRANT_MODE_KEEP, l4_config(&self->nl, 0, &r));

	/* the default applies to a grant without a mode */
	ASSERT_EQ(0, l4_map(&self->nl, S0, PAGE(0x60000), FA, PAGE(0x1000)));
	ASSERT_EQ(0, l4_map(&self->nl, FA, PAGE(0x1000), FB, PAGE(0x1000)));
	ASSERT_EQ(0, l4_xfer(&self->nl, L4MM_CMD_GRANT, FA, PAGE(0x1000), FC,
			     PAGE(0x1000), NULL, &r));
	EXPECT_EQ(0x60000ULL, pa_of(&self->nl, FB, 0x1000));
	/* and an explicit mode beats it */
	ASSERT_EQ(0, l4_map(&self->nl, S0, PAGE(0x60000), FA, PAGE(0x1000)));
	ASSERT_EQ(0, l4_map(&self->nl, FA, PAGE(0x1000), FB, PAGE(0x2000)));
	o.mode = L4MM_GRANT_MODE_PAPER;
	ASSERT_EQ(0, l4_xfer(&self->nl, L4MM_CMD_GRANT, FA, PAGE(0x1000), FC,
			     PAGE(0x2000), &o, &r));
	EXPECT_EQ(~0ULL, pa_of(&self->nl, FB, 0x2000));

	/* another netns has its own default */
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		struct l4nl ns;

		if (unshare(CLONE_NEWNET) || l4nl_open(&ns))
			_exit(2);
		if (l4_config(&ns, 0, NULL) != L4MM_GRANT_MODE_PAPER)
			_exit(3);
		if (l4_config(&ns, L4MM_GRANT_MODE_KEEP, NULL) !=
		    L4MM_GRANT_MODE_KEEP)
			_exit(4);
		if (l4_config(&ns, L4MM_GRANT_MODE_PAPER, NULL) !=
		    L4MM_GRANT_MODE_PAPER)
			_exit(5);
		_exit(0);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0)
		TH_LOG("child netns: status 0x%x", status);
	EXPECT_EQ(L4MM_GRANT_MODE_KEEP, l4_config(&self->nl, 0, &r));

	/* nobody may read, not set */
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		struct l4nl u;

		if (setgroups(0, NULL) || setresgid(65534, 65534, 65534) ||
		    setresuid(65534, 65534, 65534) || l4nl_open(&u))
			_exit(2);
		if (l4_config(&u, 0, &r) != L4MM_GRANT_MODE_KEEP)
			_exit(3);
		if (l4_config(&u, L4MM_GRANT_MODE_PAPER, &r) != -EPERM ||
		    !has_word(r.x.ext, "CAP_NET_ADMIN") || r.x.offs < 0)
			_exit(4);
		if (l4_access(&u, S0, 0x1000, L4MM_RIGHT_R, &r) != -EPERM ||
		    l4_fp_cmd(&u, L4MM_CMD_STATUS, S0, PAGE(0), -1, &r) !=
		    -EPERM)
			_exit(5);
		_exit(0);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0)
		TH_LOG("unprivileged child: status 0x%x", status);
	EXPECT_EQ(L4MM_GRANT_MODE_KEEP, l4_config(&self->nl, 0, &r));
}

/* Receive windows: the X.2 rule for s == r, s < r and s > r. */
TEST_F(fp, receive_windows)
{
	struct xopts o = XOPTS_DEFAULT;
	struct reply r;

	/* s == r */
	ASSERT_EQ(0, l4_xfer(&self->nl, L4MM_CMD_MAP, S0, FP(0x100000, 16),
			     FA, FP(0x200000, 16), NULL, &r));
	EXPECT_EQ(16U, r_u32(&r, L4MM_A_PAGES));
	EXPECT_EQ(0x10f000ULL, pa_of(&self->nl, FA, 0x20f000));

	/* s < r: the fpage at SNDBASE mod 2^r, rounded down to 2^s */
	o.snd_base = 0x12345;
	ASSERT_EQ(0, l4_xfer(&self->nl, L4MM_CMD_MAP, S0, FP(0x100000, 14),
			     FB, FP(0x400000, 20), &o, &r));
	EXPECT_EQ(4U, r_u32(&r, L4MM_A_PAGES));
	EXPECT_EQ(~0ULL, pa_of(&self->nl, FB, 0x400000));
	EXPECT_EQ(0x100000ULL, pa_of(&self->nl, FB, 0x410000));
	EXPECT_EQ(0x103000ULL, pa_of(&self->nl, FB, 0x413000));
	EXPECT_EQ(~0ULL, pa_of(&self->nl, FB, 0x414000));

	/* s > r: the 2^r part at SNDBASE mod 2^s, rounded down to 2^r */
	ASSERT_EQ(0, l4_map(&self->nl, S0, FP(0x100000, 20), FA,
			    PAGE(0x600000)));
	o.snd_base = 0xfff2d000;
	ASSERT_EQ(0, l4_xfer(&self->nl, L4MM_CMD_GRANT, FA, FP(0x600000, 20),
			     FC, FP(0x800000, 14), &o, &r));
	EXPECT_EQ(4U, r_u32(&r, L4MM_A_PAGES));
	EXPECT_EQ(0x12c000ULL, pa_of(&self->nl, FC, 0x800000));
	EXPECT_EQ(0x12f000ULL, pa_of(&self->nl, FC, 0x803000));
	EXPECT_EQ(~0ULL, pa_of(&self->nl, FC, 0x804000));
	/* granted away from fp_a; the rest of the fpage stays */
	EXPECT_EQ(~0ULL, pa_of(&self->nl, FA, 0x62c000));
	EXPECT_EQ(0x12b000ULL, pa_of(&self->nl, FA, 0x62b000));
	EXPECT_EQ(0x130000ULL, pa_of(&self->nl, FA, 0x630000));
}

/*
 * The hardware entry LOOKUP and DUMP report (docs/extensions.md 8): a
 * single page is a small page; sigma0 is built of the largest pages that
 * fit (page i -> frame i: supersections), and flushing one of its pages
 * demotes the entries around it to the largest that still fit.  In a
 * netns of its own, so that the initial sigma0 stays whole.
 */
TEST_F(fp, page_shift_reported)
{
	struct reply r;
	struct l4nl ns;
	struct dump d;
	uint8_t s;

	ASSERT_EQ(0, l4_map(&self->nl, S0, PAGE(0x5000), FA, PAGE(0x5000)));
	ASSERT_EQ(0, l4_lookup(&self->nl, FA, 0x5000, &r));
	EXPECT_EQ(12, r_u8(&r, L4MM_A_PAGE_SHIFT));
	ASSERT_EQ(0, l4_dump(&self->nl, FA, &d));
	ASSERT_EQ(1, d.n);
	EXPECT_EQ(12U, d.v[0].shift);
	/* a 1 MiB fpage of contiguous, aligned frames is promoted to a
	 * section (docs/extensions.md section 8)
	 */
	ASSERT_EQ(0, l4_map(&self->nl, S0, FP(0x200000, 20), FB,
			    PAGE(0x300000)));
	ASSERT_EQ(0, l4_lookup(&self->nl, FB, 0x380000, &r));
	s = r_u8(&r, L4MM_A_PAGE_SHIFT);
	EXPECT_EQ(20, s);
	EXPECT_EQ(0x280000ULL, r_u64(&r, L4MM_A_PADDR));
	/* flushing one page splits it: 64 KiB pages elsewhere, 4 KiB next
	 * to the hole
	 */
	ASSERT_EQ(0, l4_fp_cmd(&self->nl, L4MM_CMD_FLUSH, FB, PAGE(0x385000),
			       -1, &r));
	ASSERT_EQ(0, l4_lookup(&self->nl, FB, 0x380000, &r));
	EXPECT_EQ(12, r_u8(&r, L4MM_A_PAGE_SHIFT));
	EXPECT_EQ(0x280000ULL, r_u64(&r, L4MM_A_PADDR));
	ASSERT_EQ(0, l4_lookup(&self->nl, FB, 0x390000, &r));
	EXPECT_EQ(16, r_u8(&r, L4MM_A_PAGE_SHIFT));
	EXPECT_EQ(0x290000ULL, r_u64(&r, L4MM_A_PADDR));

	ASSERT_EQ(0, unshare(CLONE_NEWNET)) TH_LOG("unshare: %m");
	ASSERT_EQ(0, l4nl_open(&ns));
	ASSERT_EQ(0, l4_lookup(&ns, S0, 0x380000, &r));
	EXPECT_EQ(24, r_u8(&r, L4MM_A_PAGE_SHIFT));
	ASSERT_EQ(0, l4_fp_cmd(&ns, L4MM_CMD_FLUSH, S0, PAGE(0x381000), -1,
			       &r));
	EXPECT_EQ(~0ULL, pa_of(&ns, S0, 0x381000));
	ASSERT_EQ(0, l4_lookup(&ns, S0, 0x380000, &r));
	EXPECT_EQ(12, r_u8(&r, L4MM_A_PAGE_SHIFT));
	EXPECT_EQ(0x380000ULL, r_u64(&r, L4MM_A_PADDR));
	ASSERT_EQ(0, l4_lookup(&ns, S0, 0x390000, &r));
	EXPECT_EQ(16, r_u8(&r, L4MM_A_PAGE_SHIFT));
	ASSERT_EQ(0, l4_lookup(&ns, S0, 0x400000, &r));
	EXPECT_EQ(20, r_u8(&r, L4MM_A_PAGE_SHIFT));
	ASSERT_EQ(0, l4_lookup(&ns, S0, 0x1000000, &r));
	EXPECT_EQ(24, r_u8(&r, L4MM_A_PAGE_SHIFT));
	l4nl_close(&ns);
}

/* BATCH takes the new attributes and STATUS/ACCESS commands. */
TEST_F(fp, batch_new_attributes_and_commands)
{
	struct nlattr *c;
	struct batch b;
	struct reply r;

	batch_start(&self->nl, &b);
	ASSERT_NE(NULL, b.outer);
	c = batch_cmd(&b, L4MM_CMD_CREATE);
	nla_put_string(b.m, L4MM_A_NAME, FK);
	nla_put_u64(b.m, L4MM_A_KIP_VADDR, 0x1000);
	nla_put_u64(b.m, L4MM_A_UTCB_VADDR, 0x4000);
	nla_put_u8(b.m, L4MM_A_UTCB_ORDER, 13);
	nla_nest_end(b.m, c);
	c = batch_cmd(&b, L4MM_CMD_MAP);
	put_xfer(b.m, S0, FP(0x70000, 14), FK, PAGE(0x10000), NULL);
	nla_put_u8(b.m, L4MM_A_RIGHTS, L4MM_RIGHT_R | L4MM_RIGHT_W);
	nla_put_flag(b.m, L4MM_A_UNCACHED);
	nla_nest_end(b.m, c);
	c = batch_cmd(&b, L4MM_CMD_ACCESS);
	nla_put_string(b.m, L4MM_A_NAME, FK);
	nla_put_u64(b.m, L4MM_A_VADDR, 0x11008);
	nla_put_u8(b.m, L4MM_A_ACCESS, L4MM_RIGHT_W);
	nla_nest_end(b.m, c);
	c = batch_cmd(&b, L4MM_CMD_GRANT);
	put_xfer(b.m, FK, FP(0x10000, 13), FA, FP(0x0, 16), NULL);
	nla_put_u64(b.m, L4MM_A_SND_BASE, 0x4000);
	nla_put_u8(b.m, L4MM_A_GRANT_MODE, L4MM_GRANT_MODE_KEEP);
	nla_nest_end(b.m, c);
	c = batch_cmd(&b, L4MM_CMD_STATUS);
	nla_put_string(b.m, L4MM_A_NAME, FA);
	nla_put_u64(b.m, L4MM_A_VADDR, 0);
	nla_put_u8(b.m, L4MM_A_ORDER, 16);
	nla_nest_end(b.m, c);
	c = batch_cmd(&b, L4MM_CMD_UNMAP);
	nla_put_string(b.m, L4MM_A_NAME, S0);
	nla_put_u64(b.m, L4MM_A_VADDR, 0x70000);
	nla_put_u8(b.m, L4MM_A_ORDER, 14);
	nla_put_u8(b.m, L4MM_A_RIGHTS, L4MM_RIGHT_W);
	nla_nest_end(b.m, c);
	ASSERT_EQ(0, batch_run(&b, &self->nl, &r));
	EXPECT_EQ(6U, r_u32(&r, L4MM_A_BATCH_DONE));
	EXPECT_EQ(0U, r_u32(&r, L4MM_A_BATCH_FAILED));

	ASSERT_EQ(0, l4_lookup(&self->nl, FK, 0x1000, &r));
	EXPECT_EQ(L4MM_RESERVED_KIP_PAGE, r_u8(&r, L4MM_A_RESERVED));
	/* granted away into fp_a's window at 0x4000 */
	EXPECT_EQ(~0ULL, pa_of(&self->nl, FK, 0x10000));
	EXPECT_EQ(~0ULL, pa_of(&self->nl, FK, 0x11000));
	EXPECT_EQ(0x70000ULL, pa_of(&self->nl, FA, 0x4000));
	ASSERT_EQ(0, l4_lookup(&self->nl, FA, 0x5000, &r));
	EXPECT_EQ(0x71000ULL, r_u64(&r, L4MM_A_PADDR));
	EXPECT_NE(NULL, r.tb[L4MM_A_UNCACHED]);
	/* STATUS in the batch cleared the bit ACCESS set; unmap took w */
	EXPECT_EQ(0, r_u8(&r, L4MM_A_STATUS));
	EXPECT_EQ(L4MM_RIGHT_R, r_u8(&r, L4MM_A_RIGHTS));
	EXPECT_EQ(0x72000ULL, pa_of(&self->nl, FK, 0x12000));

	/* a failing ACCESS stops the batch with its errno and message */
	batch_start(&self->nl, &b);
	c = batch_cmd(&b, L4MM_CMD_ACCESS);
	nla_put_string(b.m, L4MM_A_NAME, FA);
	nla_put_u64(b.m, L4MM_A_VADDR, 0x9000);
	nla_put_u8(b.m, L4MM_A_ACCESS, L4MM_RIGHT_R);
	nla_nest_end(b.m, c);
	c = batch_cmd(&b, L4MM_CMD_STATUS);
	nla_put_string(b.m, L4MM_A_NAME, FK);
	nla_put_u64(b.m, L4MM_A_VADDR, 0x1000);
	nla_nest_end(b.m, c);
	ASSERT_EQ(0, batch_run(&b, &self->nl, &r));
	EXPECT_EQ(0U, r_u32(&r, L4MM_A_BATCH_DONE));
	EXPECT_EQ(1U, r_u32(&r, L4MM_A_BATCH_FAILED));
	EXPECT_EQ((uint32_t)EFAULT, r_u32(&r, L4MM_A_BATCH_ERRNO));
	ASSERT_NE(NULL, r.tb[L4MM_A_BATCH_ERR_MSG]);
	EXPECT_TRUE(has_word(nla_get_string(r.tb[L4MM_A_BATCH_ERR_MSG]),
			     "mapped|fault"));
}

/* A malformed batch fails as a whole, naming the entry's problem. */
TEST_F(fp, batch_malformed_new)
{
	struct nlattr *c;
	struct batch b;
	struct reply r;

	/* LOOKUP cannot be batched (and must not run) */
	batch_start(&self->nl, &b);
	c = batch_cmd(&b, L4MM_CMD_CREATE);
	nla_put_string(b.m, L4MM_A_NAME, "fp_z");
	nla_nest_end(b.m, c);
	c = batch_cmd(&b, L4MM_CMD_LOOKUP);
	nla_put_string(b.m, L4MM_A_NAME, FA);
	nla_put_u64(b.m, L4MM_A_VADDR, 0);
	nla_nest_end(b.m, c);
	batch_run(&b, &self->nl, &r);
	EXPECT_ERR_ATTR(r, EINVAL, "batch");
	/* CONFIG is beyond the batchable range: the policy */
	batch_start(&self->nl, &b);
	c = batch_cmd(&b, L4MM_CMD_CONFIG);
	nla_nest_end(b.m, c);
	batch_run(&b, &self->nl, &r);
	EXPECT_POLICY(r, ERANGE);
	/* GRANT_MODE on a MAP entry */
	batch_start(&self->nl, &b);
	c = batch_cmd(&b, L4MM_CMD_MAP);
	put_xfer(b.m, S0, PAGE(0), FA, PAGE(0), NULL);
	nla_put_u8(b.m, L4MM_A_GRANT_MODE, L4MM_GRANT_MODE_KEEP);
	nla_nest_end(b.m, c);
	batch_run(&b, &self->nl, &r);
	EXPECT_ERR_ATTR(r, EINVAL, "not valid");
	/* ACCESS without its kind */
	batch_start(&self->nl, &b);
	c = batch_cmd(&b, L4MM_CMD_ACCESS);
	nla_put_string(b.m, L4MM_A_NAME, FA);
	nla_put_u64(b.m, L4MM_A_VADDR, 0);
	nla_nest_end(b.m, c);
	batch_run(&b, &self->nl, &r);
	EXPECT_EQ(-EINVAL, r.x.err);
	EXPECT_EQ(L4MM_A_ACCESS, r.x.miss_type);
	/* a bad order inside an entry: the policy, through the nest */
	batch_start(&self->nl, &b);
	c = batch_cmd(&b, L4MM_CMD_UNMAP);
	nla_put_string(b.m, L4MM_A_NAME, FA);
	nla_put_u64(b.m, L4MM_A_VADDR, 0);
	nla_put_u8(b.m, L4MM_A_ORDER, 40);
	nla_nest_end(b.m, c);
	batch_run(&b, &self->nl, &r);
	EXPECT_POLICY(r, ERANGE);
	/* per-command checks still run inside the batch */
	batch_start(&self->nl, &b);
	c = batch_cmd(&b, L4MM_CMD_MAP);
	put_xfer(b.m, S0, PAGE(0x1000), FA, PAGE(0x1000), NULL);
	nla_put_u8(b.m, L4MM_A_RIGHTS, L4MM_RIGHT_W);
	nla_nest_end(b.m, c);
	ASSERT_EQ(0, batch_run(&b, &self->nl, &r));
	EXPECT_EQ(1U, r_u32(&r, L4MM_A_BATCH_FAILED));
	EXPECT_EQ((uint32_t)EINVAL, r_u32(&r, L4MM_A_BATCH_ERRNO));
	ASSERT_NE(NULL, r.tb[L4MM_A_BATCH_ERR_MSG]);
	EXPECT_TRUE(has_word(nla_get_string(r.tb[L4MM_A_BATCH_ERR_MSG]),
			     "RIGHTS"));
	EXPECT_EQ(-ENOENT, l4_lookup(&self->nl, "fp_z", 0, &r));
	EXPECT_EQ(~0ULL, pa_of(&self->nl, FA, 0x1000));
}

static uint64_t mappings_now(struct l4nl *nl)
{
	struct nlattr *tb[L4MM_A_STAT_MAX + 1];
	struct reply r;

	if (do_req(nl, l4msg(nl, L4MM_CMD_STATS, 0), &r) || !r.has ||
	    !r.tb[L4MM_A_STATS] ||
	    nla_parse_nested(tb, L4MM_A_STAT_MAX, r.tb[L4MM_A_STATS], NULL) ||
	    !tb[L4MM_A_STAT_MAPPINGS])
		return 0;
	return nla_get_u64(tb[L4MM_A_STAT_MAPPINGS]);
}

/* max_mappings counts every page an fpage operation may install. */
TEST_F(fp, limit_counts_fpage_pages)
{
	struct reply r;
	char buf[32];
	uint64_t maps;

	saved_max_mappings = read_long(MAX_MAPPINGS);
	ASSERT_LT(0, saved_max_mappings);
	maps = mappings_now(&self->nl);
	ASSERT_LT(0U, maps);
	snprintf(buf, sizeof(buf), "%llu", (unsigned long long)maps + 8);
	ASSERT_EQ(0, write_file(MAX_MAPPINGS, buf));
	l4_xfer(&self->nl, L4MM_CMD_MAP, S0, FP(0x100000, 16), FB, PAGE(0),
		NULL, &r);
	EXPECT_ERR_ATTR(r, ENOSPC, "max_mappings");
	EXPECT_EQ(~0ULL, pa_of(&self->nl, FB, 0));
	EXPECT_EQ(0, l4_xfer(&self->nl, L4MM_CMD_MAP, S0, FP(0x100000, 15),
			     FB, PAGE(0), NULL, &r));
	EXPECT_EQ(0x107000ULL, pa_of(&self->nl, FB, 0x7000));
	EXPECT_EQ(maps + 8, mappings_now(&self->nl));
}

/* ---- atomicity under allocation failure ---- */

/* What a failed operation must leave as it was: a text snapshot. */
static void snapshot(struct l4nl *nl, char *out, size_t len)
{
	static const char *const spaces[] = { FA, FB, FC, FK };
	struct nlattr *tb[L4MM_A_STAT_MAX + 1];
	size_t i, used = 0;
	struct reply r;
	struct dump d;
	int j;

#define SNAP(...) do {							\
	if (used < len)							\
		used += snprintf(out + used, len - used, __VA_ARGS__);	\
} while (0)
	out[0] = '\0';
	if (!do_req(nl, l4msg(nl, L4MM_CMD_STATS, 0), &r) && r.has &&
	    r.tb[L4MM_A_STATS] &&
	    !nla_parse_nested(tb, L4MM_A_STAT_MAX, r.tb[L4MM_A_STATS], NULL))
		for (j = L4MM_A_STAT_SPACES; j <= L4MM_A_STAT_OPS; j++)
			SNAP("%d=%llu ", j, tb[j] ? (unsigned long long)
			     nla_get_u64(tb[j]) : 0ULL);
	for (i = 0; i < sizeof(spaces) / sizeof(spaces[0]); i++) {
		if (l4_dump(nl, spaces[i], &d)) {
			SNAP("\n%s: none", spaces[i]);
			continue;
		}
		SNAP("\n%s:", spaces[i]);
		for (j = 0; j < d.n; j++)
			SNAP(" %llx>%llx/%u/%d%d%d%d%d", (unsigned long long)
			     d.v[j].va, (unsigned long long)d.v[j].pa,
			     d.v[j].depth, d.v[j].rights, d.v[j].status,
			     d.v[j].uncached, d.v[j].reserved, d.v[j].has_src);
	}
	/* sigma0's pages a grant from it would take */
	for (j = 0; j < 32; j++)
		SNAP(" %llx", (unsigned long long)pa_of(nl, S0, 0x100000 +
							j * PG));
#undef SNAP
}

/* No violation from the live checker on the whole state. */
static bool state_consistent(struct l4nl *nl)
{
	struct nlattr *tb[L4MM_A_CHECK_MAX + 1];
	struct reply r;

	if (do_req(nl, l4msg(nl, L4MM_CMD_CHECK, 0), &r) || !r.has ||
	    !r.tb[L4MM_A_CHECK] ||
	    nla_parse_nested(tb, L4MM_A_CHECK_MAX, r.tb[L4MM_A_CHECK], NULL))
		return false;
	return !tb[L4MM_A_CHECK_VIOLATION];
}

typedef int (*fault_op)(struct l4nl *nl, struct reply *r);

/*
 * Fail each allocation of op in turn (fail_nth = 1, 2, ...): each failure
 * must be ENOMEM with an extack message and leave the snapshot as it was
 * and the state consistent; the first n that lets op succeed must not
 * have consumed the armed failure.  Returns the sites failed, -1 if bad.
 */
static int fault_sites(struct __test_metadata *_metadata, struct l4nl *nl,
		       fault_op op)
{
	static char before[65536], after[65536];
	struct reply r;
	int i, err;
	char n[16];
	long left;

	for (i = 1; i <= 64; i++) {
		snapshot(nl, before, sizeof(before));
		snprintf(n, sizeof(n), "%d", i);
		if (write_file(FAIL_NTH, n))
			return -1;
		err = op(nl, &r);
		left = read_long(FAIL_NTH);
		write_file(FAIL_NTH, "0");
		if (err && left != 0) {
			TH_LOG("site %d: failed without the injection: %d %s",
			       i, err, r.x.ext);
			return -1;
		}
		if (!err && left == 0) {
			TH_LOG("site %d: succeeded although it was failed", i);
			return -1;
		}
		if (!err)
			return i - 1;
		snapshot(nl, after, sizeof(after));
		if (err != -ENOMEM || !has_word(r.x.ext, "memory")) {
			TH_LOG("site %d: %d \"%s\", not ENOMEM", i, err, r.x.ext);
			return -1;
		}
		if (strcmp(before, after)) {
			TH_LOG("site %d: state changed:\n%s\n--\n%s", i,
			       before, after);
			return -1;
		}
		if (!state_consistent(nl)) {
			TH_LOG("site %d: checker violation", i);
			return -1;
		}
	}
	TH_LOG("still failing after 64 sites");
	return -1;
}

static int op_map_fpage(struct l4nl *nl, struct reply *r)
{
	return l4_xfer(nl, L4MM_CMD_MAP, S0, FP(0x100000, 17), FA,
		       PAGE(0x400000), NULL, r);
}

static int op_grant_keep(struct l4nl *nl, struct reply *r)
{
	struct xopts o = XOPTS_DEFAULT;

	o.mode = L4MM_GRANT_MODE_KEEP;
	return l4_xfer(nl, L4MM_CMD_GRANT, FA, FP(0x400000, 17), FC,
		       PAGE(0x7fe00000), &o, r);
}

static int op_grant_paper_window(struct l4nl *nl, struct reply *r)
{
	struct xopts o = XOPTS_DEFAULT;

	o.mode = L4MM_GRANT_MODE_PAPER;
	o.snd_base = 0x3000;
	return l4_xfer(nl, L4MM_CMD_GRANT, FA, FP(0x400000, 17), FC,
		       FP(0x80000000, 14), &o, r);
}

static int op_create_reserved(struct l4nl *nl, struct reply *r)
{
	return l4_create(nl, FK, 0x7000, FP(0x400000, 18), r);
}

static int op_batch(struct l4nl *nl, struct reply *r)
{
	struct nlattr *c;
	struct batch b;
	int err;

	batch_start(nl, &b);
	c = batch_cmd(&b, L4MM_CMD_MAP);
	put_xfer(b.m, S0, FP(0x110000, 16), FB, FP(0x10000000, 20), NULL);
	nla_nest_end(b.m, c);
	err = batch_run(&b, nl, r);
	if (err || r_u32(r, L4MM_A_BATCH_FAILED) == 0)
		return err;
	/* the batch reports the command's failure in its reply */
	snprintf(r->x.ext, sizeof(r->x.ext), "%s", r->tb[L4MM_A_BATCH_ERR_MSG] ?
		 nla_get_string(r->tb[L4MM_A_BATCH_ERR_MSG]) : "");
	return -(int)r_u32(r, L4MM_A_BATCH_ERRNO);
}

/* Log and count the sites of one operation. */
#define FAULT_SITES(op, total) do {					\
	int __sites = fault_sites(_metadata, &self->nl, (op));		\
									\
	EXPECT_LT(0, __sites) TH_LOG("%s", #op);			\
	if (__sites > 0)						\
		(total) += __sites;					\
} while (0)

/* op succeeds with fail_nth=1 armed, and leaves it armed. */
#define NO_ALLOC(op) do {						\
	int __err;							\
									\
	ASSERT_EQ(0, write_file(FAIL_NTH, "1"));			\
	__err = (op);							\
	EXPECT_EQ(1, read_long(FAIL_NTH)) TH_LOG("%s allocated", #op);	\
	write_file(FAIL_NTH, "0");					\
	EXPECT_EQ(0, __err) TH_LOG("%s: %s", #op, r.x.ext);		\
} while (0)

TEST_F_TIMEOUT(fp, fpage_ops_atomic_under_alloc_failure, 600)
{
	struct reply r;
	int total = 0;

	ASSERT_EQ(0, access(FAIL_NTH, W_OK)) TH_LOG("no %s", FAIL_NTH);
	FAULT_SITES(op_map_fpage, total);
	/* fp_b holds a subtree of fp_a's pages, which keep-subtree moves */
	ASSERT_EQ(0, l4_map(&self->nl, FA, PAGE(0x400000), FB, PAGE(0x1000)));
	FAULT_SITES(op_grant_keep, total);
	EXPECT_EQ(0x100000ULL, pa_of(&self->nl, FB, 0x1000));
	ASSERT_EQ(0, op_map_fpage(&self->nl, &r));
	FAULT_SITES(op_grant_paper_window, total);
	FAULT_SITES(op_create_reserved, total);
	FAULT_SITES(op_batch, total);
	TH_LOG("%d (operation, allocation site) pairs failed, state unchanged",
	       total);

	/*
	 * Revocation, status and access allocate nothing, even demoting.
	 * (fp_a's first four pages went into fp_c's window above.)
	 */
	ASSERT_EQ(0, l4_map(&self->nl, FA, FP(0x400000, 17), FB,
			    PAGE(0x800000)));
	NO_ALLOC(l4_access(&self->nl, FB, 0x805234, L4MM_RIGHT_W, &r));
	NO_ALLOC(l4_fp_cmd(&self->nl, L4MM_CMD_STATUS, FA, FP(0x400000, 17),
			   -1, &r));
	NO_ALLOC(l4_fp_cmd(&self->nl, L4MM_CMD_UNMAP, FA, FP(0x400000, 16),
			   L4MM_RIGHT_W, &r));
	NO_ALLOC(l4_fp_cmd(&self->nl, L4MM_CMD_FLUSH, FA, FP(0x410000, 16),
			   -1, &r));
	NO_ALLOC(l4_fp_cmd(&self->nl, L4MM_CMD_UNMAP, FA, PAGE(0x406000),
			   -1, &r));
	EXPECT_EQ(~0ULL, pa_of(&self->nl, FB, 0x810000));
	EXPECT_EQ(~0ULL, pa_of(&self->nl, FB, 0x806000));
	EXPECT_EQ(0x105000ULL, pa_of(&self->nl, FB, 0x805000));
	EXPECT_TRUE(state_consistent(&self->nl));
}

L4NL_HARNESS_MAIN
