/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR MIT */
/*
 * l4mm: the L4 virtual-memory subsystem (mapping database + multi-level
 * page tables) as a Linux module, driven over generic netlink.
 *
 * The model is section 3 of Tuch & Klein, "Verifying the L4 Virtual Memory
 * Subsystem": a state maps space names to address spaces, an address space
 * maps 4 KiB virtual pages of a 32-bit address space to either another
 * space's page (Virtual n v) or a physical frame (Real r).  Every page-aligned
 * address, including 0, is a valid page.  Physical address = frame * 4096.
 *
 * Family "l4mm", version 1.  All state lives in the caller's network
 * namespace, made with sigma0 on the netns's first l4mm request (a netns
 * that never uses l4mm costs nothing).  Commands marked "admin" need
 * CAP_NET_ADMIN over the user namespace owning that network namespace
 * (GENL_UNS_ADMIN_PERM): anyone who made a user+net namespace has it
 * there.  "init admin" needs CAP_NET_ADMIN in the initial user namespace
 * (GENL_ADMIN_PERM).  The others are open to everyone.  Every attribute
 * is strictly validated; unknown attributes, and attributes the command
 * does not take, are rejected.  Errors come back as a negative errno in
 * the netlink ack, with an extended-ack message naming the offending
 * attribute or limit.
 *
 * Addresses (L4MM_A_*VADDR) are u64 so that out-of-range values can be told
 * apart from in-range ones: a value above 0xffffffff fails with -ERANGE, a
 * value that is not a multiple of 4096 with -EINVAL.
 *
 * Flexpages (docs/extensions.md): where a command takes L4MM_A_ORDER (u8,
 * 12..32, default 12) with L4MM_A_VADDR, or L4MM_A_SRC_ORDER with
 * L4MM_A_SRC_VADDR, it applies to every 4 KiB page of the 2^ORDER-byte,
 * 2^ORDER-aligned region, in ascending order, as one atomic operation; a
 * base not aligned to its order is -EINVAL.  Rights are L4MM_RIGHT_*
 * masks; every mapping keeps L4MM_RIGHT_R.  A space's reserved regions
 * (KIP page, UTCB area: CREATE) refuse every fpage operation that overlaps
 * them with -EPERM.  Every new attribute is optional and its default gives
 * the paper's semantics.
 *
 * Limits (module parameters, read at each operation): per netns
 * max_spaces and max_mappings (-ENOSPC) and max_bytes (-EDQUOT: every
 * byte the netns's state holds, as the allocator gave it); per user,
 * all the netns of the user namespaces one host user created together,
 * max_user_bytes (-EDQUOT).  An operation is charged what it adds, as it
 * allocates: one that only removes never meets a limit, and the other
 * errors (-ENXIO, -ENOENT, ...) come before -ENOSPC and -EDQUOT.  A
 * refused operation changed nothing.  Any command may also fail with
 * -EDQUOT, -ENOSPC or -ENOMEM when it is the netns's first and its sigma0
 * cannot be made, and with -EINTR when its requester is being killed
 * while it waits (for the netns lock, or for its sigma0): then it did
 * nothing.
 *
 * Cost: each command says what its time is proportional to.  P: pages of
 * an fpage (or of the smaller of fpage and receive window), R: mappings
 * the command removes, rewrites or whose status it reads (everything
 * derived from the pages it touches, in every space), I: mappings it
 * installs, T: page tables of the region.  Nothing depends on the width
 * or depth of a mapping tree beyond what the command returns or changes
 * (a node's parent and depth are in the node).  Every loop yields the CPU
 * at least every 256 steps, and a change holds the netns lock for one
 * command (one entry of a batch), never longer.
 *
 * The commands, in enum order:
 *
 * L4MM_CMD_CREATE (do, admin)
 *	request: L4MM_A_NAME (string, 1..15 chars of [A-Za-z0-9_.-]);
 *		 optional L4MM_A_KIP_VADDR (u64: a kernel interface page,
 *		 r-x, frame 0xfffff) and L4MM_A_UTCB_VADDR + L4MM_A_UTCB_ORDER
 *		 (a UTCB area, rw-, one kernel frame per page from 0xf0000)
 *	reply:   L4MM_A_SPACE (nest: L4MM_A_SPACE_*) of the new space
 *	errors:  -EEXIST name taken, -EINVAL bad name or the KIP inside the
 *		 UTCB area, -ENOSPC no free id, max_spaces reached or no kernel
 *		 frame left for the reserved regions, -EDQUOT max_bytes or
 *		 max_user_bytes
 *	cost:    O(1) (amortised over the growth of the id table); with a
 *		 UTCB area, O(its pages)
 *
 * L4MM_CMD_DESTROY (do, admin)
 *	request: L4MM_A_NAME
 *	Flushes every page of the space (so everything derived from it in any
 *	space goes too), then removes the space.
 *	reply:   L4MM_A_REMOVED (u32): mappings removed in all spaces
 *	errors:  -ENOENT no such space, -EPERM sigma0 (it cannot be
 *		 destroyed: the netns would have no frames left)
 *	cost:    O(T + R): the space's tables and everything removed
 *
 * L4MM_CMD_MAP (do, admin)
 *	request: L4MM_A_SRC_NAME, L4MM_A_SRC_VADDR (optional
 *		 L4MM_A_SRC_ORDER: the send fpage), L4MM_A_NAME, L4MM_A_VADDR
 *		 (optional L4MM_A_ORDER: a receive window, placed by
 *		 L4MM_A_SND_BASE, u64, default 0, per the X.2 rule; without it
 *		 a region of the send fpage's size), optional L4MM_A_RIGHTS
 *		 (the mask of the source's rights the new mappings get, default
 *		 rwx, must contain R) and L4MM_A_UNCACHED (flag: the new
 *		 mappings are uncached; else they inherit the source's)
 *	map n v n' v', page by page: if Virtual n v is not valid (n,v
 *	unmapped) the page is skipped; otherwise n',v' is flushed, then
 *	Virtual n v is installed at n',v' if it is still valid (the checked
 *	update of the paper).
 *	reply:   L4MM_A_REMOVED (u32): mappings removed by the flushes,
 *		 L4MM_A_INSTALLED (u8): 1 if a mapping was installed,
 *		 L4MM_A_PAGES (u32): pages installed
 *	errors:  -ENXIO no page of the send fpage is mapped (nothing
 *		 changes), -ENOENT either space does not exist (in the paper
 *		 only n must exist: map to a missing n' is a no-op and grant
 *		 to it a plain flush of n,v; l4mm refuses instead, so that a
 *		 mistyped name never flushes anything), -EINVAL a misaligned
 *		 address or fpage, RIGHTS without R, overlapping source and
 *		 destination regions in one space (more than one page),
 *		 -ERANGE an address above 0xffffffff, -EPERM a reserved region,
 *		 -ENOSPC max_mappings, -EDQUOT max_bytes or max_user_bytes,
 *		 -EMLINK the chain would be too deep, -ENOMEM, -EINTR killed
 *		 while the operation was being prepared (nothing changed)
 *	cost:    O(P + R + I), in two phases: a preparation that changes
 *		 nothing and stops on a fatal signal, then the steps
 *
 * L4MM_CMD_GRANT (do, admin)
 *	request: as MAP, and optional L4MM_A_GRANT_MODE (u8
 *		 L4MM_GRANT_MODE_*, default: the netns's, see CONFIG)
 *	The paper's grant, page by page: n',v' <= (the entry of n,v), then
 *	n,v is flushed with everything derived from it (PAPER), or the
 *	mapping moves to n',v' with everything derived from it (KEEP).
 *	reply:   as MAP
 *	errors:  as MAP
 *	cost:    as MAP
 *
 * L4MM_CMD_UNMAP (do, admin)
 *	request: L4MM_A_NAME, L4MM_A_VADDR, optional L4MM_A_ORDER and
 *		 L4MM_A_RIGHTS (the rights to revoke, default rwx, non-zero)
 *	Removes every mapping derived (directly or transitively) from the
 *	pages, or with RIGHTS takes those rights from them (one that loses R
 *	goes, with everything derived from it); the pages themselves stay.
 *	An unmapped page is not an error.  It allocates nothing and never
 *	meets a limit.
 *	reply:   L4MM_A_REMOVED (u32), L4MM_A_STATUS (u8: the OR of the
 *		 L4MM_STATUS_* bits of the affected mappings, which are
 *		 cleared)
 *	errors:  -ENOENT, -EINVAL, -ERANGE, -EPERM as MAP
 *	cost:    O(T + mapped pages of the fpage + R); never interrupted
 *
 * L4MM_CMD_FLUSH (do, admin)
 *	request: as UNMAP.  unmap, then revoke the rights of the pages
 *	themselves too (remove them, with the default mask).
 *	reply:   as UNMAP
 *	errors:  as UNMAP
 *	cost:    as UNMAP
 *
 * L4MM_CMD_LOOKUP (do)
 *	request: L4MM_A_NAME, L4MM_A_VADDR (page-aligned)
 *	reply:   L4MM_A_NAME, L4MM_A_VADDR and, only if n,v is mapped:
 *		 L4MM_A_PADDR (u64) the physical address of the Real frame,
 *		 L4MM_A_DEPTH (u32) length of the derivation chain (0 = Real),
 *		 L4MM_A_SRC_NAME + L4MM_A_SRC_VADDR the direct source
 *		 (absent when the entry is Real r), L4MM_A_RIGHTS,
 *		 L4MM_A_UNCACHED (flag, only if uncached), L4MM_A_STATUS,
 *		 L4MM_A_PAGE_SHIFT (u8: 12, 16, 20 or 24, the hardware entry
 *		 mapping the page) and, for a reserved page, L4MM_A_RESERVED
 *		 (u8 L4MM_RESERVED_*; it has no depth and no source).
 *	An unmapped page is not an error: the reply has no L4MM_A_PADDR.
 *	errors:  -ENOENT no such space, -EINVAL misaligned, -ERANGE
 *	cost:    O(1): one page-table walk, whatever the chain's length or
 *		 the tree's width
 *
 * L4MM_CMD_LIST (dump)
 *	reply:   one message per space, each one L4MM_A_SPACE nest (with the
 *		 KIP and UTCB attributes only for a space that has them).
 *	cost:    O(spaces + the id table) in all; each message is one pass
 *		 under the netns lock for reading
 *
 * L4MM_CMD_DUMP (dump)
 *	request: L4MM_A_NAME (optional: all spaces when absent), with it
 *		 optionally L4MM_A_VADDR and L4MM_A_ORDER (an fpage: only its
 *		 pages) or L4MM_A_PAGES (u32, 1..2^20: that many pages from
 *		 L4MM_A_VADDR on); L4MM_A_SKIP_PRISTINE (flag): see below
 *	reply:   messages of L4MM_A_MAPPING nests (L4MM_A_MAP_*, with the
 *		 per-page attributes of LOOKUP), sorted by space id then
 *		 virtual address.  With L4MM_A_SKIP_PRISTINE and without
 *		 L4MM_A_NAME, the pages of sigma0 that are as the state began
 *		 (Real frame = page, rwx, cached, no status bit, nothing
 *		 derived from them) are left out; a message may then hold no
 *		 nest (a pass looks at a bounded number of pages).  A dump
 *		 that spans several messages resumes where the previous one
 *		 stopped; if the state changed in
 *		 between, NLM_F_DUMP_INTR is set on a message and the receiver
 *		 should retry.
 *	errors:  -ENOENT no such space, -EINVAL bad name, L4MM_A_VADDR
 *		 without L4MM_A_NAME, a base not aligned to its order or to a
 *		 page, ORDER and PAGES together, a range beyond 2^32 (in the
 *		 ack of the request: the 6.1 genl core gives the dump's start
 *		 no extack)
 *	cost:    O(T + mapped pages) in all; each message holds what fits
 *		 in one buffer and is one pass under the netns lock for
 *		 reading
 *
 * L4MM_CMD_STATS (do)
 *	reply:   L4MM_A_STATS nest (L4MM_A_STAT_*), counters of this netns:
 *		 counts, bytes as the allocator really gave them, the limits
 *		 in force and, for a netns of an unprivileged user's user
 *		 namespace, that user's bytes and limit.
 *	cost:    O(1), without the netns lock: the counters as the last
 *		 change left them
 *
 * L4MM_CMD_BATCH (do, admin)
 *	request: L4MM_A_BATCH: nest of L4MM_A_BATCH_CMD nests, each holding
 *		 L4MM_A_CMD (u8: CREATE, DESTROY, MAP, GRANT, UNMAP, FLUSH,
 *		 ACCESS or STATUS) and that command's attributes, as above.
 *		 L4MM_A_FLAGS may carry L4MM_F_FORCE to go on after a failing
 *		 command.
 *	The whole batch is checked first (every entry's attributes against
 *	the policy, then that each entry has a batchable command and only
 *	its attributes); a malformed entry fails the request with nothing
 *	done, the extack offset pointing into that entry.  Then the commands
 *	run in order in one kernel entry, each as it would alone.  Without
 *	FORCE the batch stops at the first failure; the commands before it
 *	stay done.  Each command is one operation under the netns lock,
 *	which waiting readers and writers get between two commands.  A
 *	fatal signal stops the batch between two commands (with or without
 *	FORCE): the commands before ERR_INDEX ran, that one (ERRNO EINTR)
 *	and those after it did not.
 *	reply:   L4MM_A_BATCH_DONE (u32): commands that succeeded,
 *		 L4MM_A_BATCH_FAILED (u32): commands that failed, and for the
 *		 first failure L4MM_A_BATCH_ERR_INDEX (u32, 0-based),
 *		 L4MM_A_BATCH_ERRNO (u32, positive errno) and
 *		 L4MM_A_BATCH_ERR_MSG (string).  The netlink ack itself is 0
 *		 unless the batch as a whole is malformed.  The commands' own
 *		 replies (REMOVED, PAGES, ACCESS's translation, STATUS's bits)
 *		 are not returned.
 *	cost:    the sum of its commands'
 *
 * L4MM_CMD_CHECK (do, init admin: a debugging command, O(state))
 *	request: L4MM_A_NAME (optional)
 *	Runs the live checker over the whole state of this netns, or with
 *	L4MM_A_NAME over that space: page-table well-formedness, the links
 *	between leaves and MDB nodes in both directions, the paper's theorems
 *	(no loops, every mapped page reaches Real, lookup is a function) and,
 *	for the whole state, the refinement (the abstract state rebuilt from
 *	the page tables equals the MDB trees' view).
 *	reply:   L4MM_A_CHECK nest (L4MM_A_CHECK_*).  A violation is not a
 *		 netlink error: the reply carries L4MM_A_CHECK_VIOLATION.
 *	errors:  -ENOENT no such space, -ENOMEM the checker could not run,
 *		 -EINTR the requester was killed meanwhile.
 *	cost:    O(spaces + tables + mappings) for the whole state, O(T +
 *		 the space's mappings) for one, linear and yielding, under
 *		 the netns lock for reading; an administrator checks another
 *		 netns by entering it (nsenter -n).
 *
 * L4MM_CMD_HWCHECK (do, init admin; ARM short-descriptor kernels only)
 *	request: L4MM_A_NAME
 *	Points the MMU (TTBR0, with TTBCR.N = 1: the lower 2 GiB) at the
 *	space's first-level table for a moment and translates every mapped
 *	page below 2 GiB, and a sample of unmapped addresses, with the
 *	hardware (ATS1CPR, ATS1CPW), comparing the frame and fault/read-only/
 *	writable with the software lookup.
 *	reply:   L4MM_A_HWCHECK nest (L4MM_A_HWCHECK_*); a mismatch is not a
 *		 netlink error: MISMATCHES counts them, the first is described.
 *	errors:  -EOPNOTSUPP elsewhere, -ENOENT no such space
 *	cost:    O(mapped pages of the space + 2048)
 *
 * L4MM_CMD_BENCH (do, init admin)
 *	request: L4MM_A_BENCH nest: L4MM_A_BENCH_PAGES (u32, a multiple of
 *		 64 in 64..262144)
 *	Runs the benchmark workload of the core on a private, temporary
 *	state (a sigma0 of PAGES pages and two spaces; the caller's spaces
 *	are not touched): map, lookup, grant, unmap and flush, each over
 *	every page in turn, timed with ktime per chunk of 64 operations.
 *	reply:   L4MM_A_BENCH nest: L4MM_A_BENCH_PAGES and, per operation in
 *		 that order, one L4MM_A_BENCH_OP nest (L4MM_A_BENCH_OP_*).
 *	errors:  -EINVAL PAGES not a multiple of 64, -ENOMEM
 *	cost:    O(PAGES)
 *
 * L4MM_CMD_ACCESS (do, admin)
 *	request: L4MM_A_NAME, L4MM_A_VADDR (any byte address), L4MM_A_ACCESS
 *		 (u8: one of L4MM_RIGHT_R, _W, _X)
 *	Translates like the MMU and sets the matching status bit of the
 *	mapping it went through (not of a reserved page).
 *	reply:   as LOOKUP; L4MM_A_VADDR is the address asked for and
 *		 L4MM_A_PADDR the physical address of that byte.
 *	errors:  -EFAULT nothing mapped there, -EACCES the mapping lacks the
 *		 right (both with an extack message), -ENOENT, -EINVAL not
 *		 exactly one right, -ERANGE
 *	cost:    O(1)
 *
 * L4MM_CMD_STATUS (do, admin)
 *	request: L4MM_A_NAME, L4MM_A_VADDR, L4MM_A_ORDER (optional)
 *	Reads and clears the status bits of the fpage's pages and of every
 *	mapping derived from them, revoking nothing (X.2 L4_GetStatus).
 *	reply:   L4MM_A_STATUS (u8)
 *	errors:  -ENXIO no page of the fpage is mapped, -ENOENT, -EINVAL,
 *		 -ERANGE, -EPERM as UNMAP
 *	cost:    as UNMAP
 *
 * L4MM_CMD_CONFIG (do; setting needs CAP_NET_ADMIN)
 *	request: L4MM_A_GRANT_MODE (optional): set the netns's default.
 *	reply:   L4MM_A_GRANT_MODE, the (new) default.
 *	errors:  -EPERM setting without CAP_NET_ADMIN
 *	cost:    O(1)
 *
 * L4MM_CMD_GRAPH (dump)
 *	request: all optional: L4MM_A_GRAPH_SPACES (nest of L4MM_A_NAME: at
 *		 most L4MM_GRAPH_MAX_SPACES spaces), L4MM_A_GRAPH_PADDR_MIN
 *		 and L4MM_A_GRAPH_PADDR_MAX (u64, page-aligned, inclusive:
 *		 trees whose Real frame lies in the range), L4MM_A_NAME +
 *		 L4MM_A_VADDR (one mapping and its subtree, after its source
 *		 as a context node), L4MM_A_ALL (flag: sigma0's roots
 *		 without children too), L4MM_A_GRAPH_LIMIT (u32, 1..2^20,
 *		 default L4MM_GRAPH_LIMIT_DEFAULT: most nodes to send)
 *	The derivation trees of the mapping database, root by root (roots
 *	in order of space id, then address), each in the MDB's pre-order:
 *	a node's children follow it in the MDB's sibling order.
 *	reply:   messages of L4MM_A_MAPPING nests, one per node: as DUMP's,
 *		 with L4MM_A_MAP_SRC_* the node's parent (absent for a Real
 *		 root).  With L4MM_A_GRAPH_SPACES, a selected node whose
 *		 parent is not selected is preceded by that parent, flagged
 *		 L4MM_A_MAP_CONTEXT (it may come more than once).  A message
 *		 may hold no nest: the dump visits a bounded number of pages
 *		 per message.  A change of the state between two messages,
 *		 or between the request's check of the names it gives and
 *		 the first message, sets NLM_F_DUMP_INTR (the receiver
 *		 should retry).
 *	errors:  -EFBIG more than L4MM_A_GRAPH_LIMIT nodes selected (in the
 *		 final NLMSG_DONE; what was sent is not the whole graph),
 *		 -ENOENT no such space, -ENXIO L4MM_A_NAME's page is not
 *		 mapped, -EINVAL bad name, misaligned or reversed range, too
 *		 many spaces, -ERANGE (policy)
 *	cost:    O(the pages and tree nodes visited) in all; each message is
 *		 one bounded pass under the netns lock for reading
 *
 * Events: the multicast group L4MM_MCGRP_MONITOR ("monitor") of the
 *	family.  After every successful state change, a message whose genl
 *	command is the change's (CREATE, DESTROY, MAP, GRANT, UNMAP, FLUSH,
 *	ACCESS, STATUS, CONFIG; a batch gives one per command) is sent to
 *	the listeners of the netns the change happened in, and no other.
 *	It holds the request's attributes (ACCESS: L4MM_A_ACCESS only), the
 *	reply's, and, for changes of mappings, up to L4MM_EFFECTS_MAX
 *	L4MM_A_MAPPING nests with L4MM_A_MAP_EVENT (the pages installed and
 *	removed, in order) and L4MM_A_EFFECTS_MORE (u32: how many more were
 *	not listed).  Joining is open to everyone (the same information as
 *	DUMP).  An event that cannot be allocated or queued is dropped,
 *	never failing or delaying the change: a listener whose receive
 *	buffer overflowed gets ENOBUFS from its next recv().
 *
 * Verbose replies: MAP, GRANT, UNMAP and FLUSH with L4MM_A_EFFECTS (flag)
 *	also reply the L4MM_A_MAPPING nests and L4MM_A_EFFECTS_MORE of the
 *	event above.
 */
