/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The l4mm core: address spaces, mapping database (MDB) and multi-level
 * page tables, free of kernel glue so that the same files build in the
 * kernel module and in userspace (unit tests, fuzzing, benchmarks).
 *
 * The core implements section 3 of Tuch & Klein, "Verifying the L4 Virtual
 * Memory Subsystem" exactly, page by page:
 *
 *   state = N -> (V -> M option),  M = Virtual n v | Real r
 *   clear n v s sigma = sigma with every v' whose m satisfies
 *                       s |- m ~>* Virtual n v set to None
 *   unmap n v s       = every space cleared of paths to Virtual n v
 *   flush n v         = (n,v <- None) o unmap n v
 *   n,v <= m          = let s0 = flush n v s in
 *                       if s0 |- m then (n,v <- m) s0 else s0
 *   map n v n' v' s   = if not s |- Virtual n v then s
 *                       else (n',v' <= Virtual n v) s
 *   grant n v n' v' s = if not s |- Virtual n v then s
 *                       else (flush n v o n',v' <= (s n v)) s
 *   lookup n v        = the r with s |- Virtual n v ~>+ Real r
 *
 * with "s |- m" (m valid) meaning: m is Real r, or m = Virtual n v and n,v
 * is mapped.
 *
 * Realisation (section 4): every mapped page is one MDB node; each space has
 * a page table whose leaf for that page carries the frame and links to the
 * node (the paper's MapNode/Vaddr).  Nodes deriving from one Real frame form
 * a tree kept as a pre-order list with depths, so that the subtree of a node
 * is the run of nodes after it with a greater depth: unmap is O(subtree),
 * lookup is one page-table walk whatever the length of the chain.
 *
 * Locking: none inside the core.  The caller serialises every call on one
 * struct l4mm_state (the module holds a mutex per network namespace).
 *
 * Atomicity: every mutating call either succeeds or returns a negative
 * errno with the state exactly as before.  All memory an operation may need
 * is allocated before the first change; empty tables are freed at the end.
 */
#ifndef _L4MM_CORE_H
#define _L4MM_CORE_H

#include "core_env.h"

#define L4MM_CORE_PAGE_SHIFT	12
#define L4MM_CORE_PAGE_SIZE	0x1000U		/* 1 << L4MM_CORE_PAGE_SHIFT */
#define L4MM_CORE_VA_BITS	32
#define L4MM_CORE_NAME_MAX	15		/* without the NUL */
#define L4MM_CORE_MAX_SPACES	65535		/* ids 0..65534 */
#define L4MM_CORE_MAX_FRAMES	0x100000U	/* 2^20: 32-bit physical space */

struct l4mm_state;
struct l4mm_space;

/* What a caller learns about one mapped page. */
struct l4mm_mapping_info {
	u32 vaddr;
	u32 frame;			/* paddr = frame << 12 */
	u32 depth;			/* 0: the entry is Real frame */
	bool is_real;			/* entry is Real r (a tree root) */
	const struct l4mm_space *src;	/* Virtual src src_vaddr, or NULL */
	u32 src_vaddr;
	bool rd, wr, ex, cached;	/* the leaf's fields */
	u8 rights;			/* L4MM_CORE_R | _W | _X */
	u8 status;			/* L4MM_CORE_R | _W | _X: ref/wr/ex */
	u8 page_shift;			/* 12, 16, 20, 24: the hardware entry */
	u8 reserved;			/* enum l4mm_reserved_kind */
	bool derived;			/* some mapping derives from it */
};

/*
 * Counters of one state, for the stats command and leak checks.  Bytes
 * are what the allocator really gave (l4mm_env_real_size()).
 */
struct l4mm_stats {
	u64 spaces;
	u64 mappings;		/* live MDB nodes == leaves */
	u64 tables;		/* live page-table nodes, all levels */
	u64 table_bytes;	/* hardware tables, shadows, headers */
	u64 node_bytes;		/* MDB nodes */
	u64 bytes;		/* everything the state holds */
	u64 ops;		/* successful mutating operations */
};

/*
 * Limits of one state; 0 is no limit.  An operation that would exceed one
 * fails before it changes anything, with -ENOSPC for a count (spaces,
 * mappings) and -EDQUOT for bytes; l4mm_state_limit_hit() then names the
 * limit.  Mappings count MDB nodes from their allocation: an operation's
 * preparation allocates exactly the nodes its steps install (plan.c), so
 * an operation that only removes never meets a limit.  Bytes count every
 * allocation of the state, the transient ones of an operation included.
 */
struct l4mm_limits {
	u32 max_spaces;		/* sigma0 included */
	u64 max_mappings;
	u64 max_bytes;
};

enum l4mm_limit_kind {
	L4MM_LIMIT_NONE,
	L4MM_LIMIT_SPACES,	/* -ENOSPC: max_spaces */
	L4MM_LIMIT_MAPPINGS,	/* -ENOSPC: max_mappings */
	L4MM_LIMIT_BYTES,	/* -EDQUOT: max_bytes */
	L4MM_LIMIT_OWNER,	/* -EDQUOT: l4mm_env_charge() refused */
};

/* The page-table format of a state's spaces (module/core/format.c). */
enum l4mm_format {
	L4MM_FORMAT_DEFAULT,		/* ARMv7 short descriptors */
	L4MM_FORMAT_ARMV7,		/* short descriptors, 2 levels */
	L4MM_FORMAT_LPAE,		/* ARMv7 LPAE, 3 levels */
	L4MM_FORMAT_AARCH64,		/* VMSAv8-64, 48-bit VA, 4 levels */
	L4MM_FORMAT_COUNT
};

const char *l4mm_format_name(enum l4mm_format f);

/* How to make a state (l4mm_state_create_cfg()). */
struct l4mm_state_cfg {
	u32 sigma0_pages;		/* 0..L4MM_CORE_MAX_FRAMES */
	enum l4mm_format format;	/* of its page tables */
	struct l4mm_limits limits;
	void *owner;			/* for l4mm_env_charge(), or NULL */
};

/*
 * What an operation did, page by page, for an observer (verbose output,
 * event monitors): called inside the operation, after the change of the
 * page it reports; it must not call into the core.
 */
enum l4mm_event_kind {
	L4MM_EVENT_INSTALL,	/* space:va now maps frame, from src:src_va */
	L4MM_EVENT_REMOVE,	/* space:va no longer maps frame; status */
};

struct l4mm_event {
	enum l4mm_event_kind kind;
	const struct l4mm_space *space;
	u32 va;
	u32 frame;
	u8 rights;			/* INSTALL: of the new mapping */
	u8 status;			/* REMOVE: the bits it carried */
	const struct l4mm_space *src;	/* INSTALL: Virtual src src_va, */
	u32 src_va;			/*   NULL: Real frame */
};

typedef void (*l4mm_event_fn)(void *arg, const struct l4mm_event *ev);

/* Result of a mutating operation, for the netlink reply. */
struct l4mm_op_result {
	u32 removed;		/* mappings removed (all spaces) */
	bool installed;		/* MAP/GRANT: a new mapping went in */
	u32 pages;		/* MAP/GRANT: pages installed */
	u8 status;		/* UNMAP/FLUSH/STATUS: OR of status bits */
};

/*
 * Rights and status bits share one encoding (docs/extensions.md): r 4,
 * w 2, x 1, as in the uapi.  Every mapping's rights contain r.
 */
#define L4MM_CORE_R		4U
#define L4MM_CORE_W		2U
#define L4MM_CORE_X		1U
#define L4MM_CORE_RWX		7U

/* Pages that belong to the kernel, not to the MDB (docs/extensions.md 5). */
enum l4mm_reserved_kind {
	L4MM_RESERVED_NONE,
	L4MM_RESERVED_KIP,
	L4MM_RESERVED_UTCB,
};

#define L4MM_CORE_KIP_FRAME	0xfffffU	/* the one KIP, every space */
#define L4MM_CORE_UTCB_FRAME0	0xf0000U	/* UTCB window [0xf0000, */
#define L4MM_CORE_UTCB_FRAMES	0xffffU		/*   0xfffff) */

/* A flexpage: 2^order bytes at base, base aligned; 12 <= order <= 32. */
#define L4MM_CORE_ORDER_MIN	12
#define L4MM_CORE_ORDER_MAX	32

enum l4mm_grant_mode {
	L4MM_GRANT_DEFAULT,	/* the state's default (paper unless set) */
	L4MM_GRANT_PAPER,	/* flush what derived from the granted page */
	L4MM_GRANT_KEEP,	/* move the node with its subtree */
};

/* Arguments of a flexpage map or grant (docs/extensions.md 1, 2, 4, 6, 7). */
struct l4mm_map_args {
	struct l4mm_space *src;
	u32 src_va;
	u8 src_order;
	struct l4mm_space *dst;
	u32 dst_va;
	u8 dst_order;		/* receive window; = src_order: same size */
	u32 snd_base;		/* positions the smaller of fpage and window */
	u8 rights;		/* mask, must contain L4MM_CORE_R */
	bool uncached;
	enum l4mm_grant_mode mode;	/* grant only */
};

/* Optional reserved regions of a new space (order 0: none). */
struct l4mm_space_opts {
	bool kip;
	u32 kip_va;
	u8 utcb_order;		/* 0 or 12..32 */
	u32 utcb_va;
};

/*
 * State lifetime.  Every state has the space sigma0 (id 0), holding Real
 * frame i at page i for i < sigma0_pages (possibly none), as the paper's
 * initial state.  l4mm_state_create() is l4mm_state_create_cfg() without
 * limits or owner.  Both return 0, -EINVAL (too many pages), -ENOMEM,
 * -ENOSPC or -EDQUOT (the limits cannot hold sigma0) or -EINTR
 * (l4mm_env_fatal_signal() while sigma0 was built); nothing is left
 * behind on error.
 */
int l4mm_state_create(u32 sigma0_pages, struct l4mm_state **out);
int l4mm_state_create_cfg(const struct l4mm_state_cfg *cfg,
			  struct l4mm_state **out);
/* Limits apply to allocations from now on; what is held stays. */
void l4mm_state_set_limits(struct l4mm_state *st,
			   const struct l4mm_limits *lim);
void l4mm_state_get_limits(const struct l4mm_state *st,
			   struct l4mm_limits *lim);
/* The limit that refused the last operation refused for one. */
enum l4mm_limit_kind l4mm_state_limit_hit(const struct l4mm_state *st);
/* Report every page an operation installs or removes to @fn (NULL: off). */
void l4mm_state_set_observer(struct l4mm_state *st, l4mm_event_fn fn,
			     void *arg);
void l4mm_state_destroy(struct l4mm_state *st);	/* frees everything */
u64 l4mm_state_generation(const struct l4mm_state *st);	/* bumps on change */
void l4mm_state_stats(const struct l4mm_state *st, struct l4mm_stats *out);

/* Names: 1..15 chars of [A-Za-z0-9_.-]. */
bool l4mm_name_valid(const char *name);

/* Spaces.  -EEXIST, -EINVAL (name), -ENOSPC (ids), -ENOMEM. */
int l4mm_space_create(struct l4mm_state *st, const char *name,
		      struct l4mm_space **out);
int l4mm_space_destroy(struct l4mm_state *st, struct l4mm_space *sp,
		       struct l4mm_op_result *res);
struct l4mm_space *l4mm_space_find(const struct l4mm_state *st,
				   const char *name);
/* The space with the smallest id >= id, or NULL: for ordered iteration. */
struct l4mm_space *l4mm_space_next(const struct l4mm_state *st, u32 id);
const char *l4mm_space_name(const struct l4mm_space *sp);
u32 l4mm_space_id(const struct l4mm_space *sp);
u32 l4mm_space_pages(const struct l4mm_space *sp);
u32 l4mm_space_tables(const struct l4mm_space *sp);
/*
 * The hardware root table of a space, as an MMU would be pointed at it
 * (hwcheck); its format is the state's (ARMv7 short descriptors: 4096
 * u32 entries).  Valid while the space lives; callers must not write it
 * but for deliberate tests.
 */
void *l4mm_space_hw_table(const struct l4mm_space *sp);

/*
 * Operations.  Addresses are page-aligned 32-bit virtual addresses (the
 * caller validates range and alignment; the core returns -EINVAL for a
 * misaligned one as a last line of defence).
 *
 * map/grant: -ENXIO if the source page is unmapped (state unchanged);
 * -ENOMEM, -ENOSPC or -EDQUOT (a limit, see struct l4mm_limits; state
 * unchanged); -EMLINK if the derivation chain would exceed the MDB's
 * depth limit.  unmap/flush never fail on a valid space.
 *
 * Cost (R: mappings the operation removes or rewrites, levels: of the
 * page-table format): map, grant O(levels + R); unmap, flush O(levels +
 * R); lookup, access O(levels).  Nothing depends on the width or depth of
 * a mapping tree beyond what is removed: a node's parent is one pointer
 * away (mdb.c).
 */
int l4mm_map(struct l4mm_state *st, struct l4mm_space *src, u32 src_va,
	     struct l4mm_space *dst, u32 dst_va, struct l4mm_op_result *res);
int l4mm_grant(struct l4mm_state *st, struct l4mm_space *src, u32 src_va,
	       struct l4mm_space *dst, u32 dst_va, struct l4mm_op_result *res);
int l4mm_unmap(struct l4mm_state *st, struct l4mm_space *sp, u32 va,
	       struct l4mm_op_result *res);
int l4mm_flush(struct l4mm_state *st, struct l4mm_space *sp, u32 va,
	       struct l4mm_op_result *res);

/*
 * Flexpage operations (docs/extensions.md).  -EINVAL bad order, alignment,
 * rights or overlap; -EPERM an fpage overlaps a reserved region; -ENXIO no
 * page of the source fpage is mapped; -ENOMEM, -ENOSPC, -EDQUOT; -EMLINK;
 * -EINTR (map, grant: l4mm_env_fatal_signal() while the operation was
 * being prepared).  On error nothing changed.  The single-page calls
 * above are these with order 12, rights rwx, cached, and the default
 * grant mode.
 *
 * Cost (P: pages of the fpage or window, R: mappings removed, rewritten
 * or whose status is read, I: mappings installed, T: page tables of the
 * region): map, grant O(P + R + I), in two phases: a preparation that
 * changes nothing and may be interrupted (plan.c) and the steps, which
 * run to the end; unmap, flush, status O(T + mapped pages of the fpage +
 * R), never interrupted.  Every loop yields through
 * l4mm_env_cond_resched() at least every L4MM_CORE_RESCHED_EVERY steps of
 * constant cost.
 */
int l4mm_map_fpage(struct l4mm_state *st, const struct l4mm_map_args *a,
		   struct l4mm_op_result *res);
int l4mm_grant_fpage(struct l4mm_state *st, const struct l4mm_map_args *a,
		     struct l4mm_op_result *res);
/* rights: the mask to revoke (non-zero); res->status gets the OR. */
int l4mm_unmap_fpage(struct l4mm_state *st, struct l4mm_space *sp, u32 va,
		     u8 order, u8 rights, struct l4mm_op_result *res);
int l4mm_flush_fpage(struct l4mm_state *st, struct l4mm_space *sp, u32 va,
		     u8 order, u8 rights, struct l4mm_op_result *res);
/* Read and clear status bits, revoking nothing; res->status. */
int l4mm_status_fpage(struct l4mm_state *st, struct l4mm_space *sp, u32 va,
		      u8 order, struct l4mm_op_result *res);
/*
 * A simulated access (one of L4MM_CORE_R/_W/_X) at va (any byte address):
 * 0 and *out filled, status bit set; -EFAULT unmapped; -EACCES no right.
 */
int l4mm_access(struct l4mm_state *st, struct l4mm_space *sp, u32 va,
		u8 access, struct l4mm_mapping_info *out);

/* create with KIP/UTCB regions; -ENOSPC no kernel frames. */
int l4mm_space_create_opts(struct l4mm_state *st, const char *name,
			   const struct l4mm_space_opts *opts,
			   struct l4mm_space **out);
/* The reserved regions of a space, as given to create. */
void l4mm_space_get_opts(const struct l4mm_space *sp,
			 struct l4mm_space_opts *out);

/* The per-state default grant mode (PAPER or KEEP). */
void l4mm_state_set_grant_mode(struct l4mm_state *st,
			       enum l4mm_grant_mode mode);
enum l4mm_grant_mode l4mm_state_grant_mode(const struct l4mm_state *st);

/* 0 and *out filled if va is mapped in sp, -ENOENT if not. */
int l4mm_lookup(const struct l4mm_state *st, const struct l4mm_space *sp,
		u32 va, struct l4mm_mapping_info *out);

/*
 * Ordered iteration over the mapped pages of one space: the first mapped
 * page at an address >= from (from is a u64 so that 2^32 means "done").
 * 0 and *out filled, or -ENOENT when there is none.
 */
int l4mm_space_next_mapping(const struct l4mm_state *st,
			    const struct l4mm_space *sp, u64 from,
			    struct l4mm_mapping_info *out);

/*
 * Export of the derivation trees (tree.c): the mappings root by root,
 * each tree in the MDB's pre-order (children in sibling order), each
 * node with its parent.
 */
#define L4MM_TREE_MAX_SPACES	16

/**
 * struct l4mm_tree_filter - what an export gives
 * @ids: the spaces whose nodes are given (@nids of them; 0: all); a
 *	given node whose parent is in no such space comes after its parent
 *	as a context node
 * @nids: number of @ids
 * @frame_lo: the trees whose Real frame is in [@frame_lo, @frame_hi]
 * @frame_hi: (inclusive)
 * @all: sigma0's roots without children too (left out otherwise)
 * @subtree: only the subtree of @sub_id:@sub_va, after its parent as a
 *	context node
 * @sub_id: the space of the subtree's top
 * @sub_va: its page
 */
struct l4mm_tree_filter {
	u32 ids[L4MM_TREE_MAX_SPACES];
	u32 nids;
	u32 frame_lo, frame_hi;
	bool all;
	bool subtree;
	u32 sub_id, sub_va;
};

/* Where an export is; zeroed before the first call, opaque to callers. */
struct l4mm_tree_cursor {
	const void *node;	/* next node of the current run, or NULL */
	u64 gen;		/* the generation @node is valid in */
	u64 va;			/* root scan: next page of space @id */
	u32 id;			/* root scan: the space */
	u32 top_depth;		/* the run ends before a node this shallow */
	u16 tick;		/* steps since the last yield */
	bool ctx_given;		/* @node's context node went out */
	bool started, done;
};

/* One node of an export. */
struct l4mm_tree_node {
	const struct l4mm_space *space;
	u32 va;
	u32 frame;
	u32 depth;
	const struct l4mm_space *src;	/* the parent's space, NULL: a root */
	u32 src_va;
	u8 rights;
	u8 status;
	bool cached;
	bool context;		/* not selected: the parent of one that is */
};

int l4mm_tree_next(const struct l4mm_state *st,
		   const struct l4mm_tree_filter *f,
		   struct l4mm_tree_cursor *c, u32 *budget,
		   struct l4mm_tree_node *out);

/*
 * Consistency check of everything (MDB lists, depths, page-table shape,
 * leaf <-> node links, per-space and global counters), then the paper's
 * theorems and the refinement: the abstract state rebuilt from the page
 * tables equals the MDB trees' view (check_abs.c).  0 if consistent,
 * -EUCLEAN with a description of the first violation in buf otherwise,
 * -ENOMEM if the check could not allocate its stack.
 * O(state); for tests and the debug path only.
 */
int l4mm_state_check(const struct l4mm_state *st, char *buf, size_t len);

/*
 * The same for one space: its page table, and for every mapped page the
 * chain of Virtual steps to Real followed literally (theorems: no loops,
 * reaches Real, lookup is a function).  0 or -EUCLEAN with the first
 * violation in buf.
 */
int l4mm_space_check(const struct l4mm_state *st, const struct l4mm_space *sp,
		     char *buf, size_t len);

/*
 * Memory the core asks of its environment (module glue or userspace shim).
 * Each may fail by returning NULL; the core then undoes nothing because it
 * changed nothing yet.  The core counts each allocation in the bytes
 * l4mm_env_real_size() reports for it and asks l4mm_env_charge() before it
 * keeps it (mem.c).
 */
void *l4mm_env_zalloc(size_t size);
void l4mm_env_free(void *p);
/*
 * Zeroed memory of size bytes aligned to size (a power of two), for
 * hardware-format tables and their shadow arrays.
 */
void *l4mm_env_table_alloc(size_t size);
void l4mm_env_table_free(void *p, size_t size);
/*
 * The physical address a hardware walker would use for the table at @hw
 * (virt_to_phys() in the kernel; on ARM without LPAE it always fits in
 * 32 bits).  Where no MMU ever walks the tables (x86, userspace) only
 * the low 32 bits are kept: next entries stay informational there.
 */
u32 l4mm_env_table_phys(const void *hw);
/*
 * Make @len bytes of table entries at @p, just written, visible to the
 * hardware table walker (cache clean to the point of unification where
 * the walker does not snoop the data cache; a no-op elsewhere).
 */
void l4mm_env_table_sync(const void *p, size_t len);
/*
 * MDB nodes come from a dedicated cache of L4MM_CORE_NODE_SIZE-byte
 * objects (three pointers and a u64, padded to the u64's alignment: 24
 * bytes on 32-bit ARM, whose EABI aligns a u64 to 8; the core checks it
 * at build time).
 */
#define L4MM_CORE_NODE_SIZE	((3 * sizeof(void *) + 2 * sizeof(u64) - 1) & \
				 ~(sizeof(u64) - 1))
