"""ex08 — Optimizers / 최적화 기법 (seeds 000 §4.2.4, 002 §03, 003).

Each function takes the parameters w, their gradient g and the optimizer's state, and returns the
NEW parameters and the NEW state (never updating in place). t counts steps from 1. The
conventions match the frameworks' optimizers (SGD, momentum, Nesterov, Adagrad, RMSprop, Adam).
새 파라미터와 새 상태를 반환합니다 (제자리 수정 금지). t는 1부터 셉니다.
Errata: the seeds give Adam without bias correction and a garbled AdaGrad formula; RMSProp's eps
goes outside the square root (seed 002 puts it inside).
"""
import numpy as np

from dlgrade.xp import array_module


def sgd_update(w, g, lr):
    """SGD / 확률적 경사 하강법: w - lr * g."""
    # TODO: your code here / 여기에 코드를 작성하세요
    raise NotImplementedError


def momentum_update(w, g, v, lr, momentum=0.9):
    """Momentum / 모멘텀 (seed 000's sign): v = momentum * v - lr * g; w = w + v. Return (w_new, v_new).

    (Seed 002 writes v = γv + ηg; θ = θ - v: the same path with v negated.)
    """
    # TODO: your code here / 여기에 코드를 작성하세요
    raise NotImplementedError


def nesterov_update(w, g, v, lr, momentum=0.9):
    """Nesterov momentum / 네스테로프 모멘텀: v = momentum * v - lr * g; w = w + momentum * v - lr * g.
    Return (w_new, v_new)."""
    # TODO: your code here / 여기에 코드를 작성하세요
    raise NotImplementedError


def adagrad_update(w, g, h, lr, eps=1e-8):
    """AdaGrad: h = h + g^2; w = w - lr * g / (sqrt(h) + eps). Return (w_new, h_new).
    (Seed 000 §4.2.4.4's formula is garbled: ∂L/∂L should be the gradient g.)"""
    xp = array_module(w)
    # TODO: your code here / 여기에 코드를 작성하세요
    raise NotImplementedError


def rmsprop_update(w, g, s, lr, rho=0.9, eps=1e-8):
    """RMSProp: s = rho * s + (1 - rho) * g^2; w = w - lr * g / (sqrt(s) + eps). Return (w_new, s_new)."""
    xp = array_module(w)
    # TODO: your code here / 여기에 코드를 작성하세요
    raise NotImplementedError


def adam_update(w, g, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
    """Adam with bias correction / 편향 보정이 있는 Adam. Return (w_new, m_new, v_new).

    m = beta1 m + (1 - beta1) g; v = beta2 v + (1 - beta2) g^2;
    m_hat = m / (1 - beta1^t); v_hat = v / (1 - beta2^t); w = w - lr * m_hat / (sqrt(v_hat) + eps).
    The seeds omit the bias correction: without it the first steps are far too small.
    seed에는 편향 보정이 빠져 있습니다: 보정이 없으면 처음 몇 단계가 너무 작습니다.
    """
    xp = array_module(w)
    # TODO: your code here / 여기에 코드를 작성하세요
    raise NotImplementedError
