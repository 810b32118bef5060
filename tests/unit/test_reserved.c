// SPDX-License-Identifier: GPL-2.0
/*
 * KIP and UTCB regions (docs/extensions.md section 5): kernel frames,
 * rights, what lookup/dump/access show, EPERM for every operation whose
 * fpage meets them, ENOSPC, EINVAL, and release at destroy.
 */
#include "unit.h"
#include "tests.h"

#define R	L4MM_CORE_R
#define W	L4MM_CORE_W
#define X	L4MM_CORE_X
#define RWX	L4MM_CORE_RWX

static struct l4mm_space *mkres(struct l4mm_state *st, const char *name,
				bool kip, u32 kip_va, u8 order, u32 utcb_va)
{
	struct l4mm_space_opts o = {
		.kip = kip, .kip_va = kip_va,
		.utcb_order = order, .utcb_va = utcb_va,
	};
	struct l4mm_space *sp = NULL;

	CHECK_EQ(l4mm_space_create_opts(st, name, &o, &sp), 0);
	return sp;
}

static int create_res(struct l4mm_state *st, const char *name, bool kip,
		      u32 kip_va, u8 order, u32 utcb_va)
{
	struct l4mm_space_opts o = {
		.kip = kip, .kip_va = kip_va,
		.utcb_order = order, .utcb_va = utcb_va,
	};

	return l4mm_space_create_opts(st, name, &o, NULL);
}

TEST(test_reserved_create)
{
	/* Table counts, bytes or allocation sites of its geometry. */
	UNIT_ONLY_FORMAT(L4MM_FORMAT_ARMV7);
	struct l4mm_state *st = mkstate(16);
	struct l4mm_space_opts o;
	struct l4mm_mapping_info mi;
	struct l4mm_space *a, *b;
	struct l4mm_stats s;
	u64 from = 0;
	int n = 0;

	a = mkres(st, "A", true, 0x1000, 14, 0x8000);
	CHECK_EQ(l4mm_lookup(st, a, 0x1000, &mi), 0);
	CHECK_EQ(mi.reserved, L4MM_RESERVED_KIP);
	CHECK_EQ(mi.frame, L4MM_CORE_KIP_FRAME);
	CHECK_EQ(mi.rights, R | X);
	CHECK(!mi.is_real && !mi.src && !mi.depth && !mi.status);
	CHECK_EQ(l4mm_lookup(st, a, 0xb000, &mi), 0);
	CHECK_EQ(mi.reserved, L4MM_RESERVED_UTCB);
	CHECK_EQ(mi.frame, L4MM_CORE_UTCB_FRAME0 + 3);
	CHECK_EQ(mi.rights, R | W);
	CHECK_EQ(l4mm_lookup(st, a, 0xc000, &mi), -ENOENT);
	l4mm_space_get_opts(a, &o);
	CHECK(o.kip && o.kip_va == 0x1000 && o.utcb_order == 14 &&
	      o.utcb_va == 0x8000);
	/* Pages count the reserved leaves; the MDB counter does not. */
	CHECK_EQ(l4mm_space_pages(a), 5);
	l4mm_state_stats(st, &s);
	CHECK_EQ(s.mappings, 16);
	while (!l4mm_space_next_mapping(st, a, from, &mi)) {
		CHECK(mi.reserved != L4MM_RESERVED_NONE);
		from = (u64)mi.vaddr + 0x1000;
		n++;
	}
	CHECK_EQ(n, 5);
	/* The next space's UTCB takes the next frames; the KIP is shared. */
	b = mkres(st, "B", true, 0xfffff000, 13, 0x80000000);
	CHECK_EQ(frame_of(st, "B", 0x80001000), L4MM_CORE_UTCB_FRAME0 + 5);
	CHECK_EQ(frame_of(st, "B", 0xfffff000), L4MM_CORE_KIP_FRAME);
	/* KIP only, UTCB only, neither. */
	mkres(st, "C", true, 0, 0, 0);
	mkres(st, "D", false, 0, 12, 0x7000);
	CHECK_EQ(frame_of(st, "D", 0x7000), L4MM_CORE_UTCB_FRAME0 + 6);
	mkres(st, "E", false, 0, 0, 0);
	CHECK_EQ(l4mm_space_pages(S(st, "E")), 0);
	CHECK_CLEAN(st);
	/* Destroy frees the frames: the lowest free ones are taken again. */
	CHECK_EQ(l4mm_space_destroy(st, a, NULL), 0);
	CHECK_CLEAN(st);
	mkres(st, "F", false, 0, 13, 0x2000);
	CHECK_EQ(frame_of(st, "F", 0x2000), L4MM_CORE_UTCB_FRAME0);
	CHECK_EQ(frame_of(st, "F", 0x3000), L4MM_CORE_UTCB_FRAME0 + 1);
	CHECK_EQ(l4mm_space_destroy(st, b, NULL), 0);
	CHECK_EQ(l4mm_space_tables(S(st, "F")), 2);
	CHECK_CLEAN(st);
	/* State destroy frees the rest (the runner checks for leaks). */
	l4mm_state_destroy(st);
}

