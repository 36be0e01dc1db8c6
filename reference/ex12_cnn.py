"""ex12 convolution and pooling (notes 001 §7, 003 "컨벌루션 신경망"). NCHW layout."""
import numpy as np

from dlgrade.pipeline.xp import array_module


def out_size(n, k, stride, pad):
    return (n + 2 * pad - k) // stride + 1


def conv2d(x, w, b, stride=1, pad=0):
    """Cross-correlation, as the frameworks define 'convolution': one kernel offset at a time."""
    xp = array_module(x)
    N, C, H, W = x.shape
    F, _, KH, KW = w.shape
    OH, OW = out_size(H, KH, stride, pad), out_size(W, KW, stride, pad)
    xpad = xp.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    out = xp.zeros((N, F, OH, OW), dtype=x.dtype)
    for i in range(KH):
        for j in range(KW):
            patch = xpad[:, :, i:i + stride * OH:stride, j:j + stride * OW:stride]  # (N, C, OH, OW)
            out += xp.einsum("nchw,fc->nfhw", patch, w[:, :, i, j])
    return out + b[None, :, None, None]


def windows(x, size, stride):
    """(N, C, OH, OW, size*size): every pooling window, flattened."""
    xp = array_module(x)
    N, C, H, W = x.shape
    OH, OW = out_size(H, size, stride, 0), out_size(W, size, stride, 0)
    cols = [x[:, :, i:i + stride * OH:stride, j:j + stride * OW:stride] for i in range(size) for j in range(size)]
    return xp.stack(cols, axis=-1)


def maxpool2d(x, size=2, stride=2):
    return windows(x, size, stride).max(axis=-1)


def avgpool2d(x, size=2, stride=2):
    return windows(x, size, stride).mean(axis=-1)


def maxpool2d_backward(dout, x, size=2, stride=2):
    xp = array_module(x)
    arg = windows(x, size, stride).argmax(axis=-1)  # (N, C, OH, OW): which cell of each window
    dx = xp.zeros_like(x)
    OH, OW = arg.shape[2:]
    for k in range(size * size):
        i, j = divmod(k, size)
        hit = (arg == k) * dout  # the gradient of the windows whose max sits at offset (i, j)
        dx[:, :, i:i + stride * OH:stride, j:j + stride * OW:stride] += hit
    return dx


def avgpool2d_backward(dout, size=2):
    xp = array_module(dout)
    return xp.kron(dout, xp.ones((1, 1, size, size), dtype=dout.dtype)) / (size * size)  # notes 003's kron


def conv_params(c_in, c_out, k):
    return k * k * c_in * c_out + c_out


def depthwise_separable_params(c_in, c_out, k):
    return k * k * c_in + c_in + c_in * c_out + c_out


# --- known mistakes, written as wrong functions ----------------------------------------------

def conv2d__flipped_kernel(x, w, b, stride=1, pad=0):
    w = w[:, :, ::-1, ::-1]  # a true convolution: the frameworks do not flip
    xp_ = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    OH, OW = (xp_.shape[2] - w.shape[2]) // stride + 1, (xp_.shape[3] - w.shape[3]) // stride + 1
    out = np.zeros((x.shape[0], w.shape[0], OH, OW), dtype=x.dtype)
    for i in range(w.shape[2]):
        for j in range(w.shape[3]):
            out += np.einsum("nchw,fc->nfhw", xp_[:, :, i:i + stride * OH:stride, j:j + stride * OW:stride],
                             w[:, :, i, j])
    return out + b[None, :, None, None]


def conv2d__output_size(x, w, b, stride=1, pad=0):
    xp_ = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    OH, OW = (xp_.shape[2] - w.shape[2]) // stride, (xp_.shape[3] - w.shape[3]) // stride
    out = np.zeros((x.shape[0], w.shape[0], OH, OW), dtype=x.dtype)
    for i in range(w.shape[2]):
        for j in range(w.shape[3]):
            out += np.einsum("nchw,fc->nfhw", xp_[:, :, i:i + stride * OH:stride, j:j + stride * OW:stride],
                             w[:, :, i, j])
    return out + b[None, :, None, None]


def conv2d__padding_axes(x, w, b, stride=1, pad=0):
    xp_ = np.pad(x, ((0, 0), (0, 0), (pad, pad), (0, 0)))
    OH, OW = (xp_.shape[2] - w.shape[2]) // stride + 1, (xp_.shape[3] - w.shape[3]) // stride + 1
    out = np.zeros((x.shape[0], w.shape[0], OH, OW), dtype=x.dtype)
    for i in range(w.shape[2]):
        for j in range(w.shape[3]):
            out += np.einsum("nchw,fc->nfhw", xp_[:, :, i:i + stride * OH:stride, j:j + stride * OW:stride],
                             w[:, :, i, j])
    return out + b[None, :, None, None]


def maxpool2d__ignores_stride(x, size=2, stride=2):
    OH, OW = x.shape[2] - size + 1, x.shape[3] - size + 1
    return np.stack([x[:, :, i:i + OH, j:j + OW] for i in range(size) for j in range(size)], -1).max(-1)


def avgpool2d__sum(x, size=2, stride=2):
    OH, OW = (x.shape[2] - size) // stride + 1, (x.shape[3] - size) // stride + 1
    return np.stack([x[:, :, i:i + stride * OH:stride, j:j + stride * OW:stride]
                     for i in range(size) for j in range(size)], -1).sum(-1)


def maxpool2d_backward__spread(dout, x, size=2, stride=2):
    return np.kron(dout, np.ones((1, 1, size, size), dtype=dout.dtype)) / (size * size)


def avgpool2d_backward__no_divide(dout, size=2):
    return np.kron(dout, np.ones((1, 1, size, size), dtype=dout.dtype))


def conv_params__no_bias(c_in, c_out, k):
    return k * k * c_in * c_out


def conv_params__no_input_channels(c_in, c_out, k):
    return k * k * c_out + c_out


def depthwise_separable_params__no_biases(c_in, c_out, k):
    return k * k * c_in + c_in * c_out


def depthwise_separable_params__full_depthwise(c_in, c_out, k):
    return k * k * c_in * c_in + c_in + c_in * c_out + c_out
