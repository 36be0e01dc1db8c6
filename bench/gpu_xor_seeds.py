#!/usr/bin/env python3
"""How often does ex11's train_xor recipe fail to learn XOR? The recipe (a 2-H-1 sigmoid network,
full-batch gradient descent, learning rate 2, 5000 epochs, W from the generator's standard
normal draws, zero biases) run for many initialisations at once: the same arithmetic as the
bundled solution, batched over the seeds. Prints the failures per variant (hidden width,
restarts); --check compares the batched run with the solution itself on the first seeds;
--module cupy draws the initialisations from CuPy's generator (the draws the GPU check gets) and
trains on the device.

    python bench/gpu_xor_seeds.py --seeds 20000
    python bench/gpu_xor_seeds.py --seeds 20000 --module cupy     # on a GPU machine
"""
import argparse
import os
import sys
import time

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

X_HOST = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
Y_HOST = np.array([[0.0], [1.0], [1.0], [0.0]])


XP = np  # numpy, or cupy with --module cupy


def sig(z):
    return 1 / (1 + XP.exp(-z))


def draws(seeds, hidden, attempt):
    """The initialisations of the given attempt (0: the first draw of each seed's generator)."""
    W1, W2 = [], []
    for s in seeds:
        rng = XP.random.default_rng(int(s))
        for _ in range(attempt + 1):
            w1, w2 = rng.standard_normal((2, hidden)), rng.standard_normal((hidden, 1))
        W1.append(w1)
        W2.append(w2)
    return XP.stack(W1), XP.stack(W2)


def train(W1, W2, epochs=5000, lr=2.0):
    """The recipe on a batch of networks: W1 (S, 2, H), W2 (S, H, 1)."""
    S, _, H = W1.shape
    b1, b2 = XP.zeros((S, 1, H)), XP.zeros((S, 1, 1))
    X, Y = XP.asarray(X_HOST), XP.asarray(Y_HOST)
    for _ in range(epochs):
        A1 = sig(X @ W1 + b1)
        A2 = sig(A1 @ W2 + b2)
        dZ2 = (A2 - Y) / 4
        dZ1 = (dZ2 @ W2.transpose(0, 2, 1)) * A1 * (1 - A1)
        W2, b2 = W2 - lr * A1.transpose(0, 2, 1) @ dZ2, b2 - lr * dZ2.sum(axis=1, keepdims=True)
        W1, b1 = W1 - lr * X.T @ dZ1, b1 - lr * dZ1.sum(axis=1, keepdims=True)
    return W1, b1, W2, b2


def learned(W1, b1, W2, b2):
    X, Y = XP.asarray(X_HOST), XP.asarray(Y_HOST)
    out = sig(sig(X @ W1 + b1) @ W2 + b2)[..., 0]
    ok = (XP.round(out) == Y[:, 0]).all(axis=1)
    return ok.get() if hasattr(ok, "get") else ok


def failures(seeds, hidden, restarts, chunk=5000):
    """Seeds whose network has not learned XOR after 1 + restarts attempts."""
    failed = []
    for i in range(0, len(seeds), chunk):
        todo = np.asarray(seeds[i:i + chunk])
        for attempt in range(restarts + 1):
            ok = learned(*train(*draws(todo, hidden, attempt)))
            todo = todo[~ok]
            if todo.size == 0:
                break
        failed += todo.tolist()
    return failed


def check(n):
    """The batched recipe against the bundled solution on the first n seeds (same verdicts)."""
    from dlgrade.solutions.ex11_training import train_xor

    from dlgrade.reference.ex11_training import XOR_X, sigmoid

    batched = set(failures(list(range(n)), 4, 0))
    single = set()
    for s in range(n):
        W1, b1, W2, b2 = train_xor(np.random.default_rng(s))
        out = sigmoid(sigmoid(XOR_X @ W1 + b1) @ W2 + b2).ravel()
        if not np.array_equal(np.round(out), Y_HOST[:, 0]):
            single.add(s)
    return batched, single


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=int, default=20000)
    ap.add_argument("--variants", default="4:0,4:2,8:0,8:2", help="hidden:restarts, comma-separated")
    ap.add_argument("--check", type=int, default=0, help="compare with the solution itself on this many seeds")
    ap.add_argument("--module", choices=("numpy", "cupy"), default="numpy", help="whose generator and arrays")
    args = ap.parse_args()
    global XP
    if args.module == "cupy":
        import cupy

        XP = cupy
    seeds = list(range(args.seeds))
    print(f"{args.seeds} seeds ({args.module} default_rng(0..{args.seeds - 1})), 5000 epochs, learning rate 2")
    for variant in args.variants.split(","):
        hidden, restarts = (int(v) for v in variant.split(":"))
        start = time.monotonic()
        failed = failures(seeds, hidden, restarts)
        print(f"H={hidden} restarts={restarts}: {len(failed)} failures of {args.seeds} "
              f"({time.monotonic() - start:.0f} s){': seeds ' + str(failed[:10]) if failed else ''}", flush=True)
    if args.check:
        batched, single = check(args.check)
        print(f"check on {args.check} seeds: batched failures {sorted(batched)}, solution failures {sorted(single)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
