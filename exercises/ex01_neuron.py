"""ex01 — Perceptron and forward propagation /
퍼셉트론과 순전파 (강의 후기 §1-2, AI College 강의 §01, 딥러닝 요약 글, 신경망 입문 글).

Row-major, batch-first: X has shape (N, D); a dense layer is X @ W + b with W (D_in, D_out) and
b (D_out,). Get the array module from the inputs: ``xp = array_module(X)``.
행 우선, 배치 우선: X의 shape는 (N, D), 완전연결층은 X @ W + b (W: (D_in, D_out), b: (D_out,)).
"""
import numpy as np

from dlgrade.pipeline.xp import array_module


def sigmoid(z):
    """Stable sigmoid 1 / (1 + e^-z) (given: you wrote it in ex02 / ex02에서 작성한 함수)."""
    xp = array_module(z)
    e = xp.exp(-xp.abs(z))
    return xp.where(z >= 0, 1 / (1 + e), e / (1 + e))


def step(z):
    """Unit step: 0 for z < 0, 1 for z > 0, 0.5 at 0 (given, from ex02 / ex02의 계단 함수)."""
    xp = array_module(z)
    return xp.where(z > 0, 1.0, xp.where(z < 0, 0.0, 0.5))


def weighted_sum(x, w, b):
    """A neuron's weighted sum / 뉴런의 가중합: sum_i w_i x_i + b.

    x, w: 1-D arrays of the same length; b: a scalar. Returns a scalar (0-d array or NumPy/CuPy
    scalar) of x's dtype. x, w: 같은 길이의 1차원 배열, b: 스칼라. 스칼라를 반환합니다.
    Example: weighted_sum([1., 2.], [0.5, -1.], 0.25) -> -1.25
    """
    # TODO: your code here / 여기에 코드를 작성하세요
    raise NotImplementedError


def dense_forward(X, W, b):
    """Dense (fully connected) layer / 완전연결층: X @ W + b.

    Shapes / 모양: X (N, D_in), W (D_in, D_out), b (D_out,) -> (N, D_out).
    Example: dense_forward([[1., 2.]], [[1.], [1.]], [0.5]) -> [[3.5]]
    """
    # TODO: your code here / 여기에 코드를 작성하세요
    raise NotImplementedError


def mlp_forward(X, weights, biases):
    """Forward pass of a multi-layer perceptron / 다층 퍼셉트론의 순전파.

    Sigmoid after every layer, row-major: Z = sigmoid(Z @ W + b) for each (W, b) in turn; returns
    the last layer's output. (The AI College lecture writes it column-wise: z(l+1) = f(W z(l) + b).)
    모든 층 뒤에 시그모이드: 각 (W, b)에 대해 Z = sigmoid(Z @ W + b). 마지막 층의 출력을 반환합니다.
    Shapes / 모양: X (N, D0); weights[l] (D_l, D_{l+1}); biases[l] (D_{l+1},) -> (N, D_L).
    """
    # TODO: your code here / 여기에 코드를 작성하세요
    raise NotImplementedError


def count_weights(layer_sizes):
    """Number of weights (no biases) of a fully connected net / 완전연결망의 가중치 수 (편향 제외).

    layer_sizes lists the neurons per layer, input first. Example (network primer): [8, 9] -> 72.
    layer_sizes는 입력층부터 층마다의 뉴런 수입니다 (예제: 신경망 입문 글).
    """
    # TODO: your code here / 여기에 코드를 작성하세요
    raise NotImplementedError


def count_parameters(layer_sizes):
    """Weights plus biases (one bias per non-input neuron) / 가중치 + 편향 (입력층 제외 뉴런마다 하나).

    Example: [8, 9] -> 81; [2, 2, 1] -> 9.
    """
    # TODO: your code here / 여기에 코드를 작성하세요
    raise NotImplementedError


def xor_weights():
    """Weights (W1, b1, W2, b2) of a 2-2-1 step network computing XOR / XOR을 계산하는 2-2-1 계단 신경망.

    Shapes (2, 2), (2,), (2, 1), (1,); row-major: out = step(step(X @ W1 + b1) @ W2 + b2), on
    X = [[0,0],[0,1],[1,0],[1,1]] gives [[0],[1],[1],[0]]. No pre-activation may be exactly 0.
    모양은 (2, 2), (2,), (2, 1), (1,)이고 행 우선입니다. 위 X에 대해 [[0],[1],[1],[0]]이 나와야 하며, 계단 함수에
    들어가는 가중합은 어느 것도 정확히 0이면 안 됩니다.
    One linear layer cannot do it (midterm report §3.1): `dlgrade hint ex01 xor_weights` leads the way.
    한 층의 선형 모델로는 불가능합니다 (중간과제 보고서 §3.1): `dlgrade hint ex01 xor_weights`가 길을 안내합니다.
    """
    # TODO: your code here / 여기에 코드를 작성하세요
    raise NotImplementedError
