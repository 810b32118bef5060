// SPDX-License-Identifier: GPL-2.0
/*
 * Test-only: make the next hwcheck see one wrong hardware descriptor, so
 * that a test can prove hwcheck reports a mismatch when there is one
 * (a checker that can never fail proves nothing).
 *
 * debugfs l4mm/hwcheck_corrupt: write "ap N" or "frame N" (N >= 1) and the
 * next hwcheck, of any space, corrupts the descriptor that maps the Nth
 * page it checks (mapped pages below 2 GiB, in ascending address order):
 * "ap" inverts the page's write permission (AP[2]), "frame" flips the
 * lowest address bit of the descriptor (the frame of a small page, the
 * 64 KiB / 1 MiB / 16 MiB unit of a large page, section or supersection).
 * The change is made after the software expectation of that page is
 * taken and undone right after the MMU translated it, so the tables are
 * intact again before hwcheck returns.  Any hwcheck consumes the knob,
 * whether it fired or not; "0" disarms it.  Reading shows what is armed.
 *
 * Global, like fail_nth: tests drive one hwcheck at a time.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/io.h>
#include <linux/kernel.h>
#include <linux/spinlock.h>
#include <linux/uaccess.h>

#include "l4mm_core.h"
#include "hwcheck.h"

/*
 * The short-descriptor format as the MMU reads it (ARM ARM B3.5), not as
 * the core writes it: the corrupter must not share the core's view of the
 * tables, or a bug in the format would corrupt the wrong bit unseen.
 */
#define L1_TYPE_MASK		0x3U
#define L1_TYPE_TABLE		0x1U	/* next level at [31:10] */
#define L1_TYPE_SECTION		0x2U	/* [18]: 0 section, 1 supersection */
#define L1_SUPERSECTION		BIT(18)
#define L1_TABLE_ADDR		0xfffffc00U
#define L1_AP2			BIT(15)	/* section and supersection */
#define L2_TYPE_MASK		0x3U
#define L2_TYPE_LARGE		0x1U	/* 64 KiB page */
#define L2_AP2			BIT(9)	/* large and small page */

static DEFINE_SPINLOCK(inject_lock);
static struct l4mm_hwcheck_inject armed;

static const char *const inject_names[] = {
	[L4MM_HWI_AP] = "ap",
	[L4MM_HWI_FRAME] = "frame",
};

/**
 * l4mm_hwcheck_inject_take() - read and disarm the knob
 * @in: receives what is armed (@in->nth 0: nothing)
 *
 * Context: process (hwcheck and the debugfs file).
 */
void l4mm_hwcheck_inject_take(struct l4mm_hwcheck_inject *in)
{
	spin_lock(&inject_lock);
	*in = armed;
	armed.nth = 0;
	spin_unlock(&inject_lock);
}

/*
 * The descriptor the MMU's walk for @va ends at, found as the MMU finds
 * it: the first-level entry, and the second-level one if the first is a
 * table descriptor.  Software lookups may answer from elsewhere (the
 * level-0 table kept behind a section), which the MMU never reads, so
 * corrupting that would prove nothing.  Also the entry's address bit of
 * lowest significance (its frame, or the 64 KiB / 1 MiB / 16 MiB unit) and
 * its AP[2] bit.
 */
static u32 *mmu_entry(const struct l4mm_space *sp, u32 va, u32 *frame_bit,
		      u32 *ap2)
{
	u32 *l1 = (u32 *)l4mm_space_hw_table(sp) + (va >> 20);
	u32 *l2;

	if ((*l1 & L1_TYPE_MASK) == L1_TYPE_SECTION) {
		*frame_bit = *l1 & L1_SUPERSECTION ? BIT(24) : BIT(20);
		*ap2 = L1_AP2;
		return l1;
	}
	if ((*l1 & L1_TYPE_MASK) != L1_TYPE_TABLE)
		return NULL;
	/* A lowmem table: its physical address maps back (hwcheck_arm.c). */
	l2 = (u32 *)phys_to_virt(*l1 & L1_TABLE_ADDR) + ((va >> 12) & 0xff);
	if (!(*l2 & L2_TYPE_MASK))
		return NULL;
	*frame_bit = (*l2 & L2_TYPE_MASK) == L2_TYPE_LARGE ? BIT(16) : BIT(12);
	*ap2 = L2_AP2;
	return l2;
}

