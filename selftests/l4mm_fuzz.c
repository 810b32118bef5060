// SPDX-License-Identifier: GPL-2.0
/*
 * l4mm netlink fuzzer: sends COUNT hostile messages to the "l4mm" family
 * over raw netlink sockets (no libnl, so that anything can be put on the
 * wire): malformed, truncated, oversized, wrong-typed, out-of-range and
 * semantically odd messages for every command (nested and batched forms
 * included), with valid commands interleaved.  Three callers: root in a
 * netns of its own (so that the initial one keeps the sigma0 later tests
 * rely on), nobody in the initial netns (every mutating command must fail
 * and nothing may change), and nobody owning a fresh user+net namespace
 * (may mutate its own netns only).
 *
 * Usage: l4mm_fuzz [COUNT [SEED]]   (default 100000 messages; environment
 * L4MM_FUZZ_COUNT overrides the default).  Prints TAP.
 *
 * Checks afterwards: the kernel log has no new WARNING/BUG/Oops or state
 * check failure and the taint flags did not change; the live checker
 * (module parameter check_after_op) passes on root's fuzzed state; the
 * unprivileged callers changed nothing in the initial netns; every valid
 * interleaved command got an answer the model allows; a fixed valid
 * scenario still works.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <grp.h>
#include <sched.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/klog.h>
#include <sys/socket.h>
#include <sys/wait.h>

#include <linux/genetlink.h>
#include <linux/netlink.h>

#include <linux/l4mm.h>

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

#define BUF_SIZE	(1 << 16)
#define PARAM		"/sys/module/l4mm/parameters/check_after_op"

/* ---------------------------------------------------------------------- */
/* Raw netlink                                                             */

static uint64_t rng_state;

static uint64_t rnd(void)
{
	/* xorshift64*: reproducible from the seed printed in the log */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545F4914F6CDD1DULL;
}

static unsigned int rn(unsigned int n)
{
	return n ? rnd() % n : 0;
}

struct msg {
	union {
		unsigned char buf[BUF_SIZE];
		struct nlmsghdr align;
	};
	size_t len;
};

static int nl_open(void)
{
	int one = 1, fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC,
				 NETLINK_GENERIC);

	if (fd < 0)
		return -1;
	setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	return fd;
}

static void put_hdr(struct msg *m, uint16_t type, uint16_t flags, uint8_t cmd,
		    uint8_t version)
{
	struct nlmsghdr *nlh = (struct nlmsghdr *)m->buf;
	struct genlmsghdr *g = (struct genlmsghdr *)(nlh + 1);

	memset(nlh, 0, NLMSG_HDRLEN + GENL_HDRLEN);
	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = flags;
	nlh->nlmsg_seq = (uint32_t)rnd();
	g->cmd = cmd;
	g->version = version;
	m->len = NLMSG_HDRLEN + GENL_HDRLEN;
}

static bool room(const struct msg *m, size_t len)
{
	return m->len + NLA_HDRLEN + NLA_ALIGN(len) <= BUF_SIZE - 64;
}

static struct nlattr *put_attr(struct msg *m, uint16_t type, const void *data,
			       size_t len)
{
	struct nlattr *a = (struct nlattr *)(m->buf + m->len);

	if (!room(m, len))
		return NULL;
	a->nla_type = type;
	a->nla_len = NLA_HDRLEN + len;
	if (len)
		memcpy(a + 1, data, len);
	memset((char *)(a + 1) + len, 0, NLA_ALIGN(len) - len);
	m->len += NLA_HDRLEN + NLA_ALIGN(len);
	return a;
}

static void put_u64(struct msg *m, uint16_t t, uint64_t v)
{
	put_attr(m, t, &v, 8);
}

static void put_u8(struct msg *m, uint16_t t, uint8_t v)
{
	put_attr(m, t, &v, 1);
}

static void put_str(struct msg *m, uint16_t t, const char *s)
{
	put_attr(m, t, s, strlen(s) + 1);
}

static size_t nest_start(struct msg *m, uint16_t type)
{
	size_t off = m->len;

	if (!put_attr(m, type | NLA_F_NESTED, NULL, 0))
		return 0;
	return off;
}

static void nest_end(struct msg *m, size_t off)
{
	struct nlattr *a = (struct nlattr *)(m->buf + off);

	if (off)
		a->nla_len = m->len - off;
}

static void finish(struct msg *m)
{
	((struct nlmsghdr *)m->buf)->nlmsg_len = m->len;
}

