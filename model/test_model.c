// SPDX-License-Identifier: GPL-2.0
/*
 * Self-tests of the reference model: hand-computed scenarios, one per
 * feature of docs/extensions.md (and the paper's own cases), each
 * checking results and the complete abstract export against what the
 * spec says, worked out by hand in the comments.  The model is what the
 * differential tests trust, so it is tested on its own, without the core.
 * Output: TAP, one line per scenario; exit 1 if any fails.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "opgen.h"

static int failures;

#define CHECK(cond) do {						\
	if (!(cond)) {							\
		printf("#   %s:%d: %s\n", __FILE__, __LINE__, #cond);	\
		failures++;						\
	}								\
} while (0)

#define CHECK_EQ(a, b) do {						\
	long long __a = (long long)(a), __b = (long long)(b);		\
	if (__a != __b) {						\
		printf("#   %s:%d: %s == %s: %lld != %lld\n", __FILE__,	\
		       __LINE__, #a, #b, __a, __b);			\
		failures++;						\
	}								\
} while (0)

/* The export must be exactly these lines (any order, sorted here). */
#define CHECK_EXPORT(s, text) check_export(s, text, __LINE__)

static void check_export(const struct model *s, const char *text, int line)
{
	char *want = malloc(strlen(text) + 1), *got = model_export(s);
	char why[256];

	strcpy(want, text);
	model_sort_lines(want);
	if (strcmp(want, got)) {
		printf("#   line %d: export differs\n# want:\n%s# got:\n%s", line,
		       want, got);
		failures++;
	}
	if (model_theorems(s, why, sizeof(why))) {
		printf("#   line %d: %s\n", line, why);
		failures++;
	}
	free(want);
	free(got);
}

/* A new state (the old one freed; a zeroed model frees as empty). */
static void fresh(struct model *s, uint32_t sigma0_pages)
{
	model_free(s);
	model_init(s, sigma0_pages);
}

static struct model_map_args fp(const char *src, uint32_t va, uint8_t order,
				const char *dst, uint32_t dva)
{
	struct model_map_args a = {
		.src = src, .src_v = va >> 12, .src_order = order,
		.dst = dst, .dst_v = dva >> 12, .rights = MODEL_RWX,
	};

	return a;
}

static int map(struct model *s, struct model_map_args a)
{
	uint32_t pages;

	return model_map_fpage(s, &a, &pages);
}

static int grant(struct model *s, struct model_map_args a)
{
	uint32_t pages;

	return model_grant_fpage(s, &a, &pages);
}

/* The paper's operations on single pages: the export of before. */
static void test_paper_unchanged(struct model *s)
{
	fresh(s, 2);
	CHECK_EQ(model_create(s, "A"), 0);
	CHECK_EQ(model_create(s, "B"), 0);
	CHECK_EQ(model_map(s, "sigma0", 0, "A", 5), 0);
	CHECK_EQ(model_map(s, "A", 5, "B", 0xfffff), 0);
	CHECK_EQ(model_map(s, "A", 6, "B", 1), -ENXIO);
	CHECK_EQ(model_map(s, "A", 5, "nosuch", 1), -ENOENT);
	CHECK_EXPORT(s, "A\nB\nsigma0\n"
		     "sigma0 0x00000000 Real 0x00000000\n"
		     "sigma0 0x00001000 Real 0x00001000\n"
		     "A 0x00005000 Virtual sigma0 0x00000000\n"
		     "B 0xfffff000 Virtual A 0x00005000\n");
	/* unmap A 5 takes B's page; flush sigma0 0 takes A's too. */
	CHECK_EQ(model_unmap(s, "A", 5), 0);
	CHECK_EXPORT(s, "A\nB\nsigma0\n"
		     "sigma0 0x00000000 Real 0x00000000\n"
		     "sigma0 0x00001000 Real 0x00001000\n"
		     "A 0x00005000 Virtual sigma0 0x00000000\n");
	CHECK_EQ(model_flush(s, "sigma0", 0), 0);
	CHECK_EXPORT(s, "A\nB\nsigma0\n"
		     "sigma0 0x00001000 Real 0x00001000\n");
}

/*
 * The paper's counterexample, map n v n' v' then grant n' v' n v: the
 * checked update flushes n,v, which takes n',v' with it, so the source
 * Virtual n v is no longer valid and nothing is installed; the grant's
 * flush of n',v' then finds nothing.  Both pages end up unmapped, in
 * either grant mode (keep-subtree has the same checked update).
 */
static void test_counterexample(struct model *s, enum model_grant_mode mode)
{
	struct model_map_args a = fp("B", 0x1000, 12, "A", 0);
	uint32_t pages = 7;

	fresh(s, 1);
	model_create(s, "A");
	model_create(s, "B");
	CHECK_EQ(model_map(s, "sigma0", 0, "A", 0), 0);
	CHECK_EQ(model_map(s, "A", 0, "B", 1), 0);
	a.mode = mode;
	CHECK_EQ(model_grant_fpage(s, &a, &pages), 0);
	CHECK_EQ(pages, 0);
	CHECK_EXPORT(s, "A\nB\nsigma0\nsigma0 0x00000000 Real 0x00000000\n");
}

