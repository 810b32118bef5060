// SPDX-License-Identifier: GPL-2.0
/*
 * Randomised check of the flexpage definition (docs/extensions.md
 * section 1): an operation on an fpage of n pages must equal the n
 * single-page operations in ascending order, done one after the other,
 * except that it is one operation: -ENXIO exactly when every step would
 * be a no-op for an unmapped source, and -EMLINK with no change at all
 * when some step would hit the depth limit.  The single-page operations
 * themselves are checked against the paper's model by test_random.c.
 *
 * The reference ("twin") state is rebuilt for every operation by
 * replaying the history of successful operations, then the operation is
 * applied to it page by page; the state under test gets it whole.  Both
 * are compared line by line (mappings with depth, source, rights,
 * status, cached, entry size) and by their mapping and table counters.
 */
#include "unit.h"
#include "tests.h"

#define TW_SPACES	4	/* sigma0, s1..s3 */
#define TW_PAGES	16	/* addresses 0 .. 0xffff in every space */
#define TW_EPISODES	60
#define TW_OPS		80

enum tw_kind { TW_MAP, TW_GRANT, TW_UNMAP, TW_FLUSH, TW_STATUS, TW_ACCESS,
	       TW_KINDS };

struct tw_op {
	enum tw_kind kind;
	u8 src, dst;		/* space slots */
	u32 sva, dva;
	u8 order;
	u8 rights;		/* mask (map/grant/unmap/flush), access */
	bool uncached;
	enum l4mm_grant_mode mode;
};

static const char *tw_name[TW_SPACES] = { "sigma0", "s1", "s2", "s3" };

static u32 tw_seed;

static u32 tw_rand(void)
{
	tw_seed = tw_seed * 1103515245U + 12345U;
	return tw_seed >> 8;
}

static struct l4mm_state *tw_state(u32 depth_max)
{
	struct l4mm_state *st = mkstate(TW_PAGES);
	int i;

	for (i = 1; i < TW_SPACES; i++)
		mkspace(st, tw_name[i]);
	l4mm_state_set_depth_max(st, depth_max);
	return st;
}

/* One operation; order 12 and an offset make it one page step. */
static int tw_apply(struct l4mm_state *st, const struct tw_op *op, u8 order,
		    u32 off, struct l4mm_op_result *res)
{
	struct l4mm_space *sp = S(st, tw_name[op->src]);
	struct l4mm_map_args a;

	switch (op->kind) {
	case TW_MAP:
	case TW_GRANT:
		a = fp_args(st, tw_name[op->src], op->sva + off, order,
			    tw_name[op->dst], op->dva + off, order);
		a.rights = op->rights;
		a.uncached = op->uncached;
		a.mode = op->mode;
		return op->kind == TW_MAP ? l4mm_map_fpage(st, &a, res) :
					    l4mm_grant_fpage(st, &a, res);
	case TW_UNMAP:
		return l4mm_unmap_fpage(st, sp, op->sva + off, order,
					op->rights, res);
	case TW_FLUSH:
		return l4mm_flush_fpage(st, sp, op->sva + off, order,
					op->rights, res);
	case TW_STATUS:
		return l4mm_status_fpage(st, sp, op->sva + off, order, res);
	default:
		return l4mm_access(st, sp, op->sva + off, op->rights, NULL);
	}
}

static void tw_random_op(struct tw_op *op)
{
	static const u8 masks[] = { 4, 5, 6, 7, 7, 7 };
	u32 pages;

	memset(op, 0, sizeof(*op));
	/* Maps first: they build the chains the other kinds work on. */
	op->kind = tw_rand() % (TW_KINDS + 3);
	if (op->kind >= TW_KINDS)
		op->kind = TW_MAP;
	op->src = tw_rand() % TW_SPACES;
	op->dst = tw_rand() % TW_SPACES;
	op->order = 12 + tw_rand() % 3;
	if (!(tw_rand() % 8))
		op->order = 16;
	pages = 1U << (op->order - 12);
	op->sva = (tw_rand() % (TW_PAGES / pages)) * pages * 0x1000;
	op->dva = (tw_rand() % (TW_PAGES / pages)) * pages * 0x1000;
	op->rights = masks[tw_rand() % ARRAY_SIZE(masks)];
	op->uncached = !(tw_rand() % 4);
	op->mode = tw_rand() % 3;
	if (op->kind == TW_UNMAP || op->kind == TW_FLUSH)
		op->rights = 1 + tw_rand() % 7;
	if (op->kind == TW_ACCESS) {
		op->order = 12;
		op->rights = 1U << (tw_rand() % 3);
	}
}