/* Family id of "l4mm" from the genl controller. */
static int resolve_family(int fd)
{
	struct msg *m = calloc(1, sizeof(*m));
	struct nlmsghdr *nlh;
	struct nlattr *a;
	int id = -1;
	ssize_t n;

	if (!m)
		return -1;
	put_hdr(m, GENL_ID_CTRL, NLM_F_REQUEST, CTRL_CMD_GETFAMILY, 1);
	put_str(m, CTRL_ATTR_FAMILY_NAME, L4MM_GENL_NAME);
	finish(m);
	if (send(fd, m->buf, m->len, 0) < 0)
		goto out;
	n = recv(fd, m->buf, BUF_SIZE, 0);
	nlh = (struct nlmsghdr *)m->buf;
	if (n < (ssize_t)(NLMSG_HDRLEN + GENL_HDRLEN) ||
	    nlh->nlmsg_type != GENL_ID_CTRL)
		goto out;
	for (a = (struct nlattr *)(m->buf + NLMSG_HDRLEN + GENL_HDRLEN);
	     (unsigned char *)a + NLA_HDRLEN <= m->buf + nlh->nlmsg_len &&
	     a->nla_len >= NLA_HDRLEN;
	     a = (struct nlattr *)((char *)a + NLA_ALIGN(a->nla_len)))
		if ((a->nla_type & NLA_TYPE_MASK) == CTRL_ATTR_FAMILY_ID)
			id = *(uint16_t *)(a + 1);
out:
	free(m);
	return id;
}

/* ---------------------------------------------------------------------- */
/* Generators                                                              */

static const char *const names[] = {
	"sigma0", "fz0", "fz1", "fz2", "fz3", "fz4", "fz5", "fz6", "fz7",
	"", "a b", "0123456789abcdef", "012345678901234", "../x", "fz0\n",
	"\xff\xfe", "SIGMA0", "-", ".",
};

static const uint64_t vaddrs[] = {
	0, 0x1000, 0x2000, 0x5000, 0xfff000, 0xfffff000, 0xffffffff,
	0x100000000ULL, 0x1001, 0x800, ~0ULL, 0xffffffff000ULL, 0x10000,
	0x7fffffff000ULL,
};

static const char *any_name(void)
{
	return names[rn(sizeof(names) / sizeof(names[0]))];
}

static uint64_t any_vaddr(void)
{
	if (rn(4) == 0)
		return (uint64_t)rn(64) << 12;
	if (rn(8) == 0)
		return rnd();
	return vaddrs[rn(sizeof(vaddrs) / sizeof(vaddrs[0]))];
}

/* An attribute of random type, size and content. */
static void put_junk_attr(struct msg *m)
{
	static const size_t sizes[] = { 0, 1, 2, 3, 4, 7, 8, 9, 15, 16, 17,
					31, 64, 255, 1000 };
	unsigned char data[1024];
	size_t len = sizes[rn(sizeof(sizes) / sizeof(sizes[0]))];
	uint16_t type = rn(4) ? rn(L4MM_A_MAX + 4) : (uint16_t)rnd();
	size_t i;

	for (i = 0; i < len; i++)
		data[i] = rn(3) ? 'a' + rn(26) : (unsigned char)rnd();
	if (rn(2) && len)
		data[len - 1] = 0;
	if (rn(4) == 0)
		type |= NLA_F_NESTED;
	put_attr(m, type, data, len);
}

/* An attribute of the right type with the wrong size or encoding. */
static void put_wrong_typed(struct msg *m, uint16_t type)
{
	uint64_t v = any_vaddr();
	char s[40];

	switch (rn(6)) {
	case 0:
		put_attr(m, type, &v, 4);
		break;
	case 1:
		put_attr(m, type, &v, 2 + rn(7));
		break;
	case 2:
		memset(s, 'x', sizeof(s));
		put_attr(m, type, s, 1 + rn(sizeof(s)));	/* no NUL */
		break;
	case 3:
		put_attr(m, type, NULL, 0);
		break;
	case 4:
		put_attr(m, type | NLA_F_NESTED, &v, 8);
		break;
	default:
		put_str(m, type, any_name());
		break;
	}
}

/* An fpage order: mostly 12..32, sometimes out of range. */
static uint8_t any_order(void)
{
	if (rn(8) == 0)
		return (uint8_t)rnd();
	return rn(4) ? 12 + rn(5) : rn(40);
}

/* A u8 mask: mostly three bits, sometimes any byte. */
static uint8_t any_rights(void)
{
	return rn(8) ? rn(8) : (uint8_t)rnd();
}

/* The attributes of the extensions (docs/extensions.md) that cmd takes. */
static void put_ext_attrs(struct msg *m, unsigned int cmd, bool sane)
{
	bool xfer = cmd == L4MM_CMD_MAP || cmd == L4MM_CMD_GRANT;
	bool fpage = xfer || cmd == L4MM_CMD_UNMAP || cmd == L4MM_CMD_FLUSH ||
		     cmd == L4MM_CMD_STATUS;
	uint8_t mode = rn(8) ? 1 + rn(2) : rn(256);

	if (fpage && rn(2))
		put_u8(m, L4MM_A_ORDER, any_order());
	if (xfer && rn(2))
		put_u8(m, L4MM_A_SRC_ORDER, any_order());
	if (xfer && rn(4) == 0)
		put_u64(m, L4MM_A_SND_BASE, rn(2) ? rnd() : any_vaddr());
	if ((xfer || cmd == L4MM_CMD_UNMAP || cmd == L4MM_CMD_FLUSH) &&
	    rn(2))
		put_u8(m, L4MM_A_RIGHTS, any_rights());
	if (xfer && rn(4) == 0)
		put_attr(m, L4MM_A_UNCACHED, NULL, 0);
	if ((cmd == L4MM_CMD_GRANT || cmd == L4MM_CMD_CONFIG) && rn(3) == 0)
		put_u8(m, L4MM_A_GRANT_MODE, mode);
	if (cmd == L4MM_CMD_ACCESS && (sane || rn(8)))
		put_u8(m, L4MM_A_ACCESS, rn(4) ? 1U << rn(3) : any_rights());
	if (cmd == L4MM_CMD_CREATE && rn(3) == 0)
		put_u64(m, L4MM_A_KIP_VADDR, any_vaddr());
	if (cmd == L4MM_CMD_CREATE && rn(3) == 0)
		put_u64(m, L4MM_A_UTCB_VADDR, any_vaddr());
	if (cmd == L4MM_CMD_CREATE && rn(3) == 0)
		put_u8(m, L4MM_A_UTCB_ORDER, any_order());
	if (!sane && rn(4) == 0)	/* right type, wrong command */
		put_u8(m, L4MM_A_ORDER + rn(L4MM_A_UTCB_ORDER - L4MM_A_ORDER + 1),
		       (uint8_t)rnd());
}