/*
 * Grant modes on sigma0 -> A 0 -> B 0, grant A 0 to C 0:
 *  paper: C 0 gets A's entry (Virtual sigma0 0); A 0 is flushed, B 0
 *         with it;
 *  keep:  C 0 gets A's entry; B 0 now derives from C 0; A 0 is gone.
 * With mask r-x the moved subtree loses w; the status bits of A 0 (r from
 * an access) stay on C 0 only with keep-subtree.  The per-state default
 * (config) applies when the grant names no mode.
 */
static void test_grant_modes(struct model *s)
{
	struct model_map_args a = fp("A", 0, 12, "C", 0);
	struct model_lookup lk;

	fresh(s, 1);
	model_create(s, "A");
	model_create(s, "B");
	model_create(s, "C");
	model_map(s, "sigma0", 0, "A", 0);
	model_map(s, "A", 0, "B", 0);
	CHECK_EQ(model_access(s, "A", 0x10, MODEL_R, &lk), 0);
	CHECK_EQ(model_access(s, "B", 0xfff, MODEL_W, &lk), 0);
	a.mode = MODEL_GRANT_PAPER;
	CHECK_EQ(grant(s, a), 0);
	CHECK_EXPORT(s, "A\nB\nC\nsigma0\nsigma0 0x00000000 Real 0x00000000\n"
		     "C 0x00000000 Virtual sigma0 0x00000000\n");

	fresh(s, 1);
	model_create(s, "A");
	model_create(s, "B");
	model_create(s, "C");
	model_map(s, "sigma0", 0, "A", 0);
	model_map(s, "A", 0, "B", 0);
	CHECK_EQ(model_access(s, "A", 0x10, MODEL_R, &lk), 0);
	CHECK_EQ(model_access(s, "B", 0xfff, MODEL_W, &lk), 0);
	a.mode = MODEL_GRANT_KEEP;
	a.rights = MODEL_R | MODEL_X;
	CHECK_EQ(grant(s, a), 0);
	CHECK_EXPORT(s, "A\nB\nC\nsigma0\nsigma0 0x00000000 Real 0x00000000\n"
		     "C 0x00000000 Virtual sigma0 0x00000000 rights=r-x status=r--\n"
		     "B 0x00000000 Virtual C 0x00000000 rights=r-x status=-w-\n");

	/* The default: config keep-subtree, then a grant without a mode. */
	fresh(s, 1);
	model_create(s, "A");
	model_create(s, "B");
	model_create(s, "C");
	model_map(s, "sigma0", 0, "A", 0);
	model_map(s, "A", 0, "B", 0);
	model_set_grant_mode(s, MODEL_GRANT_KEEP);
	CHECK_EQ(model_grant(s, "A", 0, "C", 0), 0);
	CHECK_EXPORT(s, "A\nB\nC\nsigma0\nsigma0 0x00000000 Real 0x00000000\n"
		     "C 0x00000000 Virtual sigma0 0x00000000\n"
		     "B 0x00000000 Virtual C 0x00000000\n");
	/* Granting a page to itself removes it, in keep mode too. */
	CHECK_EQ(model_grant(s, "C", 0, "C", 0), 0);
	CHECK_EXPORT(s, "A\nB\nC\nsigma0\nsigma0 0x00000000 Real 0x00000000\n");
}

/*
 * Flexpages: page i to page i, unmapped source pages skipped, ENXIO only
 * if none is mapped, misaligned bases and same-space overlaps refused,
 * and steps that see what earlier steps did.
 */