#ifndef _UAPI_LINUX_L4MM_H
#define _UAPI_LINUX_L4MM_H

#define L4MM_GENL_NAME		"l4mm"
#define L4MM_GENL_VERSION	1

/* Longest space name, without the terminating NUL. */
#define L4MM_NAME_MAX		15
/* Pages are 4 KiB; virtual addresses are 32 bits wide. */
#define L4MM_PAGE_SHIFT		12
#define L4MM_VADDR_MAX		0xffffffffULL

enum l4mm_cmd {
	L4MM_CMD_UNSPEC,
	L4MM_CMD_CREATE,
	L4MM_CMD_DESTROY,
	L4MM_CMD_MAP,
	L4MM_CMD_GRANT,
	L4MM_CMD_UNMAP,
	L4MM_CMD_FLUSH,
	L4MM_CMD_LOOKUP,
	L4MM_CMD_LIST,
	L4MM_CMD_DUMP,
	L4MM_CMD_STATS,
	L4MM_CMD_BATCH,
	L4MM_CMD_CHECK,		/* the live checker (see L4MM_A_CHECK) */
	L4MM_CMD_HWCHECK,	/* ARM: the MMU judges a space (L4MM_A_HWCHECK) */
	L4MM_CMD_BENCH,		/* in-kernel benchmark (see L4MM_A_BENCH) */
	L4MM_CMD_ACCESS,	/* simulated MMU access, sets status bits */
	L4MM_CMD_STATUS,	/* read and clear status bits */
	L4MM_CMD_CONFIG,	/* per-netns settings (grant mode) */
	L4MM_CMD_GRAPH,		/* the derivation trees (dump) */

