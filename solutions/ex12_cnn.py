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
    ### BEGIN SOLUTION
    N, C, H, W = x.shape
    F, _, KH, KW = w.shape
    OH, OW = (H + 2 * pad - KH) // stride + 1, (W + 2 * pad - KW) // stride + 1
    xpad = xp.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    out = xp.zeros((N, F, OH, OW), dtype=x.dtype)
    for i in range(KH):
        for j in range(KW):
            patch = xpad[:, :, i:i + stride * OH:stride, j:j + stride * OW:stride]
            out += xp.einsum("nchw,fc->nfhw", patch, w[:, :, i, j])
    return out + b[None, :, None, None]
    ### END SOLUTION


def maxpool2d(x, size=2, stride=2):
    """Max pooling / 최대 풀링: the max of each size x size window, moving by stride. (N, C, OH, OW)."""
    xp = array_module(x)
    ### BEGIN SOLUTION
    OH, OW = (x.shape[2] - size) // stride + 1, (x.shape[3] - size) // stride + 1
    cells = [x[:, :, i:i + stride * OH:stride, j:j + stride * OW:stride] for i in range(size) for j in range(size)]
    return xp.stack(cells, axis=-1).max(axis=-1)
    ### END SOLUTION


def avgpool2d(x, size=2, stride=2):
    """Average pooling / 평균 풀링: the mean of each size x size window. (N, C, OH, OW)."""
    xp = array_module(x)
    ### BEGIN SOLUTION
    OH, OW = (x.shape[2] - size) // stride + 1, (x.shape[3] - size) // stride + 1
    cells = [x[:, :, i:i + stride * OH:stride, j:j + stride * OW:stride] for i in range(size) for j in range(size)]
    return xp.stack(cells, axis=-1).mean(axis=-1)
    ### END SOLUTION


def maxpool2d_backward(dout, x, size=2, stride=2):
    """Gradient of maxpool2d / 최대 풀링의 역전파: each window's gradient goes to its arg-max cell only
    (overlapping windows add up). Shapes: dout (N, C, OH, OW), x (N, C, H, W) -> (N, C, H, W).
    각 창의 기울기는 그 창의 최댓값 위치로만 갑니다 (겹치는 창의 기울기는 더합니다).
    """
    xp = array_module(x)
    ### BEGIN SOLUTION
    OH, OW = dout.shape[2:]
    cells = [x[:, :, i:i + stride * OH:stride, j:j + stride * OW:stride] for i in range(size) for j in range(size)]
    arg = xp.stack(cells, axis=-1).argmax(axis=-1)
    dx = xp.zeros_like(x)
    for k in range(size * size):
        i, j = divmod(k, size)
        dx[:, :, i:i + stride * OH:stride, j:j + stride * OW:stride] += (arg == k) * dout
    return dx
    ### END SOLUTION


def avgpool2d_backward(dout, size=2):
    """Gradient of avgpool2d for non-overlapping windows (stride = size) / 평균 풀링의 역전파:
    each gradient spread evenly over its window, as the deep-learning summary does with kron(e, ones(2, 2)) / 4.
    각 기울기를 창 전체에 고르게 나눕니다 (겹치지 않는 창, stride = size). 딥러닝 요약 글의
    kron(e, ones(2, 2)) / 4와 같습니다.
    """
    xp = array_module(dout)
    ### BEGIN SOLUTION
    return xp.kron(dout, xp.ones((1, 1, size, size), dtype=dout.dtype)) / (size * size)
    ### END SOLUTION


def conv_params(c_in, c_out, k):
    """Parameters of a k x k convolution with biases / k x k 합성곱의 파라미터 수: k*k*c_in*c_out + c_out.
    Example: conv_params(64, 128, 3) -> 73856
    """
    ### BEGIN SOLUTION
    return k * k * c_in * c_out + c_out
    ### END SOLUTION


def depthwise_separable_params(c_in, c_out, k):
    """Depthwise k x k stage plus pointwise 1 x 1 stage, each with biases (midterm report §1.3.6):
    k*k*c_in + c_in + c_in*c_out + c_out. 깊이별 k x k 단계 + 점별 1 x 1 단계 (각각 편향 포함).
    Example: depthwise_separable_params(64, 128, 3) -> 8960
    """
    ### BEGIN SOLUTION
    return k * k * c_in + c_in + c_in * c_out + c_out
    ### END SOLUTION