void *l4mm_env_node_alloc(void);
void l4mm_env_node_free(void *p);

enum l4mm_env_kind {
	L4MM_ENV_ZALLOC,	/* l4mm_env_zalloc() */
	L4MM_ENV_TABLE,		/* l4mm_env_table_alloc() */
	L4MM_ENV_NODE,		/* l4mm_env_node_alloc() */
};

/*
 * The bytes the allocation @p of @size bytes really takes: its kmalloc
 * size class, its slab object, its block of pages.  Must give the same
 * answer for the same object at allocation and at free.  For TABLE and
 * NODE the answer depends on @size alone (@p may be NULL): the core asks
 * once for the node size.
 */
size_t l4mm_env_real_size(enum l4mm_env_kind kind, const void *p,
			  size_t size);

/*
 * Charge @bytes (> 0) to, or refund them (< 0) from, the budget of the
 * @owner a state was created with (struct l4mm_state_cfg).  A charge may
 * be refused with -EDQUOT; a refund never fails.  Called once per
 * L4MM_MEM_CHUNK of growth or shrinkage, not per allocation.
 */
int l4mm_env_charge(void *owner, s64 bytes);

/*
 * A point where a long loop may yield the CPU (cond_resched() in the
 * module, nothing in userspace).  The core calls it at least every
 * L4MM_CORE_RESCHED_EVERY steps of constant cost in every loop whose
 * length the caller chooses (pages, nodes, tables), so that no request
 * holds the CPU for long; the caller must not hold a spinlock.
 */
#define L4MM_CORE_RESCHED_EVERY	256
void l4mm_env_cond_resched(void);

/*
 * Whether the work should stop because its requester is being killed
 * (fatal_signal_pending(current) in the module).  Asked at the yield
 * points of the loops that may stop without leaving a change half done:
 * the preparation of map and grant, the checker, building sigma0.
 */
bool l4mm_env_fatal_signal(void);

#endif /* _L4MM_CORE_H */
