// SPDX-License-Identifier: GPL-2.0
/*
 * Differential test of the module, through the CLI, against the reference
 * model: the guest half of the differential testing (diff_core.c is the
 * host half).
 *
 *   l4mm_diff [-n OPS] [-l LEN] [-s SEED] [-p SIGMA0_PAGES] [-k KO] [-c CLI]
 *
 * Each sequence of LEN ops starts from a freshly loaded module
 * (insmod KO sigma0_pages=SIGMA0_PAGES check_after_op=1, so the module's
 * own checker also runs after every op and WARNs on a violation) and runs
 * as one l4mm -force -b script in which every op is followed by
 * "dump --abstract" and "check".  The script's stdout must be, op by op,
 * the model's lookup answer, its abstract export and "ok: ..." from the
 * live checker; the "Command failed" lines on stderr must be exactly the
 * ops the model fails.  Batch mode keeps TCG cost down: one process and
 * one netlink socket per sequence.  On a divergence the sequence is shrunk
 * (every try reloads the module) and printed as an l4mm -b script.
 *
 * Output: TAP ("ok 1 - ...") and "l4mm_diff: N ops, R ops/s".
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ops.h"
#include "shrink.h"

static const char *ko = "/lib/modules/l4mm.ko";
static const char *cli = "l4mm";
static char dir[64];

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Grows a string; aborts on ENOMEM (a test tool). */
struct text {
	char *s;
	size_t len, cap;
};

static void put(struct text *t, const char *s)
{
	size_t n = strlen(s);

	while (t->len + n + 1 > t->cap) {
		t->cap = t->cap ? 2 * t->cap : 4096;
		t->s = realloc(t->s, t->cap);
		if (!t->s)
			abort();
	}
	memcpy(t->s + t->len, s, n + 1);
	t->len += n;
}

static char *slurp(const char *path)
{
	struct text t = { 0 };
	char buf[4096];
	size_t n;
	FILE *f = fopen(path, "r");

	put(&t, "");
	if (!f)
		return t.s;
	while ((n = fread(buf, 1, sizeof(buf) - 1, f)) > 0) {
		buf[n] = '\0';
		put(&t, buf);
	}
	fclose(f);
	return t.s;
}

/* What the model says the script prints for op i (stdout). */
static void expect_op(struct model *m, const struct op *op, struct text *out,
		      int *failed)
{
	struct model_lookup lk;
	char line[160], *exp;
	size_t spaces = 0, maps = 0;
	int i, err;

	err = op_apply_model(m, op, &lk);
	*failed = err != 0;
	if (op->kind == OP_LOOKUP && !err) {
		snprintf(line, sizeof(line), "0x%x\n", lk.r << 12);
		put(out, line);
	} else if (op->kind == OP_LOOKUP) {
		/* An unmapped page prints "unmapped"; a missing space, nothing. */
		for (i = 0; i < MODEL_SPACES; i++)
			if (m->spaces[i].used &&
			    !strcmp(m->spaces[i].name, op_names[op->n]))
				put(out, "unmapped\n");
	}
	exp = model_export(m);
	put(out, exp);
	free(exp);
	for (i = 0; i < MODEL_SPACES; i++) {
		if (!m->spaces[i].used)
			continue;
		spaces++;
		maps += m->spaces[i].len;
	}
	snprintf(line, sizeof(line), "ok: %zu spaces, %zu mappings checked\n",
		 spaces, maps);
	put(out, line);
}

static int reload(unsigned int pages)
{
	char cmd[256];

	snprintf(cmd, sizeof(cmd),
		 "rmmod l4mm 2>/dev/null; insmod %s sigma0_pages=%u check_after_op=1",
		 ko, pages);
	return system(cmd);
}

/* Leave the module loaded with its defaults for the tests after us. */
static void restore(void)
{
	char cmd[256];

	snprintf(cmd, sizeof(cmd), "rmmod l4mm; insmod %s", ko);
	if (system(cmd))
		fprintf(stderr, "l4mm_diff: cannot reload %s\n", ko);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	if (system(cmd))
		fprintf(stderr, "l4mm_diff: cannot remove %s\n", dir);
}

/* First line where a and b differ (1-based), 0 if equal. */
static size_t diff_line(const char *a, const char *b)
{
	size_t line = 1;

	for (; *a && *a == *b; a++, b++)
		line += *a == '\n';
	return *a == *b ? 0 : line;
}

/* Index of the op whose output block holds output line @at (1-based). */
static long op_of_line(const char *want, size_t at, size_t n)
{
	size_t i, line = 0;
	const char *p = want;

	for (i = 0; i < n; i++) {
		/* A block ends with its "ok: " line. */
		for (;;) {
			line++;
			if (!strncmp(p, "ok: ", 4) || !*p)
				break;
			p = strchr(p, '\n');
			p = p ? p + 1 : "";
		}
		p = strchr(p, '\n');
		p = p ? p + 1 : "";
		if (line >= at)
			return i;
	}
	return n ? (long)n - 1 : 0;
}

/* The "Command failed FILE:LINE" lines of a stderr capture. */
static char *failures(const char *err)
{
	struct text t = { 0 };
	const char *p = err, *e;
	char line[256];

	put(&t, "");
	for (; *p; p = *e ? e + 1 : e) {
		e = strchr(p, '\n');
		if (!e)
			e = p + strlen(p);
		if (!strncmp(p, "Command failed ", 15) && e - p < 255) {
			snprintf(line, sizeof(line), "%.*s\n", (int)(e - p), p);
			put(&t, line);
		}
	}
	return t.s;
}

