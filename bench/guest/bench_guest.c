// SPDX-License-Identifier: GPL-2.0
/*
 * bench_guest: the guest half of make bench (static, runs in the qemu
 * guest with l4mm loaded).  Each mode prints one JSON object on stdout.
 *
 *   kbench PAGES   L4MM_CMD_BENCH: the core workload timed in the kernel
 *   netlink N      MAP then FLUSH of N pages, one request per operation,
 *                  then the same in BATCH requests of up to 1024
 *   cli N          the same through the l4mm tool: one process per
 *                  operation vs one "l4mm -b FILE" for all of them
 *   linux N        Linux's own mm: per-page mmap(MAP_FIXED|MAP_POPULATE)
 *                  + munmap, mprotect, one page shared by N processes
 *   rounds N R     R rounds of: l4mm batched map+flush of N pages, Linux
 *                  mmap+munmap of N pages (interleaved, for the ratio)
 *   share N        l4mm: one page mapped into N spaces (batched), then
 *                  unmapped from sigma0 in one operation
 *
 * Under TCG absolute times mean little; l4mm and Linux are measured in
 * the same guest and run, for ratios.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/netlink.h>

#include <linux/l4mm.h>
#include <linux/netlink.h>

#define BATCH_CMDS	1024
#define PAGE		4096UL

static struct nl_sock *sk;
static int family;
/* Build BATCH requests but free them unsent: the userspace share. */
static bool dry;

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

static void die(const char *what, int err)
{
	fprintf(stderr, "bench_guest: %s: %s\n", what, strerror(err));
	exit(1);
}

static void nl_open(void)
{
	int one = 1;

	sk = nl_socket_alloc();
	if (!sk || genl_connect(sk))
		die("netlink socket", ENOMEM);
	nl_socket_set_buffer_size(sk, 1 << 20, 1 << 20);
	/* Size the receive buffer to each message; acks without the echo. */
	nl_socket_enable_msg_peek(sk);
	setsockopt(nl_socket_get_fd(sk), SOL_NETLINK, NETLINK_CAP_ACK, &one,
		   sizeof(one));
	family = genl_ctrl_resolve(sk, L4MM_GENL_NAME);
	if (family < 0)
		die("resolve l4mm (module not loaded?)", EOPNOTSUPP);
}

static struct nl_msg *msg_new(uint8_t cmd)
{
	struct nl_msg *m = nlmsg_alloc_size(128 * 1024);

	if (!m || !genlmsg_put(m, NL_AUTO_PORT, NL_AUTO_SEQ, family, 0,
			       NLM_F_REQUEST | NLM_F_ACK, cmd,
			       L4MM_GENL_VERSION))
		die("nlmsg_alloc", ENOMEM);
	return m;
}

static int ack_handler(struct nl_msg *m __attribute__((unused)), void *arg)
{
	*(bool *)arg = true;
	return NL_STOP;
}

/*
 * Send, run cb on the reply (may be NULL), read until the ack: a reply
 * and its ack are two datagrams, and one nl_recvmsgs() may stop after
 * the first, which would leave the ack for the next request.
 */
static void transact(struct nl_msg *m, nl_recvmsg_msg_cb_t cb, void *arg)
{
	bool acked = false;
	int err;

	nl_socket_modify_cb(sk, NL_CB_VALID, cb ? NL_CB_CUSTOM : NL_CB_DEFAULT,
			    cb, arg);
	nl_socket_modify_cb(sk, NL_CB_ACK, NL_CB_CUSTOM, ack_handler, &acked);
	err = nl_send_auto(sk, m);
	nlmsg_free(m);
	if (err < 0)
		die("nl_send", -nl_syserr2nlerr(err));
	while (!acked) {
		err = nl_recvmsgs_default(sk);
		if (err < 0) {
			fprintf(stderr, "bench_guest: request failed: %s\n",
				nl_geterror(err));
			exit(1);
		}
	}
}

static void put_page(struct nl_msg *m, int name_attr, const char *name,
		     int va_attr, uint64_t va)
{
	if (nla_put_string(m, name_attr, name) || nla_put_u64(m, va_attr, va))
		die("nla_put", EMSGSIZE);
}

static void simple(uint8_t cmd, const char *name)
{
	struct nl_msg *m = msg_new(cmd);

	nla_put_string(m, L4MM_A_NAME, name);
	transact(m, NULL, NULL);
}

static void one_map(const char *src, uint64_t sva, const char *dst,
		    uint64_t dva)
{
	struct nl_msg *m = msg_new(L4MM_CMD_MAP);

	put_page(m, L4MM_A_SRC_NAME, src, L4MM_A_SRC_VADDR, sva);
	put_page(m, L4MM_A_NAME, dst, L4MM_A_VADDR, dva);
	transact(m, NULL, NULL);
}

