; The axioms of l4mm_spec.h's "MdbKeyFields", proved on 64-bit
; bit-vectors by z3 (scripts/prove.sh expects "unsat": no key, space id
; or page breaks them).  For values within 0 .. 2^64-1, ACSL's integer
; &, |, >> and << agree with these bit-vector operations.
(set-logic QF_BV)
(declare-const k (_ BitVec 64))
(declare-const id (_ BitVec 32))
(declare-const vpn (_ BitVec 32))
(declare-const d (_ BitVec 32))
(define-fun id64 () (_ BitVec 64) ((_ zero_extend 32) id))
(define-fun vpn64 () (_ BitVec 64) ((_ zero_extend 32) vpn))
; mdb_moved_key(k, id, vpn)
(define-fun m () (_ BitVec 64)
  (bvor (bvand k (bvsub #xffffffffffffffff
                        (bvor (bvshl #x000000000000ffff #x0000000000000014)
                              #x00000000000fffff)))
        (bvshl (bvand id64 #x000000000000ffff) #x0000000000000014)
        (bvand vpn64 #x00000000000fffff)))
; mdb_key_of(d, id, vpn), for d <= L4MM_MDB_DEPTH_MAX
(define-fun key () (_ BitVec 64)
  (bvor (bvshl ((_ zero_extend 32) d) #x0000000000000028)
        (bvshl (bvand id64 #x000000000000ffff) #x0000000000000014)
        (bvand vpn64 #x00000000000fffff)))
(define-fun depth ((x (_ BitVec 64))) (_ BitVec 64) (bvlshr x #x0000000000000028))
(define-fun status ((x (_ BitVec 64))) (_ BitVec 64)
  (bvand (bvlshr x #x0000000000000024) #x0000000000000007))
(define-fun idf ((x (_ BitVec 64))) (_ BitVec 64)
  (bvand (bvlshr x #x0000000000000014) #x000000000000ffff))
(define-fun mark ((x (_ BitVec 64))) (_ BitVec 64)
  (bvand x #x0000008000000000))
(assert (not (and
  ; mdb_depth_of_bound
  (bvule (depth k) #x0000000000ffffff)
  ; mdb_key_of_fields
  (=> (bvule d #x00ffffff)
      (and (= (depth key) ((_ zero_extend 32) d))
           (= (status key) #x0000000000000000)
           (= (mark key) #x0000000000000000)
           (= (idf key) (bvand id64 #x000000000000ffff))
           (= (bvand key #x00000000000fffff)
              (bvand vpn64 #x00000000000fffff))))
  ; mdb_moved_key_fields
  (= (depth m) (depth k))
  (= (status m) (status k))
  (= (mark m) (mark k))
  (= (idf m) (bvand id64 #x000000000000ffff))
  (= (bvand m #x00000000000fffff) (bvand vpn64 #x00000000000fffff)))))
(check-sat)
