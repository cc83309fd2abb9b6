#!/usr/bin/env python3
# check-object-loops.py BUILD_CORE_DIR
#
# The include test (test-layering) reads #include lines; this one reads
# what the core's compiled files really call.  For each object file of
# the core's static libraries it asks `nm` which functions it defines
# and which it uses, and fails, naming the files, if two or more files
# call each other in a loop (tl-exporter.c calling tl-exporter-pdf.c
# calling tl-exporter.c, say), or if a folder calls one above or across
# it in the layering geo < model < io, render < analysis < export < cli.
#
# SPDX-License-Identifier: GPL-3.0-or-later
import collections
import glob
import os
import subprocess
import sys

RANK = {"base": 0, "geo": 1, "model": 2, "io": 3, "render": 3, "analysis": 4,
        "export": 5, "cli": 6}


def folder_of(obj, core):
    rel = os.path.relpath(obj, core)
    top = rel.split(os.sep)[0]
    lib = top if top in RANK else None
    if lib is None:
        # src/core/libtl-core-base.a.p/…, libtl-core.a.p/…
        lib = "base" if "tl-core-base" in rel else "cli"
    return lib


def self_test():
    """Builds a tiny core with a loop and an upward call; both must be found."""
    import tempfile
    sources = {
        "model/libtl-core-model.a.p/tl-a.c": "void tl_b (void); void tl_c (void);\n"
                                             "void tl_a (void) { tl_b (); tl_c (); }\n",
        "model/libtl-core-model.a.p/tl-b.c": "void tl_a (void);\nvoid tl_b (void) { tl_a (); }\n",
        "io/libtl-core-io.a.p/tl-c.c": "void tl_c (void) { }\n",
        "render/libtl-core-render.a.p/tl-d.c": "void tl_c (void);\nvoid tl_d (void) { tl_c (); }\n",
    }
    with tempfile.TemporaryDirectory() as tmp:
        for rel, text in sources.items():
            path = os.path.join(tmp, rel)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w") as f:
                f.write(text)
            subprocess.run([os.environ.get("CC", "cc"), "-c", path, "-o", path + ".o"], check=True)
        out = subprocess.run([sys.executable, __file__, tmp], capture_output=True, text=True)
    expected = [
        "model/libtl-core-model/tl-a.c calls tl_c of io/libtl-core-io/tl-c.c: from model/ up to io/",
        "render/libtl-core-render/tl-d.c calls tl_c of io/libtl-core-io/tl-c.c: from render/ across to io/",
        "a loop of calls: model/libtl-core-model/tl-a.c → model/libtl-core-model/tl-b.c (tl_b); "
        "model/libtl-core-model/tl-b.c → model/libtl-core-model/tl-a.c (tl_a)",
        "4 object files checked, 3 problem(s)",
    ]
    got = out.stdout.splitlines()
    if out.returncode != 1 or got != expected:
        print("self-test failed; got:\n" + out.stdout + out.stderr)
        return 1
    print("self-test passed: a loop and calls up and across are found")
    return 0


def main():
    if sys.argv[1:] == ["--self-test"]:
        return self_test()
    core = sys.argv[1]
    objs = sorted(o for o in glob.glob(os.path.join(core, "**", "*.o"), recursive=True)
                  if ".a.p" in o)
    if not objs:
        print(f"no object files under {core}", file=sys.stderr)
        return 1

    defined, used = {}, {}
    for o in objs:
        out = subprocess.run(["nm", o], capture_output=True, text=True, check=True).stdout
        d, u = set(), set()
        for line in out.splitlines():
            parts = line.split()
            if len(parts) == 2 and parts[0] == "U":
                u.add(parts[1])
            elif len(parts) == 3 and parts[1] in "TDBR":
                d.add(parts[2])
        defined[o], used[o] = d, u

    owner = {}
    for o, d in defined.items():
        for sym in d:
            owner[sym] = o

    def name(o):
        return os.path.relpath(o, core).replace(".a.p", "").replace(".c.o", ".c")

    graph = collections.defaultdict(set)
    why = {}
    problems = []
    for o in objs:
        for sym in sorted(used[o]):
            target = owner.get(sym)
            if target is None or target == o:
                continue
            graph[o].add(target)
            why.setdefault((o, target), sym)
            a, b = folder_of(o, core), folder_of(target, core)
            if RANK[b] > RANK[a] or (RANK[b] == RANK[a] and a != b):
                problems.append(f"{name(o)} calls {sym} of {name(target)}: "
                                f"from {a}/ {'up' if RANK[b] > RANK[a] else 'across'} to {b}/")

    # Strongly connected components (Tarjan, iterative).
    index, low, stack, on, comps = {}, {}, [], set(), []
    counter = [0]

    def strongconnect(v):
        work = [(v, iter(sorted(graph[v])))]
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        while work:
            node, it = work[-1]
            advanced = False
            for w in it:
                if w not in index:
                    index[w] = low[w] = counter[0]
                    counter[0] += 1
                    stack.append(w)
                    on.add(w)
                    work.append((w, iter(sorted(graph[w]))))
                    advanced = True
                    break
                if w in on:
                    low[node] = min(low[node], index[w])
            if advanced:
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                comp = []
                while True:
                    w = stack.pop()
                    on.discard(w)
                    comp.append(w)
                    if w == node:
                        break
                if len(comp) > 1:
                    comps.append(sorted(comp))

    for v in objs:
        if v not in index:
            strongconnect(v)

    for comp in comps:
        links = [f"{name(a)} → {name(b)} ({why[(a, b)]})"
                 for a in comp for b in comp if (a, b) in why]
        problems.append("a loop of calls: " + "; ".join(links))

    for p in problems:
        print(p)
    print(f"{len(objs)} object files checked, {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
