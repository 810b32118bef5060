// SPDX-License-Identifier: GPL-2.0
/*
 * exhaust: explicit-state search over every reachable state of a small
 * configuration, applying every operation of the configuration in every
 * state to the core and to the reference model, comparing the results,
 * the lookups and the full abstract state, and running the core's checker
 * and the model's theorems after each (model/core_run.c).  States are
 * deduplicated by their canonical form, the model's abstract export
 * (sorted lines, with rights, cached attribute and status bits), so
 * "state" means what the paper's state and the extensions' bits say, not
 * the core's internal layout.  The search is breadth-first: the first
 * divergence found is reached by a shortest sequence, printed as an
 * l4mm -b script.
 *
 * The core has no copy of a state, so each transition replays its
 * state's path from the initial state (paths are short: the search
 * depth).  Usage:
 *
 *   exhaust [-q] [-F FRAMES] [-P PAGES] [-s SPACES] [-r a|f] [-n y|n]
 *           [-a y|n] [-m MAX_STATES]
 *
 *   -F  sigma0's frames (its pages 0..F-1)
 *   -P  pages of each other space (0..P-1)
 *   -s  spaces besides sigma0 (A, B, C: 1..3)
 *   -r  rights of map and grant: 'a' all four with r, 'f' rwx only
 *   -n  unmap and flush of w too ('y'), or of all rights only
 *   -a  accesses r, w and x of every page ('y'), which set status bits
 *   -q  the quick configuration of make check: 1 frame, 2 spaces of 2
 *       pages, rwx, no narrowing, no accesses (about a thousand states)
 *
 * Always: orders 12 and 13 (an fpage of 2 pages where the space has
 * them), both grant modes, status of each fpage.  Prints the
 * configuration, the states and transitions covered and the depth, and
 * a TAP line.
 */
#include <getopt.h>
#include <malloc.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core_run.h"

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

struct config {
	unsigned int frames, pages, spaces;
	bool all_rights;	/* map/grant rights r, rw, rx, rwx; else rwx */
	bool narrow;		/* unmap/flush of w as well as of all */
	bool access;		/* accesses r, w, x (status bits) */
	unsigned long max_states;
};

/* A state: how it was reached (its parent and the op from there). */
struct state {
	long parent;
	unsigned int op;
	unsigned int depth;
};

static struct op *ops;
static size_t nops, ops_cap;

static void add_op(const struct op *op)
{
	if (nops == ops_cap) {
		ops_cap = ops_cap ? 2 * ops_cap : 256;
		ops = realloc(ops, ops_cap * sizeof(*ops));
		if (!ops)
			abort();
	}
	ops[nops++] = *op;
}

/* Pages of space index n (0: sigma0). */
static unsigned int pages_of(const struct config *c, unsigned int n)
{
	return n ? c->pages : c->frames;
}

/* Every operation of the configuration, in a fixed order. */
static void make_ops(const struct config *c)
{
	static const uint8_t all[] = { 0, MODEL_R, MODEL_R | MODEL_W,
				       MODEL_R | MODEL_X };
	static const uint8_t accesses[] = { MODEL_R, MODEL_W, MODEL_X };
	unsigned int n, n2, v, v2, o, k, r, m, nr = c->all_rights ? 4 : 1;
	struct op op;

	for (n = 0; n <= c->spaces; n++)
		for (o = 12; o <= 13; o++)
			for (v = 0; v + (1U << (o - 12)) <= pages_of(c, n);
			     v += 1U << (o - 12)) {
				/* map and grant to every fpage of that size */
				for (n2 = 0; n2 <= c->spaces; n2++)
					for (v2 = 0; v2 + (1U << (o - 12)) <=
					     pages_of(c, n2);
					     v2 += 1U << (o - 12))
						for (r = 0; r < nr; r++) {
							memset(&op, 0, sizeof(op));
							op.n = n;
							op.n2 = n2;
							op.v = v;
							op.v2 = v2;
							op.order = o == 12 ? 0 : o;
							op.rights = all[r];
							op.kind = OP_MAP;
							add_op(&op);
							op.kind = OP_GRANT;
							for (m = MODEL_GRANT_PAPER;
							     m <= MODEL_GRANT_KEEP;
							     m++) {
								op.mode = m;
								add_op(&op);
							}
						}
				/* unmap and flush of everything, of w */
				for (k = OP_UNMAP; k <= OP_FLUSH; k++)
					for (r = 0; r < (c->narrow ? 2U : 1U);
					     r++) {
						memset(&op, 0, sizeof(op));
						op.kind = k;
						op.n = n;
						op.v = v;
						op.order = o == 12 ? 0 : o;
						op.rights = r ? MODEL_W : 0;
						add_op(&op);
					}
				memset(&op, 0, sizeof(op));
				op.kind = OP_STATUS;
				op.n = n;
				op.v = v;
				op.order = o;
				add_op(&op);
			}
	for (n = 0; c->access && n <= c->spaces; n++)
		for (v = 0; v < pages_of(c, n); v++)
			for (k = 0; k < ARRAY_SIZE(accesses); k++) {
				memset(&op, 0, sizeof(op));
				op.kind = OP_ACCESS;
				op.n = n;
				op.v = v;
				op.access = accesses[k];
				add_op(&op);
			}
}

