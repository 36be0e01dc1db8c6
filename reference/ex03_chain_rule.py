"""ex03 chain rule and computational graphs (notes 002 §02).

Each derivative's oracle is sympy's differentiation of the stated composition (the `*_expr`
builders); the closed forms below are for the GPU path and for reading.
"""
from dlgrade.pipeline.symbolic import derived_function
from dlgrade.pipeline.xp import array_module


def _sym(*names):
    import sympy as sp

    return sp, sp.symbols(names, real=True)


def du_dr_expr():
    """u = x^2 + 2y, x = r sin t, y = sin^2 t; du/dr"""
    sp, (r, t) = _sym("r", "t")
    x, y = r * sp.sin(t), sp.sin(t) ** 2
    return sp.diff(x ** 2 + 2 * y, r), (r, t)


def du_dt_expr():
    """u = x^2 + 2y, x = r sin t, y = sin^2 t; du/dt"""
    sp, (r, t) = _sym("r", "t")
    x, y = r * sp.sin(t), sp.sin(t) ** 2
    return sp.diff(x ** 2 + 2 * y, t), (r, t)


def dz_dx_expr():
    """z = t^2, t = x + y; dz/dx"""
    sp, (x, y) = _sym("x", "y")
    return sp.diff((x + y) ** 2, x), (x, y)


def dw_dr_expr():
    """w = x y + z^2, x = r cos s, y = r sin s, z = r s; dw/dr"""
    sp, (r, s) = _sym("r", "s")
    x, y, z = r * sp.cos(s), r * sp.sin(s), r * s
    return sp.diff(x * y + z ** 2, r), (r, s)


def dw_ds_expr():
    """w = x y + z^2, x = r cos s, y = r sin s, z = r s; dw/ds"""
    sp, (r, s) = _sym("r", "s")
    x, y, z = r * sp.cos(s), r * sp.sin(s), r * s
    return sp.diff(x * y + z ** 2, s), (r, s)


# closed forms (read like the chain rule: sum over the paths)

def du_dr(r, t):
    xp = array_module(r, t)
    x = r * xp.sin(t)
    return 2 * x * xp.sin(t)


def du_dt(r, t):
    xp = array_module(r, t)
    x = r * xp.sin(t)
    return 2 * x * r * xp.cos(t) + 2 * 2 * xp.sin(t) * xp.cos(t)


def dz_dx(x, y):
    return 2 * (x + y)


def dw_dr(r, s):
    xp = array_module(r, s)
    x, y, z = r * xp.cos(s), r * xp.sin(s), r * s
    return y * xp.cos(s) + x * xp.sin(s) + 2 * z * s


def dw_ds(r, s):
    xp = array_module(r, s)
    x, y, z = r * xp.cos(s), r * xp.sin(s), r * s
    return y * (-r * xp.sin(s)) + x * (r * xp.cos(s)) + 2 * z * r


def add_backward(dout):
    return dout, dout


def mul_backward(x, y, dout):
    return dout * y, dout * x


# --- numerical differentiation: test functions and their exact derivatives -----------------
# The test functions themselves are in the exercise's catalog record (the child imports them
# from there); each has a sympy builder of its derivative here, for the oracle.

def _g1():
    """d/dx sin(x) x^2"""
    sp, (x,) = _sym("x")
    return sp.diff(sp.sin(x) * x ** 2, x), (x,)


def _g2():
    """d/dx e^(x/2)"""
    sp, (x,) = _sym("x")
    return sp.diff(sp.exp(x / 2), x), (x,)


def _g3():
    """d/dx x^3 - 2x"""
    sp, (x,) = _sym("x")
    return sp.diff(x ** 3 - 2 * x, x), (x,)


def _g4():
    """d/dx log(1 + x^2)"""
    sp, (x,) = _sym("x")
    return sp.diff(sp.log(1 + x ** 2), x), (x,)


DERIVATIVES = {  # test function of the catalog -> builder of its derivative
    "sin_x2": "_g1", "exp_half": "_g2", "cubic": "_g3",
    # f(x) = sum_i g(x_i): the gradient is g'(x_i) elementwise
    "sum_sin_x2": "_g1", "sum_log1p_x2": "_g4", "sum_cubic": "_g3",
}


def exact(f, x):
    return derived_function(__name__, DERIVATIVES[f.name])(x)


def numerical_derivative(f, x, h=1e-5):
    """Oracle: the exact derivative (a correct central difference matches it to ~1e-10)."""
    return exact(f, x)


def numerical_gradient(f, x, h=1e-5):
    return exact(f, x)


# --- known mistakes, written as wrong functions ----------------------------------------------

def du_dr__no_inner_derivative(r, t):
    xp = array_module(r, t)
    return 2 * r * xp.sin(t)


def du_dt__missing_y_path(r, t):
    xp = array_module(r, t)
    return 2 * r * xp.sin(t) * r * xp.cos(t)


def du_dt__missing_x_path(r, t):
    xp = array_module(r, t)
    return 4 * xp.sin(t) * xp.cos(t)


def dz_dx__missing_outer_factor(x, y):
    return x + y


def dz_dx__t_is_x(x, y):
    return 2 * x


def dw_dr__missing_z_path(r, s):
    xp = array_module(r, s)
    return 2 * r * xp.cos(s) * xp.sin(s)


def dw_ds__missing_z_path(r, s):
    xp = array_module(r, s)
    return r * r * (xp.cos(s) ** 2 - xp.sin(s) ** 2)


def dw_ds__only_z_path(r, s):
    return 2 * r * r * s


def add_backward__split(dout):
    return dout / 2, dout / 2


def mul_backward__not_swapped(x, y, dout):
    return dout * x, dout * y


def mul_backward__no_upstream(x, y, dout):
    return y + 0 * dout, x + 0 * dout


def numerical_derivative__forward_difference(f, x, h=1e-5):
    return (f(x + h) - f(x)) / h


def numerical_derivative__divide_by_h(f, x, h=1e-5):
    return (f(x + h) - f(x - h)) / h


def numerical_gradient__forward_difference(f, x, h=1e-5):
    import numpy as np

    grad = np.zeros_like(x)
    base = f(x)
    for i in np.ndindex(x.shape):
        old = x[i]
        x[i] = old + h
        grad[i] = (f(x) - base) / h
        x[i] = old
    return grad


def numerical_gradient__divide_by_h(f, x, h=1e-5):
    import numpy as np

    grad = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        old = x[i]
        x[i] = old + h
        up = f(x)
        x[i] = old - h
        down = f(x)
        x[i] = old
        grad[i] = (up - down) / h
    return grad


def numerical_gradient__x_not_restored(f, x, h=1e-5):
    import numpy as np

    grad = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        old = x[i]
        x[i] = old + h
        up = f(x)
        x[i] = old - h
        grad[i] = (up - f(x)) / (2 * h)
    return grad


def dw_ds__cos_sign(r, s):
    xp = array_module(r, s)
    x, y, z = r * xp.cos(s), r * xp.sin(s), r * s
    return y * (r * xp.sin(s)) + x * (r * xp.cos(s)) + 2 * z * r  # d(cos s)/ds taken as +sin s