/* Attributes of cmd, each plausible, odd or wrong. */
static void put_cmd_attrs(struct msg *m, unsigned int cmd, bool sane)
{
	bool xfer = cmd == L4MM_CMD_MAP || cmd == L4MM_CMD_GRANT;
	bool page = xfer || cmd == L4MM_CMD_UNMAP || cmd == L4MM_CMD_FLUSH ||
		    cmd == L4MM_CMD_LOOKUP || cmd == L4MM_CMD_STATUS ||
		    cmd == L4MM_CMD_ACCESS;
	unsigned int i, extra = sane ? 0 : rn(3);

	if (sane || rn(8))
		put_str(m, L4MM_A_NAME, any_name());
	if (page && (sane || rn(8)))
		put_u64(m, L4MM_A_VADDR, any_vaddr());
	if (xfer && (sane || rn(8)))
		put_str(m, L4MM_A_SRC_NAME, any_name());
	if (xfer && (sane || rn(8)))
		put_u64(m, L4MM_A_SRC_VADDR, any_vaddr());
	put_ext_attrs(m, cmd, sane);
	for (i = 0; i < extra; i++) {
		if (rn(2))
			put_junk_attr(m);
		else if (rn(2))
			put_wrong_typed(m, 1 + rn(L4MM_A_SRC_VADDR));
		else
			put_wrong_typed(m, L4MM_A_ORDER +
					rn(L4MM_A_UTCB_ORDER - L4MM_A_ORDER + 1));
	}
}

static void put_batch(struct msg *m, unsigned int depth)
{
	static const uint8_t batchable[] = {
		L4MM_CMD_CREATE, L4MM_CMD_DESTROY, L4MM_CMD_MAP, L4MM_CMD_GRANT,
		L4MM_CMD_UNMAP, L4MM_CMD_FLUSH, L4MM_CMD_ACCESS,
		L4MM_CMD_STATUS, L4MM_CMD_LOOKUP,
	};
	unsigned int i, n = rn(4) ? rn(12) : rn(400);
	size_t batch, entry;
	uint8_t c;

	batch = nest_start(m, rn(16) ? L4MM_A_BATCH : rn(L4MM_A_MAX + 2));
	for (i = 0; i < n && room(m, 200); i++) {
		entry = nest_start(m, rn(16) ? L4MM_A_BATCH_CMD :
					       rn(L4MM_A_MAX + 2));
		c = rn(8) ? batchable[rn(sizeof(batchable))] : (uint8_t)rnd();
		if (rn(16))
			put_attr(m, L4MM_A_CMD, &c, 1);
		if (rn(24) == 0)
			put_wrong_typed(m, L4MM_A_CMD);
		if (depth < 3 && rn(32) == 0)
			put_batch(m, depth + 1);	/* batch in a batch */
		put_cmd_attrs(m, c, rn(2));
		nest_end(m, entry);
	}
	nest_end(m, batch);
	if (rn(3) == 0) {
		uint32_t f = rn(2) ? L4MM_F_FORCE : (uint32_t)rnd();

		put_attr(m, L4MM_A_FLAGS, &f, rn(8) ? 4 : rn(9));
	}
}

/* Break some nla_len fields of a built message. */
static void corrupt_lengths(struct msg *m)
{
	size_t off = NLMSG_HDRLEN + GENL_HDRLEN;
	struct nlattr *a;
	unsigned int k = 1 + rn(3);

	while (k-- && m->len > off + NLA_HDRLEN) {
		size_t at = off + NLA_ALIGN(rn(m->len - off - NLA_HDRLEN));

		if (at + NLA_HDRLEN > m->len)
			continue;
		a = (struct nlattr *)(m->buf + at);
		switch (rn(4)) {
		case 0:
			a->nla_len = rn(NLA_HDRLEN);
			break;
		case 1:
			a->nla_len = m->len - at + 1 + rn(64);
			break;
		case 2:
			a->nla_len = (uint16_t)rnd();
			break;
		default:
			a->nla_type = (uint16_t)rnd();
			break;
		}
	}
}

