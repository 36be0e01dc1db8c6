"""ex11: mini-batches, epochs and the delta rule (midterm report §4.2.2, course review §4, deep-learning summary)."""
import numpy as np

from dlgrade.checks import Correctness, Property, Purity
from dlgrade.catalog.inputs import DTYPES, Case, Step, label_of
from dlgrade.catalog.model import Exercise, Function, Hints, Mistake
from dlgrade.catalog.inputs import Rng
from dlgrade.text import T


def epoch_cases(rng):
    pairs = [(60000, 100), (10, 4), (10, 5), (1, 32), (7, 7)] + [tuple(int(v) for v in rng.integers(1, 500, 2))
                                                                  for _ in range(4)]
    return [Case(p, {}, f"n_samples={p[0]}, batch_size={p[1]}") for p in pairs]


def batch_cases(rng):
    cases = []
    for n, bs in ((23, 5), (20, 4), (13, 16)):  # n >= 13: a random order is the identity with P < 1e-9
        X = np.column_stack([np.arange(n), rng.normal(size=(n, 2))])  # column 0: the sample's id
        Y = rng.normal(size=(n, 3))
        a, b = (int(s) for s in rng.integers(2**31, size=2))
        steps = [Step("minibatches", (X, Y, bs, Rng(s))) for s in (a, a, b)]
        cases.append(Case(steps=steps, label=f"X {label_of(X)}, Y {label_of(Y)}, batch_size={bs}, seeds {a}, {a}, {b}"))
    return cases


def batch_purity(rng):
    X, Y = rng.normal(size=(10, 3)).astype(np.float32), rng.normal(size=(10, 2)).astype(np.float32)
    return [Case((X, Y, 4, Rng(int(rng.integers(2**31)))), {}, f"X {label_of(X)}, Y {label_of(Y)}, batch_size=4")]


def delta_cases(rng, dtypes=DTYPES):
    X = np.array([[0.0, 0.0, 1.0], [0.0, 1.0, 1.0], [1.0, 0.0, 1.0], [1.0, 1.0, 1.0]])  # notes 003's data
    D = np.array([0.0, 0.0, 1.0, 1.0])
    cases = []
    for dtype in dtypes:
        W = rng.uniform(-1, 1, 3).astype(dtype)  # notes 003: W = 2*rand(1, 3) - 1
        cases.append(Case((W, X.astype(dtype), D.astype(dtype), 0.9), {},
                          T(f"the deep-learning summary's data, {label_of(W)}, alpha=0.9",
                            f"딥러닝 요약 글의 데이터, {label_of(W)}, alpha=0.9")))
        Xr = rng.normal(size=(10, 3)).astype(dtype)
        Dr = rng.integers(0, 2, 10).astype(dtype)
        cases.append(Case((W, Xr, Dr, 0.5), {}, f"{label_of(W, Xr, Dr)}, alpha=0.5"))
    # the smallest legal epoch, one sample (N = 1): one step, so a wrong factor of the step shows as such
    W1, X1 = rng.uniform(-1, 1, 3).astype(dtypes[0]), rng.uniform(0.5, 1.5, (1, 3)).astype(dtypes[0])
    D1 = np.array([1.0], dtype=dtypes[0])
    cases.append(Case((W1, X1, D1, 0.5), {}, f"{label_of(W1, X1, D1)}, alpha=0.5"))
    return cases


def xor_case(rng):
    return [Case((Rng(int(rng.integers(2**31))),), {},
                 T("train_xor(rng) with the default epochs", "train_xor(rng), 기본 에폭 수"))]


