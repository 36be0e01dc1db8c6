"""ex12: conv2d by im2col and by plain loops, pooling by loops: all score full marks."""
from tests.helpers import grade_source, solution_text

IM2COL = '''
import numpy as np


def conv2d(x, w, b, stride=1, pad=0):
    N, C, H, W = x.shape
    F, _, KH, KW = w.shape
    OH, OW = (H + 2 * pad - KH) // stride + 1, (W + 2 * pad - KW) // stride + 1
    xp_ = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    cols = np.empty((N, OH, OW, C, KH, KW), dtype=x.dtype)
    for i in range(OH):
        for j in range(OW):
            cols[:, i, j] = xp_[:, :, i * stride:i * stride + KH, j * stride:j * stride + KW]
    out = cols.reshape(N * OH * OW, -1) @ w.reshape(F, -1).T + b
    return out.reshape(N, OH, OW, F).transpose(0, 3, 1, 2)


def maxpool2d(x, size=2, stride=2):
    N, C, H, W = x.shape
    OH, OW = (H - size) // stride + 1, (W - size) // stride + 1
    out = np.empty((N, C, OH, OW), dtype=x.dtype)
    for i in range(OH):
        for j in range(OW):
            out[:, :, i, j] = x[:, :, i * stride:i * stride + size, j * stride:j * stride + size].max(axis=(2, 3))
    return out


def maxpool2d_backward(dout, x, size=2, stride=2):
    dx = np.zeros_like(x)
    N, C, OH, OW = dout.shape
    for n in range(N):
        for c in range(C):
            for i in range(OH):
                for j in range(OW):
                    win = x[n, c, i * stride:i * stride + size, j * stride:j * stride + size]
                    a, b2 = np.unravel_index(np.argmax(win), win.shape)
                    dx[n, c, i * stride + a, j * stride + b2] += dout[n, c, i, j]
    return dx
'''

LOOPS = '''
def conv2d(x, w, b, stride=1, pad=0):
    N, C, H, W = x.shape
    F, _, KH, KW = w.shape
    xp_ = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    OH, OW = (H + 2 * pad - KH) // stride + 1, (W + 2 * pad - KW) // stride + 1
    out = np.empty((N, F, OH, OW), dtype=x.dtype)
    for n in range(N):
        for f in range(F):
            for i in range(OH):
                for j in range(OW):
                    win = xp_[n, :, i * stride:i * stride + KH, j * stride:j * stride + KW]
                    out[n, f, i, j] = (win * w[f]).sum() + b[f]
    return out
'''


def test_im2col_and_loop_pooling_score_full(tmp_path):
    report = grade_source("ex12", solution_text("ex12_cnn") + IM2COL, tmp_path, hidden=True)
    assert [(c.id, c.message.render()) for c in report.checks if c.status != "passed"] == []


def test_plain_loops_conv_scores_full(tmp_path):
    report = grade_source("ex12", solution_text("ex12_cnn") + LOOPS, tmp_path, functions=["conv2d"], hidden=True)
    assert [(c.id, c.message.render()) for c in report.checks if c.status != "passed"] == []
