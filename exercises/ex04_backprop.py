"""ex04 — Backpropagation / 역전파 (중간과제 보고서 §2.2, AI College 강의 §02, 딥러닝 요약 글).

The notes' worked example is a 2-2-2 network without biases, in column form:
h = sigmoid(W1 @ x), o = sigmoid(W2 @ h), row i of W1 holding the weights into hidden neuron i
(W1 = [[w1, w2], [w3, w4]], W2 = [[w5, w6], [w7, w8]]). With x = (0.1, 0.2),
W1 = [[0.3, 0.25], [0.4, 0.35]], W2 = [[0.45, 0.4], [0.7, 0.6]], target = (0.4, 0.6), lr = 0.5 your
functions must give the notes' numbers: E_total 0.02397190, dE/dw5 0.02592286, w5+ 0.43703857,
w6+ 0.38685205 (the midterm report prints 0.38685305: a typo), ..., E_total after one step 0.02323634.
자료의 예제: 편향 없는 2-2-2 신경망 (열 형식). 위 값으로 자료의 숫자가 나와야 합니다
(자료의 w6+ 0.38685305는 오타, 맞는 값은 0.38685205).
The dense-layer functions are row-major (X is (N, D)). 완전연결층 함수는 행 우선입니다.
"""
import numpy as np

from dlgrade.pipeline.xp import array_module


def sigmoid(z):
    """Stable sigmoid (given / 제공)."""
    xp = array_module(z)
    e = xp.exp(-xp.abs(z))
    return xp.where(z >= 0, 1 / (1 + e), e / (1 + e))


def sigmoid_backward(dout, y):
    """Gradient through a sigmoid given its OUTPUT y = sigmoid(x) / 출력 y로 표현한 시그모이드 역전파.

    dx = dout * y * (1 - y). Shapes: any, dout and y alike. Example: (1.0, 0.5) -> 0.25
    모양은 자유이며 dout과 y의 모양이 같습니다.
    """
    # TODO: your code here / 여기에 코드를 작성하세요
    raise NotImplementedError


def forward_2_2_2(x, W1, W2):
    """The midterm report's forward pass / 자료의 순전파: h = sigmoid(W1 @ x), o = sigmoid(W2 @ h). Return (h, o).

    Shapes / 모양: x (2,), W1 (2, 2), W2 (2, 2) -> h (2,), o (2,).
    The notes / 자료의 값: h = (0.51998934, 0.52747230), o = (0.60944600, 0.66384491).
    """
    # TODO: your code here / 여기에 코드를 작성하세요
    raise NotImplementedError


def total_error(o, target):
    """E_total = sum(0.5 * (target - o)^2) (midterm report §2.2.2). The notes: 0.02397190.
    중간과제 보고서 §2.2.2의 전체 오차입니다. 자료의 값: 0.02397190.
    """
    # TODO: your code here / 여기에 코드를 작성하세요
    raise NotImplementedError


def backward_2_2_2(x, target, W1, W2):
    """Gradients of total_error w.r.t. W1 and W2 / W1, W2에 대한 total_error의 기울기. Return (dW1, dW2).

    dW1[i, j] = dE_total/dW1[i, j] and dW2[i, j] = dE_total/dW2[i, j], shapes of W1 and W2, both from one
    forward pass with the weights given (nothing is updated here). Derive them with the chain rule
    (`dlgrade hint ex04 backward_2_2_2`).
    dW1, dW2는 W1, W2와 같은 모양의 기울기이며, 주어진 가중치로 한 번 순전파한 값으로 계산합니다 (여기서는 아무것도
    갱신하지 않음). 연쇄 법칙으로 직접 유도해 보세요 (`dlgrade hint ex04 backward_2_2_2`).
    The notes / 자료의 값: dW2[0, 0] = dE/dw5 = 0.02592286, dW1[0, 0] = dE/dw1 = 0.00080888.
    """
    # TODO: your code here / 여기에 코드를 작성하세요
    raise NotImplementedError


def gradient_descent_step(W, dW, lr):
    """One gradient-descent step / 경사 하강법 한 단계: W - lr * dW (a new array).

    The notes / 자료의 값: w5+ = 0.45 - 0.5 * 0.02592286 = 0.43703857.
    """
    # TODO: your code here / 여기에 코드를 작성하세요
    raise NotImplementedError


def dense_backward(dY, X, W):
    """Backward pass of Y = X @ W + b / 완전연결층의 역전파. Return (dX, dW, db).

    dX = dY @ W.T, dW = X.T @ dY, db = dY summed over the batch (axis 0).
    db는 배치에 대해 (axis 0) dY를 더한 것입니다.
    Shapes / 모양: dY (N, D_out), X (N, D_in), W (D_in, D_out) -> (N, D_in), (D_in, D_out), (D_out,).
    """
    # TODO: your code here / 여기에 코드를 작성하세요
    raise NotImplementedError


def two_layer_gradients(X, Y, W1, b1, W2, b2):
    """Gradients of a 2-layer sigmoid net with binary cross-entropy / 2층 신경망의 기울기.

    A1 = sigmoid(X @ W1 + b1), A2 = sigmoid(A1 @ W2 + b2),
    J = -(1/N) sum_n sum_k [Y log A2 + (1 - Y) log(1 - A2)] (mean over the batch, summed over the
    outputs; the AI College lecture "2 layer NN"), so dZ2 = (A2 - Y) / N. Return (dW1, db1, dW2, db2).
    J는 배치에 대해 평균, 출력에 대해 합입니다 (AI College 강의 "2 layer NN"). 그래서 dZ2 = (A2 - Y) / N.
    (dW1, db1, dW2, db2)를 반환하세요.
    Shapes / 모양: X (N, D), Y (N, K), W1 (D, H), b1 (H,), W2 (H, K), b2 (K,).
    """
    xp = array_module(X)
    # TODO: your code here / 여기에 코드를 작성하세요
    raise NotImplementedError