static void one_page(uint8_t cmd, const char *name, uint64_t va)
{
	struct nl_msg *m = msg_new(cmd);

	put_page(m, L4MM_A_NAME, name, L4MM_A_VADDR, va);
	transact(m, NULL, NULL);
}

/* A BATCH under construction. */
struct batch {
	struct nl_msg *m;
	struct nlattr *outer;
	unsigned int n;
};

static int batch_reply(struct nl_msg *m, void *arg)
{
	struct nlattr *tb[L4MM_A_MAX + 1];
	unsigned int *done = arg;

	if (genlmsg_parse(nlmsg_hdr(m), 0, tb, L4MM_A_MAX, NULL))
		return NL_SKIP;
	if (tb[L4MM_A_BATCH_DONE])
		*done = nla_get_u32(tb[L4MM_A_BATCH_DONE]);
	return NL_OK;
}

static void batch_send(struct batch *b)
{
	unsigned int done = 0, n = b->n;

	if (!b->m)
		return;
	nla_nest_end(b->m, b->outer);
	if (dry) {
		nlmsg_free(b->m);
		done = n;
	} else {
		transact(b->m, batch_reply, &done);
	}
	if (done != n) {
		fprintf(stderr, "bench_guest: batch did %u of %u\n", done, n);
		exit(1);
	}
	b->m = NULL;
	b->n = 0;
}

static struct nl_msg *batch_add(struct batch *b, uint8_t cmd,
				struct nlattr **entry)
{
	if (!b->m) {
		b->m = msg_new(L4MM_CMD_BATCH);
		b->outer = nla_nest_start(b->m, L4MM_A_BATCH | NLA_F_NESTED);
	}
	*entry = nla_nest_start(b->m, L4MM_A_BATCH_CMD | NLA_F_NESTED);
	if (!*entry || nla_put_u8(b->m, L4MM_A_CMD, cmd))
		die("batch", EMSGSIZE);
	return b->m;
}

static void batch_done_one(struct batch *b, struct nlattr *entry)
{
	nla_nest_end(b->m, entry);
	if (++b->n == BATCH_CMDS)
		batch_send(b);
}

static void batch_map(struct batch *b, const char *src, uint64_t sva,
		      const char *dst, uint64_t dva)
{
	struct nlattr *e;
	struct nl_msg *m = batch_add(b, L4MM_CMD_MAP, &e);

	put_page(m, L4MM_A_SRC_NAME, src, L4MM_A_SRC_VADDR, sva);
	put_page(m, L4MM_A_NAME, dst, L4MM_A_VADDR, dva);
	batch_done_one(b, e);
}

static void batch_page(struct batch *b, uint8_t cmd, const char *name,
		       uint64_t va)
{
	struct nlattr *e;
	struct nl_msg *m = batch_add(b, cmd, &e);

	put_page(m, L4MM_A_NAME, name, L4MM_A_VADDR, va);
	batch_done_one(b, e);
}

struct kbench_out {
	bool first;
};

static int kbench_reply(struct nl_msg *m, void *arg)
{
	struct nlattr *tb[L4MM_A_MAX + 1], *nb[L4MM_A_BENCH_MAX + 1];
	struct nlattr *ob[L4MM_A_BENCH_OP_MAX + 1], *op;
	struct kbench_out *o = arg;
	int rem;

	if (genlmsg_parse(nlmsg_hdr(m), 0, tb, L4MM_A_MAX, NULL) ||
	    !tb[L4MM_A_BENCH] ||
	    nla_parse_nested(nb, L4MM_A_BENCH_MAX, tb[L4MM_A_BENCH], NULL))
		die("BENCH reply", EBADMSG);
	printf("{\"pages\":%u,\"ops\":{",
	       nb[L4MM_A_BENCH_PAGES] ? nla_get_u32(nb[L4MM_A_BENCH_PAGES]) : 0);
	nla_for_each_nested(op, tb[L4MM_A_BENCH], rem) {
		if (nla_type(op) != L4MM_A_BENCH_OP)
			continue;
		if (nla_parse_nested(ob, L4MM_A_BENCH_OP_MAX, op, NULL) ||
		    !ob[L4MM_A_BENCH_OP_NAME] || !ob[L4MM_A_BENCH_OP_COUNT] ||
		    !ob[L4MM_A_BENCH_OP_MEDIAN_PS] || !ob[L4MM_A_BENCH_OP_P99_PS] ||
		    !ob[L4MM_A_BENCH_OP_TOTAL_NS] || !ob[L4MM_A_BENCH_OP_REMOVED])
			die("BENCH op", EBADMSG);
		printf("%s\"%s\":{\"median_ns\":%.2f,\"p99_ns\":%.2f,"
		       "\"mean_ns\":%.2f,\"ops\":%llu,\"removed\":%llu}",
		       o->first ? "" : ",",
		       nla_get_string(ob[L4MM_A_BENCH_OP_NAME]),
		       nla_get_u64(ob[L4MM_A_BENCH_OP_MEDIAN_PS]) / 1000.0,
		       nla_get_u64(ob[L4MM_A_BENCH_OP_P99_PS]) / 1000.0,
		       (double)nla_get_u64(ob[L4MM_A_BENCH_OP_TOTAL_NS]) /
		       nla_get_u64(ob[L4MM_A_BENCH_OP_COUNT]),
		       (unsigned long long)nla_get_u64(ob[L4MM_A_BENCH_OP_COUNT]),
		       (unsigned long long)nla_get_u64(ob[L4MM_A_BENCH_OP_REMOVED]));
		o->first = false;
	}
	printf("}}\n");
	return NL_OK;
}