static void test_fpages(struct model *s)
{
	struct model_map_args a;
	uint32_t pages;

	fresh(s, 4);
	model_create(s, "A");
	model_create(s, "B");
	/* sigma0 0x0/14 (4 pages) with page 2 flushed: 3 go to A 0x10000. */
	model_flush(s, "sigma0", 2);
	a = fp("sigma0", 0, 14, "A", 0x10000);
	CHECK_EQ(model_map_fpage(s, &a, &pages), 0);
	CHECK_EQ(pages, 3);
	CHECK_EXPORT(s, "A\nB\nsigma0\n"
		     "sigma0 0x00000000 Real 0x00000000\n"
		     "sigma0 0x00001000 Real 0x00001000\n"
		     "sigma0 0x00003000 Real 0x00003000\n"
		     "A 0x00010000 Virtual sigma0 0x00000000\n"
		     "A 0x00011000 Virtual sigma0 0x00001000\n"
		     "A 0x00013000 Virtual sigma0 0x00003000\n");
	/* Nothing mapped in the source fpage: ENXIO, nothing changes. */
	a = fp("B", 0x40000, 16, "A", 0);
	CHECK_EQ(model_map_fpage(s, &a, &pages), -ENXIO);
	/* Misaligned source or destination, bad orders. */
	a = fp("sigma0", 0x1000, 13, "B", 0);
	CHECK_EQ(map(s, a), -EINVAL);
	a = fp("sigma0", 0, 13, "B", 0x1000);
	CHECK_EQ(map(s, a), -EINVAL);
	a = fp("sigma0", 0, 11, "B", 0);
	CHECK_EQ(map(s, a), -EINVAL);
	a = fp("sigma0", 0, 33, "B", 0);
	CHECK_EQ(map(s, a), -EINVAL);
	/* Overlap in one space, more than one page: EINVAL. */
	a = fp("A", 0x10000, 14, "A", 0x10000);
	CHECK_EQ(map(s, a), -EINVAL);
	a = fp("A", 0x10000, 13, "A", 0x12000);
	CHECK_EQ(map(s, a), 0);		/* adjacent: no overlap */
	/* ... one page onto itself is the paper's self-map: a flush. */
	a = fp("A", 0x12000, 12, "A", 0x12000);
	CHECK_EQ(grant(s, a), 0);
	CHECK_EXPORT(s, "A\nB\nsigma0\n"
		     "sigma0 0x00000000 Real 0x00000000\n"
		     "sigma0 0x00001000 Real 0x00001000\n"
		     "sigma0 0x00003000 Real 0x00003000\n"
		     "A 0x00010000 Virtual sigma0 0x00000000\n"
		     "A 0x00011000 Virtual sigma0 0x00001000\n"
		     "A 0x00013000 Virtual A 0x00011000\n");

	/*
	 * Ascending steps on the state of the previous ones: A 0 = sigma0 0,
	 * B 4 = sigma0 1, A 1 = B 4.  map A 0x0/13 to B 0x4000: step 0
	 * flushes B 4, which takes A 1; step 1 then finds A 1 unmapped and
	 * skips it.  One page installed.
	 */
	fresh(s, 2);
	model_create(s, "A");
	model_create(s, "B");
	model_map(s, "sigma0", 0, "A", 0);
	model_map(s, "sigma0", 1, "B", 4);
	model_map(s, "B", 4, "A", 1);
	a = fp("A", 0, 13, "B", 0x4000);
	CHECK_EQ(model_map_fpage(s, &a, &pages), 0);
	CHECK_EQ(pages, 1);
	CHECK_EXPORT(s, "A\nB\nsigma0\n"
		     "sigma0 0x00000000 Real 0x00000000\n"
		     "sigma0 0x00001000 Real 0x00001000\n"
		     "A 0x00000000 Virtual sigma0 0x00000000\n"
		     "B 0x00004000 Virtual A 0x00000000\n");

	/* Partial unmap of a large region: 8 pages, the upper 4 revoked. */
	fresh(s, 8);
	model_create(s, "A");
	a = fp("sigma0", 0, 15, "A", 0x100000);
	CHECK_EQ(map(s, a), 0);
	CHECK_EQ(model_unmap(s, "sigma0", 5), 0);
	CHECK_EQ(model_flush(s, "A", 0x107), 0);
	{
		uint8_t st;

		CHECK_EQ(model_unmap_fpage(s, "sigma0", 4, 14, MODEL_RWX, &st),
			 0);
		CHECK_EQ(model_unmap_fpage(s, "sigma0", 5, 13, MODEL_RWX, &st),
			 -EINVAL);	/* 0x5000 is not aligned to 2^13 */
	}
	CHECK_EXPORT(s, "A\nsigma0\n"
		     "sigma0 0x00000000 Real 0x00000000\n"
		     "sigma0 0x00001000 Real 0x00001000\n"
		     "sigma0 0x00002000 Real 0x00002000\n"
		     "sigma0 0x00003000 Real 0x00003000\n"
		     "sigma0 0x00004000 Real 0x00004000\n"
		     "sigma0 0x00005000 Real 0x00005000\n"
		     "sigma0 0x00006000 Real 0x00006000\n"
		     "sigma0 0x00007000 Real 0x00007000\n"
		     "A 0x00100000 Virtual sigma0 0x00000000\n"
		     "A 0x00101000 Virtual sigma0 0x00001000\n"
		     "A 0x00102000 Virtual sigma0 0x00002000\n"
		     "A 0x00103000 Virtual sigma0 0x00003000\n");
	/* The whole address space in one flush: only sigma0 is left. */
	{
		uint8_t st;

		CHECK_EQ(model_flush_fpage(s, "A", 0, 32, MODEL_RWX, &st), 0);
	}
	CHECK_EXPORT(s, "A\nsigma0\n"
		     "sigma0 0x00000000 Real 0x00000000\n"
		     "sigma0 0x00001000 Real 0x00001000\n"
		     "sigma0 0x00002000 Real 0x00002000\n"
		     "sigma0 0x00003000 Real 0x00003000\n"
		     "sigma0 0x00004000 Real 0x00004000\n"
		     "sigma0 0x00005000 Real 0x00005000\n"
		     "sigma0 0x00006000 Real 0x00006000\n"
		     "sigma0 0x00007000 Real 0x00007000\n");
}

