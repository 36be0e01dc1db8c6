#!/usr/bin/env python3
"""Every GPU check and every timing check, for the solutions and for deliberately wrong or slow
variants, in one run on a GPU machine. Prints two tables: the GPU correctness checks of every
exercise's solution, then per timed function and variant the reference time, the student's time,
the one-kernel baseline's time, GB/s, % of the measured copy bandwidth and the verdicts.
Without CuPy or a GPU it says so and exits 0.

    pip install --no-deps -e . && python bench/gpu_suite.py [--functions sigmoid,adam_update]

Expected on an H100: every solution passes its GPU checks and its timing check; "python_loop",
"many_kernels" and "host_round_trip" fail their timing checks; "numpy_return" fails the GPU
correctness check (a silent copy to the host); the one-kernel check (--fused) fails the readable
solutions of multi-kernel formulas (the naive Adam) and passes "one_kernel" (a student's
ElementwiseKernel). A dry run of the plumbing without a GPU, through the tests' CuPy stand-in:

    PYTHONPATH=tests/fake_cupy DLGRADE_CHILD_PATH=$PWD/tests/fake_cupy python bench/gpu_suite.py --size 1048576
"""
import argparse
import os
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from dlgrade.pipeline.config import RunConfig
from dlgrade import catalog
from dlgrade.pipeline import engine
from dlgrade.pipeline import timing  # noqa: E402
from dlgrade.study.stubs import strip_markers  # noqa: E402
from dlgrade.pipeline.xp import gpu_status  # noqa: E402

# Wrong or slow ways to write an elementwise function; {ref} is the solution's own function.
ELEMENTWISE = {
    "python_loop": "def {fn}(x, *a, **k):\n    xp = array_module(x)\n    flat = x.reshape(-1)\n"
                   "    return xp.concatenate([{ref}(flat[i:i + 4096], *a, **k) for i in range(0, flat.size, 4096)])"
                   ".reshape(x.shape)\n",
    "many_kernels": "def {fn}(x, *a, **k):\n    out = x\n    for _ in range(30):\n        out = out * 1.0 + 0.0\n"
                    "    return {ref}(out, *a, **k)\n",
    "host_round_trip": "def {fn}(x, *a, **k):\n    xp = array_module(x)\n"
                       "    host = x.get() if hasattr(x, 'get') else x\n"
                       "    return xp.asarray({ref}(np.asarray(host), *a, **k))\n",
    "numpy_return": "def {fn}(x, *a, **k):\n    host = x.get() if hasattr(x, 'get') else x\n"
                    "    return {ref}(np.asarray(host), *a, **k)\n",
}
ADAM = {
    "python_loop": "def adam_update(w, g, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):\n"
                   "    xp = array_module(w)\n"
                   "    parts = [{ref}(w[i:i + 4096], g[i:i + 4096], m[i:i + 4096], v[i:i + 4096], t, lr, beta1, "
                   "beta2, eps)\n             for i in range(0, w.size, 4096)]\n"
                   "    return tuple(xp.concatenate([p[k] for p in parts]) for k in range(3))\n",
    "many_kernels": "def adam_update(w, g, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):\n"
                    "    for _ in range(10):\n        g = g * 1.0\n"
                    "    return {ref}(w, g, m, v, t, lr, beta1, beta2, eps)\n",
    "host_round_trip": "def adam_update(w, g, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):\n"
                       "    xp = array_module(w)\n"
                       "    host = [a.get() if hasattr(a, 'get') else a for a in (w, g, m, v)]\n"
                       "    return tuple(xp.asarray(o) for o in {ref}(*host, t, lr, beta1, beta2, eps))\n",
    # what the one-kernel check asks for: the whole update in one kernel, written by the student
    "one_kernel": "_KERNEL = {{}}\n\n\n"
                  "def adam_update(w, g, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):\n"
                  "    xp = array_module(w)\n    if xp is np:\n"
                  "        return {ref}(w, g, m, v, t, lr, beta1, beta2, eps)\n"
                  "    if 'k' not in _KERNEL:\n"
                  "        _KERNEL['k'] = xp.ElementwiseKernel(\n"
                  "            'T w, T g, T m, T v, T lr, T b1, T b2, T c1, T c2, T eps', 'T w2, T m2, T v2',\n"
                  "            'T mn = b1 * m + (1 - b1) * g; T vn = b2 * v + (1 - b2) * g * g; m2 = mn; v2 = vn;'\n"
                  "            'w2 = w - lr * (mn * c1) / (sqrt(vn * c2) + eps);', 'student_adam')\n"
                  "    T = w.dtype.type\n"
                  "    return _KERNEL['k'](w, g, m, v, T(lr), T(beta1), T(beta2), T(1 / (1 - beta1 ** t)),\n"
                  "                        T(1 / (1 - beta2 ** t)), T(eps))\n",
}


