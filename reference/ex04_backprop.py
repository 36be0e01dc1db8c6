"""ex04 sigmoid backprop, the notes' worked 2-2-2 example, dense layers (notes 000 §2.2, 002 §02, 003)."""
import numpy as np

from dlgrade.pipeline.xp import array_module

# The notes' worked example (000 §2.2) and the numbers it publishes, corrected (contract errata):
# w6+ is 0.38685205 (printed 0.38685305); the old error is 0.02397190 (printed 0.023978190).
EXAMPLE_X = np.array([0.1, 0.2])
EXAMPLE_W1 = np.array([[0.3, 0.25], [0.4, 0.35]])
EXAMPLE_W2 = np.array([[0.45, 0.4], [0.7, 0.6]])
EXAMPLE_TARGET = np.array([0.4, 0.6])
EXAMPLE_LR = 0.5
EXAMPLE_H = np.array([0.51998934, 0.52747230])
EXAMPLE_O = np.array([0.60944600, 0.66384491])
EXAMPLE_E_TOTAL = 0.02397190
EXAMPLE_DE_DW5 = 0.02592286
EXAMPLE_W1_NEW = np.array([[0.29959556, 0.24919112], [0.39964496, 0.34928991]])
EXAMPLE_W2_NEW = np.array([[0.43703857, 0.38685205], [0.69629578, 0.59624247]])
EXAMPLE_E_AFTER = 0.02323634


def sigmoid(z):
    xp = array_module(z)
    e = xp.exp(-xp.abs(z))
    return xp.where(z >= 0, 1 / (1 + e), e / (1 + e))


def sigmoid_backward(dout, y):
    return dout * y * (1 - y)


def forward_2_2_2(x, W1, W2):
    h = sigmoid(W1 @ x)
    return h, sigmoid(W2 @ h)


def total_error(o, target):
    return (0.5 * (target - o) ** 2).sum()


def backward_2_2_2(x, target, W1, W2):
    h, o = forward_2_2_2(x, W1, W2)
    delta_o = sigmoid_backward(o - target, o)  # dE/dz for the output neurons
    dW2 = delta_o[:, None] * h[None, :]  # outer product: row i = weights into output i
    delta_h = sigmoid_backward(W2.T @ delta_o, h)  # the OLD W2 carries the error back
    dW1 = delta_h[:, None] * x[None, :]
    return dW1, dW2


def gradient_descent_step(W, dW, lr):
    return W - lr * dW


def dense_backward(dY, X, W):
    return dY @ W.T, X.T @ dY, dY.sum(axis=0)


def two_layer_gradients(X, Y, W1, b1, W2, b2):
    A1 = sigmoid(X @ W1 + b1)
    A2 = sigmoid(A1 @ W2 + b2)
    dZ2 = (A2 - Y) / X.shape[0]  # mean BCE over the batch, summed over outputs
    dA1, dW2, db2 = dense_backward(dZ2, A1, W2)
    dZ1 = sigmoid_backward(dA1, A1)
    _, dW1, db1 = dense_backward(dZ1, X, W1)
    return dW1, db1, dW2, db2


def two_layer_loss(X, Y, W1, b1, W2, b2):
    """J of the contract, for numerical-gradient tests."""
    xp = array_module(X)
    A2 = sigmoid(sigmoid(X @ W1 + b1) @ W2 + b2)
    return -(Y * xp.log(A2) + (1 - Y) * xp.log(1 - A2)).sum() / X.shape[0]


# --- known mistakes, written as wrong functions ----------------------------------------------

def sigmoid_backward__no_one_minus_y(dout, y):
    return dout * y


def sigmoid_backward__sigmoid_of_output(dout, y):
    s = sigmoid(y)
    return dout * s * (1 - s)


def forward_2_2_2__transposed(x, W1, W2):
    h = sigmoid(W1.T @ x)
    return h, sigmoid(W2.T @ h)


def forward_2_2_2__no_hidden_sigmoid(x, W1, W2):
    h = W1 @ x
    return h, sigmoid(W2 @ h)


def total_error__no_half(o, target):
    return ((target - o) ** 2).sum()


def total_error__mean(o, target):
    return (0.5 * (target - o) ** 2).mean()


def backward_2_2_2__updated_w2(x, target, W1, W2):
    h, o = forward_2_2_2(x, W1, W2)
    delta_o = (o - target) * o * (1 - o)
    dW2 = delta_o[:, None] * h[None, :]
    delta_h = ((W2 - 0.5 * dW2).T @ delta_o) * h * (1 - h)  # used W2 after its update (lr 0.5)
    return delta_h[:, None] * x[None, :], dW2


