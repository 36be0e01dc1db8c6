"""ex11 — Mini-batches, epochs and the delta rule /
미니배치, 에폭, 델타 규칙 (중간과제 보고서 §4.2.2, 강의 후기 §4, 딥러닝 요약 글).

One epoch shows the network every sample once. With n samples and batch size b it takes
ceil(n / b) iterations: the notes' "1 Epoch = Batchsize x Iteration" means the DATA SET SIZE
equals batch size x iterations (errata). Randomness only from `rng`; on the GPU a permutation is
argsort(rng.random(n)) (CuPy's Generator has no permutation).
한 에폭은 모든 샘플을 한 번씩 봅니다. 반복 횟수는 ceil(n / b)입니다 (자료의 식은 데이터 크기를 뜻함).
"""
import math

import numpy as np

from dlgrade.pipeline.xp import array_module


def iterations_per_epoch(n_samples, batch_size):
    """Iterations per epoch / 에폭당 반복 횟수: ceil(n_samples / batch_size). Example: (10, 4) -> 3"""
    ### BEGIN SOLUTION
    return math.ceil(n_samples / batch_size)
    ### END SOLUTION


def minibatches(X, Y, batch_size, rng):
    """One epoch's mini-batches / 한 에폭의 미니배치: a list of (Xb, Yb).

    Every sample exactly once, in a random order drawn from rng, X and Y shuffled together; all
    batches have batch_size rows except possibly the last, which is smaller.
    모든 샘플을 한 번씩, rng로 섞은 순서로 (X와 Y는 같은 순열). 마지막 배치만 작을 수 있습니다.
    X and Y themselves stay unchanged (index into new arrays). CuPy's Generator has no permutation:
    xp.argsort(rng.random(n)) is one on NumPy and CuPy alike.
    X와 Y 자체는 바꾸지 않습니다 (새 배열로 인덱싱). CuPy의 Generator에는 permutation이 없으므로
    xp.argsort(rng.random(n))으로 순열을 만듭니다 (NumPy와 CuPy 모두).

    Example: 10 samples, batch_size=4 -> 3 batches of 4, 4 and 2 rows.
    예: 샘플 10개, batch_size=4 -> 4행, 4행, 2행의 배치 3개.
    """
    xp = array_module(X)
    ### BEGIN SOLUTION
    order = xp.argsort(rng.random(X.shape[0]))
    return [(X[order[i:i + batch_size]], Y[order[i:i + batch_size]]) for i in range(0, X.shape[0], batch_size)]
    ### END SOLUTION


def delta_sgd_epoch(W, X, D, alpha):
    """One epoch of the deep-learning summary's DeltaSGD /
    딥러닝 요약 글의 DeltaSGD 한 에폭: a single sigmoid neuron, updated per sample.

    For each row x of X with target d: y = sigmoid(W . x), e = d - y, delta = y (1 - y) e,
    W = W + alpha * delta * x. Shapes: W (3,), X (N, 3), D (N,). Return the new W (a new array).
    (The notes' `y. * (1-y). * e` is MATLAB with typos: elementwise products.)
    목표값이 d인 X의 각 행 x마다 위 식으로 W를 갱신합니다. 모양: W (3,), X (N, 3), D (N,). 새 W를 새 배열로
    반환하세요. (자료의 `y. * (1-y). * e`는 오타가 있는 MATLAB 코드이며, 원소별 곱입니다.)
    """
    xp = array_module(W)
    ### BEGIN SOLUTION
    for x, d in zip(X, D):
        y = 1 / (1 + xp.exp(-(W @ x)))
        W = W + alpha * y * (1 - y) * (d - y) * x
    return W
    ### END SOLUTION


def delta_batch_epoch(W, X, D, alpha):
    """The batch variant / 배치 방식: every sample's update computed with the same W, then W plus their MEAN."""
    xp = array_module(W)
    ### BEGIN SOLUTION
    y = 1 / (1 + xp.exp(-(X @ W)))
    delta = y * (1 - y) * (D - y)
    return W + alpha * (delta[:, None] * X).mean(axis=0)
    ### END SOLUTION


def train_xor(rng, epochs=5000):
    """Train a 2-H-1 sigmoid network on XOR with your own backprop / 직접 만든 역전파로 XOR 학습.

    Return (W1, b1, W2, b2) with shapes (2, H), (H,), (H, 1), (1,) (row-major as in ex04:
    out = sigmoid(sigmoid(X @ W1 + b1) @ W2 + b2)); the grader checks that the outputs on the four
    inputs round to [0, 1, 1, 0]. Initialize from rng; vectorize over the 4 samples (time limit).
    모양이 (2, H), (H,), (H, 1), (1,)인 (W1, b1, W2, b2)를 반환하세요 (ex04처럼 행 우선). 채점기는 네 입력에
    대한 출력을 반올림하면 [0, 1, 1, 0]인지 확인합니다. rng로 초기화하고, 4개 샘플을 한 번에 벡터화해 계산하세요
    (시간 제한).
    """
    ### BEGIN SOLUTION
    for _attempt in range(3):  # about 1 start in 300 ends in a local minimum: then start again from new draws
        W1, W2 = rng.standard_normal((2, 4)), rng.standard_normal((4, 1))  # CuPy's generator has no normal()
        xp = array_module(W1)  # NumPy, or CuPy for a CuPy generator
        X = xp.asarray([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
        Y = xp.asarray([[0.0], [1.0], [1.0], [0.0]])
        b1, b2 = xp.zeros(4), xp.zeros(1)
        for _ in range(epochs):
            A1 = 1 / (1 + xp.exp(-(X @ W1 + b1)))
            A2 = 1 / (1 + xp.exp(-(A1 @ W2 + b2)))
            dZ2 = (A2 - Y) / 4
            dZ1 = (dZ2 @ W2.T) * A1 * (1 - A1)
            W2, b2 = W2 - 2.0 * A1.T @ dZ2, b2 - 2.0 * dZ2.sum(axis=0)
            W1, b1 = W1 - 2.0 * X.T @ dZ1, b1 - 2.0 * dZ1.sum(axis=0)
        A2 = 1 / (1 + xp.exp(-(1 / (1 + xp.exp(-(X @ W1 + b1))) @ W2 + b2)))
        if bool((xp.round(A2) == Y).all()):
            break
    return W1, b1, W2, b2
    ### END SOLUTION
