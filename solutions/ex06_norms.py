"""ex06 — Norms and regularization / 노름과 정규화 (중간과제 보고서 §4.2.3.2, AI College 강의 §04).

Vector norms along `axis`; axis=None means over all elements (the array flattened: for a matrix
that is NOT the matrix 2-norm). Results keep the input's floating dtype.
`axis`를 따른 벡터 노름. axis=None이면 모든 원소 (행렬의 2-노름이 아님).
The midterm report §4.2.3.2 example: x = [[9,9,1],[5,9,5],[8,4,3],[3,8,5],[5,3,4]] with axis=1 gives
L1 [19, 19, 15, 16, 12] and L2 [12.767..., 11.445..., 9.433..., 9.899..., 7.071...].
"""
import numpy as np

from dlgrade.pipeline.xp import array_module


def l1_norm(x, axis=None):
    """L1 (Manhattan) norm / L1 노름: sum |x_i| along axis.
    Example: l1_norm([[9., 9., 1.], [3., -4., 0.]], axis=1) -> [19., 7.]
    """
    xp = array_module(x)
    ### BEGIN SOLUTION
    return xp.abs(x).sum(axis=axis)
    ### END SOLUTION


def l2_norm(x, axis=None):
    """L2 (Euclidean) norm / L2 노름: sqrt(sum x_i^2) along axis.
    Example: l2_norm([3., -4.]) -> 5.0
    """
    xp = array_module(x)
    ### BEGIN SOLUTION
    return xp.sqrt((x * x).sum(axis=axis))
    ### END SOLUTION


def lp_norm(x, p, axis=None):
    """Lp norm / Lp 노름: (sum |x_i|^p)^(1/p) along axis, p >= 1.
    Example: lp_norm([3., -4.], 1) -> 7.0
    """
    xp = array_module(x)
    ### BEGIN SOLUTION
    return (xp.abs(x) ** p).sum(axis=axis) ** (1.0 / p)
    ### END SOLUTION


def l2_penalty(weights, lam):
    """L2 regularization term / L2 정규화 항: lam/2 * sum of the squares of every array in the list `weights`.
    Example: l2_penalty([[1., 2.], [[3.]]], 0.1) -> 0.7
    """
    ### BEGIN SOLUTION
    return lam / 2 * sum((w * w).sum() for w in weights)
    ### END SOLUTION


def l2_penalty_grad(w, lam):
    """Gradient of lam/2 * sum(w^2) w.r.t. w / w에 대한 기울기: lam * w.
    Example: l2_penalty_grad([1., -2.], 0.1) -> [0.1, -0.2]
    """
    ### BEGIN SOLUTION
    return lam * w
    ### END SOLUTION


def l1_penalty(weights, lam):
    """L1 regularization term / L1 정규화 항: lam * sum |w| over every array in `weights`.
    Example: l1_penalty([[1., -2.], [3.]], 0.1) -> 0.6
    """
    xp = array_module(weights[0])
    ### BEGIN SOLUTION
    return lam * sum(xp.abs(w).sum() for w in weights)
    ### END SOLUTION


def l1_penalty_grad(w, lam):
    """Subgradient of lam * sum |w| / 부분 기울기: lam * sign(w), and 0 where w == 0 (0에서는 0).
    Example: l1_penalty_grad([2., 0., -3.], 0.1) -> [0.1, 0., -0.1]
    """
    xp = array_module(w)
    ### BEGIN SOLUTION
    return lam * xp.sign(w)
    ### END SOLUTION


def clip_by_norm(g, max_norm):
    """Rescale g so that its L2 norm (over all elements) is at most max_norm / L2 노름이 max_norm 이하가 되게.

    A gradient already within the limit comes back unchanged (as a new array); otherwise
    g * max_norm / ||g||. 이미 한도 안이면 그대로 (새 배열로) 반환합니다.
    Example: clip_by_norm([3., 4.], 1.0) -> [0.6, 0.8]
    """
    xp = array_module(g)
    ### BEGIN SOLUTION
    norm = xp.sqrt((g * g).sum())
    if norm <= max_norm:
        return g.copy()
    return g * (max_norm / norm)
    ### END SOLUTION