/* One hostile message; returns the length to send. */
static size_t gen(struct msg *m, int family)
{
	unsigned int cmd, kind = rn(12);
	uint16_t flags = NLM_F_REQUEST;
	size_t full, cut;

	cmd = rn(10) ? 1 + rn(L4MM_CMD_BATCH) : (rn(2) ? rn(256) :
						 L4MM_CMD_BATCH + 1 + rn(3));
	/* The extensions' commands, as often as the old ones each. */
	if (rn(5) == 0)
		cmd = L4MM_CMD_ACCESS + rn(L4MM_CMD_CONFIG - L4MM_CMD_ACCESS + 1);
	if (rn(2))
		flags |= NLM_F_ACK;
	if (rn(8) == 0)
		flags |= NLM_F_DUMP;
	if (rn(32) == 0)
		flags = (uint16_t)rnd();
	put_hdr(m, family, flags, cmd, L4MM_GENL_VERSION);
	if (kind == 0) {
		struct genlmsghdr *g = (void *)(m->buf + NLMSG_HDRLEN);

		g->version = (uint8_t)rnd();
		g->reserved = rn(2) ? (uint16_t)rnd() : 0;
	}
	if (cmd == L4MM_CMD_BATCH || kind == 1)
		put_batch(m, 0);
	else if (kind <= 5)
		put_cmd_attrs(m, cmd, kind <= 3);
	else if (kind == 6)
		while (rn(4))
			put_junk_attr(m);
	else if (kind == 7)
		put_cmd_attrs(m, cmd, false);
	else if (kind == 8)
		while (room(m, 1000) && rn(64))	/* oversized */
			put_junk_attr(m);
	else
		put_cmd_attrs(m, cmd, rn(2));
	if (rn(6) == 0)
		corrupt_lengths(m);
	finish(m);
	full = m->len;
	if (rn(8) == 0) {
		/* truncated: nlmsg_len may tell the truth or not */
		cut = rn(full + 1);
		if (rn(2) && cut >= NLMSG_HDRLEN)
			((struct nlmsghdr *)m->buf)->nlmsg_len = cut;
		return cut;
	}
	if (rn(16) == 0)
		((struct nlmsghdr *)m->buf)->nlmsg_type = (uint16_t)rnd();
	return full;
}

/* ---------------------------------------------------------------------- */
/* Valid commands, interleaved                                             */

struct stats {
	unsigned long sent, acks, errs, ok, enobufs, reopen, send_errs;
	unsigned long valid, valid_ok, valid_bad, mut_ok;
	unsigned long errno_hist[140];
};

/* Drain replies; returns the error of the last ack seen (or 1 if none). */
static int drain(int *fd, struct msg *r, struct stats *st, bool *any_ok)
{
	int last = 1, rounds = 0;
	struct nlmsghdr *nlh;
	ssize_t n;

	for (;;) {
		n = recv(*fd, r->buf, BUF_SIZE, MSG_DONTWAIT);
		if (n < 0) {
			if (errno == ENOBUFS) {
				st->enobufs++;
				continue;
			}
			break;
		}
		for (nlh = (struct nlmsghdr *)r->buf; NLMSG_OK(nlh, n);
		     nlh = NLMSG_NEXT(nlh, n)) {
			if (nlh->nlmsg_type == NLMSG_ERROR) {
				struct nlmsgerr *e = NLMSG_DATA(nlh);
				int err = -e->error;

				st->acks++;
				last = e->error;
				if (err) {
					st->errs++;
					if (err > 0 && err < 140)
						st->errno_hist[err]++;
				} else if (any_ok) {
					*any_ok = true;
				}
			} else if (nlh->nlmsg_type == NLMSG_DONE) {
				last = 0;
			} else if (any_ok) {
				*any_ok = true;	/* a data reply */
			}
		}
		/* A long dump: abandon it by closing the socket. */
		if (++rounds > 4) {
			close(*fd);
			*fd = nl_open();
			st->reopen++;
			break;
		}
	}
	return last;
}

#define ERRS(e)	(1ULL << (e))

/* The base of an fpage of the given order in the fuzzer's sigma0 pages. */
static uint64_t fuzz_fpage(unsigned int order)
{
	/* sigma0 pages 0x40000..0x5ffff (2^17 bytes) are the fuzzer's */
	return 0x40000 + ((uint64_t)rn(1U << (17 - order)) << order);
}

/* MAP or GRANT with fpages, windows and options; may overlap. */
static uint64_t valid_xfer(struct msg *m, uint8_t cmd, const char *src,
			   const char *dst)
{
	unsigned int so = rn(2) ? 12 : 12 + rn(5), dor = so;
	uint64_t errs = ERRS(ENXIO) | ERRS(EPERM);

	if (rn(3) == 0)
		put_str(m, L4MM_A_SRC_NAME, "sigma0");
	else
		put_str(m, L4MM_A_SRC_NAME, src);
	put_u64(m, L4MM_A_SRC_VADDR, fuzz_fpage(so));
	if (so > 12)
		put_u8(m, L4MM_A_SRC_ORDER, so);
	put_str(m, L4MM_A_NAME, dst);
	if (rn(2)) {
		/* a receive window */
		dor = 12 + rn(5);
		put_u8(m, L4MM_A_ORDER, dor);
		if (rn(2))
			put_u64(m, L4MM_A_SND_BASE, (uint32_t)rnd());
	}
	put_u64(m, L4MM_A_VADDR, fuzz_fpage(dor));
	if (rn(2))
		put_u8(m, L4MM_A_RIGHTS, L4MM_RIGHT_R | rn(4));
	if (rn(4) == 0)
		put_attr(m, L4MM_A_UNCACHED, NULL, 0);
	if (cmd == L4MM_CMD_GRANT && rn(2))
		put_u8(m, L4MM_A_GRANT_MODE, 1 + rn(2));
	/* Regions of several pages in one space may overlap. */
	if (!strcmp(src, dst) && (so > 12 || dor > 12))
		errs |= ERRS(EINVAL);
	return errs;
}