/* The dump without the ops and generation counters (they differ). */
static char *tw_dump(const struct l4mm_state *st)
{
	char *d = dump_state(st), *p, *q;
	int fields = 0;

	/* Keep "stats spaces mappings tables bytes". */
	p = strstr(d, "\nstats ");
	if (p) {
		q = p + 1;
		while (*q && fields < 5)
			if (*q++ == ' ')
				fields++;
		*q = '\0';
	}
	return d;
}

struct tw_sum {
	int err;
	u32 removed, pages;
	u8 status;
};

/* The twin: history, then @op page by page. */
static void tw_reference(const struct tw_op *hist, int n,
			 const struct tw_op *op, u32 depth_max,
			 struct tw_sum *sum, char **dump)
{
	struct l4mm_state *tw = tw_state(depth_max);
	struct l4mm_op_result res;
	u32 i, pages = 1U << (op->order - 12);
	bool any = false;
	int k, err;

	for (k = 0; k < n; k++)
		CHECK_EQ(tw_apply(tw, &hist[k], hist[k].order, 0, NULL), 0);
	memset(sum, 0, sizeof(*sum));
	for (i = 0; i < pages; i++) {
		memset(&res, 0, sizeof(res));
		err = tw_apply(tw, op, 12, i * 0x1000, &res);
		if (err == -ENXIO && (op->kind == TW_MAP ||
				      op->kind == TW_GRANT ||
				      op->kind == TW_STATUS))
			continue;
		if (err == -EMLINK) {
			sum->err = err;
			break;
		}
		CHECK_EQ(err, op->kind == TW_ACCESS ? err : 0);
		if (err)
			sum->err = err;
		any = true;
		sum->removed += res.removed;
		sum->pages += res.pages;
		sum->status |= res.status;
	}
	if (!sum->err && !any && (op->kind == TW_MAP || op->kind == TW_GRANT ||
				  op->kind == TW_STATUS))
		sum->err = -ENXIO;
	/* A map or grant of 64 KiB or more ends with a promotion of its
	 * destination (docs/extensions.md section 8): only the hardware
	 * entry sizes change, which the dump shows.
	 */
	if (!sum->err && (op->kind == TW_MAP || op->kind == TW_GRANT) &&
	    op->order >= 16)
		l4mm_pt_promote(&S(tw, tw_name[op->dst])->pt, op->dva,
				1ULL << op->order);
	*dump = tw_dump(tw);
	l4mm_state_destroy(tw);
}

static void tw_episode(int ep, int *counts)
{
	u32 depth_max = ep % 4 ? 1U + ep % 4 : L4MM_MDB_DEPTH_MAX;
	struct tw_op hist[TW_OPS], op;
	struct l4mm_state *st = tw_state(depth_max);
	struct l4mm_op_result res;
	char *want, *got, *before;
	struct tw_sum sum;
	int n = 0, k, err;

	for (k = 0; k < TW_OPS; k++) {
		tw_random_op(&op);
		memset(&res, 0, sizeof(res));
		before = tw_dump(st);
		err = tw_apply(st, &op, op.order, 0, &res);
		if (err == -EINVAL) {
			/* Only coinciding regions of several pages. */
			CHECK(op.src == op.dst && op.sva == op.dva &&
			      op.order > 12);
			free(before);
			continue;
		}
		tw_reference(hist, n, &op, depth_max, &sum, &want);
		got = tw_dump(st);
		CHECK_EQ(err, sum.err);
		if (err == -EMLINK || err == -ENXIO) {
			if (strcmp(before, got))
				unit_fail(__FILE__, __LINE__,
					  "episode %d op %d: failed op changed the state",
					  ep, k);
			counts[err == -EMLINK]++;
		} else if (!err || op.kind == TW_ACCESS) {
			if (strcmp(want, got))
				unit_fail(__FILE__, __LINE__,
					  "episode %d op %d (kind %d order %u): fpage != pages:\n%s---\n%s",
					  ep, k, op.kind, op.order, want, got);
			if (!err && op.kind != TW_ACCESS) {
				CHECK_EQ(res.removed, sum.removed);
				CHECK_EQ(res.pages, sum.pages);
				CHECK_EQ(res.status, sum.status);
			}
			if (!err)
				hist[n++] = op;
		}
		free(before);
		free(want);
		free(got);
		CHECK_CLEAN(st);
		if (unit_assert_failures)
			break;
	}
	l4mm_state_destroy(st);
}

TEST(test_fpage_vs_pages)
{
	int ep, counts[2] = { 0, 0 };

	tw_seed = 2026;
	for (ep = 0; ep < TW_EPISODES && !unit_assert_failures; ep++)
		tw_episode(ep, counts);
	printf("# %d episodes: %d ENXIO, %d EMLINK\n", ep, counts[0],
	       counts[1]);
	CHECK(counts[0] > 0);
	CHECK(counts[1] > 0);
}