TEST(test_reserved_errors)
{
	struct l4mm_state *st = mkstate(16);
	char *before, *after, name[16];
	int order;

	before = dump_state(st);
	/* KIP inside the UTCB area; misaligned; bad orders. */
	CHECK_EQ(create_res(st, "A", true, 0x9000, 14, 0x8000), -EINVAL);
	CHECK_EQ(create_res(st, "A", true, 0x1800, 0, 0), -EINVAL);
	CHECK_EQ(create_res(st, "A", false, 0, 14, 0x9000), -EINVAL);
	CHECK_EQ(create_res(st, "A", false, 0, 11, 0), -EINVAL);
	CHECK_EQ(create_res(st, "A", false, 0, 33, 0), -EINVAL);
	CHECK_EQ(create_res(st, "sigma0", true, 0, 0, 0), -EEXIST);
	/* More UTCB pages than the window has. */
	CHECK_EQ(create_res(st, "A", false, 0, 32, 0), -ENOSPC);
	after = dump_state(st);
	CHECK(!strcmp(before, after));
	free(after);
	free(before);
	CHECK_EQ(create_res(st, "A", false, 0, 27, 0), 0);
	CHECK_EQ(l4mm_space_pages(S(st, "A")), 32768);
	CHECK_EQ(create_res(st, "B", false, 0, 27, 0), -ENOSPC);
	CHECK_EQ(create_res(st, "B", false, 0, 26, 0x4000000), 0);
	/* 0xffff frames: 0x3fff = 2^13 + ... + 2^0 pages left. */
	CHECK_EQ(create_res(st, "C", false, 0, 26, 0), -ENOSPC);
	for (order = 25; order >= 12; order--) {
		snprintf(name, sizeof(name), "u%d", order);
		CHECK_EQ(create_res(st, name, false, 0, order, 0), 0);
	}
	CHECK_EQ(st->utcb_used, L4MM_CORE_UTCB_FRAMES);
	CHECK_EQ(frame_of(st, "u12", 0), L4MM_CORE_UTCB_FRAME0 +
					 L4MM_CORE_UTCB_FRAMES - 1);
	CHECK_EQ(create_res(st, "D", false, 0, 12, 0), -ENOSPC);
	/* A KIP needs no frame of the window. */
	CHECK_EQ(create_res(st, "D", true, 0, 0, 0), 0);
	CHECK_CLEAN(st);
	l4mm_state_destroy(st);

	/* sigma0 reaching into the window: no kernel frames at all. */
	st = mkstate(0);
	st->sigma0_pages = L4MM_CORE_UTCB_FRAME0 + 1;
	CHECK_EQ(create_res(st, "A", true, 0, 0, 0), -ENOSPC);
	CHECK_EQ(create_res(st, "A", false, 0, 12, 0), -ENOSPC);
	st->sigma0_pages = L4MM_CORE_UTCB_FRAME0;
	CHECK_EQ(create_res(st, "A", true, 0, 12, 0x1000), 0);
	CHECK_CLEAN(st);
	l4mm_state_destroy(st);
}

