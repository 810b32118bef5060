// SPDX-License-Identifier: GPL-2.0
/*
 * Differential test of the module, through the CLI, against the reference
 * model: the guest half of the differential testing (diff_core.c is the
 * host half).
 *
 *   l4mm_diff [-n OPS] [-l LEN] [-s SEED] [-p SIGMA0_PAGES] [-e EVERY]
 *             [-k KO] [-c CLI] [-x]
 *
 * Each sequence of LEN ops starts from a freshly loaded module
 * (insmod KO sigma0_pages=SIGMA0_PAGES check_after_op=1, so the module's
 * own checker runs after every op; a violation it logs fails the
 * sequence) and runs as one l4mm -force -b script in which every EVERY
 * ops (default 1) are followed by "dump --abstract" and "check".  The
 * script's stdout must be the model's lookup answers, abstract exports
 * and "ok: ..." lines from the live checker; the "Command failed" lines
 * on stderr must be exactly the ops the model fails.  Batch mode keeps
 * TCG cost down: one process and one netlink socket per sequence, and
 * consecutive ops travel in one BATCH request when EVERY > 1.  On a
 * divergence the sequence is shrunk (every try reloads the module) and
 * printed as an l4mm -b script.
 *
 * -x: the ops include the extensions (docs/extensions.md), and the
 * script's stdout holds what the CLI prints for them (pages installed,
 * status bits, access answers, the grant mode).
 *
 * Without -n (the selftest) it runs three tests: 5000 ops in sequences
 * of 250 compared after every op, then 5 * 10^4 ops in sequences of 5000
 * compared every 100 ops, then 3000 ops with the extensions over a sigma0
 * of 512 pages (1 MiB regions) in sequences of 300 compared every 10.
 *
 * Output: TAP ("ok 1 - ...") and "l4mm_diff: N ops, R ops/s".
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "opgen.h"
#include "shrink.h"

static const char *ko = "/lib/modules/l4mm.ko";
static const char *cli = "l4mm";
/* Compare the abstract state and run check after every this many ops. */
static unsigned int every = 1;
/* Ops with the extensions (docs/extensions.md), not only the paper's. */
static bool ext;
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

static bool space_exists(const struct model *m, const char *name)
{
	int i;

	for (i = 0; i < MODEL_SPACES; i++)
		if (m->spaces[i].used && !strcmp(m->spaces[i].name, name))
			return true;
	return false;
}

/*
 * What the model says the script prints for an op (stdout), as the CLI
 * prints it without -v in a -b file (cmd_lookup.c, cmd_access.c,
 * cmd_status.c, cmd_config.c): lookup and access "PADDR[ kip|utcb]
 * [ rights=..][ uncached][ status=..]" (an access's PADDR is the byte's)
 * or "unmapped"; status "BITS"; config "grant-mode MODE".  The mutating
 * commands travel in BATCH requests there, whose reply has no per-command
 * results: map and grant print no "pages N", unmap and flush no status
 * bits (the status command reads those).
 */
static void expect_op(struct model *m, const struct op *op, struct text *out,
		      int *failed)
{
	struct op_out o;
	char line[96], sfx[48], bits[4];
	bool exists = space_exists(m, op_names[op->n]);
	int err;

	err = op_apply_model(m, op, &o);
	*failed = err != 0;
	line[0] = '\0';
	switch (op->kind) {
	case OP_LOOKUP:
	case OP_ACCESS:
		if (err) {
			/* unmapped prints that; a missing space, nothing. */
			if (op->kind == OP_LOOKUP && exists)
				put(out, "unmapped\n");
			break;
		}
		model_suffix(sfx, sizeof(sfx), o.lk.rights, o.lk.uncached,
			     o.lk.status);
		/* PADDR is the byte's: an access's offset in the page. */
		snprintf(line, sizeof(line), "0x%x%s%s\n",
			 o.lk.r << 12 | (op->kind == OP_ACCESS ? op->off : 0),
			 o.lk.reserved == MODEL_RES_KIP ? " kip" :
			 o.lk.reserved == MODEL_RES_UTCB ? " utcb" : "", sfx);
		break;
	case OP_STATUS:
		model_rwx(o.status, bits);
		if (!err)
			snprintf(line, sizeof(line), "%s\n", bits);
		break;
	case OP_CONFIG:
		snprintf(line, sizeof(line), "grant-mode %s\n",
			 m->grant_mode == MODEL_GRANT_KEEP ? "keep-subtree" :
			 "paper");
		break;
	default:
		break;
	}
	put(out, line);
}

