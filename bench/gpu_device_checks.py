#!/usr/bin/env python3
"""What the CuPy stand-in assumes, checked on the real device (issue 16), and the device
figures the GPU path depends on. Prints one table (check, expected, got, ok) and writes it as
TSV to --out. Without CuPy or a GPU it says so and exits 0. Run by bench/gpu_first_run.sh.

    python bench/gpu_device_checks.py --out $OUT/device_checks.tsv
"""
import argparse
import operator
import os
import subprocess
import sys
import tempfile
import time

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from dlgrade.pipeline.xp import gpu_status  # noqa: E402

ROWS = []


def row(name, expected, got, ok):
    ROWS.append((name, expected, str(got)[:160], "ok" if ok else "NO"))
    print(f"{'ok' if ok else 'NO'}  {name}: {str(got)[:160]}", flush=True)


def raises(f, kind=TypeError):
    try:
        f()
    except kind as e:
        return True, f"{type(e).__name__}: {e}"[:120]
    except Exception as e:  # noqa: BLE001 - another error is a finding too
        return False, f"{type(e).__name__}: {e}"[:120]
    return False, "no error"


def stand_in_assumptions(cp):
    x = cp.ones(4, dtype=cp.float32)
    ok, got = raises(lambda: cp.fuse(lambda a, b: a + b)(x, b=x))
    row("fuse refuses keyword arguments", "TypeError", got, ok)
    row("fuse takes positional arguments", "2.0", float(cp.fuse(lambda a, b: a + b)(x, x)[0]),
        float(cp.fuse(lambda a, b: a + b)(x, x)[0]) == 2.0)
    zero_d = cp.random.default_rng(0).integers(0, 3)
    row("a draw without size is a 0-d array", "cupy.ndarray ()", f"{type(zero_d).__name__} {zero_d.shape}",
        isinstance(zero_d, cp.ndarray) and zero_d.shape == ())
    ok, got = raises(lambda: operator.index(zero_d))
    row("0-d array has no __index__", "TypeError", got, ok)
    ok, got = raises(lambda: x[:zero_d])
    row("0-d array cannot slice", "TypeError", got, ok)
    ok, got = raises(lambda: round(cp.asarray(2.5)))
    row("0-d array has no __round__", "TypeError", got, ok)
    row("int() and float() of a 0-d array work", "3 2.5", f"{int(cp.asarray(3))} {float(cp.asarray(2.5))}", True)
    ok, got = raises(lambda: np.ones(4, dtype=np.float32) + x)
    row("numpy + cupy operands", "TypeError", got, ok)
    ok, got = raises(lambda: x + np.ones(4, dtype=np.float32))
    row("cupy + numpy operands", "TypeError", got, ok)
    ok, got = raises(lambda: cp.exp(np.ones(4)))
    row("a cupy function given a numpy array", "TypeError", got, ok)
    dt = (x * np.float64(0.5)).dtype
    row("float32 array * np.float64 scalar (NEP 50, CuPy 14)", "float64", dt, dt == np.float64)
    dt = (x * 0.5).dtype
    row("float32 array * Python float", "float32", dt, dt == np.float32)
    names = ("astype", "concat", "pow", "bool", "permute_dims", "matrix_transpose", "acos", "unique_values",
             "cumulative_sum")
    missing = [n for n in names if not hasattr(cp, n)]
    row("CuPy 14 names present", "none missing", missing or "none missing", not missing)
    ok, got = raises(lambda: np.asarray(x))
    row("implicit conversion to NumPy", "TypeError", got, ok)


def tf32(cp):
    code = ("import cupy as cp, numpy as np\nrng = np.random.default_rng(0)\n"
            "a, b = rng.standard_normal((2048, 2048)), rng.standard_normal((2048, 2048))\n"
            "got = (cp.asarray(a, dtype=cp.float32) @ cp.asarray(b, dtype=cp.float32)).get()\n"
            "print(float(np.abs(got - a @ b).max() / np.abs(a @ b).max()))\n")
    errors = {}
    for flag in ("0", "1"):
        env = dict(os.environ, CUPY_TF32=flag)
        run = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)
        errors[flag] = float(run.stdout.strip() or "nan")
    row("float32 matmul error with CUPY_TF32=0 (the child's setting)", "< 1e-5", f"{errors['0']:.2e}",
        errors["0"] < 1e-5)
    row("float32 matmul error with CUPY_TF32=1", "(tensor cores: ~1e-3)", f"{errors['1']:.2e}", True)