/*
 * Rights: map/grant AND the source's rights with the mask (which must
 * hold r); unmap/flush revoke along the chain, a mapping that loses r
 * goes with its subtree.
 */
static void test_rights(struct model *s)
{
	struct model_map_args a;
	uint8_t st;

	fresh(s, 1);
	model_create(s, "A");
	model_create(s, "B");
	model_create(s, "C");
	a = fp("sigma0", 0, 12, "A", 0);
	a.rights = MODEL_W;
	CHECK_EQ(map(s, a), -EINVAL);		/* no r */
	a.rights = MODEL_R | MODEL_W;
	CHECK_EQ(map(s, a), 0);			/* A 0: rw- */
	a = fp("A", 0, 12, "B", 0);
	a.rights = MODEL_R | MODEL_X;
	CHECK_EQ(map(s, a), 0);			/* B 0: rw- & r-x = r-- */
	a = fp("A", 0, 12, "C", 0);
	CHECK_EQ(map(s, a), 0);			/* C 0: rw- */
	CHECK_EXPORT(s, "A\nB\nC\nsigma0\nsigma0 0x00000000 Real 0x00000000\n"
		     "A 0x00000000 Virtual sigma0 0x00000000 rights=rw-\n"
		     "B 0x00000000 Virtual A 0x00000000 rights=r--\n"
		     "C 0x00000000 Virtual A 0x00000000 rights=rw-\n");
	CHECK_EQ(model_unmap_fpage(s, "A", 0, 12, 0, &st), -EINVAL);
	CHECK_EQ(model_unmap_fpage(s, "A", 0, 12, 8, &st), -EINVAL);
	/* unmap sigma0 0 rights w: A, B, C lose w; sigma0 keeps rwx. */
	CHECK_EQ(model_unmap_fpage(s, "sigma0", 0, 12, MODEL_W, &st), 0);
	CHECK_EXPORT(s, "A\nB\nC\nsigma0\nsigma0 0x00000000 Real 0x00000000\n"
		     "A 0x00000000 Virtual sigma0 0x00000000 rights=r--\n"
		     "B 0x00000000 Virtual A 0x00000000 rights=r--\n"
		     "C 0x00000000 Virtual A 0x00000000 rights=r--\n");
	/* flush sigma0 0 rights x: sigma0 itself too. */
	CHECK_EQ(model_flush_fpage(s, "sigma0", 0, 12, MODEL_X, &st), 0);
	CHECK_EXPORT(s, "A\nB\nC\nsigma0\n"
		     "sigma0 0x00000000 Real 0x00000000 rights=rw-\n"
		     "A 0x00000000 Virtual sigma0 0x00000000 rights=r--\n"
		     "B 0x00000000 Virtual A 0x00000000 rights=r--\n"
		     "C 0x00000000 Virtual A 0x00000000 rights=r--\n");
	/* unmap A 0 rights r: everything derived from A 0 goes, A stays. */
	CHECK_EQ(model_unmap_fpage(s, "A", 0, 12, MODEL_R, &st), 0);
	CHECK_EXPORT(s, "A\nB\nC\nsigma0\n"
		     "sigma0 0x00000000 Real 0x00000000 rights=rw-\n"
		     "A 0x00000000 Virtual sigma0 0x00000000 rights=r--\n");
	/* A write access now faults with EACCES, a read works. */
	{
		struct model_lookup lk;

		CHECK_EQ(model_access(s, "A", 0x123, MODEL_W, &lk), -EACCES);
		CHECK_EQ(model_access(s, "A", 0x123, MODEL_R, &lk), 0);
		CHECK_EQ(lk.r, 0);
		CHECK_EQ(model_access(s, "A", 0x1000, MODEL_R, &lk), -EFAULT);
		CHECK_EQ(model_access(s, "A", 0, 3, &lk), -EINVAL);
		CHECK_EQ(model_access(s, "Q", 0, MODEL_R, &lk), -ENOENT);
	}
}

/*
 * Status bits: access sets one bit on the accessed mapping only; unmap,
 * flush and status return the OR over the fpage's pages and all derived
 * mappings and clear them; grant starts clear (paper).  Cached attribute:
 * uncached asked or inherited.
 */