/* The set of canonical forms seen: open addressing on a string hash. */
struct seen {
	char **key;
	long *state;
	size_t cap, used;
};

static uint64_t hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL;	/* FNV-1a, 64 bits */

	while (*s)
		h = (h ^ (uint8_t)*s++) * 1099511628211ULL;
	return h;
}

static void seen_grow(struct seen *t);

/* The state of @key, or -1 after adding it as @state. */
static long seen_add(struct seen *t, char *key, long state)
{
	size_t i;

	if (2 * (t->used + 1) > t->cap)
		seen_grow(t);
	for (i = hash(key) & (t->cap - 1); t->key[i]; i = (i + 1) & (t->cap - 1))
		if (!strcmp(t->key[i], key))
			return t->state[i];
	t->key[i] = key;
	t->state[i] = state;
	t->used++;
	return -1;
}

static void seen_grow(struct seen *t)
{
	struct seen n = { .cap = t->cap ? 2 * t->cap : 1024 };
	size_t i;

	n.key = calloc(n.cap, sizeof(*n.key));
	n.state = calloc(n.cap, sizeof(*n.state));
	if (!n.key || !n.state)
		abort();
	for (i = 0; i < t->cap; i++)
		if (t->key[i])
			seen_add(&n, t->key[i], t->state[i]);
	free(t->key);
	free(t->state);
	*t = n;
}

static struct state *states;
static size_t nstates, states_cap;

static long add_state(long parent, unsigned int op, unsigned int depth)
{
	if (nstates == states_cap) {
		states_cap = states_cap ? 2 * states_cap : 4096;
		states = realloc(states, states_cap * sizeof(*states));
		if (!states)
			abort();
	}
	states[nstates] = (struct state){ parent, op, depth };
	return nstates++;
}

/* The path to state @s then @op: the creates, then the ops. */
static size_t path_of(const struct config *c, long s, const struct op *op,
		      struct op *path, size_t cap)
{
	size_t n = 0, depth = states[s].depth + c->spaces + 1, i;
	struct op create;

	if (depth > cap)
		abort();
	path[depth - 1] = *op;
	for (n = depth - 1; s > 0; s = states[s].parent)
		path[--n] = ops[states[s].op];
	for (i = 0; i < c->spaces; i++) {
		memset(&create, 0, sizeof(create));
		create.kind = OP_CREATE;
		create.n = i + 1;
		path[i] = create;
	}
	return depth;
}

