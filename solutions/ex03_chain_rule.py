"""ex03 — The chain rule and computational graphs / 연쇄 법칙과 계산 그래프 (AI College 강의 §02).

Derivative functions work on scalars and, element-wise, on arrays (NumPy or CuPy) of the same
shape. Chain rule: when u depends on r through several intermediate variables, du/dr is the sum
over every path of the product of the local derivatives along it.
연쇄 법칙: u가 여러 중간 변수를 거쳐 r에 의존하면, du/dr은 모든 경로에 대해 경로 위 국소
미분들의 곱을 더한 것입니다.
"""
import numpy as np

from dlgrade.pipeline.xp import array_module


def du_dr(r, t):
    """u = x^2 + 2y with x = r sin t, y = sin^2 t (AI College 강의 연습 문제). Return du/dr.

    du/dr = du/dx dx/dr + du/dy dy/dr  (y does not depend on r / y는 r에 의존하지 않음).
    Example: du_dr(1.0, pi/2) -> 2.0
    """
    xp = array_module(r, t)
    ### BEGIN SOLUTION
    x = r * xp.sin(t)
    return 2 * x * xp.sin(t)
    ### END SOLUTION


def du_dt(r, t):
    """Same u; return du/dt = du/dx dx/dt + du/dy dy/dt (two paths / 두 경로).

    Example: du_dt(1.0, pi/4) -> 3.0
    """
    xp = array_module(r, t)
    ### BEGIN SOLUTION
    x = r * xp.sin(t)
    return 2 * x * r * xp.cos(t) + 2 * 2 * xp.sin(t) * xp.cos(t)
    ### END SOLUTION


def dz_dx(x, y):
    """z = t^2 with t = x + y. Return dz/dx = dz/dt dt/dx.
    t = x + y일 때 z = t^2입니다. dz/dx = dz/dt dt/dx를 반환하세요.

    Example: dz_dx(1.0, 2.0) -> 6.0
    """
    ### BEGIN SOLUTION
    return 2 * (x + y)
    ### END SOLUTION


def dw_dr(r, s):
    """w = x y + z^2 with x = r cos s, y = r sin s, z = r s (AI College 강의 "Chain Rule 예시 2").

    Return dw/dr = dw/dx dx/dr + dw/dy dy/dr + dw/dz dz/dr (three paths / 세 경로).
    Example: dw_dr(1.0, 0.0) -> 0.0
    """
    xp = array_module(r, s)
    ### BEGIN SOLUTION
    x, y, z = r * xp.cos(s), r * xp.sin(s), r * s
    return y * xp.cos(s) + x * xp.sin(s) + 2 * z * s
    ### END SOLUTION


def dw_ds(r, s):
    """Same w; return dw/ds (three paths / 세 경로).  Example: dw_ds(1.0, 0.0) -> 1.0"""
    xp = array_module(r, s)
    ### BEGIN SOLUTION
    x, y, z = r * xp.cos(s), r * xp.sin(s), r * s
    return y * (-r * xp.sin(s)) + x * (r * xp.cos(s)) + 2 * z * r
    ### END SOLUTION


def add_backward(dout):
    """Backward pass of an addition node z = x + y / 덧셈 노드의 역전파. Return (dx, dy).

    Example: add_backward(1.3) -> (1.3, 1.3)
    """
    ### BEGIN SOLUTION
    return dout, dout
    ### END SOLUTION


def mul_backward(x, y, dout):
    """Backward pass of a multiplication node z = x * y / 곱셈 노드의 역전파. Return (dx, dy).

    Each input gets the upstream gradient times the OTHER input / 각 입력은 상류 기울기 x 다른 입력.
    Example: mul_backward(2.0, 3.0, 1.0) -> (3.0, 2.0)
    """
    ### BEGIN SOLUTION
    return dout * y, dout * x
    ### END SOLUTION


def numerical_derivative(f, x, h=1e-5):
    """Central difference / 중앙 차분: (f(x + h) - f(x - h)) / (2h), for a scalar function at a scalar x.

    Example: numerical_derivative(lambda x: x**2, 3.0) -> 6.0000000000
    """
    ### BEGIN SOLUTION
    return (f(x + h) - f(x - h)) / (2 * h)
    ### END SOLUTION


def numerical_gradient(f, x, h=1e-5):
    """Central-difference gradient of a scalar function f of an array x / 배열 x에 대한 수치 기울기.

    Returns an array of x's shape whose entry i is (f(x + h e_i) - f(x - h e_i)) / (2h). You may
    change x[i] temporarily, but x must be exactly as before when you return.
    x와 같은 모양의 배열을 반환하며, 그 i번째 원소는 (f(x + h e_i) - f(x - h e_i)) / (2h)입니다.
    x[i]를 잠시 바꿔도 되지만, 반환할 때 x는 원래대로여야 합니다.
    """
    xp = array_module(x)
    ### BEGIN SOLUTION
    grad = xp.zeros_like(x)
    for i in np.ndindex(x.shape):
        old = x[i].copy()
        x[i] = old + h
        up = f(x)
        x[i] = old - h
        down = f(x)
        x[i] = old
        grad[i] = (up - down) / (2 * h)
    return grad
    ### END SOLUTION