static void test_status_cached(struct model *s)
{
	struct model_map_args a;
	struct model_lookup lk;
	uint8_t st;

	fresh(s, 2);
	model_create(s, "A");
	model_create(s, "B");
	a = fp("sigma0", 0, 13, "A", 0);
	a.uncached = true;
	CHECK_EQ(map(s, a), 0);			/* A 0, A 1 uncached */
	CHECK_EQ(model_map(s, "A", 1, "B", 7), 0);	/* inherits */
	CHECK_EQ(model_access(s, "B", 0x7fff, MODEL_X, &lk), 0);
	CHECK_EQ(lk.r, 1);
	CHECK_EQ(lk.status, MODEL_X);
	CHECK(lk.uncached);
	CHECK_EQ(model_access(s, "A", 0x0, MODEL_W, &lk), 0);
	CHECK_EXPORT(s, "A\nB\nsigma0\n"
		     "sigma0 0x00000000 Real 0x00000000\n"
		     "sigma0 0x00001000 Real 0x00001000\n"
		     "A 0x00000000 Virtual sigma0 0x00000000 uncached status=-w-\n"
		     "A 0x00001000 Virtual sigma0 0x00001000 uncached\n"
		     "B 0x00007000 Virtual A 0x00001000 uncached status=--x\n");
	/* status of sigma0 0x0/13: w from A 0, x from B 7 (via A 1). */
	CHECK_EQ(model_status_fpage(s, "sigma0", 0, 13, &st), 0);
	CHECK_EQ(st, MODEL_W | MODEL_X);
	CHECK_EQ(model_status_fpage(s, "sigma0", 0, 13, &st), 0);
	CHECK_EQ(st, 0);			/* cleared */
	/* sigma0's own bit counts for unmap too (the page of the fpage). */
	CHECK_EQ(model_access(s, "sigma0", 0x1000, MODEL_R, &lk), 0);
	CHECK_EQ(model_access(s, "B", 0x7000, MODEL_R, &lk), 0);
	CHECK_EQ(model_unmap_fpage(s, "sigma0", 1, 12, MODEL_W, &st), 0);
	CHECK_EQ(st, MODEL_R);
	CHECK_EXPORT(s, "A\nB\nsigma0\n"
		     "sigma0 0x00000000 Real 0x00000000\n"
		     "sigma0 0x00001000 Real 0x00001000\n"
		     "A 0x00000000 Virtual sigma0 0x00000000 uncached\n"
		     "A 0x00001000 Virtual sigma0 0x00001000 rights=r-x uncached\n"
		     "B 0x00007000 Virtual A 0x00001000 rights=r-x uncached\n");
	/* grant (paper): the new mapping starts clear; flush returns OR. */
	CHECK_EQ(model_access(s, "A", 0x1000, MODEL_R, &lk), 0);
	CHECK_EQ(model_grant(s, "A", 1, "B", 9), 0);
	CHECK_EXPORT(s, "A\nB\nsigma0\n"
		     "sigma0 0x00000000 Real 0x00000000\n"
		     "sigma0 0x00001000 Real 0x00001000\n"
		     "A 0x00000000 Virtual sigma0 0x00000000 uncached\n"
		     "B 0x00009000 Virtual sigma0 0x00001000 rights=r-x uncached\n");
	CHECK_EQ(model_access(s, "B", 0x9000, MODEL_X, &lk), 0);
	CHECK_EQ(model_flush_fpage(s, "sigma0", 1, 12, MODEL_RWX, &st), 0);
	CHECK_EQ(st, MODEL_X);
	CHECK_EXPORT(s, "A\nB\nsigma0\n"
		     "sigma0 0x00000000 Real 0x00000000\n"
		     "A 0x00000000 Virtual sigma0 0x00000000 uncached\n");
}

/*
 * KIP and UTCB: kernel frames (KIP 0xfffff everywhere, UTCB pages the
 * lowest free frames from 0xf0000), translations without MDB nodes,
 * EPERM for any fpage over them, ENOSPC and EINVAL at create.
 */