def solution(slug):
    with open(os.path.join(ROOT, "solutions", f"{slug}.py"), encoding="utf-8") as fh:
        return strip_markers(fh.read())


def variants(ex_id, fn, one_input):
    """name -> the source of a whole student file, the solution first (one_input: an elementwise
    function of one array, which the ELEMENTWISE variants wrap)."""
    slug = catalog.resolve(ex_id)
    base = solution(slug)
    out = {"solution": base}
    table = ADAM if fn == "adam_update" else ELEMENTWISE if one_input else {}
    for name, body in table.items():
        out[name] = base + f"\n\n_ref_{fn} = {fn}\n\n\n" + body.format(fn=fn, ref=f"_ref_{fn}")
    return out


def grade(ex_id, source, **options):
    slug = catalog.resolve(ex_id)
    with tempfile.TemporaryDirectory() as folder:
        with open(os.path.join(folder, f"{slug}.py"), "w", encoding="utf-8") as fh:
            fh.write(source)
        return engine.check(ex_id, folder, RunConfig(**options))


def print_table(head, rows):
    widths = [max(len(str(r[i])) for r in rows + [head]) for i in range(len(head))]
    for r in [head] + rows:
        print("  ".join(str(v).ljust(w) for v, w in zip(r, widths)), flush=True)


def correctness_table(exercises):
    rows = []
    for ex_id in exercises:
        start = time.monotonic()
        report = grade(ex_id, solution(catalog.resolve(ex_id)), gpu=True)
        gpu = [c for c in report.checks if c.kind == "gpu"]
        bad = [f"{c.id}: {c.status} {c.message.render() if c.message else ''}"[:160] for c in gpu
               if c.status != "passed"]
        rows.append((ex_id, len(gpu), sum(c.status == "passed" for c in gpu), len(bad),
                     f"{time.monotonic() - start:.1f}"))
        for line in bad:
            print("  ", line)
    print_table(("exercise", "gpu checks", "passed", "not passed", "s"), rows)


def timing_table(wanted):
    rows = []
    for ex, f in timing.timed_functions():
        ex_id, fn = ex.id, f.name
        if wanted and fn not in wanted:
            continue
        one_input = f.baseline is not None and len(f.timing.args) == 1
        for name, source in variants(ex_id, fn, one_input).items():
            report = grade(ex_id, source, functions=[fn], gpu=True, timing=True, fused=True)
            gpu = [c for c in report.checks if c.kind == "gpu"]
            by_name = {c.id.split(".")[-1]: c for c in report.checks if c.kind == "timing"}
            t, f = by_name.get("gpu_timing"), by_name.get("gpu_fused")
            p = t.message.params if t is not None and t.message is not None else {}
            rows.append((fn, name, p.get("ref_ms", "-"), p.get("ms", "-"), p.get("fused_ms", "-"), p.get("gbps", "-"),
                         p.get("percent", "-"), p.get("fused_percent", "-"),
                         "pass" if gpu and all(c.status == "passed" for c in gpu) else "FAIL",
                         t.status if t is not None else "-", f.status if f is not None else "-"))
            print("  row:", " | ".join(str(v) for v in rows[-1]), flush=True)  # kept if the run is cut short
            if t is not None and t.status not in ("passed", "failed"):
                print("  ", fn, name, t.status, t.message.render() if t.message else "")
    print_table(("function", "variant", "ref ms", "student ms", "fused ms", "GB/s", "% copy", "fused % copy",
                 "gpu checks", "timing", "one-kernel"), rows)


def device_name():
    import cupy

    try:
        name = cupy.cuda.runtime.getDeviceProperties(0)["name"]
        return name.decode() if isinstance(name, bytes) else str(name)
    except Exception:  # the tests' stand-in has no device properties
        return "unknown (not a CUDA device?)"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--functions", default=None, help="comma-separated subset of the timed functions")
    ap.add_argument("--size", type=int, default=None, help=f"elements per timed array (default {timing.SIZE['gpu']})")
    ap.add_argument("--skip-correctness", action="store_true", help="only the timing table")
    args = ap.parse_args()
    ok, reason = gpu_status()
    if not ok:
        print(f"no GPU run: {reason.render()}")
        return 0
    if args.size:
        timing.SIZE["gpu"] = args.size
    print(f"device: {device_name()}; {timing.SIZE['gpu']} elements per array; {timing.REPEATS['gpu']} rounds",
          flush=True)
    if not args.skip_correctness and not args.functions:
        correctness_table([e.id for e in catalog.all_exercises()])
    timing_table(set(args.functions.split(",")) if args.functions else None)
    return 0


if __name__ == "__main__":
    sys.exit(main())