static void print_script(const struct op *path, size_t n, unsigned int frames)
{
	char line[160];
	size_t i;

	printf("#     # shortest divergent sequence, %zu ops; load the module with\n"
	       "#     # sigma0_pages=%u, then run: l4mm -force -b FILE\n",
	       n, frames);
	for (i = 0; i < n; i++) {
		op_format(&path[i], line, sizeof(line));
		printf("#     %s\n", line);
	}
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	struct config c = { .frames = 4, .pages = 4, .spaces = 2,
			    .all_rights = true, .narrow = true, .access = true,
			    .max_states = 5000000 };
	unsigned long transitions = 0;
	struct seen seen = { 0 };
	unsigned int maxdepth = 0;
	struct op path[256];
	double t0 = now_s();
	char why[512];
	size_t head, i, n;
	char *key;
	long bad;
	int opt;

	while ((opt = getopt(argc, argv, "qF:P:s:r:n:a:m:")) != -1) {
		switch (opt) {
		case 'q':
			c = (struct config){ .frames = 1, .pages = 2,
					     .spaces = 2, .max_states = 5000000 };
			break;
		case 'n':
			c.narrow = optarg[0] == 'y';
			break;
		case 'a':
			c.access = optarg[0] == 'y';
			break;
		case 'F':
			c.frames = atoi(optarg);
			break;
		case 'P':
			c.pages = atoi(optarg);
			break;
		case 's':
			c.spaces = atoi(optarg);
			break;
		case 'r':
			c.all_rights = optarg[0] == 'a';
			break;
		case 'm':
			c.max_states = strtoul(optarg, NULL, 0);
			break;
		default:
			fprintf(stderr, "usage: exhaust [-q] [-F FRAMES] [-P PAGES] [-s SPACES] [-r a|f] [-n y|n] [-a y|n] [-m MAX_STATES]\n");
			return 2;
		}
	}
	if (c.spaces < 1 || c.spaces > 3 || !c.frames || !c.pages) {
		fprintf(stderr, "exhaust: 1..3 spaces, at least a frame and a page\n");
		return 2;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	/*
	 * Every replay makes and frees a state: keep that memory in the
	 * heap, or each replay pays page faults and TLB shootdowns.
	 */
	mallopt(M_MMAP_THRESHOLD, 64 << 20);
	mallopt(M_TRIM_THRESHOLD, 1 << 30);
	make_ops(&c);
	printf("# exhaust: sigma0 of %u frames, %u spaces of %u pages, orders 12-13, map/grant rights %s, both grant modes, unmap/flush of %s, status%s: %zu operations per state\n",
	       c.frames, c.spaces, c.pages, c.all_rights ? "r/rw/rx/rwx" : "rwx",
	       c.narrow ? "rwx and of w" : "rwx",
	       c.access ? ", accesses r/w/x" : "", nops);
	/* State 0: sigma0 and the empty spaces, reached by the creates. */
	n = path_of(&c, add_state(-1, 0, 0), &(struct op){ .kind = OP_LOOKUP },
		    path, ARRAY_SIZE(path));
	bad = core_run_last(path, n, c.frames, &key, why, sizeof(why));
	if (bad >= 0) {
		printf("not ok 1 - exhaust: the initial state diverges: %s\n", why);
		return 1;
	}
	seen_add(&seen, key, 0);
	for (head = 0; head < nstates; head++) {
		if (head && !(head % 1000))
			fprintf(stderr, "exhaust: %zu of %zu states, depth %u, %.0f s\n",
				head, nstates, states[head].depth, now_s() - t0);
		for (i = 0; i < nops; i++) {
			n = path_of(&c, head, &ops[i], path, ARRAY_SIZE(path));
			bad = core_run_last(path, n, c.frames, &key, why,
					    sizeof(why));
			transitions++;
			if (bad >= 0) {
				printf("not ok 1 - exhaust: %s (after %lu states, %lu transitions)\n",
				       why, nstates, transitions);
				print_script(path, (size_t)bad + 1, c.frames);
				return 1;
			}
			if (seen_add(&seen, key, nstates) >= 0) {
				free(key);
				continue;
			}
			add_state(head, i, states[head].depth + 1);
			if (states[head].depth + 1 > maxdepth)
				maxdepth = states[head].depth + 1;
			if (nstates > c.max_states) {
				printf("not ok 1 - exhaust: more than %lu states: the configuration is too big to be exhaustive\n",
				       c.max_states);
				return 1;
			}
		}
	}
	printf("# exhaust: %zu states, %lu transitions, depth %u, %.1f s\n",
	       nstates, transitions, maxdepth, now_s() - t0);
	printf("ok 1 - exhaust: every reachable state of the configuration, core and model agree (%zu states, %lu transitions)\n",
	       nstates, transitions);
	return 0;
}
