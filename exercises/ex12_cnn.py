"""ex12 — Convolution and pooling / 합성곱과 풀링 (강의 후기 §7, 딥러닝 요약 글 "컨벌루션 신경망").

Layout NCHW: x (N, C, H, W). Output size of a window of k with stride s and padding p:
(H + 2p - k) // s + 1. "Convolution" in deep learning is cross-correlation: the kernel is NOT
flipped. 딥러닝의 "합성곱"은 상호상관입니다: 커널을 뒤집지 않습니다.
"""
import numpy as np

from dlgrade.pipeline.xp import array_module


def conv2d(x, w, b, stride=1, pad=0):
    """2-D convolution layer / 2차원 합성곱: out[n, f, i, j] = b[f] + sum_{c, di, dj}
    x_pad[n, c, i*stride + di, j*stride + dj] * w[f, c, di, dj].

    Shapes / 모양: x (N, C, H, W), w (F, C, KH, KW), b (F,) -> (N, F, OH, OW), OH = (H + 2 pad - KH) // stride + 1.
    Zero padding on H and W only / 0 패딩은 H와 W에만.
    """
    xp = array_module(x)
    # TODO: your code here / 여기에 코드를 작성하세요
    raise NotImplementedError


def maxpool2d(x, size=2, stride=2):
    """Max pooling / 최대 풀링: the max of each size x size window, moving by stride. (N, C, OH, OW)."""
    xp = array_module(x)
    # TODO: your code here / 여기에 코드를 작성하세요
    raise NotImplementedError


def avgpool2d(x, size=2, stride=2):
    """Average pooling / 평균 풀링: the mean of each size x size window. (N, C, OH, OW)."""
    xp = array_module(x)
    # TODO: your code here / 여기에 코드를 작성하세요
    raise NotImplementedError


def maxpool2d_backward(dout, x, size=2, stride=2):
    """Gradient of maxpool2d / 최대 풀링의 역전파: each window's gradient goes to its arg-max cell only
    (overlapping windows add up). Shapes: dout (N, C, OH, OW), x (N, C, H, W) -> (N, C, H, W).
    각 창의 기울기는 그 창의 최댓값 위치로만 갑니다 (겹치는 창의 기울기는 더합니다).
    """
    xp = array_module(x)
    # TODO: your code here / 여기에 코드를 작성하세요
    raise NotImplementedError


def avgpool2d_backward(dout, size=2):
    """Gradient of avgpool2d for non-overlapping windows (stride = size) / 평균 풀링의 역전파:
    each gradient spread evenly over its window, as the deep-learning summary does with kron(e, ones(2, 2)) / 4.
    각 기울기를 창 전체에 고르게 나눕니다 (겹치지 않는 창, stride = size). 딥러닝 요약 글의
    kron(e, ones(2, 2)) / 4와 같습니다.
    """
    xp = array_module(dout)
    # TODO: your code here / 여기에 코드를 작성하세요
    raise NotImplementedError


def conv_params(c_in, c_out, k):
    """Parameters of a k x k convolution with biases / k x k 합성곱의 파라미터 수: k*k*c_in*c_out + c_out.
    Example: conv_params(64, 128, 3) -> 73856
    """
    # TODO: your code here / 여기에 코드를 작성하세요
    raise NotImplementedError


def depthwise_separable_params(c_in, c_out, k):
    """Depthwise k x k stage plus pointwise 1 x 1 stage, each with biases (midterm report §1.3.6):
    k*k*c_in + c_in + c_in*c_out + c_out. 깊이별 k x k 단계 + 점별 1 x 1 단계 (각각 편향 포함).
    Example: depthwise_separable_params(64, 128, 3) -> 8960
    """
    # TODO: your code here / 여기에 코드를 작성하세요
    raise NotImplementedError