static void test_reserved(struct model *s)
{
	struct model_space_opts o = { .kip = true, .kip_v = 5,
				      .utcb_order = 14, .utcb_v = 0x10 };
	struct model_map_args a;
	struct model_lookup lk;
	uint8_t st;

	fresh(s, 1);
	CHECK_EQ(model_create_opts(s, "K", &o), 0);
	o.kip = false;
	o.utcb_order = 13;
	o.utcb_v = 0;
	CHECK_EQ(model_create_opts(s, "L", &o), 0);
	CHECK_EXPORT(s, "K\nL\nsigma0\nsigma0 0x00000000 Real 0x00000000\n"
		     "K 0x00005000 Kip 0xfffff000 rights=r-x\n"
		     "K 0x00010000 Utcb 0xf0000000 rights=rw-\n"
		     "K 0x00011000 Utcb 0xf0001000 rights=rw-\n"
		     "K 0x00012000 Utcb 0xf0002000 rights=rw-\n"
		     "K 0x00013000 Utcb 0xf0003000 rights=rw-\n"
		     "L 0x00000000 Utcb 0xf0004000 rights=rw-\n"
		     "L 0x00001000 Utcb 0xf0005000 rights=rw-\n");
	/* Translations: lookup and access, rights checked, no status. */
	CHECK_EQ(model_lookup(s, "K", 5, &lk), 0);
	CHECK_EQ(lk.r, MODEL_KIP_FRAME);
	CHECK_EQ(lk.reserved, MODEL_RES_KIP);
	CHECK_EQ(model_access(s, "K", 0x5004, MODEL_W, &lk), -EACCES);
	CHECK_EQ(model_access(s, "K", 0x5004, MODEL_X, &lk), 0);
	CHECK_EQ(model_access(s, "K", 0x11000, MODEL_X, &lk), -EACCES);
	CHECK_EQ(model_access(s, "K", 0x11000, MODEL_W, &lk), 0);
	CHECK_EQ(lk.r, 0xf0001);
	CHECK_EQ(lk.status, 0);
	/* EPERM: as a destination, as a source, unmap, flush, status. */
	a = fp("sigma0", 0, 12, "K", 0x5000);
	CHECK_EQ(map(s, a), -EPERM);
	a = fp("sigma0", 0, 12, "K", 0x10000);
	a.dst_order = 20;		/* 0x10000 is not 1M-aligned */
	CHECK_EQ(map(s, a), -EINVAL);
	a.dst_v = 0;			/* window 0x0/20: holds the UTCB */
	a.snd_base = 0x13000;		/* placed on UTCB page 0x13 */
	CHECK_EQ(map(s, a), -EPERM);
	a.snd_base = 0x14000;		/* placed just after: fine */
	CHECK_EQ(map(s, a), 0);
	a = fp("K", 0x4000, 13, "sigma0", 0x2000);
	CHECK_EQ(grant(s, a), -EPERM);	/* covers the KIP */
	/* The source fpage as given counts, not only the part sent. */
	a = fp("K", 0, 16, "sigma0", 0x100000);
	a.dst_order = 12;		/* sends page 0 only */
	CHECK_EQ(map(s, a), -EPERM);
	CHECK_EQ(model_unmap_fpage(s, "K", 0, 20, MODEL_RWX, &st), -EPERM);
	CHECK_EQ(model_flush_fpage(s, "K", 0x12, 12, MODEL_W, &st), -EPERM);
	CHECK_EQ(model_status_fpage(s, "L", 0, 12, &st), -EPERM);
	CHECK_EQ(model_unmap_fpage(s, "K", 0x14, 12, MODEL_RWX, &st), 0);
	CHECK_EXPORT(s, "K\nL\nsigma0\nsigma0 0x00000000 Real 0x00000000\n"
		     "K 0x00005000 Kip 0xfffff000 rights=r-x\n"
		     "K 0x00010000 Utcb 0xf0000000 rights=rw-\n"
		     "K 0x00011000 Utcb 0xf0001000 rights=rw-\n"
		     "K 0x00012000 Utcb 0xf0002000 rights=rw-\n"
		     "K 0x00013000 Utcb 0xf0003000 rights=rw-\n"
		     "K 0x00014000 Virtual sigma0 0x00000000\n"
		     "L 0x00000000 Utcb 0xf0004000 rights=rw-\n"
		     "L 0x00001000 Utcb 0xf0005000 rights=rw-\n");
	/* Destroy frees K's frames: the next UTCB takes the lowest. */
	CHECK_EQ(model_destroy(s, "K"), 0);
	o.utcb_order = 12;
	o.utcb_v = 0x100;
	CHECK_EQ(model_create_opts(s, "M", &o), 0);
	CHECK_EXPORT(s, "L\nM\nsigma0\nsigma0 0x00000000 Real 0x00000000\n"
		     "L 0x00000000 Utcb 0xf0004000 rights=rw-\n"
		     "L 0x00001000 Utcb 0xf0005000 rights=rw-\n"
		     "M 0x00100000 Utcb 0xf0000000 rights=rw-\n");
	/* KIP inside the UTCB area; a misaligned area; too many pages. */
	o.kip = true;
	o.kip_v = 0x201;
	o.utcb_order = 13;
	o.utcb_v = 0x200;
	CHECK_EQ(model_create_opts(s, "N", &o), -EINVAL);
	o.kip = false;
	o.utcb_v = 0x201;
	CHECK_EQ(model_create_opts(s, "N", &o), -EINVAL);
	o.utcb_order = 28;		/* 65536 pages, the window has 65535 */
	o.utcb_v = 0;
	CHECK_EQ(model_create_opts(s, "N", &o), -ENOSPC);
	o.utcb_order = 12;
	CHECK_EQ(model_create_opts(s, "M", &o), -EEXIST);
	/* sigma0 reaching into the window: no kernel frames at all. */
	s->sigma0_pages = MODEL_UTCB_FRAME0 + 1;
	o.utcb_order = 0;
	o.kip = true;
	CHECK_EQ(model_create_opts(s, "N", &o), -ENOSPC);
	o.kip = false;
	CHECK_EQ(model_create_opts(s, "N", &o), 0);	/* nothing reserved */
}