	__L4MM_CMD_MAX
};

#define L4MM_CMD_MAX (__L4MM_CMD_MAX - 1)

enum l4mm_attr {
	L4MM_A_UNSPEC,
	L4MM_A_NAME,		/* string: the space operated on / destination */
	L4MM_A_VADDR,		/* u64: page-aligned address in L4MM_A_NAME */
	L4MM_A_SRC_NAME,	/* string: source space of MAP/GRANT */
	L4MM_A_SRC_VADDR,	/* u64: page-aligned address in L4MM_A_SRC_NAME */
	L4MM_A_PADDR,		/* u64: physical address (frame * 4096) */
	L4MM_A_DEPTH,		/* u32: derivation depth, 0 = holds Real r */
	L4MM_A_REMOVED,		/* u32: mappings removed by the command */
	L4MM_A_INSTALLED,	/* u8: 1 if MAP/GRANT installed the mapping */
	L4MM_A_SPACE,		/* nest: L4MM_A_SPACE_* */
	L4MM_A_MAPPING,		/* nest: L4MM_A_MAP_* */
	L4MM_A_STATS,		/* nest: L4MM_A_STAT_* */
	L4MM_A_BATCH,		/* nest: L4MM_A_BATCH_CMD nests */
	L4MM_A_BATCH_CMD,	/* nest: L4MM_A_CMD + that command's attrs */
	L4MM_A_CMD,		/* u8: enum l4mm_cmd of a batched command */
	L4MM_A_FLAGS,		/* u32: L4MM_F_* */
	L4MM_A_BATCH_DONE,	/* u32 */
	L4MM_A_BATCH_FAILED,	/* u32 */
	L4MM_A_BATCH_ERR_INDEX,	/* u32 */
	L4MM_A_BATCH_ERRNO,	/* u32: positive errno of the first failure */
	L4MM_A_BATCH_ERR_MSG,	/* string: extack text of the first failure */
	L4MM_A_PAD,
	L4MM_A_CHECK,		/* nest: L4MM_CMD_CHECK results */
	L4MM_A_HWCHECK,		/* nest: L4MM_CMD_HWCHECK results */
	L4MM_A_BENCH,		/* nest: L4MM_CMD_BENCH request/results */
	L4MM_A_ORDER,		/* u8: fpage order of L4MM_A_VADDR, 12..32 */
	L4MM_A_SRC_ORDER,	/* u8: fpage order of L4MM_A_SRC_VADDR */
	L4MM_A_SND_BASE,	/* u64: X.2 send base (receive windows) */
	L4MM_A_RIGHTS,		/* u8: L4MM_RIGHT_* mask */
	L4MM_A_UNCACHED,	/* flag */
	L4MM_A_GRANT_MODE,	/* u8: L4MM_GRANT_MODE_* */
	L4MM_A_PAGES,		/* u32: pages installed by MAP/GRANT; DUMP */
	L4MM_A_STATUS,		/* u8: L4MM_STATUS_* */
	L4MM_A_ACCESS,		/* u8: one L4MM_RIGHT_* */
	L4MM_A_PAGE_SHIFT,	/* u8: size of the hardware entry, log2 */
	L4MM_A_RESERVED,	/* u8: L4MM_RESERVED_* */
	L4MM_A_KIP_VADDR,	/* u64: CREATE: the KIP page */
	L4MM_A_UTCB_VADDR,	/* u64: CREATE: the UTCB area's base */
	L4MM_A_UTCB_ORDER,	/* u8: CREATE: the UTCB area's order */
	L4MM_A_GRAPH_SPACES,	/* nest: L4MM_A_NAME, GRAPH: spaces */
	L4MM_A_GRAPH_PADDR_MIN,	/* u64: GRAPH: lowest Real frame address */
	L4MM_A_GRAPH_PADDR_MAX,	/* u64: GRAPH: highest (inclusive) */
	L4MM_A_ALL,		/* flag: GRAPH: sigma0's untouched roots too */
	L4MM_A_GRAPH_LIMIT,	/* u32: GRAPH: most nodes to send */
	L4MM_A_EFFECTS,		/* flag: reply the pages changed */
	L4MM_A_EFFECTS_MORE,	/* u32: pages changed but not listed */
	L4MM_A_SKIP_PRISTINE,	/* flag: DUMP: not sigma0's untouched pages */

