"""ex01 perceptron and forward propagation (notes 001 §1-2, 002 §01, 003, 004)."""
import numpy as np

from dlgrade.text import T
from dlgrade.pipeline.xp import array_module


def sigmoid(z):
    xp = array_module(z)
    e = xp.exp(-xp.abs(z))
    return xp.where(z >= 0, 1 / (1 + e), e / (1 + e))


def step(z):
    xp = array_module(z)
    return xp.where(z > 0, 1.0, xp.where(z < 0, 0.0, 0.5))


def weighted_sum(x, w, b):
    return (w * x).sum() + b


def dense_forward(X, W, b):
    return X @ W + b


def mlp_forward(X, weights, biases):
    Z = X
    for W, b in zip(weights, biases):
        Z = sigmoid(Z @ W + b)
    return Z


def count_weights(layer_sizes):
    return sum(a * b for a, b in zip(layer_sizes[:-1], layer_sizes[1:]))


def count_parameters(layer_sizes):
    return count_weights(layer_sizes) + sum(layer_sizes[1:])


XOR_X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
XOR_Y = np.array([[0.0], [1.0], [1.0], [0.0]])


def verify_xor_weights(case, values):
    """The returned 2-2-1 step network computes XOR with no pre-activation exactly 0."""
    got = values[-1]
    shapes = ((2, 2), (2,), (2, 1), (1,))
    if not isinstance(got, (tuple, list)) or len(got) != 4:
        return T("return a tuple (W1, b1, W2, b2)", "튜플 (W1, b1, W2, b2)를 반환하세요"), None
    for a, shape in zip(got, shapes):
        if not isinstance(a, np.ndarray) or tuple(a.shape) != shape:
            return T("shapes must be (2, 2), (2,), (2, 1), (1,); got "
                     f"{[getattr(v, 'shape', type(v).__name__) for v in got]}",
                     f"shape는 (2, 2), (2,), (2, 1), (1,)이어야 합니다. 실제: "
                     f"{[getattr(v, 'shape', type(v).__name__) for v in got]}"), "xor_weights.shapes"
    W1, b1, W2, b2 = (np.asarray(a, dtype=np.float64) for a in got)
    Z1 = XOR_X @ W1 + b1
    Z2 = step(Z1) @ W2 + b2
    if (Z1 == 0).any() or (Z2 == 0).any():
        return T("a pre-activation is exactly 0, where the step is ambiguous (0.5); move the thresholds",
                 "사전 활성값이 정확히 0인 곳이 있습니다 (계단 함수가 "
                 "0.5). 임계값을 옮기세요"), "xor_weights.on_threshold"
    out = step(Z2)
    if not np.array_equal(out, XOR_Y):
        linear = out.ravel().tolist() in ([0, 1, 1, 1], [0, 0, 0, 1])  # OR or AND: one line's worth
        return T(f"outputs on (0,0), (0,1), (1,0), (1,1) are {out.ravel().tolist()}, XOR is [0, 1, 1, 0]",
                 f"(0,0), (0,1), (1,0), (1,1)에 대한 출력이 {out.ravel().tolist()}입니다. XOR은 [0, 1, 1, 0]"), \
            "xor_weights.linear" if linear else None
    return None


# --- known mistakes, written as wrong functions ----------------------------------------------

def weighted_sum__no_bias(x, w, b):
    return (w * x).sum()


def weighted_sum__bias_per_input(x, w, b):
    return (w * x + b).sum()


def weighted_sum__not_scalar(x, w, b):
    return w[None, :] @ x + b  # a (1, n) row times x: shape (1,), not a scalar


def dense_forward__no_bias(X, W, b):
    return X @ W


def dense_forward__w_first(X, W, b):
    return W @ X + b  # the notes' column form z = W x + b, applied to a batch-first X


def dense_forward__w_transposed(X, W, b):
    return X @ W.T + b  # W read as (D_out, D_in), the notes' column form


def mlp_forward__last_layer_linear(X, weights, biases):
    Z = X
    for i, (W, b) in enumerate(zip(weights, biases)):
        Z = Z @ W + b
        if i < len(weights) - 1:
            Z = sigmoid(Z)
    return Z


def mlp_forward__no_bias(X, weights, biases):
    Z = X
    for W in weights:
        Z = sigmoid(Z @ W)
    return Z


def count_weights__with_biases(layer_sizes):
    return sum(a * b + b for a, b in zip(layer_sizes[:-1], layer_sizes[1:]))


def count_weights__sum_of_sizes(layer_sizes):
    return sum(layer_sizes)


def count_parameters__no_biases(layer_sizes):
    return count_weights(layer_sizes)


def count_parameters__input_biases(layer_sizes):
    return count_weights(layer_sizes) + sum(layer_sizes)


def xor_weights__linear():
    W1 = np.array([[1.0, 0.0], [0.0, 1.0]])
    b1 = np.array([-0.5, -0.5])
    W2 = np.array([[1.0], [1.0]])
    b2 = np.array([-0.5])
    return W1, b1, W2, b2


def xor_weights__on_threshold():
    W1 = np.array([[1.0, 1.0], [1.0, 1.0]])
    b1 = np.array([0.0, -1.0])
    W2 = np.array([[1.0], [-2.0]])
    b2 = np.array([0.0])
    return W1, b1, W2, b2