/*
 * Receive windows (X.2 rule), send fpage 2^s, window 2^r, base 0x5000:
 *  s < r: sigma0 0x0/13 into window 0x100000/16: offset 0x5000 mod 2^16
 *         rounded down to 2^13 = 0x4000: A 0x104000, 0x105000;
 *  s = r: sigma0 0x0/13 into 0x200000/13: page i to page i;
 *  s > r: sigma0 0x0/15 into window 0x300000/13: the part at 0x5000 mod
 *         2^15 rounded down to 2^13 = 0x4000, i.e. sigma0 4 and 5.
 * Only the low bits of the base matter: 0x12345678 mod 2^16 = 0x5678,
 * rounded down to 2^13: 0x4000 again.
 */
static void test_windows(struct model *s)
{
	struct model_map_args a;

	fresh(s, 8);
	model_create(s, "A");
	a = fp("sigma0", 0, 13, "A", 0x100000);
	a.dst_order = 16;
	a.snd_base = 0x5000;
	CHECK_EQ(map(s, a), 0);
	a = fp("sigma0", 0, 13, "A", 0x200000);
	a.dst_order = 13;
	a.snd_base = 0x5000;
	CHECK_EQ(map(s, a), 0);
	a = fp("sigma0", 0, 15, "A", 0x300000);
	a.dst_order = 13;
	a.snd_base = 0x5000;
	CHECK_EQ(map(s, a), 0);
	a = fp("sigma0", 0x2000, 13, "A", 0x400000);
	a.dst_order = 16;
	a.snd_base = 0x12345678;
	CHECK_EQ(grant(s, a), 0);
	CHECK_EXPORT(s, "A\nsigma0\n"
		     "sigma0 0x00000000 Real 0x00000000\n"
		     "sigma0 0x00001000 Real 0x00001000\n"
		     "sigma0 0x00004000 Real 0x00004000\n"
		     "sigma0 0x00005000 Real 0x00005000\n"
		     "sigma0 0x00006000 Real 0x00006000\n"
		     "sigma0 0x00007000 Real 0x00007000\n"
		     "A 0x00104000 Virtual sigma0 0x00000000\n"
		     "A 0x00105000 Virtual sigma0 0x00001000\n"
		     "A 0x00200000 Virtual sigma0 0x00000000\n"
		     "A 0x00201000 Virtual sigma0 0x00001000\n"
		     "A 0x00300000 Virtual sigma0 0x00004000\n"
		     "A 0x00301000 Virtual sigma0 0x00005000\n"
		     "A 0x00404000 Real 0x00002000\n"
		     "A 0x00405000 Real 0x00003000\n");
	/* s > r in one space: the part sent does not overlap the window. */
	a = fp("A", 0x200000, 13, "A", 0x201000);
	a.dst_order = 12;
	a.snd_base = 0;			/* part = A 0x200000 -> A 0x201000 */
	CHECK_EQ(map(s, a), 0);
	CHECK_EXPORT(s, "A\nsigma0\n"
		     "sigma0 0x00000000 Real 0x00000000\n"
		     "sigma0 0x00001000 Real 0x00001000\n"
		     "sigma0 0x00004000 Real 0x00004000\n"
		     "sigma0 0x00005000 Real 0x00005000\n"
		     "sigma0 0x00006000 Real 0x00006000\n"
		     "sigma0 0x00007000 Real 0x00007000\n"
		     "A 0x00104000 Virtual sigma0 0x00000000\n"
		     "A 0x00105000 Virtual sigma0 0x00001000\n"
		     "A 0x00200000 Virtual sigma0 0x00000000\n"
		     "A 0x00201000 Virtual A 0x00200000\n"
		     "A 0x00300000 Virtual sigma0 0x00004000\n"
		     "A 0x00301000 Virtual sigma0 0x00005000\n"
		     "A 0x00404000 Real 0x00002000\n"
		     "A 0x00405000 Real 0x00003000\n");
}

/*
 * The theorems and invariants hold after every op of generated sequences
 * with all the extensions (model_theorems: no loops, everything reaches
 * Real, rights within the source's, no mapping on a reserved page, the
 * child-list index exact); and every op has a one-line l4mm -b form.
 */
static void test_random_theorems(struct model *s)
{
	static const uint32_t sizes[] = { 0, 8, 300, 0x1000 };
	uint32_t last_v = 0, i, k;
	struct op_rng rng;
	struct op_out out;
	char why[256], line[192];
	struct op op;
	int last_n;

	for (k = 0; k < 4; k++) {
		op_rng_seed(&rng, 77 + k);
		fresh(s, sizes[k]);
		last_n = -1;
		for (i = 0; i < 1500; i++) {
			op = op_generate(&rng, s, sizes[k], &last_n, &last_v,
					 true);
			op_apply_model(s, &op, &out);
			if (op_format(&op, line, sizeof(line)) >=
			    (int)sizeof(line) || strchr(line, '\n')) {
				printf("#   op %u: no one-line form\n", i);
				failures++;
				return;
			}
			if (model_theorems(s, why, sizeof(why))) {
				printf("#   sigma0 %u, op %u (%s): %s\n", sizes[k],
				       i, line, why);
				failures++;
				return;
			}
		}
	}
}