/*
 * A well-formed command on the fuzzer's own spaces (the extensions'
 * attributes included).  Returns the errnos other than those of every
 * command (EEXIST, ENOENT, ENOSPC) that are legal answers to it.
 */
static uint64_t valid_cmd(struct msg *m, int family)
{
	static const uint8_t cmds[] = {
		L4MM_CMD_CREATE, L4MM_CMD_DESTROY, L4MM_CMD_MAP, L4MM_CMD_MAP,
		L4MM_CMD_MAP, L4MM_CMD_GRANT, L4MM_CMD_UNMAP, L4MM_CMD_FLUSH,
		L4MM_CMD_STATUS, L4MM_CMD_ACCESS, L4MM_CMD_ACCESS,
	};
	uint8_t cmd = cmds[rn(sizeof(cmds))];
	unsigned int order = 12 + rn(5);
	uint64_t errs = ERRS(EPERM);
	char dst[8], src[8];

	snprintf(dst, sizeof(dst), "fz%u", rn(8));
	snprintf(src, sizeof(src), "fz%u", rn(8));
	put_hdr(m, family, NLM_F_REQUEST | NLM_F_ACK, cmd, L4MM_GENL_VERSION);
	switch (cmd) {
	case L4MM_CMD_MAP:
	case L4MM_CMD_GRANT:
		errs = valid_xfer(m, cmd, src, dst);
		break;
	case L4MM_CMD_CREATE:
		put_str(m, L4MM_A_NAME, dst);
		errs = 0;
		if (rn(4) == 0)
			put_u64(m, L4MM_A_KIP_VADDR, fuzz_fpage(12));
		if (rn(4) == 0) {
			/* the KIP may fall inside the UTCB area */
			order = 12 + rn(3);
			put_u64(m, L4MM_A_UTCB_VADDR, fuzz_fpage(order));
			put_u8(m, L4MM_A_UTCB_ORDER, order);
			errs = ERRS(EINVAL);
		}
		break;
	case L4MM_CMD_DESTROY:
		put_str(m, L4MM_A_NAME, dst);
		errs = 0;
		break;
	case L4MM_CMD_ACCESS:
		put_str(m, L4MM_A_NAME, dst);
		put_u64(m, L4MM_A_VADDR, 0x40000 + rn(0x20000));
		put_u8(m, L4MM_A_ACCESS, 1U << rn(3));
		errs = ERRS(EFAULT) | ERRS(EACCES);
		break;
	default:
		/* UNMAP, FLUSH, STATUS */
		put_str(m, L4MM_A_NAME, rn(4) ? dst : "sigma0");
		put_u64(m, L4MM_A_VADDR, fuzz_fpage(order));
		put_u8(m, L4MM_A_ORDER, order);
		if (cmd != L4MM_CMD_STATUS && rn(2))
			put_u8(m, L4MM_A_RIGHTS, 1 + rn(7));
		/* STATUS of an fpage with no page mapped reads nothing. */
		if (cmd == L4MM_CMD_STATUS)
			errs |= ERRS(ENXIO);
		break;
	}
	finish(m);
	return errs;
}

/* The errors the model allows a well-formed command in this setting. */
static bool valid_errno_ok(int err, bool priv, uint64_t errs)
{
	if (!priv)
		return err == -EPERM;
	errs |= ERRS(EEXIST) | ERRS(ENOENT) | ERRS(ENOSPC);
	return err == 0 || (err < 0 && err > -64 && (errs & ERRS(-err)));
}

static int run_fuzz(unsigned long count, bool priv, struct stats *st)
{
	struct msg *m = malloc(sizeof(*m)), *r = malloc(sizeof(*r));
	int fd = nl_open(), family, err;
	unsigned long i;
	size_t len;
	bool ok;

	if (!m || !r || fd < 0)
		return -1;
	family = resolve_family(fd);
	if (family < 0) {
		printf("# cannot resolve the family: %s\n", strerror(errno));
		return -1;
	}
	for (i = 0; i < count; i++) {
		uint64_t errs;

		if (fd < 0)
			fd = nl_open();
		if (fd < 0) {
			printf("# socket: %s\n", strerror(errno));
			return -1;
		}
		if (rn(8) == 0) {
			errs = valid_cmd(m, family);
			if (send(fd, m->buf, m->len, 0) < 0) {
				printf("# send of a valid command: %s\n",
				       strerror(errno));
				return -1;
			}
			st->sent++;
			st->valid++;
			ok = false;
			err = drain(&fd, r, st, &ok);
			if (valid_errno_ok(err, priv, errs)) {
				st->valid_ok++;
				continue;
			}
			/* Say which, for the first few. */
			if (st->valid_bad++ < 5)
				printf("# valid command %u answered %d\n",
				       ((struct genlmsghdr *)(m->buf +
							      NLMSG_HDRLEN))->cmd,
				       err);
			continue;
		}
		len = gen(m, family);
		/* Sometimes two messages in one datagram. */
		if (rn(32) == 0 && len == m->len && len < BUF_SIZE / 2) {
			memcpy(r->buf, m->buf, len);
			memcpy(m->buf + len, r->buf, len);
			len *= 2;
		}
		ok = false;
		/* The socket layer may refuse some outright; that is fine. */
		if (send(fd, m->buf, len, 0) < 0)
			st->send_errs++;
		st->sent++;
		drain(&fd, r, st, &ok);
	}
	if (fd >= 0)
		close(fd);
	free(m);
	free(r);
	return 0;
}