static int mode_kbench(unsigned int pages)
{
	struct kbench_out o = { .first = true };
	struct nl_msg *m = msg_new(L4MM_CMD_BENCH);
	struct nlattr *n = nla_nest_start(m, L4MM_A_BENCH | NLA_F_NESTED);

	nla_put_u32(m, L4MM_A_BENCH_PAGES, pages);
	nla_nest_end(m, n);
	transact(m, kbench_reply, &o);
	return 0;
}

static double per_op(uint64_t t0, uint64_t t1, unsigned int n)
{
	return (double)(t1 - t0) / n;
}

/* N maps sigma0,i -> A,i then N flushes A,i: single vs batched. */
static int mode_netlink(unsigned int n)
{
	double s_map, s_flush, s_lookup, b_map, b_flush;
	struct batch b = { };
	uint64_t t0, t1;
	unsigned int i;

	simple(L4MM_CMD_CREATE, "bnA");
	t0 = now_ns();
	for (i = 0; i < n; i++)
		one_map("sigma0", i * PAGE, "bnA", i * PAGE);
	t1 = now_ns();
	s_map = per_op(t0, t1, n);
	t0 = now_ns();
	for (i = 0; i < n; i++)
		one_page(L4MM_CMD_LOOKUP, "bnA", i * PAGE);
	t1 = now_ns();
	s_lookup = per_op(t0, t1, n);
	t0 = now_ns();
	for (i = 0; i < n; i++)
		one_page(L4MM_CMD_FLUSH, "bnA", i * PAGE);
	t1 = now_ns();
	s_flush = per_op(t0, t1, n);

	t0 = now_ns();
	for (i = 0; i < n; i++)
		batch_map(&b, "sigma0", i * PAGE, "bnA", i * PAGE);
	batch_send(&b);
	t1 = now_ns();
	b_map = per_op(t0, t1, n);
	t0 = now_ns();
	for (i = 0; i < n; i++)
		batch_page(&b, L4MM_CMD_FLUSH, "bnA", i * PAGE);
	batch_send(&b);
	t1 = now_ns();
	b_flush = per_op(t0, t1, n);
	simple(L4MM_CMD_DESTROY, "bnA");

	printf("{\"n\":%u,\"batch_cmds\":%u,"
	       "\"single\":{\"map_ns\":%.0f,\"flush_ns\":%.0f,\"lookup_ns\":%.0f,"
	       "\"map_flush_ops_per_s\":%.0f},"
	       "\"batched\":{\"map_ns\":%.0f,\"flush_ns\":%.0f,"
	       "\"map_flush_ops_per_s\":%.0f}}\n",
	       n, BATCH_CMDS, s_map, s_flush, s_lookup,
	       2e9 / (s_map + s_flush), b_map, b_flush,
	       2e9 / (b_map + b_flush));
	return 0;
}

/* Batched map then flush of n pages of sigma0 into space; ns per page. */
static double l4mm_map_flush(const char *space, unsigned int n)
{
	struct batch b = { };
	uint64_t t0 = now_ns();
	unsigned int i;

	for (i = 0; i < n; i++)
		batch_map(&b, "sigma0", i * PAGE, space, i * PAGE);
	batch_send(&b);
	for (i = 0; i < n; i++)
		batch_page(&b, L4MM_CMD_FLUSH, space, i * PAGE);
	batch_send(&b);
	return per_op(t0, now_ns(), n);
}

