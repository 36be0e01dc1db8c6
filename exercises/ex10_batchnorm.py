"""ex10 — Batch normalization and residual connections /
배치 정규화와 잔차 연결 (중간과제 보고서 §1.3.4-1.3.5, AI College 강의).

Row-major, batch-first: x has shape (N, D); statistics are over the batch (axis 0).
행 우선, 배치 우선: x는 (N, D), 통계는 배치 축 (axis 0)에 대해.
"""
import numpy as np

from dlgrade.pipeline.xp import array_module


def batchnorm_forward(x, gamma, beta, eps=1e-5):
    """Batch norm, training mode / 학습 모드 배치 정규화. Return (out, cache).

    mu = mean over the batch, var = BIASED batch variance (divide by N); xhat = (x - mu) / sqrt(var + eps);
    out = gamma * xhat + beta. `cache` is yours: anything batchnorm_backward needs (the grader never
    looks inside). Shapes / 모양: x (N, D), gamma and beta (D,).
    분산은 N으로 나눈 분산입니다. cache는 자유 형식입니다 (채점기는 내용을 보지 않음).
    """
    xp = array_module(x)
    # TODO: your code here / 여기에 코드를 작성하세요
    raise NotImplementedError


def batchnorm_backward(dout, cache):
    """Backward pass of batchnorm_forward / 배치 정규화의 역전파. Return (dx, dgamma, dbeta).

    dout = dL/dout has the shape of x; dx, dgamma, dbeta are dL/dx (N, D), dL/dgamma (D,), dL/dbeta (D,).
    Every x_i also moves the batch mean and variance: dx must include those paths (derive it with the
    chain rule; `dlgrade hint ex10 batchnorm_backward` leads the way). The grader compares with
    numerical gradients.
    dout = dL/dout은 x와 같은 모양이고, dx, dgamma, dbeta는 dL/dx (N, D), dL/dgamma (D,), dL/dbeta (D,)입니다.
    각 x_i는 배치 평균과 분산도 움직이므로 dx에는 그 경로들이 포함되어야 합니다 (연쇄 법칙으로 유도하세요).
    """
    xp = array_module(dout)
    # TODO: your code here / 여기에 코드를 작성하세요
    raise NotImplementedError


def batchnorm_running_update(running_mean, running_var, x, momentum=0.9):
    """Update the running statistics after one training batch / 배치 하나를 학습한 뒤 이동 통계 갱신.
    Return (running_mean, running_var).

    new = momentum * old + (1 - momentum) * batch statistic, where the batch statistics are the ones
    batchnorm_forward uses: the mean and the variance divided by N, over axis 0. momentum = 0.9 keeps
    90% of the old value (PyTorch's BatchNorm calls the other weight, 0.1, its momentum).
    Shapes / 모양: running_mean, running_var (D,), x (N, D). Return new arrays; do not change the inputs.
    새 값 = momentum * 이전 값 + (1 - momentum) * 배치 통계. 배치 통계는 batchnorm_forward와 같이 axis 0에
    대한 평균과 N으로 나눈 분산입니다. momentum = 0.9는 이전 값의 90%를 남깁니다 (PyTorch의 BatchNorm은
    나머지 비중 0.1을 momentum이라 부릅니다). 입력을 바꾸지 말고 새 배열을 반환하세요.

    Example: running_mean = [0.], running_var = [1.], x = [[1.], [5.]] -> ([0.3], [1.3]).
    """
    # TODO: your code here / 여기에 코드를 작성하세요
    raise NotImplementedError


def batchnorm_inference(x, gamma, beta, running_mean, running_var, eps=1e-5):
    """Batch norm at test time / 테스트 때의 배치 정규화. Return out, shape (N, D).

    Normalize with the RUNNING statistics, never with the batch's own: one sample alone must get the
    same output as inside any batch. out = gamma * (x - running_mean) / sqrt(running_var + eps) + beta.
    배치 자체의 통계가 아니라 이동 통계로 정규화합니다: 샘플 하나만 넣어도 어떤 배치 안에 있을 때와 같은
    출력이 나와야 합니다.
    Shapes / 모양: x (N, D), gamma, beta, running_mean, running_var (D,).

    Example: x = [[3.]], gamma = [2.], beta = [1.], running_mean = [1.], running_var = [4.], eps = 0 -> [[3.]].
    """
    xp = array_module(x)
    # TODO: your code here / 여기에 코드를 작성하세요
    raise NotImplementedError


def residual_forward(x, W1, b1, W2, b2):
    """A residual block / 잔차 블록: x + F(x) with F(x) = relu(x @ W1 + b1) @ W2 + b2.

    Shapes / 모양: x (N, D), W1 (D, H), b1 (H,), W2 (H, D), b2 (D,) -> (N, D).
    """
    xp = array_module(x)
    # TODO: your code here / 여기에 코드를 작성하세요
    raise NotImplementedError


def residual_backward(dout, x, W1, b1, W2, b2):
    """Gradients of residual_forward / 잔차 블록의 기울기. Return (dx, dW1, db1, dW2, db2).

    dx has two parts: dout itself (the identity path) plus the gradient through F.
    dx는 두 부분: 항등 경로로 그대로 오는 dout과 F를 거치는 기울기.
    """
    xp = array_module(x)
    # TODO: your code here / 여기에 코드를 작성하세요
    raise NotImplementedError