EXERCISE = Exercise(
    id="ex11",
    name="training",
    title=T("Mini-batches, epochs and the delta rule", "미니배치, 에폭, 델타 규칙"),
    notes=("000 §4.2.2", "001 §4", "003"),
    functions=(
        Function("iterations_per_epoch", (Correctness(1, epoch_cases), Correctness(1, epoch_cases, name="hidden_values",
                                                                                hidden=True)), Hints(
            idea=T("An epoch ends when every sample has been seen once; the last batch may be partial.",
                   "모든 샘플을 한 번씩 보면 에폭이 끝납니다. 마지막 배치는 덜 찰 수 있습니다."),
            formula=T("iterations = ceil(n_samples / batch_size). The notes' '1 Epoch = Batchsize x "
                      "Iteration' means the data set size = batch size x iterations.",
                      "반복 = ceil(n_samples / batch_size). 자료의 '1 Epoch = Batchsize x Iteration'은 데이터 크기 = "
                      "배치 크기 x 반복을 뜻합니다."),
            code=T("return math.ceil(n_samples / batch_size)"),
        ), (
            Mistake("iterations_per_epoch.floor",
                    T("Round UP: the last, smaller batch is an iteration too (10 samples in batches of "
                      "4: 3 iterations).",
                      "올림하세요: 마지막의 작은 배치도 한 번의 반복입니다 (샘플 10개, 배치 4: 3번).")),
            Mistake("iterations_per_epoch.product",
                    T("The notes' formula reads 'data set size = batch size x iterations': divide, do not multiply.",
                      "자료의 식은 '데이터 크기 = 배치 크기 x 반복'입니다: 곱하지 말고 나누세요.")),
        )),
        Function("minibatches", (
            Property(3, batch_cases, verify="verify_minibatches", name="epoch"),
            Purity(1, batch_purity, mutation_mistake="minibatches.shuffles_in_place"),
        ), Hints(
            idea=T("Shuffle the sample indices once per epoch, then cut them into consecutive slices.",
                   "에폭마다 샘플 번호를 한 번 섞은 뒤, 연속된 조각으로 자릅니다."),
            formula=T("order = a random permutation from rng; batch i = rows order[i*b:(i+1)*b] of X AND of Y.",
                      "order = rng로 만든 무작위 순열; 배치 i = X와 Y의 order[i*b:(i+1)*b] 행."),
            code=T("order = xp.argsort(rng.random(len(X))); return [(X[order[i:i+b]], Y[order[i:i+b]]) for i in "
                   "range(0, len(X), b)]"),
        ), (
            Mistake("minibatches.drops_last",
                    T("Keep the last, smaller batch: every sample must be seen each epoch.",
                      "마지막의 작은 배치도 남기세요: 매 에폭 모든 샘플을 봐야 합니다."), detect="property"),
            Mistake("minibatches.same_order",
                    T("Shuffle with rng every epoch: a fixed order lets the network learn the order.",
                      "매 에폭 rng로 섞으세요: 고정된 순서는 신경망이 순서를 학습하게 합니다."), detect="property"),
            Mistake("minibatches.unpaired_shuffle",
                    T("Use ONE permutation for both X and Y, or the labels no longer match their samples.",
                      "X와 Y에 같은 순열 하나를 쓰세요. 아니면 레이블이 샘플과 어긋납니다."), detect="property"),
            Mistake("minibatches.shuffles_in_place",
                    T("X[:] = X[order] (or rng.shuffle(X)) reorders the caller's data set; index into new arrays: "
                      "X[order], Y[order].",
                      "X[:] = X[order] (또는 rng.shuffle(X))는 호출한 쪽의 데이터를 바꿉니다. 새 배열로 인덱싱하세요: "
                      "X[order], Y[order]."), detect="property"),
        )),
        Function("delta_sgd_epoch", (Correctness(2, delta_cases), Purity(1, lambda rng: delta_cases(
            rng, dtypes=(np.float32,)))), Hints(
            idea=T("The deep-learning summary's DeltaSGD: one sigmoid neuron, the weights change after EVERY sample.",
                   "딥러닝 요약 글의 DeltaSGD: 시그모이드 뉴런 하나, 샘플마다 가중치를 바꿉니다."),
            formula=T("for each (x, d): y = sigmoid(W . x); delta = y (1 - y) (d - y); W = W + alpha delta x.",
                      "각 (x, d)에 대해: y = sigmoid(W . x); delta = y (1 - y) (d - y); W = W + alpha delta x."),
            code=T("for x, d in zip(X, D):\n    y = 1 / (1 + xp.exp(-(W @ x)))\n"
                   "    W = W + alpha * y * (1 - y) * (d - y) * x"),
        ), (
            Mistake("delta_sgd_epoch.no_sigmoid_derivative",
                    T("delta = y (1 - y) e: the sigmoid's derivative is part of the delta rule.",
                      "delta = y (1 - y) e: 시그모이드의 미분이 델타 규칙에 들어갑니다.")),
            Mistake("delta_sgd_epoch.batch_update",
                    T("SGD updates W after each sample, so later samples see the updated W.",
                      "SGD는 샘플마다 W를 갱신하므로 다음 샘플은 갱신된 W를 봅니다.")),
        )),
        Function("delta_batch_epoch", (Correctness(2, delta_cases), Purity(1, lambda rng: delta_cases(
            rng, dtypes=(np.float32,)))), Hints(
            idea=T("The batch method computes every sample's update with the same W and applies their average once.",
                   "배치 방식은 같은 W로 모든 샘플의 갱신량을 구하고 그 평균을 한 번 적용합니다."),
            formula=T("y = sigmoid(X W); delta = y (1 - y) (D - y); W = W + alpha * mean_k(delta_k x_k)."),
            code=T("return W + alpha * (delta[:, None] * X).mean(axis=0)"),
        ), (
            Mistake("delta_batch_epoch.sum", T("Average the updates (deep-learning summary: dWsum / N).",
                                                "갱신량을 평균하세요 (딥러닝 요약 글: dWsum / N).")),
            Mistake("delta_batch_epoch.sign", T("The error is e = d - y (target minus output).",
                                                "오차는 e = d - y (정답 - 출력)입니다.")),
        )),
        Function("train_xor", (Property(3, xor_case, verify="verify_xor_training", name="xor", timeout=20.0),), Hints(
            idea=T("Put ex04's two_layer_gradients in a loop: forward, backward, step, many times.",
                   "ex04의 two_layer_gradients를 반복문에 넣으세요: 순전파, 역전파, 갱신을 여러 번."),
            formula=T("Init W1 (2, H), W2 (H, 1) from rng (H = 4 works), zero biases; each epoch do one "
                      "full-batch gradient step on all 4 XOR samples with a learning rate around 1-2. The hidden delta "
                      "uses the hidden output: A1 (1 - A1), not the output's A2 (the deep-learning summary's "
                      "BackpropXOR has y1.*(1-y).*e1, a typo for y1.*(1-y1).*e1). About 1 start in 300 gets stuck in a "
                      "local minimum: check the four outputs and start again from new draws (2 more tries are plenty).",
                      "rng로 W1 (2, H), W2 (H, 1) 초기화 (H = 4), 편향 0. 에폭마다 XOR 4개 샘플 전체로 학습률 "
                      "1-2 정도로 한 번 갱신. 은닉층 델타에는 출력층의 A2가 아니라 은닉층 출력 A1 (1 - A1)을 씁니다 "
                      "(딥러닝 요약 글의 BackpropXOR에 있는 y1.*(1-y).*e1은 y1.*(1-y1).*e1의 오타입니다). 300번에 "
                      "1번쯤은 국소 최솟값에 갇힙니다: 네 출력을 확인하고 새로 뽑은 값으로 다시 시작하세요 "
                      "(2번 더 하면 충분합니다)."),
            code=T("A1 = sig(X @ W1 + b1); A2 = sig(A1 @ W2 + b2); dZ2 = (A2 - Y) / 4; dZ1 = (dZ2 @ W2.T) * "
                   "A1 * (1 - A1); W2 -= lr * A1.T @ dZ2; ..."),
        ), (
            Mistake("train_xor.not_learned",
                    T("The network does not compute XOR yet: check the gradients (ex04) and train longer or with a "
                      "larger learning rate.",
                      "신경망이 아직 XOR을 계산하지 못합니다: 기울기를 (ex04) 확인하고 더 오래 또는 "
                      "더 큰 학습률로 학습하세요."),
                    detect="property"),
        )),
    ),
)
