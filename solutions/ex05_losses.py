"""ex05 — Loss functions / 손실 함수 (중간과제 보고서 §4.2.3, AI College 강의, 딥러닝 요약 글).

Every loss returns a scalar (0-d array or NumPy/CuPy scalar) of the input's floating dtype and is a
MEAN, so it does not grow with the batch. Gradients return arrays shaped like their first input.
모든 손실은 입력의 dtype을 가진 스칼라이며 평균입니다. 기울기는 첫 입력과 같은 shape의 배열입니다.
Get the array module from the inputs: ``xp = array_module(y_pred)``.
"""
import numpy as np

from dlgrade.pipeline.xp import array_module


def mse(y_pred, y_true):
    """Mean squared error / 평균 제곱 오차: mean((y_pred - y_true)^2) over all elements.

    Example: mse([1., 2.], [1., 4.]) -> 2.0
    """
    ### BEGIN SOLUTION
    return ((y_pred - y_true) ** 2).mean()
    ### END SOLUTION


def mae(y_pred, y_true):
    """Mean absolute error / 평균 절대 오차: mean(|y_pred - y_true|). (The midterm report, §4.2.3.2, labels it "MSE".)

    Example: mae([1., 2.], [1., 4.]) -> 1.0
    """
    xp = array_module(y_pred)
    ### BEGIN SOLUTION
    return xp.abs(y_pred - y_true).mean()
    ### END SOLUTION


def rmse(y_pred, y_true):
    """Root mean squared error / 평균 제곱근 오차: sqrt(mse). Example: rmse([1., 2.], [1., 4.]) -> 1.4142..."""
    xp = array_module(y_pred)
    ### BEGIN SOLUTION
    return xp.sqrt(((y_pred - y_true) ** 2).mean())
    ### END SOLUTION


def binary_cross_entropy(p, y, eps=1e-7):
    """Binary cross-entropy / 이진 교차 엔트로피: -mean(y log p + (1 - y) log(1 - p)).

    Clip p to [eps, 1 - eps] first (eps = 1e-7 as in Keras: meaningful in float32), so p = 0 or 1
    gives a finite loss. p를 먼저 [eps, 1 - eps]로 자르세요. Shapes: p, y alike.
    Example: binary_cross_entropy([0.5], [1.]) -> 0.6931...
    """
    xp = array_module(p)
    ### BEGIN SOLUTION
    p = xp.clip(p, eps, 1 - eps)
    return -(y * xp.log(p) + (1 - y) * xp.log(1 - p)).mean()
    ### END SOLUTION


def categorical_cross_entropy(probs, onehot, eps=1e-7):
    """Categorical cross-entropy / 범주형 교차 엔트로피: mean over the batch of -sum_k t_k log clip(p_k, eps, 1).

    Shapes / 모양: probs, onehot (N, K). Example: ([[0.5, 0.5]], [[1., 0.]]) -> 0.6931...
    """
    xp = array_module(probs)
    ### BEGIN SOLUTION
    return -(onehot * xp.log(xp.clip(probs, eps, 1))).sum(axis=-1).mean()
    ### END SOLUTION


def sparse_categorical_cross_entropy(probs, labels, eps=1e-7):
    """Like categorical_cross_entropy with integer labels (N,) instead of one-hot rows.
    정수 레이블 (N,)을 쓰는 범주형 교차 엔트로피. Example: ([[0.25, 0.75]], [1]) -> 0.2876...
    """
    xp = array_module(probs)
    ### BEGIN SOLUTION
    picked = probs[xp.arange(probs.shape[0]), labels]
    return -xp.log(xp.clip(picked, eps, 1)).mean()
    ### END SOLUTION


def softmax_cross_entropy(logits, labels):
    """Mean cross-entropy of softmax(logits) / 로짓에서 바로 계산하는 교차 엔트로피 (평균).

    Stable for logits up to 1e4: log-softmax with the row max subtracted (log-sum-exp).
    로짓이 1e4까지 안정적이어야 합니다 (log-sum-exp). Shapes: logits (N, K), labels (N,) integers.
    Example: softmax_cross_entropy([[0., 0.]], [0]) -> 0.6931...
    """
    xp = array_module(logits)
    ### BEGIN SOLUTION
    s = logits - logits.max(axis=-1, keepdims=True)
    logp = s - xp.log(xp.exp(s).sum(axis=-1, keepdims=True))
    return -logp[xp.arange(logits.shape[0]), labels].mean()
    ### END SOLUTION


def softmax_cross_entropy_grad(logits, labels):
    """Gradient of softmax_cross_entropy w.r.t. the logits / 로짓에 대한 기울기: (softmax(logits) - onehot) / N.

    Example: softmax_cross_entropy_grad([[0., 0.]], [0]) -> [[-0.5, 0.5]]
    """
    xp = array_module(logits)
    ### BEGIN SOLUTION
    e = xp.exp(logits - logits.max(axis=-1, keepdims=True))
    grad = e / e.sum(axis=-1, keepdims=True)
    grad[xp.arange(logits.shape[0]), labels] -= 1
    return grad / logits.shape[0]
    ### END SOLUTION


def mse_grad(y_pred, y_true):
    """Gradient of mse w.r.t. y_pred / y_pred에 대한 mse의 기울기: 2 (y_pred - y_true) / n, n = y_pred.size.
    Example: mse_grad([1., 2.], [1., 4.]) -> [0., -2.]
    """
    ### BEGIN SOLUTION
    return 2 * (y_pred - y_true) / y_pred.size
    ### END SOLUTION


def bce_grad(p, y):
    """Gradient of the UNCLIPPED mean BCE w.r.t. p / 자르지 않은 평균 BCE의 p에 대한 기울기.

    (-y / p + (1 - y) / (1 - p)) / n = (p - y) / (p (1 - p) n), n = p.size; p strictly inside (0, 1).
    p는 0과 1 사이의 값입니다 (0과 1은 제외).
    Example: bce_grad([0.5, 0.8], [1., 0.]) -> [-1., 2.5]
    """
    ### BEGIN SOLUTION
    return (p - y) / (p * (1 - p)) / p.size
    ### END SOLUTION