/* Per-page mmap(MAP_FIXED|MAP_POPULATE) + munmap of n pages; ns per page. */
static double linux_map_unmap(unsigned int n)
{
	char *base = mmap(NULL, n * PAGE, PROT_NONE,
			  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	unsigned int i;
	uint64_t t0;

	if (base == MAP_FAILED)
		die("mmap", errno);
	munmap(base, n * PAGE);
	t0 = now_ns();
	for (i = 0; i < n; i++) {
		void *a = mmap(base + i * PAGE, PAGE, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED |
			       MAP_POPULATE, -1, 0);

		if (a == MAP_FAILED)
			die("mmap", errno);
		munmap(a, PAGE);
	}
	return per_op(t0, now_ns(), n);
}

/*
 * rounds N R: R rounds of (l4mm batched map+flush of N pages, Linux
 * mmap+munmap of N pages, the l4mm requests built but not sent), so that
 * both sides see the same load on a shared host; the ratio is taken per
 * round and the report uses the median.
 */
static int mode_rounds(unsigned int n, unsigned int rounds)
{
	unsigned int r;

	simple(L4MM_CMD_CREATE, "brA");
	printf("{\"n\":%u,\"rounds\":[", n);
	for (r = 0; r < rounds; r++) {
		double l4 = l4mm_map_flush("brA", n), lx = linux_map_unmap(n);
		double build;

		dry = true;
		build = l4mm_map_flush("brA", n);
		dry = false;
		printf("%s{\"l4mm_map_flush_ns\":%.0f,\"l4mm_build_ns\":%.0f,"
		       "\"linux_mmap_munmap_ns\":%.0f,\"ratio\":%.4f}",
		       r ? "," : "", l4, build, lx, l4 / lx);
	}
	printf("]}\n");
	simple(L4MM_CMD_DESTROY, "brA");
	return 0;
}

/* Run argv, fail on a non-zero exit. */
static void run(char *const argv[])
{
	int status;
	pid_t pid = fork();

	if (pid < 0)
		die("fork", errno);
	if (!pid) {
		execv(argv[0], argv);
		_exit(127);
	}
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) ||
	    WEXITSTATUS(status)) {
		fprintf(stderr, "bench_guest: %s %s failed\n", argv[0], argv[1]);
		exit(1);
	}
}

static int mode_cli(unsigned int n, unsigned int nbatch)
{
	char va[32], *argv[8];
	uint64_t t0, t1;
	double single, batched;
	unsigned int i;
	FILE *f;

	simple(L4MM_CMD_CREATE, "bcA");
	t0 = now_ns();
	for (i = 0; i < n; i++) {
		snprintf(va, sizeof(va), "%#lx", i * PAGE);
		argv[0] = "/bin/l4mm";
		argv[1] = "map";
		argv[2] = "sigma0";
		argv[3] = va;
		argv[4] = "bcA";
		argv[5] = va;
		argv[6] = NULL;
		run(argv);
		argv[1] = "flush";
		argv[2] = "bcA";
		argv[4] = NULL;
		run(argv);
	}
	t1 = now_ns();
	single = per_op(t0, t1, 2 * n);

	f = fopen("/tmp/bench.batch", "w");
	if (!f)
		die("/tmp/bench.batch", errno);
	for (i = 0; i < nbatch; i++)
		fprintf(f, "map sigma0 %#lx bcA %#lx\nflush bcA %#lx\n",
			i * PAGE, i * PAGE, i * PAGE);
	fclose(f);
	argv[0] = "/bin/l4mm";
	argv[1] = "-b";
	argv[2] = "/tmp/bench.batch";
	argv[3] = NULL;
	t0 = now_ns();
	run(argv);
	t1 = now_ns();
	batched = per_op(t0, t1, 2 * nbatch);
	simple(L4MM_CMD_DESTROY, "bcA");
	printf("{\"single_ops\":%u,\"batched_ops\":%u,\"single_ns\":%.0f,"
	       "\"batched_ns\":%.0f,\"single_ops_per_s\":%.1f,"
	       "\"batched_ops_per_s\":%.1f}\n", 2 * n, 2 * nbatch, single,
	       batched, 1e9 / single, 1e9 / batched);
	return 0;
}