	__L4MM_A_MAX
};

#define L4MM_A_MAX (__L4MM_A_MAX - 1)

/* Inside L4MM_A_SPACE. */
enum l4mm_space_attr {
	L4MM_A_SPACE_UNSPEC,
	L4MM_A_SPACE_NAME,	/* string */
	L4MM_A_SPACE_ID,	/* u32: numeric id, unique in the netns */
	L4MM_A_SPACE_PAGES,	/* u32: mapped 4 KiB pages */
	L4MM_A_SPACE_TABLES,	/* u32: page-table nodes (all levels) */
	L4MM_A_SPACE_PAD,
	L4MM_A_SPACE_KIP_VADDR,		/* u64: only if the space has a KIP */
	L4MM_A_SPACE_UTCB_VADDR,	/* u64: only if it has a UTCB area */
	L4MM_A_SPACE_UTCB_ORDER,	/* u8 */

	__L4MM_A_SPACE_MAX
};

#define L4MM_A_SPACE_MAX (__L4MM_A_SPACE_MAX - 1)

/* Inside L4MM_A_MAPPING. */
enum l4mm_map_attr {
	L4MM_A_MAP_UNSPEC,
	L4MM_A_MAP_SPACE,	/* string: space holding the mapping */
	L4MM_A_MAP_VADDR,	/* u64 */
	L4MM_A_MAP_PADDR,	/* u64 */
	L4MM_A_MAP_DEPTH,	/* u32 */
	L4MM_A_MAP_SRC_SPACE,	/* string: absent for Real r */
	L4MM_A_MAP_SRC_VADDR,	/* u64: absent for Real r */
	L4MM_A_MAP_PAD,
	L4MM_A_MAP_RIGHTS,	/* u8: L4MM_RIGHT_* */
	L4MM_A_MAP_UNCACHED,	/* flag */
	L4MM_A_MAP_STATUS,	/* u8: L4MM_STATUS_* */
	L4MM_A_MAP_PAGE_SHIFT,	/* u8 */
	L4MM_A_MAP_RESERVED,	/* u8: L4MM_RESERVED_*, reserved pages only */
	L4MM_A_MAP_CONTEXT,	/* flag: GRAPH: not selected, a parent */
	L4MM_A_MAP_EVENT,	/* u8: L4MM_EFFECT_*: installed or removed */