/* ---------------------------------------------------------------------- */
/* Checks                                                                  */

static int tap_n;
static int tap_failed;

static void tap(bool ok, const char *fmt, ...)
{
	va_list ap;

	printf("%sok %d - ", ok ? "" : "not ", ++tap_n);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
	if (!ok)
		tap_failed++;
}

/* Occurrences of the bad words in the whole kernel log buffer. */
static long klog_bad(void)
{
	static const char *const bad[] = {
		"WARNING:", "BUG:", "Oops", "state check failed", "Call Trace",
	};
	int size = klogctl(10, NULL, 0);	/* SYSLOG_ACTION_SIZE_BUFFER */
	char *buf, *p;
	long hits = 0;
	unsigned int i;
	int n;

	if (size <= 0)
		return -1;
	buf = calloc(1, size + 1);
	if (!buf)
		return -1;
	n = klogctl(3, buf, size);		/* SYSLOG_ACTION_READ_ALL */
	if (n < 0) {
		free(buf);
		return -1;
	}
	buf[n] = 0;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		for (p = buf; (p = strstr(p, bad[i])); p++)
			hits++;
	free(buf);
	return hits;
}

static long read_long(const char *path)
{
	FILE *f = fopen(path, "r");
	long v = -1;
	char c;

	if (!f)
		return -1;
	if (fscanf(f, "%ld", &v) != 1) {
		/* bool parameters read as Y/N */
		rewind(f);
		if (fscanf(f, " %c", &c) == 1)
			v = c == 'Y';
	}
	fclose(f);
	return v;
}

static int write_str(const char *path, const char *s)
{
	FILE *f = fopen(path, "w");
	int err;

	if (!f)
		return -1;
	err = fputs(s, f) < 0;
	return fclose(f) || err ? -1 : 0;
}

/* One do request; fills *reply with the first data message if any. */
static int request(struct msg *m, struct msg *reply)
{
	int fd = nl_open(), err = 1;
	struct nlmsghdr *nlh;
	bool have = false;
	ssize_t n;

	if (fd < 0)
		return -errno;
	if (send(fd, m->buf, m->len, 0) < 0) {
		close(fd);
		return -errno;
	}
	memset(reply->buf, 0, NLMSG_HDRLEN);
	while (err == 1) {
		n = recv(fd, m->buf, BUF_SIZE, 0);
		if (n < 0)
			break;
		for (nlh = (void *)m->buf; NLMSG_OK(nlh, n);
		     nlh = NLMSG_NEXT(nlh, n)) {
			if (nlh->nlmsg_type == NLMSG_ERROR) {
				err = ((struct nlmsgerr *)NLMSG_DATA(nlh))->error;
			} else if (!have) {
				memcpy(reply->buf, nlh, nlh->nlmsg_len);
				have = true;
			}
		}
	}
	close(fd);
	return err;
}

/* The u64 attribute type in a reply's top level (or nested one level). */
static bool find_u64(struct msg *reply, uint16_t nest, uint16_t type,
		     uint64_t *v)
{
	struct nlmsghdr *nlh = (void *)reply->buf;
	unsigned char *end = reply->buf + nlh->nlmsg_len, *p;
	struct nlattr *a, *b;

	for (p = reply->buf + NLMSG_HDRLEN + GENL_HDRLEN;
	     p + NLA_HDRLEN <= end; p += NLA_ALIGN(a->nla_len)) {
		a = (void *)p;
		if (a->nla_len < NLA_HDRLEN)
			return false;
		if ((a->nla_type & NLA_TYPE_MASK) == type && !nest) {
			memcpy(v, a + 1, 8);
			return true;
		}
		if ((a->nla_type & NLA_TYPE_MASK) != nest || !nest)
			continue;
		for (b = (void *)(a + 1); (unsigned char *)b + NLA_HDRLEN <=
		     p + a->nla_len && b->nla_len >= NLA_HDRLEN;
		     b = (void *)((char *)b + NLA_ALIGN(b->nla_len)))
			if ((b->nla_type & NLA_TYPE_MASK) == type) {
				memcpy(v, b + 1, 8);
				return true;
			}
	}
	return false;
}

static int family_id;