/* Per process: map the shared page with MAP_POPULATE, then unmap it. */
static double share_linux(unsigned int procs)
{
	int fd = memfd_create("bench", 0), p[2];
	uint64_t total = 0, t;
	unsigned int i;

	if (fd < 0 || ftruncate(fd, PAGE) || pipe(p))
		die("memfd", errno);
	for (i = 0; i < procs; i++) {
		if (!fork()) {
			uint64_t t0 = now_ns();
			void *a = mmap(NULL, PAGE, PROT_READ | PROT_WRITE,
				       MAP_SHARED | MAP_POPULATE, fd, 0);

			if (a == MAP_FAILED)
				_exit(1);
			munmap(a, PAGE);
			t0 = now_ns() - t0;
			if (write(p[1], &t0, sizeof(t0)) != sizeof(t0))
				_exit(1);
			_exit(0);
		}
	}
	for (i = 0; i < procs; i++) {
		if (read(p[0], &t, sizeof(t)) != sizeof(t))
			die("pipe", EIO);
		total += t;
	}
	while (wait(NULL) > 0)
		;
	close(fd);
	close(p[0]);
	close(p[1]);
	return (double)total / procs;
}

static int mode_linux(unsigned int n, unsigned int procs)
{
	char *base = mmap(NULL, n * PAGE, PROT_NONE,
			  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	double mapunmap, mprot;
	uint64_t t0, t1;
	unsigned int i;

	if (base == MAP_FAILED)
		die("mmap", errno);
	munmap(base, n * PAGE);
	t0 = now_ns();
	for (i = 0; i < n; i++) {
		void *a = mmap(base + i * PAGE, PAGE, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED |
			       MAP_POPULATE, -1, 0);

		if (a == MAP_FAILED)
			die("mmap", errno);
		munmap(a, PAGE);
	}
	t1 = now_ns();
	mapunmap = per_op(t0, t1, n);

	base = mmap(base, n * PAGE, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | MAP_POPULATE,
		    -1, 0);
	if (base == MAP_FAILED)
		die("mmap", errno);
	t0 = now_ns();
	for (i = 0; i < n; i++)
		if (mprotect(base + i * PAGE, PAGE,
			     i & 1 ? PROT_READ : PROT_READ | PROT_WRITE))
			die("mprotect", errno);
	t1 = now_ns();
	mprot = per_op(t0, t1, n);
	munmap(base, n * PAGE);

	printf("{\"n\":%u,\"mmap_populate_munmap_ns\":%.0f,"
	       "\"mprotect_ns\":%.0f,\"share_procs\":%u,"
	       "\"share_per_process_ns\":%.0f}\n", n, mapunmap, mprot, procs,
	       share_linux(procs));
	return 0;
}

/* One sigma0 page into n spaces (batched), then one unmap removes them. */
static int mode_share(unsigned int n)
{
	struct batch b = { };
	uint64_t t0, t1, t2;
	unsigned int i;
	char name[16];

	for (i = 0; i < n; i++) {
		snprintf(name, sizeof(name), "bs%u", i);
		simple(L4MM_CMD_CREATE, name);
	}
	t0 = now_ns();
	for (i = 0; i < n; i++) {
		snprintf(name, sizeof(name), "bs%u", i);
		batch_map(&b, "sigma0", 0, name, 0);
	}
	batch_send(&b);
	t1 = now_ns();
	one_page(L4MM_CMD_UNMAP, "sigma0", 0);
	t2 = now_ns();
	for (i = 0; i < n; i++) {
		snprintf(name, sizeof(name), "bs%u", i);
		simple(L4MM_CMD_DESTROY, name);
	}
	printf("{\"spaces\":%u,\"map_per_space_ns\":%.0f,"
	       "\"unmap_all_ns\":%llu,\"per_space_ns\":%.0f}\n", n,
	       per_op(t0, t1, n), (unsigned long long)(t2 - t1),
	       per_op(t0, t2, n));
	return 0;
}

int main(int argc, char **argv)
{
	unsigned int n = argc > 2 ? strtoul(argv[2], NULL, 0) : 1024;

	if (argc < 2)
		goto usage;
	if (!strcmp(argv[1], "linux"))
		return mode_linux(n, argc > 3 ? strtoul(argv[3], NULL, 0) : 32);
	nl_open();
	if (!strcmp(argv[1], "kbench"))
		return mode_kbench(n);
	if (!strcmp(argv[1], "netlink"))
		return mode_netlink(n);
	if (!strcmp(argv[1], "cli"))
		return mode_cli(n, argc > 3 ? strtoul(argv[3], NULL, 0) : n);
	if (!strcmp(argv[1], "rounds"))
		return mode_rounds(n, argc > 3 ? strtoul(argv[3], NULL, 0) : 7);
	if (!strcmp(argv[1], "share"))
		return mode_share(n);
usage:
	fprintf(stderr, "usage: bench_guest kbench|netlink|cli|linux|share N\n");
	return 2;
}