	__L4MM_A_MAP_MAX
};

#define L4MM_A_MAP_MAX (__L4MM_A_MAP_MAX - 1)

/* Inside L4MM_A_STATS: all u64. */
enum l4mm_stat_attr {
	L4MM_A_STAT_UNSPEC,
	L4MM_A_STAT_SPACES,		/* spaces in this netns */
	L4MM_A_STAT_MAPPINGS,		/* mapped pages = MDB nodes */
	L4MM_A_STAT_TABLES,		/* page-table nodes, all levels */
	L4MM_A_STAT_TABLE_BYTES,	/* bytes of page tables, shadows, headers */
	L4MM_A_STAT_NODE_BYTES,		/* bytes of MDB nodes */
	L4MM_A_STAT_OPS,		/* mutating operations executed */
	L4MM_A_STAT_SIGMA0_PAGES,	/* pages sigma0 was made with */
	L4MM_A_STAT_PAD,
	L4MM_A_STAT_BYTES,		/* bytes of this netns's state, all */
	L4MM_A_STAT_MAX_SPACES,		/* the limits in force, 0: none */
	L4MM_A_STAT_MAX_MAPPINGS,
	L4MM_A_STAT_MAX_BYTES,
	/* All netns of this netns's user; absent: no per-user budget. */
	L4MM_A_STAT_USER_BYTES,		/* bytes of all of them */
	L4MM_A_STAT_MAX_USER_BYTES,	/* their limit, 0: none */

