#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Find cycles in the symbol graph of the module's objects (TAP output).

Usage: symcycles.py [--allow FILE] MODULE_DIR

Reads `nm` of MODULE_DIR/*.o (the glue) and MODULE_DIR/core/*.o (the
core), leaving out the linked results (l4mm.o, l4mm.mod.o).  An object
depends on another when it uses a symbol the other defines.  Every
strongly connected component of more than one object is a cycle: files
that can only be understood, tested or replaced together.

The layering it holds the tree to (issue #13): no cycle among the glue
objects, none between glue and core, and inside the core only the cycles
listed in FILE (default: symcycles.allow next to this script), each a
line of object names with a reason after "#".  A cycle not listed fails;
a listed one that is gone is reported, so that the list shrinks.

Prints TAP: one line per rule, the cycles found as comments.
"""
import os
import subprocess
import sys

LINKED = {"l4mm.o", "l4mm.mod.o"}


def nm(path, args):
    out = subprocess.run(["nm", *args, path], check=True,
                         capture_output=True, text=True).stdout
    return out.splitlines()


def symbols(path):
    """(defined globals, undefined) of one object."""
    defined, undefined = set(), set()
    for line in nm(path, ["--extern-only"]):
        parts = line.split()
        if len(parts) == 2 and parts[0] == "U":
            undefined.add(parts[1])
        elif len(parts) == 3 and parts[1] not in "Uuvw":
            defined.add(parts[2])
    return defined, undefined


def linked(moddir):
    """The objects Kbuild linked into l4mm.ko (l4mm.mod), if it says."""
    try:
        with open(os.path.join(moddir, "l4mm.mod")) as f:
            return {os.path.realpath(p) for p in f.read().split()}
    except OSError:
        return None


def objects(moddir):
    # Only what this build linked: an object left over from a file that
    # was renamed or removed since is not part of the module.
    keep = linked(moddir)
    objs = []
    for sub, kind in (("", "glue"), ("core", "core")):
        d = os.path.join(moddir, sub)
        for name in sorted(os.listdir(d)):
            path = os.path.join(d, name)
            if not name.endswith(".o") or name in LINKED:
                continue
            if keep is not None and os.path.realpath(path) not in keep:
                continue
            objs.append((os.path.join(sub, name), kind, path))
    return objs


def sccs(nodes, edges):
    """Tarjan's algorithm, iterative: the components, each sorted."""
    index, low, onstack, stack, out = {}, {}, set(), [], []
    counter = [0]
    for root in nodes:
        if root in index:
            continue
        work = [(root, iter(sorted(edges[root])))]
        index[root] = low[root] = counter[0]
        counter[0] += 1
        stack.append(root)
        onstack.add(root)
        while work:
            v, it = work[-1]
            for w in it:
                if w not in index:
                    index[w] = low[w] = counter[0]
                    counter[0] += 1
                    stack.append(w)
                    onstack.add(w)
                    work.append((w, iter(sorted(edges[w]))))
                    break
                if w in onstack:
                    low[v] = min(low[v], index[w])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[v])
                if low[v] == index[v]:
                    comp = []
                    while True:
                        w = stack.pop()
                        onstack.discard(w)
                        comp.append(w)
                        if w == v:
                            break
                    out.append(sorted(comp))
    return out


def read_allow(path):
    allowed = []
    if not os.path.exists(path):
        return allowed
    with open(path) as f:
        for line in f:
            names = line.split("#", 1)[0].split()
            if names:
                allowed.append(frozenset("core/" + n for n in names))
    return allowed


def main(argv):
    allow = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                         "symcycles.allow")
    if len(argv) > 2 and argv[0] == "--allow":
        allow, argv = argv[1], argv[2:]
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    objs = objects(argv[0])
    kind = {name: k for name, k, _ in objs}
    owner, uses = {}, {}
    for name, _, path in objs:
        defined, undefined = symbols(path)
        uses[name] = undefined
        for sym in defined:
            owner[sym] = name
    edges = {name: {owner[s] for s in uses[name] if s in owner} - {name}
             for name in kind}
    cycles = [c for c in sccs(sorted(kind), edges) if len(c) > 1]

    def show(c):
        return " <-> ".join(c)

    def why(c):
        """Each dependency inside the cycle, with the symbols behind it."""
        for a in c:
            for b in sorted(edges[a] & set(c)):
                syms = sorted(s for s in uses[a] if owner.get(s) == b)
                print(f"#     {a} -> {b}: {', '.join(syms)}")

    glue = [c for c in cycles if all(kind[n] == "glue" for n in c)]
    mixed = [c for c in cycles if len({kind[n] for n in c}) > 1]
    core = [c for c in cycles if all(kind[n] == "core" for n in c)]
    allowed = read_allow(allow)
    unlisted = [c for c in core if frozenset(c) not in allowed]
    gone = [a for a in allowed if a not in {frozenset(c) for c in core}]

    print("TAP version 13")
    print("1..3")
    print(f"# {len(objs)} objects ({sum(k == 'glue' for k in kind.values())}"
          f" glue, {sum(k == 'core' for k in kind.values())} core), "
          f"{sum(len(e) for e in edges.values())} dependencies")
    results = [
        (not glue, "no symbol cycle among the glue objects", glue),
        (not mixed, "no symbol cycle between glue and core", mixed),
        (not unlisted, "core: no symbol cycle beyond those listed in "
         + os.path.basename(allow), core),
    ]
    failed = 0
    for i, (ok, what, found) in enumerate(results, 1):
        print(f"{'ok' if ok else 'not ok'} {i} - {what}")
        for c in found:
            note = ""
            if c in core:
                note = (" (listed)" if frozenset(c) in allowed
                        else " (NOT listed)")
            print(f"#   cycle{note}: {show(c)}")
            why(c)
        failed += not ok
    for a in gone:
        print(f"# listed but gone (remove it from the list): "
              f"{show(sorted(a))}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
