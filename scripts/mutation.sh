#!/bin/bash
# "make mutation": apply deliberate bugs to the core, one at a time, and
# show that the tests catch each one.  Every mutant is a copy of
# module/core with one textual change (which must apply); it is killed
# when the host differential test (model/diff_core: core vs reference
# model, state check after every op; the paper's ops, then the
# extensions' with -x) or, failing that, the unit tests
# (tests/unit) fail against it.  Prints one TAP line per mutant ("ok N -
# mutant NAME killed by ..."), with the shrunk reproducer as comments, and
# "mutation: K of N mutants killed"; exits 1 unless all are killed.
#
# Environment: MUT_OPS (differential ops per mutant, default 20000).
set -uo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
work=$repo/build/mutation
ops=${MUT_OPS:-20000}
rm -rf "$work"
mkdir -p "$work"

# name@file@old@new[@exhaust]: one mutant per line; old must occur in
# file (\n in old and new is a newline).  A mutant marked "exhaust" is
# put to the exhaustive search's quick configuration (make exhaust,
# exhaust/exhaust.c -q) alone: the bugs the small-scope search exists to
# catch, an off-by-one in an fpage's pages and a wrong depth in the MDB.
# A mutant marked "prove" is put to make prove (scripts/prove.sh on the
# mutant's copy of the core) alone: a wrong depth update or link in the
# MDB primitives breaks their proved contracts.
mutants=$(cat <<'MUTANTS'
unmap-skips-last-child@mdb.c@	while (n && l4mm_mdb_depth(n) > d) {@	while (n && n->next && l4mm_mdb_depth(n) > d) {
grant-keeps-the-source@ops.c@	xf->removed += l4mm_mdb_flush_node(st, x);\n}@	xf->removed += l4mm_mdb_unmap_node(st, x);\n}
map-skips-revalidation@ops.c@	if (s->d && !still_mapped(xf->src, s->src_va))@	if (0)
map-mispredicts-one-page@ops.c@		return d != x && !l4mm_mdb_in_subtree(d, x);@		return d != x;
grant-skips-revalidation@ops.c@		if (s->d == x || (p && !still_mapped(psp, pva)))@		if (s->d == x || (p && !still_mapped(psp, pva) && 0))
descent-stops-one-level-early@pgtable.c@	while (l != level) {@	while (l > level + 1) {
flush-keeps-the-page@revoke.c@		rv->removed += l4mm_mdb_flush_node(st, x);@		rv->removed += l4mm_mdb_unmap_node(st, x);
map-makes-a-sibling@ops.c@	l4mm_mdb_insert_child(x, n, xf->dst->id,@	l4mm_mdb_insert_before(x, n, xf->dst->id,
child-gets-grandparent@mdb.c@	n->parent = parent;@	n->parent = parent->parent;
grant-node-wrong-parent@mdb.c@	n->parent = x->parent;@	n->parent = x;
subtree-test-too-short@mdb.c@	u32 d = l4mm_mdb_depth(top);@	u32 d = l4mm_mdb_depth(top) + 1;
plan-grant-keeps-source@plan.c@	if (xf->grant && !xf->keep)\n		return plan_flush(p, x);@	if (0)\n		return plan_flush(p, x);
plan-map-ignores-flush@plan.c@		install = !marked(x);@		install = true;
plan-walks-nested-runs@plan.c@			last = run->end;@			last = n;
plan-clean-loses-parent@plan.c@				n->parent = head_run(p, n)->parent;@				n->parent = NULL;
status-skips-the-subtree@revoke.c@			rv->status |= s;@			rv->status |= n == x ? s : 0;
flush-rights-spare-the-page@revoke.c@	if (rv->kind == REVOKE_FLUSH && l4mm_mdb_narrow(st, x, rv->rights))@	if (0 && l4mm_mdb_narrow(st, x, rv->rights))
keep-grant-keeps-rights@ops.c@		l4mm_mdb_narrow_subtree(st, s->x, l4mm_leaf_rights(&s->leaf));@		l4mm_mdb_narrow_subtree(st, s->x, L4MM_CORE_RWX);
window-offset-not-rounded@fpage.c@		mask = ((1ULL << (s < r ? r : s)) - 1) & ~(size - 1);@		mask = ((1ULL << (s < r ? r : s)) - 1) & ~0xfffULL;
reserved-source-allowed@fpage.c@	if ((x->src->reserved &&@	if ((false &&
access-sets-the-read-bit@lookup.c@		l4mm_mdb_set_status(x, access);@		l4mm_mdb_set_status(x, L4MM_CORE_R);
uncached-not-inherited@ops.c@	leaf->cached = leaf->cached && !x->uncached;@	leaf->cached = !x->uncached;
demote-keeps-large-pages@pt_super.c@	split_group(fmt, t, idx);\n}@	if (0)\n		split_group(fmt, t, idx);\n}
promote-ignores-rights@pt_super.c@	return a->rd == b->rd && a->wr == b->wr@	return a->rd == b->rd
revoke-w-removes@revoke.c@	if (rv->kind != REVOKE_STATUS && (rv->rights & L4MM_CORE_R)) {@	if (rv->kind != REVOKE_STATUS) {
status-survives-revoke@revoke.c@			l4mm_mdb_clear_status(n);@			rv->changed = !!n;
lookup-leaf-drops-offset@pgtable.c@		off += idx << (fmt->shift[0] - L4MM_CORE_PAGE_SHIFT);@		off += 0;
demote-trusts-any-shift@pt_super.c@	if (ref->shift == fmt->shift[ref->level])@	if (ref->shift)
fpage-skips-last-page@ops.c@		for (i = 0; !err && i < xf->pages; i++) {@		for (i = 0; !err && i + 1 < xf->pages; i++) {@exhaust
child-depth-plus-two@mdb.c@	n->key = l4mm_mdb_key(l4mm_mdb_depth(parent) + 1, id, vpn);@	n->key = l4mm_mdb_key(l4mm_mdb_depth(parent) + 2, id, vpn);@exhaust
proved-child-depth-unchanged@mdb.c@	n->key = l4mm_mdb_key(l4mm_mdb_depth(parent) + 1, id, vpn);@	n->key = l4mm_mdb_key(l4mm_mdb_depth(parent), id, vpn);@prove
proved-sibling-skips-back-link@mdb.c@	n->prev = x->prev;\n	if (n->prev)\n		n->prev->next = n;@	n->prev = x->prev;@prove
MUTANTS
)

killed=0 total=0 broken=0
while IFS='@' read -r name file old new killer; do
	[[ -n $name ]] || continue
	total=$((total + 1))
	dir=$work/$name
	cp -r "$repo/module/core" "$dir"
	if ! python3 - "$dir/$file" "$old" "$new" <<'PY'
import sys
path, old, new = sys.argv[1], sys.argv[2].replace('\\n', '\n'), sys.argv[3].replace('\\n', '\n')
src = open(path).read()
if src.count(old) < 1:
    sys.exit(1)
open(path, 'w').write(src.replace(old, new, 1))
PY
	then
		echo "not ok $total - mutant $name does not apply to $file (stale)"
		broken=$((broken + 1))
		continue
	fi
	how=''
	if [[ ${killer:-} == prove ]]; then
		# No build: WP reads the source.  The cache is make prove's,
		# so only the mutated function's goals are re-proved.
		if ! "$repo/scripts/prove.sh" "$dir" >"$dir/prove.log" 2>&1; then
			how="make prove: $(grep -m1 'not proved' "$dir/prove.log" | sed 's/^ *//')"
			[[ -n ${how#make prove: } ]] || how="make prove ($(tail -n1 "$dir/prove.log"))"
		fi
		if [[ -n $how ]]; then
			killed=$((killed + 1))
			echo "ok $total - mutant $name killed by $how"
		else
			echo "not ok $total - mutant $name survived make prove"
		fi
		continue
	elif [[ ${killer:-} == exhaust ]]; then
		build=(make -s -C "$repo/exhaust" CORE_DIR="$dir"
			BUILD="$dir/build")
	else
		build=(make -s -C "$repo/model" CORE_DIR="$dir"
			BUILD="$dir/build" "$dir/build/diff_core_fast")
	fi
	if ! "${build[@]}" >"$dir/build.log" 2>&1; then
		# A mutant that does not compile proves nothing.
		echo "not ok $total - mutant $name does not build, see $dir/build.log"
		broken=$((broken + 1))
		continue
	elif [[ ${killer:-} == exhaust ]]; then
		if ! "$dir/build/exhaust" -q >"$dir/exhaust.log" 2>&1; then
			how="make exhaust (quick): $(grep -m1 '^not ok' "$dir/exhaust.log" | cut -c1-150)"
			[[ -n ${how#make exhaust (quick): } ]] || how='make exhaust (quick) crashed'
		fi
	elif ! ("$dir/build/diff_core_fast" -n "$ops" -p 8 &&
		"$dir/build/diff_core_fast" -n "$ops" -p 0 -l 50 -s 7 &&
		"$dir/build/diff_core_fast" -x -n "$ops" -p 8 -s 11 &&
		"$dir/build/diff_core_fast" -x -n $((ops / 4)) -p 512 -l 300 \
			-e 5 -s 13) >"$dir/diff.log" 2>&1; then
		how="differential test: $(grep -m1 '^not ok' "$dir/diff.log" | cut -c1-150)"
		[[ -n ${how#differential test: } ]] || how='differential test crashed'
	elif ! make -s -C "$repo/tests" CORE_DIR="$dir" BUILD="$dir/unit" \
		run >"$dir/unit.log" 2>&1; then
		how="unit tests: $(grep -m1 '^not ok' "$dir/unit.log" | cut -c1-150)"
	fi
	if [[ -n $how ]]; then
		killed=$((killed + 1))
		echo "ok $total - mutant $name killed by $how"
		# The reproducer, if the test that killed it made one: the
		# differential test's shrunk sequence or exhaust's shortest.
		cat "$dir/diff.log" "$dir/exhaust.log" 2>/dev/null |
			sed -n '/^# minimal divergent\|shortest divergent/,$p' |
			head -n 12 | sed 's/^/#     /'
	else
		echo "not ok $total - mutant $name survived ${killer:+make }${killer:-every test}"
	fi
done <<<"$mutants"

echo "mutation: $killed of $total mutants killed"
((killed == total && broken == 0))