	__L4MM_A_STAT_MAX
};

#define L4MM_A_STAT_MAX (__L4MM_A_STAT_MAX - 1)

/* L4MM_A_RIGHTS, L4MM_A_ACCESS: every mapping's rights contain R. */
#define L4MM_RIGHT_R	0x4U
#define L4MM_RIGHT_W	0x2U
#define L4MM_RIGHT_X	0x1U
#define L4MM_RIGHTS_ALL	0x7U

/* L4MM_A_STATUS: referenced, written, executed. */
#define L4MM_STATUS_R	0x4U
#define L4MM_STATUS_W	0x2U
#define L4MM_STATUS_X	0x1U

/* L4MM_A_GRANT_MODE */
#define L4MM_GRANT_MODE_PAPER	1	/* flush the granted page's subtree */
#define L4MM_GRANT_MODE_KEEP	2	/* move the node with its subtree */

/* L4MM_A_RESERVED */
#define L4MM_RESERVED_KIP_PAGE	1
#define L4MM_RESERVED_UTCB_AREA	2

/* L4MM_A_FLAGS */
#define L4MM_F_FORCE	0x1U	/* BATCH: go on after a failure */
#define __L4MM_F_ALL	(L4MM_F_FORCE)

/* L4MM_CMD_GRAPH */
#define L4MM_GRAPH_MAX_SPACES		16
#define L4MM_GRAPH_LIMIT_DEFAULT	4096
#define L4MM_GRAPH_LIMIT_MAX		1048576	/* 2^20 */