static int do_cmd(uint8_t cmd, const char *src, uint64_t sva,
		  const char *dst, int64_t va, struct msg *reply)
{
	struct msg *m = malloc(sizeof(*m));
	int err;

	if (!m)
		return -ENOMEM;
	put_hdr(m, family_id, NLM_F_REQUEST | NLM_F_ACK, cmd,
		L4MM_GENL_VERSION);
	if (src) {
		put_str(m, L4MM_A_SRC_NAME, src);
		put_u64(m, L4MM_A_SRC_VADDR, sva);
	}
	if (dst)
		put_str(m, L4MM_A_NAME, dst);
	if (va >= 0)
		put_u64(m, L4MM_A_VADDR, va);
	finish(m);
	err = request(m, reply);
	free(m);
	return err;
}

static uint64_t stat_ops(struct msg *reply)
{
	uint64_t v = ~0ULL;

	if (do_cmd(L4MM_CMD_STATS, NULL, 0, NULL, -1, reply) == 0)
		find_u64(reply, L4MM_A_STATS, L4MM_A_STAT_OPS, &v);
	return v;
}

/* Run one mutating command with the checker on; a failure WARNs. */
static int checked_op(struct msg *reply)
{
	int err;

	if (write_str(PARAM, "1"))
		return -1;
	err = do_cmd(L4MM_CMD_CREATE, NULL, 0, "fz_check", -1, reply);
	if (!err)
		err = do_cmd(L4MM_CMD_DESTROY, NULL, 0, "fz_check", -1, reply);
	write_str(PARAM, "0");
	return err;
}

/* Destroy the fuzzer's spaces (they may not exist). */
static void cleanup(struct msg *reply)
{
	char name[8];
	int i;

	for (i = 0; i < 8; i++) {
		snprintf(name, sizeof(name), "fz%d", i);
		do_cmd(L4MM_CMD_DESTROY, NULL, 0, name, -1, reply);
	}
}

/* The basic scenario; 0, or the number of the step that went wrong. */
static int scenario(struct msg *reply)
{
	uint64_t v;
	int err;

	err = do_cmd(L4MM_CMD_CREATE, NULL, 0, "fz0", -1, reply);
	if (err)
		return printf("# create: %d\n", err), 1;
	err = do_cmd(L4MM_CMD_MAP, "sigma0", 0xabc000, "fz0", 0x1000, reply);
	if (err)
		return printf("# map: %d\n", err), 2;
	err = do_cmd(L4MM_CMD_LOOKUP, NULL, 0, "fz0", 0x1000, reply);
	if (err || !find_u64(reply, 0, L4MM_A_PADDR, &v) || v != 0xabc000)
		return printf("# lookup: %d\n", err), 3;
	err = do_cmd(L4MM_CMD_UNMAP, NULL, 0, "sigma0", 0xabc000, reply);
	if (err)
		return printf("# unmap: %d\n", err), 4;
	err = do_cmd(L4MM_CMD_LOOKUP, NULL, 0, "fz0", 0x1000, reply);
	if (err || find_u64(reply, 0, L4MM_A_PADDR, &v))
		return printf("# lookup after unmap: %d\n", err), 5;
	err = do_cmd(L4MM_CMD_DESTROY, NULL, 0, "fz0", -1, reply);
	if (err)
		return printf("# destroy: %d\n", err), 6;
	return 0;
}