/* Every operation whose fpage meets a reserved page: EPERM, no change. */
TEST(test_reserved_eperm)
{
	struct l4mm_state *st = mkstate(64);
	struct l4mm_op_result res;
	struct l4mm_map_args a;
	char *before, *after;

	mkres(st, "A", true, 0x10000, 14, 0x20000);
	mkspace(st, "B");
	CHECK_EQ(do_mapf(st, "sigma0", 0, 16, "A", 0x30000, 16, NULL), 0);
	CHECK_EQ(do_mapf(st, "sigma0", 0, 16, "B", 0x10000, 16, NULL), 0);
	before = dump_state(st);
	/* As a source. */
	CHECK_EQ(do_map(st, "A", 0x10000, "B", 0x0, &res), -EPERM);
	CHECK_EQ(do_grant(st, "A", 0x21000, "B", 0x0, &res), -EPERM);
	CHECK_EQ(do_mapf(st, "A", 0, 20, "B", 0, 20, &res), -EPERM);
	/* As a destination region, a window around it. */
	CHECK_EQ(do_map(st, "B", 0x10000, "A", 0x10000, &res), -EPERM);
	CHECK_EQ(do_mapf(st, "B", 0x10000, 16, "A", 0x10000, 16, &res),
		 -EPERM);
	a = fp_args(st, "B", 0x10000, 14, "A", 0, 20);
	a.snd_base = 0x20000;
	CHECK_EQ(l4mm_map_fpage(st, &a, &res), -EPERM);
	CHECK_EQ(l4mm_grant_fpage(st, &a, &res), -EPERM);
	/* unmap, flush, status, with any rights. */
	CHECK_EQ(l4mm_unmap(st, S(st, "A"), 0x10000, &res), -EPERM);
	CHECK_EQ(l4mm_flush(st, S(st, "A"), 0x23000, &res), -EPERM);
	CHECK_EQ(l4mm_unmap_fpage(st, S(st, "A"), 0, 20, W, &res), -EPERM);
	CHECK_EQ(l4mm_flush_fpage(st, S(st, "A"), 0, 32, RWX, &res), -EPERM);
	CHECK_EQ(l4mm_status_fpage(st, S(st, "A"), 0x20000, 13, &res),
		 -EPERM);
	after = dump_state(st);
	CHECK(!strcmp(before, after));
	free(after);
	free(before);
	/* The window placed beside the region is fine. */
	a.snd_base = 0x40000;
	CHECK_EQ(l4mm_map_fpage(st, &a, &res), 0);
	CHECK_EQ(res.pages, 4);
	CHECK_EQ(frame_of(st, "A", 0x40000), 0);
	CHECK_EQ(l4mm_unmap_fpage(st, S(st, "A"), 0x30000, 16, RWX, &res), 0);
	CHECK_EQ(frame_of(st, "A", 0x10000), L4MM_CORE_KIP_FRAME);
	CHECK_CLEAN(st);
	l4mm_state_destroy(st);
}

TEST(test_reserved_access)
{
	struct l4mm_state *st = mkstate(16);
	struct l4mm_mapping_info mi;
	struct l4mm_space *a = mkres(st, "A", true, 0x1000, 13, 0x4000);

	CHECK_EQ(l4mm_access(st, a, 0x1234, R, &mi), 0);
	CHECK_EQ(mi.reserved, L4MM_RESERVED_KIP);
	CHECK_EQ(mi.frame, L4MM_CORE_KIP_FRAME);
	CHECK_EQ(mi.status, 0);
	CHECK_EQ(l4mm_access(st, a, 0x1234, X, &mi), 0);
	CHECK_EQ(l4mm_access(st, a, 0x1234, W, &mi), -EACCES);
	CHECK_EQ(l4mm_access(st, a, 0x5ffc, W, &mi), 0);
	CHECK_EQ(mi.reserved, L4MM_RESERVED_UTCB);
	CHECK_EQ(mi.status, 0);
	CHECK_EQ(l4mm_access(st, a, 0x5ffc, X, &mi), -EACCES);
	CHECK_EQ(l4mm_access(st, a, 0x6000, R, &mi), -EFAULT);
	CHECK_CLEAN(st);
	l4mm_state_destroy(st);
}

TEST(test_reserved_check_detects)
{
	struct l4mm_state *st = mkstate(16);
	struct l4mm_space *a = mkres(st, "A", true, 0x1000, 13, 0x4000);
	struct l4mm_pte_leaf leaf;
	struct l4mm_pte_ref ref;
	char msg[256];
	u64 saved;

	CHECK_CLEAN(st);
	CHECK(l4mm_leaf_at(a, 0x1000, &ref, &leaf) != NULL);
	saved = unit_hw_get(st, &ref);
	leaf.wr = true;
	l4mm_pt_update(&a->pt, &ref, &leaf);
	CHECK_EQ(l4mm_state_check(st, msg, sizeof(msg)), -EUCLEAN);
	CHECK(strstr(msg, "KIP page has rights") != NULL);
	leaf.wr = false;
	leaf.frame = 7;
	l4mm_pt_update(&a->pt, &ref, &leaf);
	CHECK_EQ(l4mm_state_check(st, msg, sizeof(msg)), -EUCLEAN);
	CHECK(strstr(msg, "frame 0x7") != NULL);
	unit_hw_set(st, &ref, saved);
	CHECK_CLEAN(st);
	a->reserved--;
	CHECK_EQ(l4mm_state_check(st, msg, sizeof(msg)), -EUCLEAN);
	CHECK(strstr(msg, "reserved pages") != NULL);
	a->reserved++;
	st->utcb_used++;
	CHECK_EQ(l4mm_state_check(st, msg, sizeof(msg)), -EUCLEAN);
	CHECK(strstr(msg, "UTCB frames") != NULL);
	st->utcb_used--;
	CHECK_CLEAN(st);
	l4mm_state_destroy(st);
}
