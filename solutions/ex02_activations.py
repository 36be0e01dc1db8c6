"""ex02 — Activation functions and their derivatives /
활성화 함수와 도함수 (중간과제 보고서 §3, AI College 강의, 신경망 입문 글).

Every function works elementwise on an array of any shape (NumPy or CuPy) and returns an array of
the same module and dtype. Get the module from the input: ``xp = array_module(x)``, then use
``xp.exp``, ``xp.where``, ``xp.maximum``, ...
모든 함수는 임의 shape의 배열(NumPy 또는 CuPy)에 원소별로 작동하며, 같은 모듈과 dtype의 배열을
반환합니다. 입력에서 모듈을 얻으세요: ``xp = array_module(x)``.
"""
import numpy as np

from dlgrade.pipeline.xp import array_module


def step(x):
    """Unit step / 단위 계단 함수: 0 for x < 0, 1 for x > 0, 0.5 at x == 0.

    Example: step([-2., 0., 3.]) -> [0., 0.5, 1.]
    """
    xp = array_module(x)
    ### BEGIN SOLUTION
    return xp.where(x > 0, 1.0, xp.where(x < 0, 0.0, 0.5)).astype(x.dtype)
    ### END SOLUTION


def sigmoid(x):
    """Sigmoid / 시그모이드: 1 / (1 + e^-x), in (0, 1).

    Must not overflow (no warning, no NaN) for |x| up to 1e4: use e^-|x|.
    |x|가 1e4까지 overflow 경고나 NaN이 없어야 합니다: e^-|x|를 쓰세요.
    Example: sigmoid([0.]) -> [0.5]
    """
    xp = array_module(x)
    ### BEGIN SOLUTION
    e = xp.exp(-xp.abs(x))
    return xp.where(x >= 0, 1 / (1 + e), e / (1 + e))
    ### END SOLUTION


def tanh(x):
    """Hyperbolic tangent / 쌍곡탄젠트: (e^{2x} - 1) / (e^{2x} + 1), in (-1, 1).

    (The AI College lecture prints the fraction upside down: that is coth. / AI College 강의의 식은 뒤집힌 coth입니다.)
    Example: tanh([0.]) -> [0.]
    """
    xp = array_module(x)
    ### BEGIN SOLUTION
    return xp.tanh(x)
    ### END SOLUTION


def relu(x):
    """ReLU: max(0, x). Example: relu([-1., 2.]) -> [0., 2.]"""
    xp = array_module(x)
    ### BEGIN SOLUTION
    return xp.maximum(x, 0)
    ### END SOLUTION


def leaky_relu(x, alpha=0.01):
    """LeakyReLU: x for x > 0, alpha * x otherwise / x > 0이면 x, 아니면 alpha * x.

    Example: leaky_relu([-10., 2.], alpha=0.1) -> [-1., 2.]
    """
    xp = array_module(x)
    ### BEGIN SOLUTION
    return xp.where(x > 0, x, alpha * x)
    ### END SOLUTION


def elu(x, alpha=1.0):
    """ELU: x for x > 0, alpha * (e^x - 1) otherwise / x > 0이면 x, 아니면 alpha * (e^x - 1).

    Example: elu([0., 1.]) -> [0., 1.]
    """
    xp = array_module(x)
    ### BEGIN SOLUTION
    return xp.where(x > 0, x, alpha * xp.expm1(xp.minimum(x, 0)))
    ### END SOLUTION


def prelu(x, a):
    """PReLU: x for x > 0, a * x otherwise; `a` is a scalar or broadcasts against x (per channel).
    x > 0이면 x, 아니면 a * x. `a`는 스칼라이거나 x에 브로드캐스트됩니다 (채널별).

    Example: prelu([[-2., 3.]], [0.5, 0.1]) -> [[-1., 3.]]
    """
    xp = array_module(x)
    ### BEGIN SOLUTION
    return xp.where(x > 0, x, a * x)
    ### END SOLUTION


def ramp(x):
    """Ramp / 램프 함수: clip x to [0, 1]. Example: ramp([-1., 0.3, 2.]) -> [0., 0.3, 1.]"""
    xp = array_module(x)
    ### BEGIN SOLUTION
    return xp.clip(x, 0, 1)
    ### END SOLUTION