static int fresh_netns_scenario(struct msg *reply)
{
	int status;
	pid_t pid = fork();

	if (pid < 0)
		return -1;
	if (pid == 0) {
		if (unshare(CLONE_NEWNET))
			_exit(100);
		_exit(scenario(reply));
	}
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

static void drop_to_nobody(void)
{
	if (setgroups(0, NULL) || setresgid(65534, 65534, 65534) ||
	    setresuid(65534, 65534, 65534))
		_exit(3);
}

enum caller { NOBODY, USERNS_OWNER, ROOT_NETNS };

/*
 * Fuzz in a child: as nobody in the initial netns, as nobody owning a new
 * user+net namespace, or as root in a new netns (so that the initial
 * netns, which later tests use, keeps its sigma0; nobody's fuzzing there
 * must change nothing anyway).  Root ends with one command under the
 * checker (check_after_op=1) on the fuzzed state.  The child's exit
 * status: 0 fine, 1 a valid command got a wrong answer (for nobody:
 * anything but EPERM), 2 the checked command failed, 3 setup failed.
 */
static int child_fuzz(unsigned long count, enum caller who,
		      struct stats *out, struct msg *reply)
{
	bool userns = who == USERNS_OWNER;
	int pipefd[2], status;
	struct stats st = {};
	pid_t pid;

	if (pipe(pipefd))
		return -1;
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		close(pipefd[0]);
		if (who != ROOT_NETNS)
			drop_to_nobody();
		if ((userns && unshare(CLONE_NEWUSER | CLONE_NEWNET)) ||
		    (who == ROOT_NETNS && unshare(CLONE_NEWNET))) {
			printf("# unshare: %s\n", strerror(errno));
			_exit(3);
		}
		rng_state ^= 0x1111 * (who + 1);
		if (run_fuzz(count, who != NOBODY, &st))
			_exit(3);
		if (write(pipefd[1], &st, sizeof(st)) != sizeof(st))
			_exit(3);
		if (st.valid_bad)
			_exit(1);
		_exit(who == ROOT_NETNS && checked_op(reply) ? 2 : 0);
	}
	close(pipefd[1]);
	if (read(pipefd[0], out, sizeof(*out)) != sizeof(*out))
		memset(out, 0, sizeof(*out));
	close(pipefd[0]);
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

static void print_stats(const char *who, const struct stats *st)
{
	int e;

	printf("# %s: %lu messages (%lu refused by send), %lu acks (%lu errors), %lu valid commands (%lu answered as the model allows), %lu dumps abandoned\n",
	       who, st->sent, st->send_errs, st->acks, st->errs, st->valid,
	       st->valid_ok, st->reopen);
	printf("# %s errnos:", who);
	for (e = 1; e < 140; e++)
		if (st->errno_hist[e])
			printf(" %s=%lu", strerrorname_np(e) ?: "?",
			       st->errno_hist[e]);
	printf("\n");
}

int main(int argc, char **argv)
{
	unsigned long count = 100000, per, total;
	struct stats root = {}, nobody = {}, userns = {};
	struct msg *reply = malloc(sizeof(struct msg));
	long bad0, bad1, taint0, taint1;
	uint64_t ops0, ops1;
	const char *env = getenv("L4MM_FUZZ_COUNT");
	int fd, rc_nobody, rc_userns, rc_root, step;

	/* Line-buffered: children print too, and exit with _exit(). */
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (env)
		count = strtoul(env, NULL, 0);
	if (argc > 1)
		count = strtoul(argv[1], NULL, 0);
	rng_state = argc > 2 ? strtoull(argv[2], NULL, 0) : 0x6c346d6d;
	if (!rng_state)
		rng_state = 1;
	printf("TAP version 13\n1..9\n");
	printf("# l4mm_fuzz: %lu messages, seed %#llx\n", count,
	       (unsigned long long)rng_state);
	fd = nl_open();
	family_id = fd < 0 ? -1 : resolve_family(fd);
	if (fd >= 0)
		close(fd);
	if (!reply || family_id < 0) {
		printf("Bail out! family %s not found\n", L4MM_GENL_NAME);
		return 1;
	}
	bad0 = klog_bad();
	taint0 = read_long("/proc/sys/kernel/tainted");

	/* Half as root, a quarter each for the two unprivileged ones. */
	per = count / 4;
	ops0 = stat_ops(reply);
	rc_nobody = child_fuzz(per, NOBODY, &nobody, reply);
	ops1 = stat_ops(reply);
	tap(rc_nobody == 0 && nobody.valid_bad == 0 && ops0 == ops1 &&
	    ops0 != ~0ULL,
	    "nobody: %lu messages, every mutating command refused (EPERM), ops %llu -> %llu",
	    nobody.sent, (unsigned long long)ops0, (unsigned long long)ops1);
	rc_userns = child_fuzz(per, USERNS_OWNER, &userns, reply);
	ops0 = stat_ops(reply);
	tap(rc_userns == 0 && userns.valid_bad == 0 && ops0 == ops1,
	    "userns owner: %lu messages in its own netns, valid commands answered as the model allows, initial netns untouched",
	    userns.sent);
	rc_root = child_fuzz(count - 2 * per, ROOT_NETNS, &root, reply);
	tap(rc_root != 1 && rc_root != 3 && root.sent == count - 2 * per &&
	    root.valid_bad == 0,
	    "root in its own netns: %lu of %lu messages sent, %lu valid commands answered as the model allows",
	    root.sent, count - 2 * per, root.valid_ok);
	print_stats("root", &root);
	print_stats("nobody", &nobody);
	print_stats("userns", &userns);
	total = root.sent + nobody.sent + userns.sent;
	tap(total >= count, "fuzz: %lu messages in total", total);

	tap(rc_root == 0,
	    "root's fuzzed netns: a command with check_after_op=1 succeeds (the checker ran on the fuzzed state)");
	/* Valid requests still work: the paper's basic scenario. */
	cleanup(reply);
	/*
	 * In a fresh netns: the fuzzing may well have destroyed sigma0 of
	 * the initial one, which is legitimate.
	 */
	step = fresh_netns_scenario(reply);
	tap(step == 0,
	    "valid commands still work after fuzzing, in a fresh netns (create, map, lookup, unmap, destroy)");
	if (step)
		printf("# scenario step %d failed\n", step);
	cleanup(reply);
	ops1 = stat_ops(reply);
	tap(ops1 != ~0ULL, "stats still answers (ops %llu)",
	    (unsigned long long)ops1);
	bad1 = klog_bad();
	tap(bad0 >= 0 && bad1 == bad0,
	    "kernel log: no new WARNING/BUG/Oops/state check failure (%ld -> %ld)",
	    bad0, bad1);
	taint1 = read_long("/proc/sys/kernel/tainted");
	tap(taint1 == taint0, "taint unchanged (%ld -> %ld)", taint0, taint1);
	free(reply);
	printf("# l4mm_fuzz: %lu messages fuzzed\n", total);
	printf("# Totals: pass:%d fail:%d xfail:0 xpass:0 skip:0 error:0\n",
	       tap_n - tap_failed, tap_failed);
	return tap_failed ? 1 : 0;
}
