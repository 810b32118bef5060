/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The mapping database's invariants as ACSL predicates, for Frama-C WP
 * (make prove, docs/proofs.md).  Included by mdb.h only when Frama-C
 * parses the core (__FRAMAC__): the kernel and userspace builds never
 * see it.
 *
 * The numbers are those of the invariants in mdb.c's header comment and
 * of docs/design.md; the paper's counterpart is the "Virtual n v" edge
 * structure of section 3.1, stored as L4Ka-style pre-order lists.
 *
 * Two levels:
 *
 *  - the local predicates (mdb_depth, mdb_linked, mdb_step_ok) speak of
 *    one node and its neighbours; the primitives' contracts in mdb.c are
 *    stated and proved with them;
 *  - the list model (mdb_list_inv) states invariants 1-3 on a list given
 *    as a logical array s[0..len-1] of its nodes (a bounded model of the
 *    list: s[i]->next == s[i+1]).  It is the reading aid next to the
 *    paper; the primitives' contracts prove the local facts from which
 *    its preservation follows (docs/proofs.md says what is not proved).
 */
#ifndef _L4MM_SPEC_H
#define _L4MM_SPEC_H

/*@
 @ // The fields of a node's key (mdb.h's layout), as integers.
 @ logic integer mdb_depth_of(integer key) = key >> L4MM_MDB_DEPTH_SHIFT;
 @ logic integer mdb_id_of(integer key) =
 @	(key >> L4MM_MDB_ID_SHIFT) & L4MM_MDB_ID_MASK;
 @ logic integer mdb_vpn_of(integer key) = key & L4MM_MDB_VPN_MASK;
 @ logic integer mdb_status_of(integer key) =
 @	(key >> L4MM_MDB_STATUS_SHIFT) & L4MM_MDB_STATUS_MASK;
 @
 @ logic integer mdb_depth{L}(struct l4mm_mdb_node *n) = mdb_depth_of(n->key);
 @
 @ // l4mm_mdb_move()'s new key: the old one with the space id and page
 @ // replaced (the C code's expression; ~ taken on 64 bits, as in C).
 @ logic integer mdb_moved_key(integer k, integer id, integer vpn) =
 @	(k & (0xffffffffffffffff -
 @	      (L4MM_MDB_ID_MASK << L4MM_MDB_ID_SHIFT | L4MM_MDB_VPN_MASK))) |
 @	(u64)((id & L4MM_MDB_ID_MASK) << L4MM_MDB_ID_SHIFT) |
 @	(vpn & L4MM_MDB_VPN_MASK);
 @
 @ // l4mm_mdb_key()'s result (the C code's expression, with its casts).
 @ logic integer mdb_key_of(integer d, integer id, integer vpn) =
 @	(u64)(d << L4MM_MDB_DEPTH_SHIFT) |
 @	(u64)((id & L4MM_MDB_ID_MASK) << L4MM_MDB_ID_SHIFT) |
 @	(vpn & L4MM_MDB_VPN_MASK);
 @
 @ // Facts of 64-bit bit-field arithmetic that WP's integer encoding of
 @ // the bit operations leaves out of the SMT solvers' reach.  They are
 @ // trusted here and proved apart, on 64-bit bit-vectors, by z3
 @ // (proof/key_fields.smt2, run by scripts/prove.sh).
 @ axiomatic MdbKeyFields {
 @   axiom mdb_depth_of_bound:
 @	\forall integer k; 0 <= k <= 0xffffffffffffffff ==>
 @	  0 <= mdb_depth_of(k) <= L4MM_MDB_DEPTH_MAX;
 @   axiom mdb_key_of_fields:
 @	\forall integer d, id, vpn;
 @	  0 <= d <= L4MM_MDB_DEPTH_MAX && 0 <= id <= 0xffffffff &&
 @	  0 <= vpn <= 0xffffffff ==>
 @	  mdb_depth_of(mdb_key_of(d, id, vpn)) == d &&
 @	  mdb_status_of(mdb_key_of(d, id, vpn)) == 0 &&
 @	  (mdb_key_of(d, id, vpn) & L4MM_MDB_MARK) == 0 &&
 @	  mdb_id_of(mdb_key_of(d, id, vpn)) == (id & L4MM_MDB_ID_MASK) &&
 @	  mdb_vpn_of(mdb_key_of(d, id, vpn)) == (vpn & L4MM_MDB_VPN_MASK);
 @   axiom mdb_moved_key_fields:
 @	\forall integer k, id, vpn;
 @	  0 <= k <= 0xffffffffffffffff && 0 <= id <= 0xffffffff &&
 @	  0 <= vpn <= 0xffffffff ==>
 @	  0 <= mdb_moved_key(k, id, vpn) <= 0xffffffffffffffff &&
 @	  mdb_depth_of(mdb_moved_key(k, id, vpn)) == mdb_depth_of(k) &&
 @	  mdb_status_of(mdb_moved_key(k, id, vpn)) == mdb_status_of(k) &&
 @	  (mdb_moved_key(k, id, vpn) & L4MM_MDB_MARK) ==
 @	    (k & L4MM_MDB_MARK) &&
 @	  mdb_id_of(mdb_moved_key(k, id, vpn)) == (id & L4MM_MDB_ID_MASK) &&
 @	  mdb_vpn_of(mdb_moved_key(k, id, vpn)) == (vpn & L4MM_MDB_VPN_MASK);
 @ }
 @
 @ // The doubly linked list agrees with itself around n.
 @ predicate mdb_linked{L}(struct l4mm_mdb_node *n) =
 @	(n->next != \null ==> \valid(n->next) && n->next->prev == n) &&
 @	(n->prev != \null ==> \valid(n->prev) && n->prev->next == n);
 @
 @ // Invariant 2 between n and its successor.
 @ predicate mdb_step_ok{L}(struct l4mm_mdb_node *n) =
 @	n->next != \null ==> mdb_depth(n->next) <= mdb_depth(n) + 1;
 @
 @ // Every node reachable from n through next is valid (the lists the
 @ // walks follow are made of live nodes).  An axiomatic definition: a
 @ // list is finite, but WP proves partial correctness of the walks, so
 @ // finiteness is not needed.
 @ axiomatic MdbValidList {
 @   predicate mdb_valid_list{L}(struct l4mm_mdb_node *n)
 @	reads n->next;
 @   axiom mdb_valid_list_null{L}: mdb_valid_list(\null);
 @   axiom mdb_valid_list_cons{L}:
 @	\forall struct l4mm_mdb_node *n; n != \null ==>
 @	  (mdb_valid_list(n) <==> \valid(n) && mdb_valid_list(n->next));
 @ }
 @
 @ // The list model: s[0..len-1] are the nodes of one list in order.
 @ predicate mdb_is_list{L}(struct l4mm_mdb_node **s, integer len) =
 @	len > 0 && \valid(s + (0 .. len - 1)) &&
 @	(\forall integer i; 0 <= i < len ==> \valid(s[i])) &&
 @	(\forall integer i; 0 <= i < len - 1 ==>
 @	  s[i]->next == s[i + 1] && s[i + 1]->prev == s[i]) &&
 @	s[0]->prev == \null && s[len - 1]->next == \null;
 @
 @ // Invariant 1: the list starts with its only depth-0 node, the holder
 @ // of Real r, whose parent is NULL.
 @ predicate mdb_inv1{L}(struct l4mm_mdb_node **s, integer len) =
 @	mdb_depth(s[0]) == 0 && s[0]->parent == \null &&
 @	(\forall integer i; 0 < i < len ==> mdb_depth(s[i]) > 0);
 @
 @ // Invariant 2: along the list, depth grows by at most one per step.
 @ predicate mdb_inv2{L}(struct l4mm_mdb_node **s, integer len) =
 @	\forall integer i; 0 < i < len ==>
 @	  mdb_depth(s[i]) <= mdb_depth(s[i - 1]) + 1;
 @
 @ // Invariant 3: a node's parent is the nearest preceding node of
 @ // smaller depth, and its depth is the parent's + 1.
 @ predicate mdb_inv3{L}(struct l4mm_mdb_node **s, integer len) =
 @	\forall integer i; 0 < i < len ==>
 @	  \exists integer j; 0 <= j < i && s[i]->parent == s[j] &&
 @	    mdb_depth(s[i]) == mdb_depth(s[j]) + 1 &&
 @	    (\forall integer k; j < k < i ==>
 @	      mdb_depth(s[k]) >= mdb_depth(s[i]));
 @
 @ // Invariants 4 (leaf <-> node links) and 5 (one frame per tree) relate
 @ // the list to the page tables; they wait for the page-table engine's
 @ // predicates (wfpt, R) and are checked at run time by check.c.
 @
 @ predicate mdb_list_inv{L}(struct l4mm_mdb_node **s, integer len) =
 @	mdb_is_list(s, len) && mdb_inv1(s, len) && mdb_inv2(s, len) &&
 @	mdb_inv3(s, len);
 @*/

#endif /* _L4MM_SPEC_H */
