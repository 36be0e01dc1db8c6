"""Fused GPU baselines: the elementwise activations and the optimizer updates as one CUDA kernel
each (cupy.ElementwiseKernel), the speed a hand-written kernel reaches: it reads each input and
writes each output once. Timing checks on the GPU run them beside the student and the readable
reference and report the student's time against them; the readable functions in reference/
stay the oracles. Same signatures as the exercises; CuPy comes from dlgrade.xp.

Kernel bodies are CUDA C++ on one element, with T the arrays' type (float or double); scalars
are passed in T as well. bench/gpu_suite.py checks every baseline against its oracle on a GPU,
tests/test_gpu_baselines.py does so on the CPU by compiling the same bodies with a C++ compiler.
"""
SIGMOID = "T e = exp(-fabs(x)); T s = (x >= T(0) ? T(1) : e) / (T(1) + e);"  # never overflows

# name: (inputs, outputs, body)
KERNELS = {
    "sigmoid": ("T x", "T y", SIGMOID + " y = s;"),
    "tanh": ("T x", "T y", "y = tanh(x);"),
    "relu": ("T x", "T y", "y = x > T(0) ? x : T(0);"),
    "leaky_relu": ("T x, T alpha", "T y", "y = x > T(0) ? x : alpha * x;"),
    "elu": ("T x, T alpha", "T y", "y = x > T(0) ? x : alpha * expm1(x);"),
    "swish": ("T x", "T y", SIGMOID + " y = x * s;"),
    "softplus": ("T x", "T y", "y = (x > T(0) ? x : T(0)) + log1p(exp(-fabs(x)));"),
    "sigmoid_grad": ("T x", "T y", SIGMOID + " y = s * (T(1) - s);"),
    "tanh_grad": ("T x", "T y", "T t = tanh(x); y = T(1) - t * t;"),
    "sgd_update": ("T w, T g, T lr", "T w_new", "w_new = w - lr * g;"),
    "momentum_update": ("T w, T g, T v, T lr, T mu", "T w_new, T v_new",
                        "T vn = mu * v - lr * g; v_new = vn; w_new = w + vn;"),
    "nesterov_update": ("T w, T g, T v, T lr, T mu", "T w_new, T v_new",
                        "T vn = mu * v - lr * g; v_new = vn; w_new = w + mu * vn - lr * g;"),
    "adagrad_update": ("T w, T g, T h, T lr, T eps", "T w_new, T h_new",
                       "T hn = h + g * g; h_new = hn; w_new = w - lr * g / (sqrt(hn) + eps);"),
    "rmsprop_update": ("T w, T g, T s, T lr, T rho, T eps", "T w_new, T s_new",
                       "T sn = rho * s + (T(1) - rho) * g * g; s_new = sn; w_new = w - lr * g / (sqrt(sn) + eps);"),
    # c1 = 1 / (1 - beta1^t) and c2 = 1 / (1 - beta2^t): the bias corrections, computed once on the host
    "adam_update": ("T w, T g, T m, T v, T lr, T b1, T b2, T c1, T c2, T eps", "T w_new, T m_new, T v_new",
                    "T mn = b1 * m + (T(1) - b1) * g; T vn = b2 * v + (T(1) - b2) * g * g; m_new = mn; v_new = vn;"
                    " w_new = w - lr * (mn * c1) / (sqrt(vn * c2) + eps);"),
}
_compiled = {}


def has(name):
    return name in KERNELS


def kernel(name):
    """The compiled kernel (compiled once per process, cached on disk by CuPy)."""
    if name not in _compiled:
        from dlgrade.xp import cupy

        inputs, outputs, body = KERNELS[name]
        _compiled[name] = cupy().ElementwiseKernel(inputs, outputs, body, f"dlgrade_{name}")
    return _compiled[name]


def _run(name, x, *scalars):
    """Apply a kernel: arrays first, then the scalars in the arrays' dtype (so T binds once)."""
    arrays = x if isinstance(x, tuple) else (x,)
    cast = arrays[0].dtype.type
    return kernel(name)(*arrays, *(cast(s) for s in scalars))


def sigmoid(x):
    return _run("sigmoid", x)


def tanh(x):
    return _run("tanh", x)


def relu(x):
    return _run("relu", x)


def leaky_relu(x, alpha=0.01):
    return _run("leaky_relu", x, alpha)


def elu(x, alpha=1.0):
    return _run("elu", x, alpha)


def swish(x):
    return _run("swish", x)


def softplus(x):
    return _run("softplus", x)


def sigmoid_grad(x):
    return _run("sigmoid_grad", x)


def tanh_grad(x):
    return _run("tanh_grad", x)


def sgd_update(w, g, lr):
    return _run("sgd_update", (w, g), lr)


def momentum_update(w, g, v, lr, momentum=0.9):
    return _run("momentum_update", (w, g, v), lr, momentum)


def nesterov_update(w, g, v, lr, momentum=0.9):
    return _run("nesterov_update", (w, g, v), lr, momentum)


def adagrad_update(w, g, h, lr, eps=1e-8):
    return _run("adagrad_update", (w, g, h), lr, eps)


def rmsprop_update(w, g, s, lr, rho=0.9, eps=1e-8):
    return _run("rmsprop_update", (w, g, s), lr, rho, eps)


def adam_update(w, g, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
    return _run("adam_update", (w, g, m, v), lr, beta1, beta2, 1 / (1 - beta1 ** t), 1 / (1 - beta2 ** t), eps)
