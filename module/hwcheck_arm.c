// SPDX-License-Identifier: GPL-2.0
/*
 * The ARM MMU as a judge of the page tables l4mm builds.
 *
 * The tables are in the ARMv7 short-descriptor format (core/fmt_armv7.c),
 * so the hardware can walk them.  For a moment, with interrupts off, this
 * CPU's TTBR0 points at a space's first-level table with TTBCR.N = 1:
 * TTBR0 then translates the lower 2 GiB only, while the kernel (PAGE_OFFSET
 * 0xc0000000, modules just below, all above 2 GiB) keeps being translated
 * through TTBR1, which holds the kernel's own table (swapper_pg_dir, set at
 * boot and never changed).  ATS1CPR/ATS1CPW translate an address as a PL1
 * read/write would and leave the result in PAR; nothing else is accessed
 * through TTBR0 in the window.
 *
 * Details that matter:
 *  - The kernel's software PAN (CPU_SW_DOMAIN_PAN) keeps the user domain,
 *    which l4mm's descriptors use, at "no access": every translation
 *    would be a domain fault.  uaccess_save_and_enable() opens it for the
 *    window, as copy_from_user() does.
 *  - The TLB may hold the current process's entries for the lower 2 GiB
 *    (same ASID), and speculative walks may cache entries of our tables:
 *    the local TLB is invalidated after switching TTBR0 and again after
 *    switching back, so neither ever sees the other's entries.  The
 *    tables are only reachable from this CPU, so a local invalidation is
 *    enough.
 *  - TTBR0 keeps the walk attributes (cacheability, shareability) of the
 *    kernel's current TTBR0; our table is 16 KiB aligned (N = 1 needs 8).
 *  - The interrupts-off window covers one batch of addresses whose
 *    expected results were computed beforehand, so nothing in the window
 *    can fault or allocate.
 *  - A kernel built with LPAE (Debian's armmp-lpae) runs with TTBCR.EAE
 *    set: TTBR0 then holds a long-descriptor table and the MMU cannot
 *    walk short-descriptor ones at all.  l4mm_hwcheck_available() reads
 *    TTBCR, so such a kernel gets -EOPNOTSUPP and never the window.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/irqflags.h>
#include <linux/printk.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <asm/barrier.h>

#include "l4mm_core.h"
#include "hwcheck.h"

#define HWCHECK_BATCH		32
#define HWCHECK_TTBR0_LIMIT	0x80000000U	/* TTBCR.N = 1 */
#define TTBCR_N_MASK		0x7U
#define TTBCR_LONG_DESC		BIT(31)	/* EAE: long descriptors (LPAE) */
#define TTBR_ATTR_MASK		0x7fU
#define PAR_F			BIT(0)
#define PAR_SS			BIT(1)
#define PAR_PA_MASK		0xfffff000U
#define PAR_SS_PA_MASK		0xff000000U	/* PA[31:24] */
#define PAR_SS_PA_HIGH		0x00ff0000U	/* PA[39:32] */
#define MISMATCH_LOG_MAX	8
#define SUPERSECTION_SHIFT	24	/* 16 MiB */

struct hw_probe {
	u32 va;
	u32 want;		/* expected PA of the page, if mapped */
	bool mapped, writable;
	bool super;		/* mapped by a supersection */
	u32 par_r, par_w;
};

static inline u32 read_ttbcr(void)
{
	u32 v;

	asm volatile("mrc p15, 0, %0, c2, c0, 2" : "=r" (v));
	return v;
}

static inline void write_ttbcr(u32 v)
{
	asm volatile("mcr p15, 0, %0, c2, c0, 2" : : "r" (v));
}

static inline u32 read_ttbr0(void)
{
	u32 v;

	asm volatile("mrc p15, 0, %0, c2, c0, 0" : "=r" (v));
	return v;
}

static inline void write_ttbr0(u32 v)
{
	asm volatile("mcr p15, 0, %0, c2, c0, 0" : : "r" (v));
}

/* TLBIALL on this CPU only, then wait for it. */
static inline void local_tlbiall(void)
{
	asm volatile("mcr p15, 0, %0, c8, c7, 0" : : "r" (0) : "memory");
	dsb(nsh);
	isb();
}

static inline u32 ats1cp(u32 va, bool write)
{
	u32 par;

	if (write)
		asm volatile("mcr p15, 0, %0, c7, c8, 1" : : "r" (va));
	else
		asm volatile("mcr p15, 0, %0, c7, c8, 0" : : "r" (va));
	isb();
	asm volatile("mrc p15, 0, %0, c7, c4, 0" : "=r" (par));
	return par;
}

