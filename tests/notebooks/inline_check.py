# A student's notebook for tests/test_inline_kernel.py, one cell per "# %% <name>" line
# (the test runs each cell in a real Jupyter kernel and reads the named cells' outputs).
# Cells with a syntax error cannot live in a Python file: the test adds those itself.

# %% setup
import numpy as np

import dlgrade

# %% right_sigmoid
def sigmoid(x):
    """Stable: exp of a non-positive number only."""
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1 / (1 + e), e / (1 + e))


# %% check_right
dlgrade.check("ex02", "sigmoid")

# %% wrong_sigmoid
def sigmoid(x):
    return 1 / (1 + np.exp(x))  # the sign of the exponent is wrong


# %% check_wrong_ko
dlgrade.check("ex02", "sigmoid", lang="ko")

# %% hint_after_wrong
dlgrade.hint("ex02", "sigmoid")

# %% helpers
LEAK = 0.01
weights = np.ones(3)


def positive_part(x):
    return np.maximum(x, 0)


# %% uses_other_cells
def leaky_relu(x, alpha=LEAK):
    return positive_part(x) + alpha * np.minimum(x, 0)


def relu(x):
    return positive_part(x) * weights[0]


# %% check_other_cells
dlgrade.check("ex02", ["leaky_relu", "relu"])

# %% fake_pass
class AlwaysEqual:
    def __eq__(self, other):
        return True

    def __array__(self, dtype=None, copy=None):
        raise TypeError("nothing to see")


def tanh(x):
    return AlwaysEqual()


# %% check_fake
dlgrade.check("ex02", "tanh")

# %% check_undefined
dlgrade.check("ex02", "softplus")

# %% check_unknown
dlgrade.check("ex99")

# %% quiz_answers
dlgrade.quiz("ex02", answers={})

# %% quiz_form
dlgrade.quiz("ex02")