/* Events: the multicast group, and L4MM_A_MAP_EVENT. */
#define L4MM_MCGRP_MONITOR	"monitor"
#define L4MM_EFFECT_INSTALL	1	/* the page was mapped */
#define L4MM_EFFECT_REMOVE	2	/* the page was unmapped */
#define L4MM_EFFECTS_MAX	32	/* mapping nests per event or reply */

/* Inside L4MM_A_CHECK (L4MM_CMD_CHECK, above). */
enum l4mm_check_attr {
	L4MM_A_CHECK_UNSPEC,
	L4MM_A_CHECK_SPACES,	/* u32: spaces checked */
	L4MM_A_CHECK_MAPPINGS,	/* u64: mapped pages checked */
	L4MM_A_CHECK_VIOLATION,	/* string: the first violation; absent if none */
	L4MM_A_CHECK_PAD,

	__L4MM_A_CHECK_MAX
};

#define L4MM_A_CHECK_MAX (__L4MM_A_CHECK_MAX - 1)

/* Inside L4MM_A_HWCHECK. */
enum l4mm_hwcheck_attr {
	L4MM_A_HWCHECK_UNSPEC,
	L4MM_A_HWCHECK_PAGES,		/* u32: mapped pages translated */
	L4MM_A_HWCHECK_UNMAPPED,	/* u32: unmapped addresses translated */
	L4MM_A_HWCHECK_SKIPPED,		/* u32: mapped pages >= 2 GiB, not checked */
	L4MM_A_HWCHECK_MISMATCHES,	/* u32 */
	L4MM_A_HWCHECK_BAD_VADDR,	/* u64: first mismatch: address */
	L4MM_A_HWCHECK_BAD_PAR,		/* u64: its PAR (read, or write if WRITE) */
	L4MM_A_HWCHECK_BAD_WANT,	/* u64: expected PA, absent: a fault */
	L4MM_A_HWCHECK_BAD_WRITE,	/* flag: the write translation differed */
	L4MM_A_HWCHECK_PAD,

