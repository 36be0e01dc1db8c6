"""ex10: batch normalization and residual connections (seed 000 §1.3.4-1.3.5, 002)."""
import numpy as np

from dlgrade.checks import Correctness, Purity
from dlgrade.inputs import DTYPES, Case, Step, f32, label_of
from dlgrade.model import Exercise, Function, Mistake
from dlgrade.sandbox.protocol import Ref
from dlgrade.text import T


def bn_inputs(rng, dtype, n, d):
    x = (rng.normal(size=(n, d)) * rng.uniform(0.5, 3, d) + rng.normal(size=d)).astype(dtype)
    return x, rng.uniform(0.5, 2, d).astype(dtype), rng.normal(size=d).astype(dtype)


def bn_forward_cases(rng, dtypes=DTYPES, shapes=((8, 3), (5, 4), (32, 6))):
    cases = []
    for dtype in dtypes:
        for n, d in shapes:
            args = bn_inputs(rng, dtype, n, d)
            cases.append(Case(args, {}, label_of(*args)))
    return cases


def bn_backward_cases(rng, dtypes=DTYPES, shapes=((8, 3), (5, 4))):
    cases = []
    for dtype in dtypes:
        for n, d in shapes:
            x, gamma, beta = bn_inputs(rng, dtype, n, d)
            dout = rng.normal(size=(n, d)).astype(dtype)
            steps = [Step("batchnorm_forward", (x, gamma, beta), send=False),
                     Step("batchnorm_backward", (dout, Ref(0, 1)))]  # the cache never leaves the child
            cases.append(Case(steps=steps, oracle_args=(dout, x, gamma, beta),
                              label=f"forward then backward on {label_of(x, gamma, beta)}"))
    return cases


def residual_cases(rng, dtypes=DTYPES, shapes=((4, 3, 5), (6, 2, 2)), backward=False):
    cases = []
    for dtype in dtypes:
        for n, d, h in shapes:
            x = rng.normal(size=(n, d)).astype(dtype)
            params = [rng.normal(size=s).astype(dtype) for s in ((d, h), (h,), (h, d), (d,))]
            args = ((rng.normal(size=(n, d)).astype(dtype),) if backward else ()) + (x, *params)
            cases.append(Case(args, {}, label_of(*args)))
    return cases