/* op_format writes the command line of docs/extensions.md section 10. */
static void test_format(struct model *s)
{
	static const struct {
		struct op op;
		const char *line;
	} cases[] = {
		{ { .kind = OP_MAP, .n = 0, .v = 0x100, .order = 20, .n2 = 1,
		    .v2 = 0x200, .rights = MODEL_R | MODEL_X,
		    .flags = OPF_DASH | OPF_UNCACHED },
		  "map sigma0 0x100000/20 A 0x200000 rights r-x uncached" },
		{ { .kind = OP_GRANT, .n = 1, .v = 0, .order = 16, .n2 = 2,
		    .v2 = 0x10, .order2 = 16, .base = 0x3000,
		    .flags = OPF_PLUS, .mode = MODEL_GRANT_KEEP },
		  "grant A 0x0+64K B 0x10000+64K base 0x3000 keep-subtree" },
		{ { .kind = OP_GRANT, .n = 1, .v = 7, .n2 = 2, .v2 = 9,
		    .mode = MODEL_GRANT_PAPER, .rights = MODEL_R | MODEL_W },
		  "grant A 0x7000 B 0x9000 rights rw paper" },
		{ { .kind = OP_MAP, .n = 1, .v = 7, .n2 = 2, .v2 = 9 },
		  "map A 0x7000 B 0x9000" },
		{ { .kind = OP_CREATE, .n = 1, .v = 5, .flags = OPF_KIP,
		    .v2 = 0x10, .order2 = 14 },
		  "create A kip 0x5000 utcb 0x10000/14" },
		{ { .kind = OP_UNMAP, .n = 1, .order = 32, .rights = MODEL_W,
		    .flags = OPF_PLUS },
		  "unmap A 0x0+4G rights w" },
		{ { .kind = OP_FLUSH, .n = 1, .v = 3, .flags = OPF_SLASH },
		  "flush A 0x3000/12" },
		{ { .kind = OP_STATUS, .n = 2, .v = 0x100, .order = 20 },
		  "status B 0x100000/20" },
		{ { .kind = OP_ACCESS, .n = 1, .v = 1, .off = 0x234,
		    .access = MODEL_W },
		  "access A 0x1234 w" },
		{ { .kind = OP_CONFIG, .mode = MODEL_GRANT_KEEP },
		  "config grant-mode keep-subtree" },
	};
	char line[192];
	size_t i;

	(void)s;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		op_format(&cases[i].op, line, sizeof(line));
		if (strcmp(line, cases[i].line)) {
			printf("#   want '%s', got '%s'\n", cases[i].line, line);
			failures++;
		}
	}
}

int main(void)
{
	static struct model s;	/* large: not on the stack */
	static const struct {
		const char *name;
		void (*fn)(struct model *s);
	} tests[] = {
		{ "the paper's single-page operations export as before",
		  test_paper_unchanged },
		{ "grant modes: paper, keep-subtree, the default, self-grant",
		  test_grant_modes },
		{ "flexpages: page-wise ascending, ENXIO, EINVAL, partial unmaps",
		  test_fpages },
		{ "rights: masks, revocation along chains, EACCES",
		  test_rights },
		{ "status bits and the cached attribute",
		  test_status_cached },
		{ "KIP and UTCB: frames, EPERM, ENOSPC, EINVAL",
		  test_reserved },
		{ "receive windows: s < r, s = r, s > r",
		  test_windows },
		{ "theorems and invariants after 6000 generated ops",
		  test_random_theorems },
		{ "ops are written in the command line's syntax",
		  test_format },
	};
	int i, n = sizeof(tests) / sizeof(tests[0]), before, bad = 0, t = 0;

	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("1..%d\n", n + 2);
	for (i = 0; i < n; i++) {
		before = failures;
		tests[i].fn(&s);
		model_free(&s);
		bad += failures != before;
		printf("%sok %d - model: %s\n", failures != before ? "not " : "",
		       ++t, tests[i].name);
	}
	before = failures;
	test_counterexample(&s, MODEL_GRANT_PAPER);
	model_free(&s);
	bad += failures != before;
	printf("%sok %d - model: the paper's loop counterexample, grant mode paper\n",
	       failures != before ? "not " : "", ++t);
	before = failures;
	test_counterexample(&s, MODEL_GRANT_KEEP);
	model_free(&s);
	bad += failures != before;
	printf("%sok %d - model: the paper's loop counterexample, grant mode keep-subtree\n",
	       failures != before ? "not " : "", ++t);
	return bad ? 1 : 0;
}