	__L4MM_A_HWCHECK_MAX
};

#define L4MM_A_HWCHECK_MAX (__L4MM_A_HWCHECK_MAX - 1)

/* Inside L4MM_A_BENCH. */
enum l4mm_bench_attr {
	L4MM_A_BENCH_UNSPEC,
	L4MM_A_BENCH_PAGES,	/* u32: pages each operation runs over */
	L4MM_A_BENCH_OP,	/* nest: L4MM_A_BENCH_OP_*, reply only */

	__L4MM_A_BENCH_MAX
};

#define L4MM_A_BENCH_MAX (__L4MM_A_BENCH_MAX - 1)

/* Inside L4MM_A_BENCH_OP: all u64 but the name. */
enum l4mm_bench_op_attr {
	L4MM_A_BENCH_OP_UNSPEC,
	L4MM_A_BENCH_OP_NAME,		/* string: map, lookup, grant, ... */
	L4MM_A_BENCH_OP_COUNT,		/* operations timed */
	L4MM_A_BENCH_OP_TOTAL_NS,	/* time of all of them */
	L4MM_A_BENCH_OP_MEDIAN_PS,	/* per op, median chunk (picoseconds) */
	L4MM_A_BENCH_OP_P99_PS,		/* per op, 99th percentile chunk */
	L4MM_A_BENCH_OP_REMOVED,	/* mappings the operations removed */
	L4MM_A_BENCH_OP_PAD,

	__L4MM_A_BENCH_OP_MAX
};

#define L4MM_A_BENCH_OP_MAX (__L4MM_A_BENCH_OP_MAX - 1)

#endif /* _UAPI_LINUX_L4MM_H */