static long run_cli(const struct op *ops, size_t n, unsigned int pages,
		    char *why, size_t len)
{
	struct text want = { 0 }, wantfail = { 0 };
	char script[96], out[96], err[96], cmd[512], line[160];
	char *got = NULL, *gerr = NULL, *gotfail = NULL;
	struct model m;
	long bad = -1;
	size_t i, at;
	int failed;
	FILE *f;

	snprintf(script, sizeof(script), "%s/ops", dir);
	snprintf(out, sizeof(out), "%s/out", dir);
	snprintf(err, sizeof(err), "%s/err", dir);
	f = fopen(script, "w");
	if (!f) {
		snprintf(why, len, "cannot write %s", script);
		return 0;
	}
	model_init(&m, pages);
	put(&want, "");
	put(&wantfail, "");
	for (i = 0; i < n; i++) {
		op_format(&ops[i], line, sizeof(line));
		fprintf(f, "%s\ndump --abstract\ncheck\n", line);
		expect_op(&m, &ops[i], &want, &failed);
		if (failed) {
			snprintf(line, sizeof(line), "Command failed %s:%zu\n",
				 script, 3 * i + 1);
			put(&wantfail, line);
		}
	}
	fclose(f);
	model_free(&m);
	snprintf(cmd, sizeof(cmd), "%s -force -b %s >%s 2>%s", cli, script,
		 out, err);
	if (reload(pages) || system(cmd) < 0) {
		snprintf(why, len, "cannot reload the module or run %s", cli);
		bad = 0;
		goto out;
	}
	got = slurp(out);
	gerr = slurp(err);
	gotfail = failures(gerr);
	at = diff_line(want.s, got);
	if (at) {
		bad = op_of_line(want.s, at, n);
		snprintf(why, len,
			 "output line %zu (op %ld) differs from the model's",
			 at, bad + 1);
		goto out;
	}
	at = diff_line(wantfail.s, gotfail);
	if (at) {
		/* Both lists are sorted by script line: the first difference
		 * names the first op whose success or failure differs.
		 */
		const char *a = wantfail.s, *b = gotfail;
		unsigned long la = ~0UL, lb = ~0UL;

		for (i = 1; i < at; i++) {
			a = strchr(a, '\n') + 1;
			b = strchr(b, '\n') + 1;
		}
		sscanf(a, "Command failed %*[^:]:%lu", &la);
		sscanf(b, "Command failed %*[^:]:%lu", &lb);
		bad = ((la < lb ? la : lb) - 1) / 3;
		if (bad >= (long)n)
			bad = n - 1;
		snprintf(why, len, "op %ld: the model %s, the CLI %s", bad + 1,
			 la <= lb ? "fails" : "succeeds",
			 la <= lb ? "succeeds" : "fails");
	}
out:
	free(want.s);
	free(wantfail.s);
	free(got);
	free(gerr);
	free(gotfail);
	return bad;
}

int main(int argc, char **argv)
{
	unsigned long long total = 5000, seed = 1, done = 0;
	unsigned int len = 250, pages = 16;
	struct op *ops;
	char why[512];
	double t0;
	long bad;
	int opt;

	while ((opt = getopt(argc, argv, "n:l:s:p:k:c:")) != -1) {
		switch (opt) {
		case 'n':
			total = strtoull(optarg, NULL, 0);
			break;
		case 'l':
			len = strtoul(optarg, NULL, 0);
			break;
		case 's':
			seed = strtoull(optarg, NULL, 0);
			break;
		case 'p':
			pages = strtoul(optarg, NULL, 0);
			break;
		case 'k':
			ko = optarg;
			break;
		case 'c':
			cli = optarg;
			break;
		default:
			fprintf(stderr, "usage: %s [-n OPS] [-l LEN] [-s SEED] [-p SIGMA0_PAGES] [-k KO] [-c CLI]\n",
				argv[0]);
			return 2;
		}
	}
	snprintf(dir, sizeof(dir), "%s/l4mm_diff.XXXXXX",
		 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 2;
	}
	if (!len)
		len = 1;
	ops = calloc(len, sizeof(*ops));
	if (!ops)
		return 2;
	/* L4MM_DIFF_OPS overrides -n: make soak-style runs in the guest. */
	if (getenv("L4MM_DIFF_OPS"))
		total = strtoull(getenv("L4MM_DIFF_OPS"), NULL, 0);
	printf("TAP version 13\n1..1\n");
	fflush(stdout);
	t0 = now();
	for (; done < total; seed++) {
		if (len > total - done)
			len = total - done;
		gen_sequence(ops, len, seed, pages);
		bad = run_cli(ops, len, pages, why, sizeof(why));
		if (bad >= 0) {
			printf("# sequence seed %llu diverges: %s\n", seed, why);
			shrink_and_print(ops, bad + 1, pages, run_cli);
			printf("not ok 1 - module via CLI vs model, sigma0_pages=%u, after %llu ops\n",
			       pages, done);
			free(ops);
			restore();
			return 1;
		}
		done += len;
	}
	printf("# l4mm_diff: %llu ops in %.1f s, %.0f ops/s\n", done,
	       now() - t0, done / (now() - t0 + 1e-9));
	printf("ok 1 - module via CLI vs model, sigma0_pages=%u: %llu ops agree, checker clean after each\n",
	       pages, done);
	free(ops);
	restore();
	return 0;
}
