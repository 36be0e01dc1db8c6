"""ex08 — Optimizers / 최적화 기법 (중간과제 보고서 §4.2.4, AI College 강의 §03, 딥러닝 요약 글).

Each function takes the parameters w, their gradient g and the optimizer's state, and returns the
NEW parameters and the NEW state (never updating in place). t counts steps from 1. The
conventions match the frameworks' optimizers (SGD, momentum, Nesterov, Adagrad, RMSprop, Adam).
새 파라미터와 새 상태를 반환합니다 (제자리 수정 금지). t는 1부터 셉니다.
Errata: the notes give Adam without bias correction and a garbled AdaGrad formula. RMSProp's eps:
this course follows PyTorch and puts it outside the square root; TensorFlow/Keras (and the AI College
lecture) put it inside. 자료의 Adam에는 편향 보정이 없고 AdaGrad 식은 깨져 있습니다. RMSProp의 eps는 PyTorch처럼
제곱근 밖에 둡니다 (TensorFlow/Keras와 AI College 강의는 안에 둡니다).
"""
import numpy as np

from dlgrade.pipeline.xp import array_module


def sgd_update(w, g, lr):
    """SGD / 확률적 경사 하강법: w - lr * g.
    Example: sgd_update([1.], [0.5], 0.1) -> [0.95]
    """
    ### BEGIN SOLUTION
    return w - lr * g
    ### END SOLUTION


def momentum_update(w, g, v, lr, momentum=0.9):
    """Momentum (the midterm report's sign) /
    모멘텀 (중간과제 보고서의 부호): v = momentum * v - lr * g; w = w + v. Return (w_new, v_new).

    (The AI College lecture writes v = γv + ηg; θ = θ - v: the same path with v negated.)
    (AI College 강의는 v = γv + ηg; θ = θ - v로 씁니다: v의 부호만 반대인 같은 경로입니다.)
    Example: momentum_update([1.], [0.5], [0.2], 0.1) -> ([1.13], [0.13])
    """
    ### BEGIN SOLUTION
    v = momentum * v - lr * g
    return w + v, v
    ### END SOLUTION


def nesterov_update(w, g, v, lr, momentum=0.9):
    """Nesterov momentum / 네스테로프 모멘텀: v = momentum * v - lr * g; w = w + momentum * v - lr * g.
    Return (w_new, v_new).
    Example: nesterov_update([1.], [0.5], [0.2], 0.1) -> ([1.067], [0.13])
    """
    ### BEGIN SOLUTION
    v = momentum * v - lr * g
    return w + momentum * v - lr * g, v
    ### END SOLUTION


def adagrad_update(w, g, h, lr, eps=1e-8):
    """AdaGrad: h = h + g^2; w = w - lr * g / (sqrt(h) + eps). Return (w_new, h_new).
    (The midterm report's formula, §4.2.4.4, is garbled: its ∂L/∂L should be the gradient g.)
    (중간과제 보고서 §4.2.4.4의 식은 깨져 있습니다: ∂L/∂L은 기울기 g여야 합니다.)
    Example: adagrad_update([1.], [2.], [0.], 0.1) -> ([0.9], [4.])
    """
    xp = array_module(w)
    ### BEGIN SOLUTION
    h = h + g * g
    return w - lr * g / (xp.sqrt(h) + eps), h
    ### END SOLUTION


def rmsprop_update(w, g, s, lr, rho=0.9, eps=1e-8):
    """RMSProp: s = rho * s + (1 - rho) * g^2; w = w - lr * g / (sqrt(s) + eps). Return (w_new, s_new).
    새 파라미터와 새 상태 (w_new, s_new)를 반환하세요.
    Example: rmsprop_update([1.], [2.], [0.], 0.1) -> ([0.683772], [0.4])
    """
    xp = array_module(w)
    ### BEGIN SOLUTION
    s = rho * s + (1 - rho) * g * g
    return w - lr * g / (xp.sqrt(s) + eps), s
    ### END SOLUTION


def adam_update(w, g, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
    """Adam with bias correction / 편향 보정이 있는 Adam. Return (w_new, m_new, v_new).

    m = beta1 m + (1 - beta1) g; v = beta2 v + (1 - beta2) g^2;
    m_hat = m / (1 - beta1^t); v_hat = v / (1 - beta2^t); w = w - lr * m_hat / (sqrt(v_hat) + eps).
    The notes omit the bias correction: without it m and v start near 0 and the first steps are several
    times too LARGE (about 3.2x at t = 1 and 6.5x at t = 10 with beta1 = 0.9, beta2 = 0.999).
    자료에는 편향 보정이 빠져 있습니다: 보정이 없으면 m과 v가 0 근처에서 시작해 처음 몇 단계의 이동 폭이 몇 배나
    너무 큽니다 (beta1 = 0.9, beta2 = 0.999이면 t = 1에서 약 3.2배, t = 10에서 약 6.5배).
    Example: adam_update([1.], [2.], [0.], [0.], 1, lr=0.1) -> ([0.9], [0.2], [0.004])
    """
    xp = array_module(w)
    ### BEGIN SOLUTION
    m = beta1 * m + (1 - beta1) * g
    v = beta2 * v + (1 - beta2) * g * g
    m_hat = m / (1 - beta1 ** t)
    v_hat = v / (1 - beta2 ** t)
    return w - lr * m_hat / (xp.sqrt(v_hat) + eps), m, v
    ### END SOLUTION