def timing_on_another_stream(cp):
    from dlgrade.sandbox.child import stopwatch

    x = cp.random.default_rng(0).standard_normal(1 << 26, dtype=cp.float32)
    stream = cp.cuda.Stream(non_blocking=True)

    def elsewhere():
        with stream:
            y = x
            for _ in range(20):
                y = cp.sin(y)
        return y

    elsewhere()
    cp.cuda.Device().synchronize()
    t0 = time.perf_counter()
    elsewhere()
    cp.cuda.Device().synchronize()
    wall = time.perf_counter() - t0
    clock = stopwatch([x])
    clock.start()
    elsewhere()
    timed = clock.stop()
    row("stopwatch times work queued on another stream", ">= 0.8 x its wall time",
        f"{timed * 1000:.2f} ms of {wall * 1000:.2f} ms", timed >= 0.8 * wall)


def bandwidth(cp):
    from dlgrade.pipeline import timing

    small = [timing.copy_bandwidth("cupy", 1 << 24, 5) / 1e9 for _ in range(3)]
    big = [timing.copy_bandwidth("cupy", timing.SIZE["gpu"], timing.BANDWIDTH_REPEATS["gpu"]) / 1e9 for _ in range(3)]
    row("copy bandwidth, 64 MiB x 5 (the old measurement), GB/s", "spread", " ".join(f"{b:.0f}" for b in small), True)
    row("copy bandwidth, at the timed size x 21, GB/s", "spread", " ".join(f"{b:.0f}" for b in big), True)


def start_up(cp):
    code = "import cupy as cp\n(cp.arange(1000, dtype=cp.float32) * 2 + 1).sum().get()\n"
    with tempfile.TemporaryDirectory() as cache:
        env = dict(os.environ, CUPY_CACHE_DIR=cache)
        times = []
        for _ in range(3):
            t0 = time.perf_counter()
            subprocess.run([sys.executable, "-c", code], env=env, check=True, timeout=120)
            times.append(time.perf_counter() - t0)
    row("child start-up: import, context, first kernels (s): cold cache, then warm", "well under 30 s",
        " ".join(f"{t:.2f}" for t in times), max(times) < 30)
    t0 = time.perf_counter()
    for s in range(400):
        cp.random.default_rng(s).random(1)
    cp.cuda.Device().synchronize()
    fresh = time.perf_counter() - t0
    t0 = time.perf_counter()
    rng = cp.random.default_rng(0)
    for _ in range(400):
        rng.random(1)
    cp.cuda.Device().synchronize()
    shared = time.perf_counter() - t0
    row("400 draws: fresh generators vs one shared (s)", "shared cheaper", f"{fresh:.3f} vs {shared:.3f}", True)


def bwrap_gpu(cp):
    from dlgrade.sandbox import isolation
    from dlgrade.sandbox.runner import Child, Limits

    if not isolation.bwrap_works():
        row("CuPy inside bubblewrap (grade --gpu)", "8.0", "bwrap does not work here", True)
        return
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "gpu_probe.py")
        with open(path, "w") as fh:
            fh.write("import os\n\n\ndef probe():\n    import cupy as cp\n\n"
                     "    return float((cp.ones(4, dtype=cp.float32) * 2).sum()), os.environ.get('CUPY_CACHE_DIR')\n")
        child = Child(path, Limits(memory_mb=None, import_timeout_s=60), wrap=isolation.Bwrap(folder, gpu=True))
        failure = child.start()
        try:
            if failure is not None:
                row("CuPy inside bubblewrap (grade --gpu)", "8.0", f"child did not start: {failure}", False)
                return
            from dlgrade.sandbox import protocol

            replies, buffers = child.run([{"fn": "probe", "args": (), "kwargs": {}}], 120)
            got = protocol.decode(replies[0]["value"], buffers) if "value" in replies[0] else replies[0].get("detail")
            row("CuPy inside bubblewrap (grade --gpu)", "8.0 and the box's cache", got,
                replies[0]["status"] == "ok")
            row("kernel cache files kept for the student", "> 0", len(os.listdir(isolation.cupy_cache(folder))),
                len(os.listdir(isolation.cupy_cache(folder))) > 0)
        finally:
            child.close()


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default=None, help="write the table here (TSV)")
    args = ap.parse_args()
    ok, reason = gpu_status()
    if not ok:
        print(f"no GPU run: {reason.render()}")
        return 0
    import cupy as cp

    row("CuPy version (supported: >= 14)", ">= 14", cp.__version__, int(cp.__version__.split(".")[0]) >= 14)
    for part in (stand_in_assumptions, tf32, timing_on_another_stream, bandwidth, start_up, bwrap_gpu):
        try:
            part(cp)
        except Exception as e:  # noqa: BLE001 - one failing part must not hide the others
            row(part.__name__, "runs", f"{type(e).__name__}: {e}", False)
    if args.out:
        with open(args.out, "w") as fh:
            fh.write("check\texpected\tgot\tok\n")
            fh.writelines("\t".join(r) + "\n" for r in ROWS)
    widths = [max(len(r[i]) for r in ROWS) for i in range(4)]
    print()
    for r in ROWS:
        print("  ".join(v.ljust(w) for v, w in zip(r, widths)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