/* The window: our table in TTBR0, translate the batch, restore. */
static void hw_translate(u32 table_pa, struct hw_probe *p, unsigned int n)
{
	unsigned long flags;
	unsigned int ua, i;
	u32 ttbcr, ttbr0;

	local_irq_save(flags);
	ua = uaccess_save_and_enable();
	ttbcr = read_ttbcr();
	ttbr0 = read_ttbr0();
	dsb(ishst);		/* the table writes, before any walk */
	write_ttbcr((ttbcr & ~TTBCR_N_MASK) | 1);
	write_ttbr0(table_pa | (ttbr0 & TTBR_ATTR_MASK));
	isb();
	local_tlbiall();
	for (i = 0; i < n; i++) {
		p[i].par_r = ats1cp(p[i].va, false);
		p[i].par_w = ats1cp(p[i].va, true);
	}
	write_ttbr0(ttbr0);
	write_ttbcr(ttbcr);
	isb();
	local_tlbiall();
	uaccess_restore(ua);
	local_irq_restore(flags);
}

static void note_mismatch(const struct l4mm_space *sp,
			  struct l4mm_hwcheck_result *res,
			  const struct hw_probe *p, bool write)
{
	u32 par = write ? p->par_w : p->par_r;

	if (!res->mismatches++) {
		res->bad_va = p->va;
		res->bad_par = par;
		res->bad_want = p->want;
		res->bad_mapped = p->mapped;
		res->bad_write = write;
	}
	if (res->mismatches > MISMATCH_LOG_MAX)
		return;
	if (p->mapped)
		pr_err("hwcheck %s 0x%08x: %s: PAR 0x%08x, expected PA 0x%08x%s\n",
		       l4mm_space_name(sp), p->va, write ? "write" : "read", par,
		       p->want,
		       write && !p->writable ? " read-only (fault)" : "");
	else
		pr_err("hwcheck %s 0x%08x: %s: PAR 0x%08x, expected a fault (unmapped)\n",
		       l4mm_space_name(sp), p->va, write ? "write" : "read", par);
}

/*
 * Whether @par is a successful translation of @p's page to the expected
 * frame, by an entry of the expected kind.  For a supersection the PAR
 * has SS set and holds PA[31:24] only (PA[39:32] in [23:16], zero for
 * l4mm's 32-bit frames; [15:12] unknown): the rest of the address is the
 * VA's (ARM ARM, PAR in the short-descriptor format; QEMU's ATS does
 * the same).
 */
static bool par_maps(const struct hw_probe *p, u32 par)
{
	if (par & PAR_F)
		return false;
	if (!!(par & PAR_SS) != p->super)
		return false;
	if (par & PAR_SS)
		return !(par & PAR_SS_PA_HIGH) &&
		       ((par & PAR_SS_PA_MASK) |
			(p->va & ~PAR_SS_PA_MASK & PAR_PA_MASK)) == p->want;
	return (par & PAR_PA_MASK) == p->want;
}

static void judge(const struct l4mm_space *sp, struct l4mm_hwcheck_result *res,
		  const struct hw_probe *p, unsigned int n)
{
	unsigned int i;
	bool ok_r, ok_w;

	for (i = 0; i < n; i++, p++) {
		if (p->mapped) {
			ok_r = par_maps(p, p->par_r);
			ok_w = p->writable ? par_maps(p, p->par_w) :
			       !!(p->par_w & PAR_F);
			res->pages++;
		} else {
			ok_r = p->par_r & PAR_F;
			ok_w = p->par_w & PAR_F;
			res->unmapped++;
		}
		if (!ok_r)
			note_mismatch(sp, res, p, false);
		else if (!ok_w)
			note_mismatch(sp, res, p, true);
	}
}

/*
 * Fill @p for @va from the software walk: the translation the core gives
 * for the page (its own frame and the rights of the entry that maps it,
 * also under a section or supersection), so that a wrong section or
 * supersection descriptor shows up as a mismatch.
 */
static void expect_mapping(const struct l4mm_mapping_info *mi,
			   struct hw_probe *p)
{
	memset(p, 0, sizeof(*p));
	p->va = mi->vaddr;
	p->mapped = true;
	p->writable = mi->wr;
	p->super = mi->page_shift == SUPERSECTION_SHIFT;
	p->want = mi->frame << L4MM_CORE_PAGE_SHIFT;
}