def swish(x):
    """Swish: x * sigmoid(x). Example: swish([0.]) -> [0.]"""
    ### BEGIN SOLUTION
    return x * sigmoid(x)
    ### END SOLUTION


def softplus(x):
    """Softplus: log(1 + e^x), stable for large |x| / 큰 |x|에서도 안정적으로.

    Hint / 힌트: log(1 + e^x) = max(x, 0) + log(1 + e^-|x|).
    Example: softplus([0.]) -> [0.6931...]
    """
    xp = array_module(x)
    ### BEGIN SOLUTION
    return xp.maximum(x, 0) + xp.log1p(xp.exp(-xp.abs(x)))
    ### END SOLUTION


def softmax(x, axis=-1):
    """Softmax along `axis` / `axis`를 따른 소프트맥스: e^{x_i} / sum_j e^{x_j}.

    Stable for logits up to 1e4: subtract the max along the axis first (keepdims=True).
    로짓이 1e4까지 안정적이어야 합니다: 먼저 축을 따라 최댓값을 빼세요.
    Shapes: any; the result has x's shape and sums to 1 along `axis`.
    모양은 자유이며, 결과는 x와 같은 모양이고 `axis`를 따라 합이 1입니다.
    Example: softmax([0., 0.]) -> [0.5, 0.5]
    """
    xp = array_module(x)
    ### BEGIN SOLUTION
    e = xp.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)
    ### END SOLUTION


def sigmoid_grad(x):
    """d/dx sigmoid(x) = sigmoid(x) (1 - sigmoid(x)). Example: sigmoid_grad([0.]) -> [0.25]"""
    ### BEGIN SOLUTION
    s = sigmoid(x)
    return s * (1 - s)
    ### END SOLUTION


def tanh_grad(x):
    """d/dx tanh(x) = 1 - tanh(x)^2. Example: tanh_grad([0.]) -> [1.]"""
    xp = array_module(x)
    ### BEGIN SOLUTION
    return 1 - xp.tanh(x) ** 2
    ### END SOLUTION


def relu_grad(x):
    """d/dx relu(x): 1 for x > 0, 0 for x < 0 (at 0 anything in [0, 1] is accepted).
    x > 0이면 1, x < 0이면 0 (0에서는 [0, 1] 사이 아무 값).

    Example: relu_grad([-1., 2.]) -> [0., 1.]
    """
    ### BEGIN SOLUTION
    return (x > 0).astype(x.dtype)
    ### END SOLUTION


def leaky_relu_grad(x, alpha=0.01):
    """d/dx leaky_relu(x): 1 for x > 0, alpha for x < 0 / x > 0이면 1, x < 0이면 alpha.

    Example: ([-1., 2.], 0.1) -> [0.1, 1.]
    """
    xp = array_module(x)
    ### BEGIN SOLUTION
    return xp.where(x > 0, 1.0, alpha).astype(x.dtype)
    ### END SOLUTION


def elu_grad(x, alpha=1.0):
    """d/dx elu(x): 1 for x > 0, alpha * e^x for x < 0 / x > 0이면 1, x < 0이면 alpha * e^x.

    Example: elu_grad([1.]) -> [1.]
    """
    xp = array_module(x)
    ### BEGIN SOLUTION
    return xp.where(x > 0, 1.0, alpha * xp.exp(xp.minimum(x, 0))).astype(x.dtype)
    ### END SOLUTION


def swish_grad(x):
    """d/dx swish(x) = sigmoid(x) + x sigmoid(x) (1 - sigmoid(x)). Example: swish_grad([0.]) -> [0.5]"""
    ### BEGIN SOLUTION
    s = sigmoid(x)
    return s + x * s * (1 - s)
    ### END SOLUTION


def softplus_grad(x):
    """d/dx softplus(x) = e^x / (1 + e^x), stable for large |x|.
    큰 |x|에서도 안정적으로 계산하세요.

    Example: softplus_grad([0.]) -> [0.5]
    """
    ### BEGIN SOLUTION
    return sigmoid(x)
    ### END SOLUTION