def backward_2_2_2__transposed(x, target, W1, W2):
    h, o = forward_2_2_2(x, W1, W2)
    delta_o = (o - target) * o * (1 - o)
    delta_h = (W2.T @ delta_o) * h * (1 - h)
    return (delta_h[:, None] * x[None, :]).T, (delta_o[:, None] * h[None, :]).T


def backward_2_2_2__no_sigmoid_derivative(x, target, W1, W2):
    h, o = forward_2_2_2(x, W1, W2)
    delta_o = o - target
    delta_h = W2.T @ delta_o
    return delta_h[:, None] * x[None, :], delta_o[:, None] * h[None, :]


def gradient_descent_step__ascent(W, dW, lr):
    return W + lr * dW


def dense_backward__db_mean(dY, X, W):
    return dY @ W.T, X.T @ dY, dY.mean(axis=0)


def dense_backward__db_not_summed(dY, X, W):
    return dY @ W.T, X.T @ dY, dY


def dense_backward__dx_w_first(dY, X, W):
    return W @ dY, X.T @ dY, dY.sum(axis=0)  # the notes' column order; runs only where the shapes happen to fit


def dense_backward__dx_transposed(dY, X, W):
    return W @ dY.T, X.T @ dY, dY.sum(axis=0)  # column form: (D_in, N), the transpose of dX


def dense_backward__dw_transposed(dY, X, W):
    return dY @ W.T, dY.T @ X, dY.sum(axis=0)


def two_layer_gradients__no_mean(X, Y, W1, b1, W2, b2):
    A1 = sigmoid(X @ W1 + b1)
    A2 = sigmoid(A1 @ W2 + b2)
    dZ2 = A2 - Y
    dZ1 = (dZ2 @ W2.T) * A1 * (1 - A1)
    return X.T @ dZ1, dZ1.sum(axis=0), A1.T @ dZ2, dZ2.sum(axis=0)


def two_layer_gradients__no_sigmoid_derivative(X, Y, W1, b1, W2, b2):
    A1 = sigmoid(X @ W1 + b1)
    A2 = sigmoid(A1 @ W2 + b2)
    dZ2 = (A2 - Y) / X.shape[0]
    dZ1 = dZ2 @ W2.T
    return X.T @ dZ1, dZ1.sum(axis=0), A1.T @ dZ2, dZ2.sum(axis=0)


def two_layer_gradients__no_one_minus(X, Y, W1, b1, W2, b2):
    A1 = sigmoid(X @ W1 + b1)
    A2 = sigmoid(A1 @ W2 + b2)
    dZ2 = (A2 - Y) / X.shape[0]
    dZ1 = (dZ2 @ W2.T) * A1  # the hidden sigmoid's derivative without (1 - A1)
    return X.T @ dZ1, dZ1.sum(axis=0), A1.T @ dZ2, dZ2.sum(axis=0)


def gradient_descent_step__in_place(W, dW, lr):
    W -= lr * dW
    return W


def backward_2_2_2__w2_not_transposed(x, target, W1, W2):
    h, o = forward_2_2_2(x, W1, W2)
    delta_o = (o - target) * o * (1 - o)
    delta_h = (W2 @ delta_o) * h * (1 - h)  # W2 where W2.T belongs
    return delta_h[:, None] * x[None, :], delta_o[:, None] * h[None, :]


def backward_2_2_2__target_minus_o(x, target, W1, W2):
    h, o = forward_2_2_2(x, W1, W2)
    delta_o = (target - o) * o * (1 - o)  # the error's derivative with the wrong sign
    delta_h = (W2.T @ delta_o) * h * (1 - h)
    return delta_h[:, None] * x[None, :], delta_o[:, None] * h[None, :]


def two_layer_gradients__extra_output_sigmoid_grad(X, Y, W1, b1, W2, b2):
    A1 = sigmoid(X @ W1 + b1)
    A2 = sigmoid(A1 @ W2 + b2)
    dZ2 = (A2 - Y) * A2 * (1 - A2) / X.shape[0]  # with cross-entropy, A2 (1 - A2) has already cancelled
    dZ1 = (dZ2 @ W2.T) * A1 * (1 - A1)
    return X.T @ dZ1, dZ1.sum(axis=0), A1.T @ dZ2, dZ2.sum(axis=0)