EXERCISE = Exercise(
    id="ex10",
    name="batchnorm",
    title=T("Batch normalization and residual connections", "배치 정규화와 잔차 연결"),
    seeds=("000 §1.3.4-1.3.5", "002"),
    functions=(
        Function("batchnorm_forward", (
            Correctness(3, bn_forward_cases, oracle="batchnorm_forward", output=0),
            Purity(1, f32(bn_forward_cases)),
        ), (
            T("Normalize each feature over the batch to mean 0 and variance 1, then let gamma and beta rescale it.",
              "특성마다 배치에 대해 평균 0, 분산 1로 정규화한 뒤 gamma와 beta로 다시 조정합니다."),
            T("mu = mean_n x, var = mean_n (x - mu)^2 (biased), xhat = (x - mu) / sqrt(var + eps), "
              "out = gamma xhat + beta.",
              "mu = mean_n x, var = mean_n (x - mu)^2 (편향 분산), xhat = (x - mu) / sqrt(var + eps), out = gamma xhat + beta."),
            T("mu = x.mean(axis=0); var = x.var(axis=0); xhat = (x - mu) / xp.sqrt(var + eps); "
              "return gamma * xhat + beta, (xhat, var, gamma, eps)",
              "mu = x.mean(axis=0); var = x.var(axis=0); xhat = (x - mu) / xp.sqrt(var + eps); "
              "return gamma * xhat + beta, (xhat, var, gamma, eps)"),
        ), (
            Mistake("batchnorm_forward.unbiased_variance", "batchnorm_forward__unbiased",
                    T("Training-mode batch norm divides by N (the batch's own variance), not N - 1.",
                      "학습 모드 배치 정규화는 N - 1이 아니라 N으로 나눕니다 (배치 자체의 분산).")),
            Mistake("batchnorm_forward.eps_outside_sqrt", "batchnorm_forward__eps_outside",
                    T("eps goes inside the square root: sqrt(var + eps).", "eps는 제곱근 안에: sqrt(var + eps).")),
            Mistake("batchnorm_forward.wrong_axis", "batchnorm_forward__wrong_axis",
                    T("Statistics are per feature over the batch: axis=0.", "통계는 특성마다 배치에 대해: axis=0.")),
        )),
        Function("batchnorm_backward", (
            Correctness(3, bn_backward_cases, oracle="batchnorm_backward_from_inputs"),
            Correctness(1, lambda rng: bn_backward_cases(rng, dtypes=(np.float64,), shapes=((6, 3),)),
                        oracle="batchnorm_backward_numeric", rtol=1e-5, atol=1e-7, name="numerical"),
            Purity(1, f32(bn_backward_cases, shapes=((6, 3),))),
            Correctness(1, lambda rng: bn_backward_cases(rng, shapes=((64, 10),)), oracle="batchnorm_backward_from_inputs",
                        name="hidden_values", hidden=True),
        ), (
            T("Every x_i influences the output directly AND through the batch mean and variance: three paths.",
              "각 x_i는 출력에 직접, 그리고 배치 평균과 분산을 통해 영향을 줍니다: 세 경로."),
            T("dxhat = dout gamma; dx = (dxhat - mean(dxhat) - xhat mean(dxhat xhat)) / sqrt(var + eps); "
              "dgamma = sum(dout xhat); dbeta = sum(dout), sums and means over the batch.",
              "dxhat = dout gamma; dx = (dxhat - mean(dxhat) - xhat mean(dxhat xhat)) / sqrt(var + eps); "
              "dgamma = sum(dout xhat); dbeta = sum(dout), 배치에 대한 합과 평균."),
            T("xhat, var, gamma, eps = cache; dxhat = dout * gamma; dx = (dxhat - dxhat.mean(0) - xhat * "
              "(dxhat * xhat).mean(0)) / xp.sqrt(var + eps)",
              "xhat, var, gamma, eps = cache; dxhat = dout * gamma; dx = (dxhat - dxhat.mean(0) - xhat * "
              "(dxhat * xhat).mean(0)) / xp.sqrt(var + eps)"),
        ), (
            Mistake("batchnorm_backward.missing_mean_terms", "batchnorm_backward__no_mean_terms",
                    T("dx = dout * gamma / sqrt(var + eps) ignores that mu and var depend on x: subtract "
                      "mean(dxhat) and xhat * mean(dxhat * xhat).",
                      "dx = dout * gamma / sqrt(var + eps)는 mu와 var가 x에 의존함을 무시합니다: mean(dxhat)과 "
                      "xhat * mean(dxhat * xhat)를 빼세요."), oracle="batchnorm_backward__no_mean_terms_from_inputs"),
            Mistake("batchnorm_backward.mean_not_sum", "batchnorm_backward__dgamma_unsummed",
                    T("gamma and beta are used by every row: their gradients SUM over the batch.",
                      "gamma와 beta는 모든 행에 쓰이므로 기울기는 배치에 대한 합입니다."),
                    oracle="batchnorm_backward__dgamma_unsummed_from_inputs"),
            Mistake("batchnorm_backward.no_gamma", "batchnorm_backward__no_gamma",
                    T("out = gamma * xhat + beta, so dxhat = dout * gamma: gamma belongs in dx too.",
                      "out = gamma * xhat + beta이므로 dxhat = dout * gamma입니다: dx에도 gamma가 들어갑니다."),
                    oracle="batchnorm_backward__no_gamma_from_inputs"),
        )),
        Function("residual_forward", (Correctness(2, residual_cases), Purity(1, f32(residual_cases))), (
            T("A residual block adds its input back to what its layers computed.", "잔차 블록은 층들이 계산한 값에 입력을 다시 더합니다."),
            T("out = x + relu(x W1 + b1) W2 + b2.", "out = x + relu(x W1 + b1) W2 + b2."),
            T("return x + xp.maximum(x @ W1 + b1, 0) @ W2 + b2", "return x + xp.maximum(x @ W1 + b1, 0) @ W2 + b2"),
        ), (
            Mistake("residual_forward.no_identity", "residual_forward__no_identity",
                    T("Add x itself: the skip connection is the point of the block.", "x 자체를 더하세요: 건너뛰기 연결이 블록의 핵심입니다.")),
            Mistake("residual_forward.relu_after_add", "residual_forward__relu_after_add",
                    T("Here the block is x + F(x) with no ReLU after the addition.", "여기서 블록은 덧셈 뒤 ReLU 없이 x + F(x)입니다.")),
        )),
        Function("residual_backward", (
            Correctness(3, lambda rng: residual_cases(rng, backward=True)),
            Purity(1, f32(residual_cases, backward=True)),
        ), (
            T("The gradient reaches x by two roads: the identity path and the path through F.",
              "기울기는 두 길로 x에 도달합니다: 항등 경로와 F를 지나는 경로."),
            T("dz1 = (dout W2^T) * [z1 > 0]; dx = dout + dz1 W1^T; dW1 = x^T dz1; db1 = sum dz1; dW2 = a1^T dout; "
              "db2 = sum dout.",
              "dz1 = (dout W2^T) * [z1 > 0]; dx = dout + dz1 W1^T; dW1 = x^T dz1; db1 = sum dz1; dW2 = a1^T dout; "
              "db2 = sum dout."),
            T("z1 = x @ W1 + b1; dz1 = (dout @ W2.T) * (z1 > 0); return dout + dz1 @ W1.T, x.T @ dz1, dz1.sum(0), "
              "xp.maximum(z1, 0).T @ dout, dout.sum(0)",
              "z1 = x @ W1 + b1; dz1 = (dout @ W2.T) * (z1 > 0); return dout + dz1 @ W1.T, x.T @ dz1, dz1.sum(0), "
              "xp.maximum(z1, 0).T @ dout, dout.sum(0)"),
        ), (
            Mistake("residual_backward.no_identity_gradient", "residual_backward__no_identity_grad",
                    T("The identity path passes dout straight to x: dx = dout + (gradient through F).",
                      "항등 경로는 dout을 그대로 x에 전달합니다: dx = dout + (F를 지나는 기울기).")),
            Mistake("residual_backward.no_relu_gradient", "residual_backward__no_relu_grad",
                    T("Multiply by the ReLU's derivative [z1 > 0] inside F.", "F 안에서 ReLU의 미분 [z1 > 0]을 곱하세요.")),
        )),
    ),
)