static void expect(const struct l4mm_state *st, const struct l4mm_space *sp,
		   u32 va, struct hw_probe *p)
{
	struct l4mm_mapping_info mi;

	if (!l4mm_lookup(st, sp, va, &mi)) {
		expect_mapping(&mi, p);
		return;
	}
	memset(p, 0, sizeof(*p));
	p->va = va;
}

struct hw_batch {
	const struct l4mm_state *st;
	const struct l4mm_space *sp;
	struct l4mm_hwcheck_result *res;
	u32 table_pa;
	unsigned int n;
	struct hw_probe p[HWCHECK_BATCH];
};

static void batch_flush(struct hw_batch *b)
{
	if (!b->n)
		return;
	hw_translate(b->table_pa, b->p, b->n);
	judge(b->sp, b->res, b->p, b->n);
	b->n = 0;
}

static void batch_add(struct hw_batch *b, const struct hw_probe *p)
{
	b->p[b->n++] = *p;
	if (b->n == HWCHECK_BATCH)
		batch_flush(b);
}

/*
 * The test knob (hwcheck_inject.c): @va's descriptor is corrupted after
 * its expectation is taken and restored right after the MMU translated
 * it.  @va gets a window of its own, so that no other page that shares
 * the descriptor (a section's) sees the corruption.
 */
static void batch_add_corrupted(struct hw_batch *b, const struct hw_probe *p,
				enum l4mm_hwcheck_inject_kind kind)
{
	struct l4mm_hw_corruption c;

	batch_flush(b);
	b->p[b->n++] = *p;
	l4mm_hwcheck_corrupt(b->sp, p->va, kind, &c);
	hw_translate(b->table_pa, b->p, b->n);
	l4mm_hwcheck_restore(&c);
	judge(b->sp, b->res, b->p, b->n);
	b->n = 0;
}

/**
 * l4mm_hwcheck_available() - whether the MMU can walk l4mm's tables here
 *
 * Return: true when this CPU translates with short descriptors
 * (TTBCR.EAE clear), false under an LPAE kernel.
 */
bool l4mm_hwcheck_available(void)
{
	return !(read_ttbcr() & TTBCR_LONG_DESC);
}

/**
 * l4mm_hwcheck() - compare the MMU's translations with the software walk
 * @st: the state
 * @sp: one of its spaces
 * @res: receives the counts and the first mismatch
 *
 * Every mapped page below 2 GiB is translated for read and for write;
 * for each, the next page if it is unmapped, and one address in every
 * 1 MiB of the lower 2 GiB that is unmapped, must fault.  If debugfs
 * l4mm/hwcheck_corrupt is armed, one descriptor is wrong for the
 * translation of one page (a test of the check itself).
 *
 * Locking: the caller holds the netns lock (the tables must not change).
 * Return: 0 (mismatches are counted, not an error), -EOPNOTSUPP under an
 * LPAE kernel, -ENOMEM.
 */
int l4mm_hwcheck(const struct l4mm_state *st, const struct l4mm_space *sp,
		 struct l4mm_hwcheck_result *res)
{
	struct l4mm_hwcheck_inject inj;
	struct l4mm_mapping_info mi;
	struct hw_batch *b;
	struct hw_probe p;
	u32 va, mb, nth = 0;
	u64 from = 0;

	if (!l4mm_hwcheck_available())
		return -EOPNOTSUPP;
	l4mm_hwcheck_inject_take(&inj);
	b = kzalloc(sizeof(*b), GFP_KERNEL);
	if (!b)
		return -ENOMEM;
	memset(res, 0, sizeof(*res));
	b->st = st;
	b->sp = sp;
	b->res = res;
	b->table_pa = l4mm_env_table_phys(l4mm_space_hw_table(sp));

	while (!l4mm_space_next_mapping(st, sp, from, &mi)) {
		from = (u64)mi.vaddr + L4MM_CORE_PAGE_SIZE;
		if (mi.vaddr >= HWCHECK_TTBR0_LIMIT) {
			res->skipped++;
			continue;
		}
		expect_mapping(&mi, &p);
		if (inj.nth && ++nth == inj.nth)
			batch_add_corrupted(b, &p, inj.kind);
		else
			batch_add(b, &p);
		if (from < HWCHECK_TTBR0_LIMIT) {
			expect(st, sp, (u32)from, &p);
			if (!p.mapped)
				batch_add(b, &p);
		}
	}
	for (mb = 0; mb < HWCHECK_TTBR0_LIMIT >> 20; mb++) {
		va = (mb << 20) | 0x7000;	/* any page of the MiB */
		expect(st, sp, va, &p);
		if (!p.mapped)
			batch_add(b, &p);
	}
	batch_flush(b);
	kfree(b);
	return 0;
}
