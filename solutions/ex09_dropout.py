"""ex09 — Dropout / 드롭아웃 (중간과제 보고서 §4.2.7, AI College 강의 §04, 딥러닝 요약 글).

Inverted dropout: during training each entry is dropped (0) with probability p and otherwise
scaled by 1/(1-p), so the expected activation is unchanged and nothing happens at test time.
Randomness only from the `rng` argument (a numpy or cupy Generator; never np.random.*).
On the GPU, CuPy's Generator has no permutation or choice: a permutation is argsort(rng.random(n)).
역 드롭아웃: 학습 중 각 원소를 확률 p로 0으로, 아니면 1/(1-p)배로. 테스트 때는 아무것도 하지 않습니다.
(The AI College lecture and the deep-learning summary suggest 26% / 25% for inputs; the usual value is 20-25%.)
(AI College 강의와 딥러닝 요약 글은 입력에 26% / 25%를 제안하며, 흔히 쓰는 값은 20-25%입니다.)
"""
import math

import numpy as np

from dlgrade.pipeline.xp import array_module


def dropout_mask(shape, p, rng):
    """Inverted-dropout mask / 드롭아웃 마스크: each entry independently 0 with probability p, else 1/(1-p).

    p = 0 gives all ones, p = 1 all zeros (no NaN, no inf). Example: dropout_mask((2, 3), 0.5, rng)
    -> entries in {0., 2.}.
    p = 0이면 모두 1, p = 1이면 모두 0입니다 (NaN, inf 없이). 예: p = 0.5이면 원소는 0. 또는 2.입니다.
    """
    ### BEGIN SOLUTION
    scale = 1.0 / (1.0 - p) if p < 1 else 0.0
    return (rng.random(shape) >= p) * scale
    ### END SOLUTION


def dropout_forward(x, p, rng, train=True):
    """Dropout layer / 드롭아웃 층. Training: (x * mask, mask) with mask = dropout_mask(x.shape, p, rng) in
    x's dtype. train=False: (x, None), no scaling at test time (테스트 때는 스케일하지 않음)."""
    ### BEGIN SOLUTION
    if not train:
        return x, None
    mask = dropout_mask(x.shape, p, rng).astype(x.dtype)
    return x * mask, mask
    ### END SOLUTION


def dropout_backward(dout, mask):
    """Gradient through dropout / 드롭아웃의 역전파: flows only where the forward pass let it through,
    with the same scale: dout * mask.
    Example: dropout_backward([1., 2., 3.], [0., 2., 2.]) -> [0., 4., 6.]
    """
    ### BEGIN SOLUTION
    return dout * mask
    ### END SOLUTION


def dropout_exact(y, ratio, rng):
    """The deep-learning summary's variant /
    딥러닝 요약 글의 변형: exactly k = floor(y.size * (1 - ratio) + 0.5) entries equal
    1/(1-ratio), at uniformly random positions, zeros elsewhere, in y's dtype. Return (y * mask, mask).
    정확히 k개의 원소만 1/(1-ratio), 위치는 균등 무작위. (The summary's snippet is not runnable as printed.)
    """
    xp = array_module(y)
    ### BEGIN SOLUTION
    k = math.floor(y.size * (1 - ratio) + 0.5)
    keep = xp.argsort(rng.random(y.size))[:k]
    mask = xp.zeros(y.size, dtype=y.dtype)
    mask[keep] = 1.0 / (1.0 - ratio) if ratio < 1 else 0.0
    mask = mask.reshape(y.shape)
    return y * mask, mask
    ### END SOLUTION
