"""How often a single mistake is rejected and named: an AST mutation corpus from the solutions.

Every exercise function of every solution is mutated one way at a time (flip a sign, drop a term,
drop a factor (an inner derivative), drop a .T, mean <-> sum, change an axis, +-1 on a step
counter or a small integer, scale the result by a constant, return the input unchanged); each
mutant is graded on its own function, and the script prints the share rejected, the share named
among the rejected mutants that change values, and the named ones by kind (a catalog mistake,
or the general diagnosis's kind).

    python bench/diagnosis.py [--per-function N] [--exercises ex02,ex08] [--jobs J] [--show-unnamed] [--by-kind]

A mutant that passes every check either computes the same values (an equivalent mutant: the
grader is right to pass it) or slipped through; the script lists those separately.
"""
import argparse
import ast
import collections
import concurrent.futures as cf
import copy
import os
import random
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

STEP_NAMES = {"t", "step", "k", "epoch", "n_steps", "steps"}


class Site(ast.NodeTransformer):
    """Applies mutation number `target` of kind `kind` (counting sites in walk order); with
    target=None it only counts the sites."""

    def __init__(self, kind, target=None):
        self.kind, self.target, self.count, self.done = kind, target, 0, False

    def hit(self):
        here = self.count == self.target
        self.count += 1
        if here:
            self.done = True
        return here

    def visit_BinOp(self, node):
        self.generic_visit(node)
        k = self.kind
        if k == "flip_sign" and isinstance(node.op, (ast.Add, ast.Sub)) and self.hit():
            return ast.BinOp(node.left, ast.Sub() if isinstance(node.op, ast.Add) else ast.Add(), node.right)
        if k == "drop_term" and isinstance(node.op, (ast.Add, ast.Sub)):
            if self.hit():
                return node.left
            if self.hit():
                return node.right
        if k == "drop_factor" and isinstance(node.op, (ast.Mult, ast.Div)):
            if self.hit():
                return node.left
            if isinstance(node.op, ast.Mult) and self.hit():
                return node.right
        return node

    def visit_UnaryOp(self, node):
        self.generic_visit(node)
        if self.kind == "flip_sign" and isinstance(node.op, ast.USub) and self.hit():
            return node.operand
        return node

    def visit_Attribute(self, node):
        self.generic_visit(node)
        if self.kind == "drop_T" and node.attr == "T" and self.hit():
            return node.value
        if self.kind == "mean_sum" and node.attr in ("mean", "sum") and self.hit():
            return ast.Attribute(node.value, "sum" if node.attr == "mean" else "mean", node.ctx)
        return node

    def visit_keyword(self, node):
        self.generic_visit(node)
        if self.kind == "axis" and node.arg == "axis" and isinstance(node.value, (ast.Constant, ast.UnaryOp)) \
                and self.hit():
            text = ast.unparse(node.value)
            node.value = ast.Constant(0 if text in ("-1", "1") else 1)
        return node

    def visit_Name(self, node):
        if self.kind == "off_by_one" and node.id in STEP_NAMES and isinstance(node.ctx, ast.Load) and self.hit():
            return ast.BinOp(node, ast.Sub(), ast.Constant(1))
        return node

    def visit_Constant(self, node):
        if self.kind == "off_by_one" and type(node.value) is int and 1 <= node.value <= 4 and self.hit():
            return ast.Constant(node.value + 1)
        return node

    def visit_Return(self, node):
        self.generic_visit(node)
        if node.value is None:
            return node
        if self.kind == "scale":
            for factor in (2.0, 0.5):
                if self.hit() and not isinstance(node.value, ast.Tuple):
                    return ast.Return(ast.BinOp(ast.Constant(factor), ast.Mult(), node.value))
        return node


KINDS = ("flip_sign", "drop_term", "drop_factor", "drop_T", "mean_sum", "axis", "off_by_one", "scale", "identity")


def sites(fn_node, kind):
    if kind == "identity":
        return 1 if fn_node.args.args else 0
    counter = Site(kind)
    for stmt in copy.deepcopy(fn_node).body:  # the body only: a changed default is never used by the checks
        counter.visit(stmt)
    return counter.count


def mutate(fn_node, kind, target):
    node = copy.deepcopy(fn_node)
    if kind == "identity":
        node.body = [ast.Return(ast.Name(node.args.args[0].arg, ast.Load()))]
        return node
    site = Site(kind, target)
    node.body = [site.visit(stmt) for stmt in node.body]
    return ast.fix_missing_locations(node)


