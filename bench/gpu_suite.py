#!/usr/bin/env python3
"""Every GPU check and every timing check, for the solutions and for deliberately wrong or slow
variants, in one run on a GPU machine. Prints a table: function, variant, reference time, student
time, GB/s, % of copy bandwidth, verdicts. Without CuPy or a GPU it says so and exits 0.

    pip install --no-deps -e . && python bench/gpu_suite.py [--functions sigmoid,adam_update]

Expected on an H100: solutions pass; "many_kernels" and "host_round_trip" fail their timing
checks; "numpy_return" fails the GPU correctness check (a silent copy to the host).
"""
import argparse
import os
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from grader import catalog, engine, timing  # noqa: E402
from grader.stubs import strip_markers  # noqa: E402
from grader.xp import gpu_status  # noqa: E402

ELEMENTWISE_VARIANTS = {
    "many_kernels": "def {fn}(x):\n    xp = array_module(x)\n    out = x\n    for _ in range(30):\n"
                    "        out = out * 1.0 + 0.0\n    return {ref}(out)\n",
    "host_round_trip": "def {fn}(x):\n    xp = array_module(x)\n    host = x.get() if hasattr(x, 'get') else x\n"
                       "    return xp.asarray({ref}(np.asarray(host)))\n",
    "numpy_return": "def {fn}(x):\n    host = x.get() if hasattr(x, 'get') else x\n    return {ref}(np.asarray(host))\n",
}
ADAM_VARIANTS = {
    "many_kernels": "def adam_update(w, g, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):\n"
                    "    for _ in range(10):\n        g = g * 1.0\n    return _ref_adam(w, g, m, v, t, lr, beta1, beta2, eps)\n",
    "host_round_trip": "def adam_update(w, g, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):\n"
                       "    xp = array_module(w)\n    out = _ref_adam(*(a.get() for a in (w, g, m, v)), t, lr, beta1, beta2, eps)\n"
                       "    return tuple(xp.asarray(o) for o in out)\n",
}


def variant_source(slug, fn, name):
    with open(os.path.join(ROOT, "solutions", f"{slug}.py"), encoding="utf-8") as fh:
        base = strip_markers(fh.read())
    ref = f"_ref_{fn}"
    if fn == "adam_update":
        body = ADAM_VARIANTS[name]
        return base + "\n\n_ref_adam = adam_update\n\n" + body
    return base + f"\n\n{ref} = {fn}\n\n" + ELEMENTWISE_VARIANTS[name].format(fn=fn, ref=ref)


def run(slug, fn, source):
    with tempfile.TemporaryDirectory() as folder:
        with open(os.path.join(folder, f"{slug}.py"), "w", encoding="utf-8") as fh:
            fh.write(source)
        report = engine.check(slug[:4], folder, functions=[fn], gpu=True, timing=True)
    gpu = [c for c in report.checks if c.kind == "gpu"]
    timed = [c for c in report.checks if c.kind == "timing"]
    return gpu, timed


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--functions", default=None, help="comma-separated subset of the timed functions")
    args = ap.parse_args()
    ok, reason = gpu_status()
    if not ok:
        print(f"no GPU run: {reason}")
        return 0
    wanted = set(args.functions.split(",")) if args.functions else None
    rows = []
    for (ex_id, fn), spec in timing.TIMED.items():
        if wanted and fn not in wanted:
            continue
        slug = catalog.resolve(ex_id)
        variants = {"solution": None, **(ADAM_VARIANTS if fn == "adam_update" else
                                        {k: v for k, v in ELEMENTWISE_VARIANTS.items()} if ex_id == "ex02" else {})}
        for name in variants:
            with open(os.path.join(ROOT, "solutions", f"{slug}.py"), encoding="utf-8") as fh:
                source = strip_markers(fh.read()) if name == "solution" else variant_source(slug, fn, name)
            gpu, timed = run(slug, fn, source)
            t = timed[0] if timed else None
            p = t.message.params if t is not None and t.message is not None else {}
            rows.append((fn, name, p.get("ref_ms", "-"), p.get("ms", "-"), p.get("gbps", "-"), p.get("percent", "-"),
                         "pass" if all(c.status == "passed" for c in gpu) else "FAIL",
                         t.status if t is not None else "-"))
    head = ("function", "variant", "ref ms", "student ms", "GB/s", "% copy", "gpu checks", "timing")
    widths = [max(len(str(r[i])) for r in rows + [head]) for i in range(len(head))]
    for r in [head] + rows:
        print("  ".join(str(v).ljust(w) for v, w in zip(r, widths)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
