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
  // The fields of a node's key (mdb.h's layout), as integers.
  logic integer mdb_depth_of(u64 key) = key >> L4MM_MDB_DEPTH_SHIFT;
  logic integer mdb_id_of(u64 key) =
	(key >> L4MM_MDB_ID_SHIFT) & L4MM_MDB_ID_MASK;
  logic integer mdb_vpn_of(u64 key) = key & L4MM_MDB_VPN_MASK;
  logic integer mdb_status_of(u64 key) =
	(key >> L4MM_MDB_STATUS_SHIFT) & L4MM_MDB_STATUS_MASK;

  logic integer mdb_depth{L}(struct l4mm_mdb_node *n) = mdb_depth_of(n->key);

  // The doubly linked list agrees with itself around n.
  predicate mdb_linked{L}(struct l4mm_mdb_node *n) =
	(n->next != \null ==> \valid(n->next) && n->next->prev == n) &&
	(n->prev != \null ==> \valid(n->prev) && n->prev->next == n);

  // Invariant 2 between n and its successor.
  predicate mdb_step_ok{L}(struct l4mm_mdb_node *n) =
	n->next != \null ==> mdb_depth(n->next) <= mdb_depth(n) + 1;

  // Every node reachable from n through next is valid (the lists the
  // walks follow are made of live nodes).  An axiomatic definition: a
  // list is finite, but WP proves partial correctness of the walks, so
  // finiteness is not needed.
  axiomatic MdbValidList {
    predicate mdb_valid_list{L}(struct l4mm_mdb_node *n)
	reads n->next;
    axiom mdb_valid_list_null{L}: mdb_valid_list(\null);
    axiom mdb_valid_list_cons{L}:
	\forall struct l4mm_mdb_node *n; n != \null ==>
	  (mdb_valid_list(n) <==> \valid(n) && mdb_valid_list(n->next));
  }

  // The list model: s[0..len-1] are the nodes of one list in order.
  predicate mdb_is_list{L}(struct l4mm_mdb_node **s, integer len) =
	len > 0 && \valid(s + (0 .. len - 1)) &&
	(\forall integer i; 0 <= i < len ==> \valid(s[i])) &&
	(\forall integer i; 0 <= i < len - 1 ==>
	  s[i]->next == s[i + 1] && s[i + 1]->prev == s[i]) &&
	s[0]->prev == \null && s[len - 1]->next == \null;

  // Invariant 1: the list starts with its only depth-0 node, the holder
  // of Real r, whose parent is NULL.
  predicate mdb_inv1{L}(struct l4mm_mdb_node **s, integer len) =
	mdb_depth(s[0]) == 0 && s[0]->parent == \null &&
	(\forall integer i; 0 < i < len ==> mdb_depth(s[i]) > 0);

  // Invariant 2: along the list, depth grows by at most one per step.
  predicate mdb_inv2{L}(struct l4mm_mdb_node **s, integer len) =
	\forall integer i; 0 < i < len ==>
	  mdb_depth(s[i]) <= mdb_depth(s[i - 1]) + 1;

  // Invariant 3: a node's parent is the nearest preceding node of
  // smaller depth, and its depth is the parent's + 1.
  predicate mdb_inv3{L}(struct l4mm_mdb_node **s, integer len) =
	\forall integer i; 0 < i < len ==>
	  \exists integer j; 0 <= j < i && s[i]->parent == s[j] &&
	    mdb_depth(s[i]) == mdb_depth(s[j]) + 1 &&
	    (\forall integer k; j < k < i ==>
	      mdb_depth(s[k]) >= mdb_depth(s[i]));

  // Invariants 4 (leaf <-> node links) and 5 (one frame per tree) relate
  // the list to the page tables; they wait for the page-table engine's
  // predicates (wfpt, R) and are checked at run time by check.c.

  predicate mdb_list_inv{L}(struct l4mm_mdb_node **s, integer len) =
	mdb_is_list(s, len) && mdb_inv1(s, len) && mdb_inv2(s, len) &&
	mdb_inv3(s, len);
*/

#endif /* _L4MM_SPEC_H */