def mutants(slug, per_function=None, seed=0):
    """[(function, kind, description, source)] for one exercise: the solution with one function mutated.
    per_function samples that many per function (a fixed seed), else all of them."""
    from dlgrade import catalog
    from dlgrade.study.stubs import strip_markers

    with open(os.path.join(ROOT, "solutions", f"{slug}.py"), encoding="utf-8") as fh:
        text = strip_markers(fh.read())
    tree = ast.parse(text)
    names = {f.name for f in catalog.load(slug).functions}
    out = []
    for i, node in enumerate(tree.body):
        if not isinstance(node, ast.FunctionDef) or node.name not in names:
            continue
        found = []
        for kind in KINDS:
            for target in range(sites(node, kind)):
                mutated = mutate(node, kind, target)
                if ast.dump(mutated) == ast.dump(node):
                    continue
                module = copy.deepcopy(tree)
                module.body[i] = mutated
                found.append((node.name, kind, f"{node.name}:{kind}#{target}", ast.unparse(module) + "\n"))
        if per_function is not None and len(found) > per_function:  # a fixed sample, spread over the kinds
            rng = random.Random(f"{seed}:{slug}:{node.name}")
            pools = collections.OrderedDict()
            for m in found:
                pools.setdefault(m[1], []).append(m)
            for pool in pools.values():
                rng.shuffle(pool)
            order = list(pools)
            rng.shuffle(order)
            picked = []
            while len(picked) < per_function:
                for kind in order:
                    if pools[kind] and len(picked) < per_function:
                        picked.append(pools[kind].pop())
            found = picked
        out += found
    return out


def grade(slug, function, source, timeout=10.0):
    """(rejected, values_wrong, named, kind of the naming) for one mutant."""
    from dlgrade import catalog
    from dlgrade.pipeline import engine
    from dlgrade.pipeline.diagnose import kind_of
    from dlgrade.pipeline.config import RunConfig

    ex = catalog.load(slug)
    with tempfile.TemporaryDirectory(prefix="dlgrade-mutant-") as folder:
        with open(os.path.join(folder, ex.filename), "w", encoding="utf-8") as fh:
            fh.write(source)
        report = engine.check(ex.id, folder, RunConfig(functions=[function], call_timeout=timeout,
                                                       import_timeout=timeout, timeout=60))
    rejected = report.score < report.max_score
    wrong = [c for c in report.checks if c.status != "passed"]
    values_wrong = any(c.kind in ("correctness", "stability") for c in wrong) or report.problem is not None
    named = next((c for c in wrong if c.misconception or c.diagnosis), None)
    kind = None
    if named is not None:
        kind = "catalog" if named.misconception else f"diag.{kind_of(named.diagnosis)}"
    elif any(c.status in ("error", "timeout") for c in wrong) or report.problem is not None:
        kind = "crash"  # the code raised or hung: the message says where, no misconception to name
    return rejected, values_wrong, named is not None, kind


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-function", type=int, default=4, help="mutants sampled per function (0: all)")
    parser.add_argument("--exercises", default="", help="comma-separated (default: all)")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--show-unnamed", action="store_true")
    parser.add_argument("--by-kind", action="store_true",
                        help="for each kind, the functions whose mutants it names (one mutant each)")
    args = parser.parse_args(argv)
    sys.path.insert(0, ROOT)
    from dlgrade import catalog

    slugs = [catalog.resolve(e) for e in args.exercises.split(",") if e.strip()] or catalog.slugs()
    corpus = [(slug, *m) for slug in slugs for m in mutants(slug, args.per_function or None)]
    with cf.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        results = list(pool.map(lambda m: grade(m[0], m[1], m[4]), corpus))
    by_kind, by_mutation = collections.Counter(), collections.defaultdict(lambda: [0, 0])
    witnesses = collections.defaultdict(dict)  # kind -> {(exercise, function): mutant}
    by_exercise = collections.defaultdict(lambda: [0, 0])
    passed, unnamed = [], []
    rejected = values = named = crashed = 0
    for (slug, function, kind, desc, _), (rej, wrong, is_named, how) in zip(corpus, results):
        if not rej:
            passed.append(f"{slug} {desc}")
            continue
        rejected += 1
        if how == "crash":
            crashed += 1
            continue
        if not wrong:
            continue
        values += 1
        by_mutation[kind][0] += 1
        by_exercise[slug[:4]][0] += 1
        if is_named:
            named += 1
            by_kind[how] += 1
            witnesses[how].setdefault((slug, function), desc)
            by_mutation[kind][1] += 1
            by_exercise[slug[:4]][1] += 1
        else:
            unnamed.append(f"{slug} {desc}")
    total = len(corpus)
    print(f"mutants: {total} from {len(slugs)} exercises ({args.per_function or 'all'} per function)")
    print(f"rejected: {rejected}/{total} = {rejected / max(total, 1):.1%}  (passed every check: {len(passed)}, "
          "equivalent or slipped through)")
    print(f"rejected by a crash/exception (message names the line): {crashed}")
    print(f"named among rejected mutants that change values: {named}/{values} = {named / max(values, 1):.1%}")
    print("named by kind:")
    for kind, n in by_kind.most_common():
        print(f"  {kind:<24} {n}")
    print("named share by mutation:")
    for kind in KINDS:
        if kind in by_mutation:
            v, n = by_mutation[kind]
            print(f"  {kind:<12} {n}/{v}")
    print("named share by exercise:")
    for ex, (v, n) in sorted(by_exercise.items()):
        print(f"  {ex}  {n}/{v} = {n / max(v, 1):.0%}")
    if args.by_kind:
        print("kinds by function (functions: one mutant each):")
        for kind, n in by_kind.most_common():
            found = witnesses[kind]
            print(f"  {kind:<24} {len(found)} functions: "
                  + ", ".join(f"{s} {d}" for (s, _), d in sorted(found.items())))
    if args.show_unnamed:
        print("not named:", *unnamed, sep="\n  ")
        print("passed every check:", *passed, sep="\n  ")


if __name__ == "__main__":
    main()
