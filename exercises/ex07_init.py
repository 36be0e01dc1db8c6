"""ex07 — Weight initialization / 가중치 초기화 (중간과제 보고서 §1.3.2, AI College 강의 "Parameter initialization").

Each init draws ONCE: ``rng.standard_normal((n_in, n_out))``, then scales it, so a seeded generator
gives reproducible weights. Randomness only from `rng` (never np.random.*).
각 초기화는 rng.standard_normal((n_in, n_out))을 한 번 뽑아 크기만 조절합니다 (np.random.* 금지).
"""
import math

import numpy as np

from dlgrade.pipeline.xp import array_module


def naive_init(n_in, n_out, rng, std=0.01):
    """Small random weights / 작은 난수 가중치: standard normal * std, shape (n_in, n_out)."""
    # TODO: your code here / 여기에 코드를 작성하세요
    raise NotImplementedError


def xavier_init(n_in, n_out, rng):
    """Xavier (as the notes define it) / Xavier 초기화: standard normal / sqrt(n_in). Good for sigmoid and tanh."""
    # TODO: your code here / 여기에 코드를 작성하세요
    raise NotImplementedError


def he_init(n_in, n_out, rng):
    """He / He 초기화: standard normal / sqrt(n_in / 2), i.e. std sqrt(2 / n_in). Good for ReLU."""
    # TODO: your code here / 여기에 코드를 작성하세요
    raise NotImplementedError


def activation_stats(init, activation, n_layers=10, width=100, n_samples=1000, rng=None):
    """The notes' experiment / 자료의 실험: mean and std of each layer's activations, shape (n_layers, 2).

    init in {"std1", "naive", "xavier", "he"} ("std1": plain standard normal, "naive": std 0.01);
    activation in {"sigmoid", "tanh", "relu"}. Draw order: A = rng.standard_normal((n_samples, width))
    first, then for each layer W = <init>(width, width, rng) and A = act(A @ W) (no bias).
    rng=None means numpy.random.default_rng(0).
    init은 std1 (표준 정규분포 그대로), naive (std 0.01), xavier, he 중 하나, activation은 sigmoid, tanh, relu 중
    하나입니다. 난수를 뽑는 순서: 먼저 A, 그다음 층마다 W를 뽑고 A = act(A @ W) (편향 없음).
    rng=None이면 numpy.random.default_rng(0)을 씁니다.
    What you should see: std 1 saturates sigmoid at 0/1, Xavier keeps sigmoid spread, He keeps ReLU alive.
    보게 될 결과: std 1은 시그모이드를 0/1에 포화시키고, Xavier는 시그모이드 출력을 고르게 퍼뜨리며, He는 ReLU를
    살려 둡니다.
    """
    rng = np.random.default_rng(0) if rng is None else rng
    # TODO: your code here / 여기에 코드를 작성하세요
    raise NotImplementedError