/**
 * l4mm_hwcheck_corrupt() - corrupt the descriptor that maps @va
 * @sp: the space
 * @va: a mapped page of @sp
 * @kind: which corruption
 * @c: receives what l4mm_hwcheck_restore() needs
 *
 * Only the entry the MMU indexes for @va is changed (for a large page or
 * supersection, one of the 16 copies: the walk for @va reads it).  The
 * write is cleaned for the table walker like every table write; the TLB
 * needs nothing here because hwcheck invalidates it after pointing TTBR0
 * at the table and again after switching back.  The tables are the
 * core's, written here behind its back for a moment: test builds only.
 *
 * Locking: the caller holds the netns lock for writing (hwcheck does).
 */
void l4mm_hwcheck_corrupt(const struct l4mm_space *sp, u32 va,
			  enum l4mm_hwcheck_inject_kind kind,
			  struct l4mm_hw_corruption *c)
{
	u32 frame_bit, ap2;
	u32 *pte = mmu_entry(sp, va, &frame_bit, &ap2);

	c->pte = NULL;
	if (!pte)
		return;
	c->old = *pte;
	c->pte = pte;
	WRITE_ONCE(*pte, c->old ^ (kind == L4MM_HWI_AP ? ap2 : frame_bit));
	l4mm_env_table_sync(pte, sizeof(*pte));
	pr_info("hwcheck %s: test knob: %s of the descriptor of 0x%08x corrupted: 0x%08x -> 0x%08x\n",
		l4mm_space_name(sp), inject_names[kind], va, c->old, *pte);
}

/**
 * l4mm_hwcheck_restore() - undo l4mm_hwcheck_corrupt()
 * @c: what it recorded
 *
 * The MMU may still hold the corrupted translation in its TLB until the
 * invalidation at the end of hwcheck's window, which has run by now.
 */
void l4mm_hwcheck_restore(struct l4mm_hw_corruption *c)
{
	if (!c->pte)
		return;
	WRITE_ONCE(*c->pte, c->old);
	l4mm_env_table_sync(c->pte, sizeof(*c->pte));
	c->pte = NULL;
}

static ssize_t corrupt_read(struct file *f, char __user *buf, size_t len,
			    loff_t *pos)
{
	struct l4mm_hwcheck_inject in;
	char s[32];
	int n;

	spin_lock(&inject_lock);
	in = armed;
	spin_unlock(&inject_lock);
	if (in.nth)
		n = scnprintf(s, sizeof(s), "%s %u\n", inject_names[in.kind],
			      in.nth);
	else
		n = scnprintf(s, sizeof(s), "0\n");
	return simple_read_from_buffer(buf, len, pos, s, n);
}

/* "0", "ap N" or "frame N" (N >= 1) into @in. */
static int corrupt_parse(char *w, struct l4mm_hwcheck_inject *in)
{
	char word[8];

	in->nth = 0;
	if (!strcmp(w, "0"))
		return 0;
	if (sscanf(w, "%7s %u", word, &in->nth) != 2 || !in->nth)
		return -EINVAL;
	for (in->kind = 0; in->kind < ARRAY_SIZE(inject_names); in->kind++)
		if (!strcmp(word, inject_names[in->kind]))
			return 0;
	return -EINVAL;
}

static ssize_t corrupt_write(struct file *f, const char __user *buf,
			     size_t len, loff_t *pos)
{
	struct l4mm_hwcheck_inject in;
	char s[32];
	ssize_t n;
	int err;

	n = simple_write_to_buffer(s, sizeof(s) - 1, pos, buf, len);
	if (n < 0)
		return n;
	s[n] = '\0';
	err = corrupt_parse(strim(s), &in);
	if (err)
		return err;
	spin_lock(&inject_lock);
	armed = in;
	spin_unlock(&inject_lock);
	return len;
}

static const struct file_operations corrupt_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.read = corrupt_read,
	.write = corrupt_write,
	.llseek = default_llseek,
};

/**
 * l4mm_hwcheck_debugfs_init() - create l4mm/hwcheck_corrupt
 * @dir: debugfs l4mm/
 *
 * Only where hwcheck is available: there is nothing to corrupt elsewhere.
 */
void l4mm_hwcheck_debugfs_init(struct dentry *dir)
{
	if (!l4mm_hwcheck_available())
		return;
	debugfs_create_file("hwcheck_corrupt", 0600, dir, NULL,
			    &corrupt_fops);
}