/* ... and for "dump --abstract" and "check" after it. */
static void expect_compare(const struct model *m, struct text *out)
{
	size_t spaces = 0, maps = 0;
	char line[96], *exp;
	int i;

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

/* Violations check_after_op logged so far (they do not fail commands). */
static long logged_violations(void)
{
	FILE *p = popen("dmesg | grep -c 'state check failed'", "r");
	long count = -1;

	if (!p)
		return -1;
	if (fscanf(p, "%ld", &count) != 1)
		count = -1;
	pclose(p);
	return count;
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

/* Line @at (1-based) of a text, "" past its end. */
static const char *nth_line(const char *text, size_t at)
{
	while (--at && text) {
		text = strchr(text, '\n');
		text = text ? text + 1 : NULL;
	}
	return text ? text : "";
}

/*
 * The last op of the output block (the ops up to one comparison) that
 * holds output line @at (1-based).
 */
static long op_of_line(const char *want, size_t at, size_t n)
{
	size_t i, line = 0;
	const char *p = want;

	for (i = 0; i < n; i += every) {
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
			return (long)(i + every < n ? i + every : n) - 1;
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

/* The op at or before script line @line (1-based). */
static long op_at(const size_t *op_line, size_t n, unsigned long line)
{
	long i;

	for (i = (long)n - 1; i > 0 && op_line[i] > line; i--)
		;
	return i;
}

/* Write the script of ops[0..n) and what the model says it prints. */
static int write_script(const char *script, const struct op *ops, size_t n,
			unsigned int pages, size_t *op_line, struct text *want,
			struct text *wantfail)
{
	char line[160];
	size_t i, at = 0;
	struct model m;
	int failed;
	FILE *f;

	f = fopen(script, "w");
	if (!f)
		return -1;
	model_init(&m, pages);
	for (i = 0; i < n; i++) {
		op_format(&ops[i], line, sizeof(line));
		fprintf(f, "%s\n", line);
		op_line[i] = ++at;
		expect_op(&m, &ops[i], want, &failed);
		if (failed) {
			snprintf(line, sizeof(line), "Command failed %s:%zu\n",
				 script, at);
			put(wantfail, line);
		}
		if ((i + 1) % every && i + 1 != n)
			continue;
		fprintf(f, "dump --abstract\ncheck\n");
		at += 2;
		expect_compare(&m, want);
	}
	model_free(&m);
	return fclose(f);
}

/*
 * When consecutive ops travel in one BATCH request, the CLI names only
 * the first failure of the request ("Command failed FILE:LINE") and
 * counts the rest ("N more commands failed in lines A-B").  Then every
 * named line must be one the model fails, and the failures must add up
 * to the model's.  -1 if so, else the op to blame.
 */
static long batch_failures(const char *err, const char *wantfail,
			   const size_t *op_line, size_t n, char *why,
			   size_t len)
{
	unsigned long line, more, want = 0, got = 0;
	const char *p, *e;
	char needle[160];
	int end;

	for (p = wantfail; (p = strchr(p, '\n')); p++)
		want++;
	for (p = err; *p; p = *e ? e + 1 : e) {
		e = strchr(p, '\n');
		if (!e)
			e = p + strlen(p);
		if (sscanf(p, "Command failed %*[^:]:%lu", &line) == 1) {
			got++;
			snprintf(needle, sizeof(needle), "%.*s\n",
				 (int)(e - p), p);
			if (!strstr(wantfail, needle)) {
				snprintf(why, len,
					 "script line %lu: the CLI fails, the model does not",
					 line);
				return op_at(op_line, n, line);
			}
		} else {
			/* %n proves the text after the number matched too. */
			end = 0;
			if (sscanf(p, "l4mm: %*[^:]: %lu more commands failed%n",
				   &more, &end) == 1 && end)
				got += more;
		}
	}
	if (got == want)
		return -1;
	snprintf(why, len, "%lu commands failed, the model fails %lu", got,
		 want);
	return n ? (long)n - 1 : 0;
}

static long run_cli(const struct op *ops, size_t n, unsigned int pages,
		    char *why, size_t len)
{
	struct text want = { 0 }, wantfail = { 0 };
	char *got = NULL, *gerr = NULL, *gotfail = NULL;
	char script[96], out[96], err[96], cmd[512];
	unsigned long la = ~0UL, lb = ~0UL;
	const char *fa, *fb;
	long bad = -1, warned;
	size_t *op_line;
	size_t i, at;

	snprintf(script, sizeof(script), "%s/ops", dir);
	snprintf(out, sizeof(out), "%s/out", dir);
	snprintf(err, sizeof(err), "%s/err", dir);
	op_line = calloc(n ? n : 1, sizeof(*op_line));
	if (!op_line)
		abort();
	put(&want, "");
	put(&wantfail, "");
	snprintf(cmd, sizeof(cmd), "%s -force -b %s >%s 2>%s", cli, script,
		 out, err);
	if (write_script(script, ops, n, pages, op_line, &want, &wantfail) ||
	    reload(pages) || (warned = logged_violations()) < 0 ||
	    system(cmd) < 0) {
		snprintf(why, len, "cannot write the script, reload the module or run %s",
			 cli);
		bad = 0;
		goto out;
	}
	got = slurp(out);
	gerr = slurp(err);
	gotfail = failures(gerr);
	at = diff_line(want.s, got);
	if (at) {
		bad = op_of_line(want.s, at, n);
		fa = nth_line(want.s, at);
		fb = nth_line(got, at);
		snprintf(why, len,
			 "output line %zu (by op %ld) differs from the model's: model '%.*s', CLI '%.*s'",
			 at, bad + 1, (int)strcspn(fa, "\n"), fa,
			 (int)strcspn(fb, "\n"), fb);
		goto out;
	}
	if (every > 1) {
		/* Ops share BATCH requests: see batch_failures(). */
		bad = batch_failures(gerr, wantfail.s, op_line, n, why, len);
		if (bad >= 0)
			goto out;
	}
	at = every > 1 ? 0 : diff_line(wantfail.s, gotfail);
	if (at) {
		/* Both lists are sorted by script line: the first difference
		 * names the first op whose success or failure differs.
		 */
		for (fa = wantfail.s, fb = gotfail, i = 1; i < at; i++) {
			fa = strchr(fa, '\n') + 1;
			fb = strchr(fb, '\n') + 1;
		}
		sscanf(fa, "Command failed %*[^:]:%lu", &la);
		sscanf(fb, "Command failed %*[^:]:%lu", &lb);
		bad = op_at(op_line, n, la < lb ? la : lb);
		snprintf(why, len, "script line %lu (op %ld): the model %s, the CLI %s",
			 la < lb ? la : lb, bad + 1,
			 la <= lb ? "fails" : "succeeds",
			 la <= lb ? "succeeds" : "fails");
		goto out;
	}
	if (logged_violations() != warned) {
		bad = n ? (long)n - 1 : 0;
		snprintf(why, len,
			 "check_after_op logged a violation (see dmesg)");
	}
out:
	free(op_line);
	free(want.s);
	free(wantfail.s);
	free(got);
	free(gerr);
	free(gotfail);
	return bad;
}

/* One TAP test: @total ops in sequences of @len, compared every @every. */
static bool run_phase(int testno, unsigned long long total, unsigned int len,
		      unsigned long long seed, unsigned int pages)
{
	unsigned long long done = 0;
	struct op *ops;
	char why[512];
	double t0;
	long bad;

	if (!len)
		len = 1;
	ops = calloc(len, sizeof(*ops));
	if (!ops)
		abort();
	t0 = now();
	for (; done < total; seed++) {
		if (len > total - done)
			len = total - done;
		gen_sequence(ops, len, seed, pages, ext);
		bad = run_cli(ops, len, pages, why, sizeof(why));
		if (bad >= 0) {
			printf("# sequence seed %llu diverges: %s\n", seed, why);
			shrink_and_print(ops, bad + 1, pages, run_cli);
			printf("not ok %d - module via CLI vs model%s, sigma0_pages=%u, compared every %u ops: diverges after %llu ops\n",
			       testno, ext ? " (extensions)" : "", pages, every,
			       done);
			free(ops);
			return false;
		}
		done += len;
	}
	printf("# l4mm_diff: %llu ops in %.1f s, %.0f ops/s\n", done,
	       now() - t0, done / (now() - t0 + 1e-9));
	printf("ok %d - module via CLI vs model%s, sigma0_pages=%u: %llu ops agree, state compared every %u ops, checker after each\n",
	       testno, ext ? " (extensions)" : "", pages, done, every);
	fflush(stdout);
	free(ops);
	return true;
}

int main(int argc, char **argv)
{
	unsigned long long total = 0, seed = 1;
	unsigned int len = 250, pages = 16;
	bool ok;
	int opt;

	while ((opt = getopt(argc, argv, "n:l:s:p:e:k:c:x")) != -1) {
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
		case 'e':
			every = strtoul(optarg, NULL, 0);
			break;
		case 'k':
			ko = optarg;
			break;
		case 'c':
			cli = optarg;
			break;
		case 'x':
			ext = true;
			break;
		default:
			fprintf(stderr, "usage: %s [-n OPS] [-l LEN] [-s SEED] [-p SIGMA0_PAGES] [-e EVERY] [-k KO] [-c CLI] [-x]\n",
				argv[0]);
			return 2;
		}
	}
	if (!every)
		every = 1;
	snprintf(dir, sizeof(dir), "%s/l4mm_diff.XXXXXX",
		 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 2;
	}
	printf("TAP version 13\n");
	if (total) {
		printf("1..1\n");
		ok = run_phase(1, total, len, seed, pages);
	} else {
		/*
		 * The default (the selftest): 5000 ops with the full
		 * comparison after each, then 5 * 10^4 ops in long sequences
		 * with the abstract state compared every 100 ops; the live
		 * checker runs after every op in both (check_after_op).
		 */
		printf("1..3\n");
		fflush(stdout);
		ok = run_phase(1, 5000, 250, seed, pages);
		every = 100;
		ok &= run_phase(2, 50000, 5000, seed + 1000000, pages);
		every = 10;
		ext = true;
		ok &= run_phase(3, 3000, 300, seed + 2000000, 512);
	}
	restore();
	return ok ? 0 : 1;
}
