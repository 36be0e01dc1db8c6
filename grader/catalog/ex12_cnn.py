"""ex12: convolution and pooling (강의 후기 §7, 딥러닝 요약 글 "컨벌루션 신경망")."""
import numpy as np

from dlgrade.checks import Correctness, Purity
from dlgrade.catalog.inputs import DTYPES, Case, f32, label_of
from dlgrade.catalog.model import Draw, Exercise, Fill, Function, Hints, Mistake, Timed
from dlgrade.text import T

CONV = (((2, 3, 5, 5), (4, 3, 3, 3), 1, 0), ((2, 3, 6, 5), (2, 3, 3, 2), 2, 1), ((1, 1, 6, 7), (2, 1, 2, 3), 1, 2))


def random_conv_shape(rng):
    """(x shape, w shape, stride, pad) drawn at random, with at least one output position."""
    n, c, f, kh, kw = (int(v) for v in rng.integers(1, [4, 5, 5, 5, 5]))
    stride, pad = int(rng.integers(1, 4)), int(rng.integers(0, 3))
    h, w = (int(rng.integers(max(1, k - 2 * pad), 11)) for k in (kh, kw))
    return (n, c, h, w), (f, c, kh, kw), stride, pad


def conv_cases(rng, dtypes=DTYPES, shapes=CONV, random_shapes=2):
    cases = []
    for dtype in dtypes:
        for xs, ws, stride, pad in list(shapes) + [random_conv_shape(rng) for _ in range(random_shapes)]:
            x, w = rng.normal(size=xs).astype(dtype), rng.normal(size=ws).astype(dtype)
            b = rng.normal(size=ws[0]).astype(dtype)
            cases.append(Case((x, w, b), {"stride": stride, "pad": pad},
                              f"{label_of(x, w, b)}, stride={stride}, pad={pad}"))
    return cases


def distinct(rng, shape, dtype):
    """Values without ties, so every window has one arg-max."""
    return (rng.permutation(int(np.prod(shape))).reshape(shape) * 0.1 - 1).astype(dtype)


POOL = (((2, 3, 4, 6), 2, 2), ((1, 2, 5, 5), 3, 1), ((2, 1, 5, 4), 2, 1))


def pool_cases(rng, dtypes=DTYPES, shapes=POOL):
    return [Case((x,), {"size": size, "stride": stride}, f"{label_of(x)}, size={size}, stride={stride}")
            for dtype in dtypes for shape, size, stride in shapes for x in (distinct(rng, shape, dtype),)]


def maxpool_back_cases(rng, dtypes=DTYPES, shapes=POOL):
    cases = []
    for dtype in dtypes:
        for shape, size, stride in shapes:
            x = distinct(rng, shape, dtype)
            oh, ow = (shape[2] - size) // stride + 1, (shape[3] - size) // stride + 1
            dout = rng.normal(size=shape[:2] + (oh, ow)).astype(dtype)
            cases.append(Case((dout, x), {"size": size, "stride": stride},
                              f"{label_of(dout, x)}, size={size}, stride={stride}"))
    return cases


def avg_back_cases(rng, dtypes=DTYPES):
    return [Case((d,), {"size": size}, f"{label_of(d)}, size={size}")
            for dtype in dtypes for shape, size in (((2, 3, 2, 3), 2), ((1, 2, 2, 2), 3))
            for d in (rng.normal(size=shape).astype(dtype),)]


def param_cases(rng):
    fixed = [(3, 64, 3), (64, 128, 3), (32, 32, 5), (1, 1, 1)]
    return [Case(t, {}, f"c_in={t[0]}, c_out={t[1]}, k={t[2]}") for t in
            fixed + [tuple(int(v) for v in rng.integers(1, 200, 3)) for _ in range(3)]]


# --timing: a batch of 16-channel 32 x 32 images (n values), 16 filters of 3 x 3
CONV_TIMED = Timed(args=(Draw((-1, 16, 32, 32)), Draw((16, 16, 3, 3)), Fill((16,), 0.0)), kwargs={"pad": 1},
                   factor=5.0, scale=1 / 16, why="im2col and a loop over the 3 x 3 offsets must both pass; 288 flops "
                                                 "per element: a 16th of the usual size")
POOL_TIMED = Timed(args=(Draw((-1, 16, 32, 32)),), factor=4.0, traffic=1.25,
                   why="a loop over the 2 x 2 offsets must pass")


EXERCISE = Exercise(
    id="ex12",
    name="cnn",
    title=T("Convolution and pooling", "합성곱과 풀링"),
    notes=("001 §7", "003 컨벌루션 신경망"),
    functions=(
        Function("conv2d", (
            Correctness(4, conv_cases), Purity(1, f32(conv_cases)),
            Correctness(1, lambda rng: conv_cases(rng, shapes=(((3, 4, 9, 8), (5, 4, 3, 3), 2, 1),), random_shapes=4),
                        name="hidden_values", hidden=True),
        ), Hints(
            idea=T("Slide each filter over the (padded) input; at each position multiply element-wise and "
                   "add everything up.",
                   "각 필터를 (패딩된) 입력 위로 밀면서, 위치마다 원소별로 곱해 모두 더합니다."),
            formula=T("out[n,f,i,j] = b[f] + sum_{c,di,dj} x_pad[n,c,i s+di,j s+dj] w[f,c,di,dj]; OH = (H + "
                      "2p - KH)//s + 1; no kernel flip (cross-correlation).",
                      "out[n,f,i,j] = b[f] + sum_{c,di,dj} x_pad[n,c,i s+di,j s+dj] w[f,c,di,dj]; OH = (H + "
                      "2p - KH)//s + 1; 커널을 뒤집지 않음 (상호상관)."),
            code=T("for each kernel offset (i, j): patch = xpad[:, :, i:i+s*OH:s, j:j+s*OW:s]; out += "
                   "xp.einsum('nchw,fc->nfhw', patch, w[:, :, i, j])",
                   "커널 위치 (i, j)마다: patch = xpad[:, :, i:i+s*OH:s, j:j+s*OW:s]; out += "
                   "xp.einsum('nchw,fc->nfhw', patch, w[:, :, i, j])"),
        ), (
            Mistake("conv2d.flipped_kernel",
                    T("Deep-learning 'convolution' does not flip the kernel (it is cross-correlation).",
                      "딥러닝의 '합성곱'은 커널을 뒤집지 않습니다 (상호상관).")),
            Mistake("conv2d.output_size",
                    T("Output size is (H + 2 pad - KH) // stride + 1: count the first position too.",
                      "출력 크기는 (H + 2 pad - KH) // stride + 1: 첫 위치도 세세요.")),
            Mistake("conv2d.padding_axes",
                    T("Pad both spatial axes, H and W (and never N or C).",
                      "공간 축 H와 W 모두 패딩하세요 (N과 C는 절대 안 됨).")),
        ), timing=CONV_TIMED),
        Function("maxpool2d", (Correctness(2, pool_cases), Purity(1, f32(pool_cases))), Hints(
            idea=T("Keep the largest value of each window.", "각 윈도우에서 가장 큰 값을 남깁니다."),
            formula=T("out[n,c,i,j] = max over the window x[n, c, i s : i s + size, j s : j s + size].",
                      "out[n,c,i,j] = 윈도우 x[n, c, i s : i s + size, j s : j s + size]의 최댓값."),
            code=T("stack the size*size strided views x[:, :, i::s][..., :OH] ... and take .max(axis=-1)",
                   "size*size개의 간격 뷰를 쌓고 .max(axis=-1)"),
        ), (
            Mistake("maxpool2d.ignores_stride",
                    T("Move the window by `stride`, not by 1.", "윈도우를 1이 아니라 `stride`만큼 옮기세요.")),
        ), timing=POOL_TIMED),
        Function("avgpool2d", (Correctness(2, pool_cases), Purity(1, f32(pool_cases))), Hints(
            idea=T("Average each window.", "각 윈도우를 평균합니다."),
            formula=T("out[n,c,i,j] = mean of the window.", "out[n,c,i,j] = 창의 평균."),
            code=T("like maxpool2d with .mean(axis=-1)", "maxpool2d처럼 하되 .mean(axis=-1)"),
        ), (
            Mistake("avgpool2d.sum", T("Divide by the window's size*size cells.", "창의 size*size 칸 수로 나누세요.")),
        ), timing=POOL_TIMED),
        Function("maxpool2d_backward", (Correctness(3, maxpool_back_cases), Purity(1, f32(maxpool_back_cases))), Hints(
            idea=T("Only the winning cell of each window influenced the output, so only it gets the gradient.",
                   "각 창의 최댓값 칸만 출력에 영향을 주었으므로 그 칸만 기울기를 받습니다."),
            formula=T("dx[arg-max of window (i, j)] += dout[i, j]; overlapping windows add up.",
                      "dx[윈도우 (i, j)의 arg-max] += dout[i, j]; 겹치는 윈도우는 더해집니다."),
            code=T("arg = stacked windows .argmax(-1); for each offset k: dx[strided view of offset k] += "
                   "(arg == k) * dout",
                   "arg = 쌓은 윈도우 .argmax(-1); 오프셋 k마다: dx[오프셋 k의 간격 뷰] += (arg == k) * dout"),
        ), (
            Mistake("maxpool2d_backward.spread",
                    T("Spreading the gradient evenly is average pooling's rule; max pooling sends it to "
                      "the arg-max only.",
                      "기울기를 고르게 나누는 것은 평균 풀링의 규칙입니다. 최대 풀링은 arg-max에만 보냅니다.")),
        )),
        Function("avgpool2d_backward", (Correctness(2, avg_back_cases), Purity(1, f32(avg_back_cases))), Hints(
            idea=T("Every cell of a window contributed 1/(size*size) of the average.",
                   "창의 모든 칸은 평균에 1/(size*size)만큼 기여했습니다."),
            formula=T("dx = kron(dout, ones(size, size)) / size^2 on the last two axes (deep-learning summary).",
                      "dx = 마지막 두 축에 kron(dout, ones(size, size)) / size^2 (딥러닝 요약 글)."),
            code=T("return xp.kron(dout, xp.ones((1, 1, size, size), dtype=dout.dtype)) / (size * size)"),
        ), (
            Mistake("avgpool2d_backward.no_divide",
                    T("Divide by size*size: each cell got a 1/(size*size) share.",
                      "size*size로 나누세요: 각 칸은 1/(size*size)의 몫입니다.")),
        )),
        Function("conv_params", (Correctness(1, param_cases),), Hints(
            idea=T("Each of the c_out filters has k*k*c_in weights and one bias.",
                   "c_out개의 필터마다 k*k*c_in개의 가중치와 편향 하나."),
            formula=T("params = k*k*c_in*c_out + c_out."),
            code=T("return k * k * c_in * c_out + c_out"),
        ), (
            Mistake("conv_params.no_bias",
                    T("Add one bias per output channel.", "출력 채널마다 편향 하나를 더하세요.")),
            Mistake("conv_params.no_input_channels",
                    T("A filter spans all c_in input channels: k*k*c_in weights each.",
                      "필터는 c_in개 입력 채널 전체에 걸칩니다: 각각 k*k*c_in개.")),
        )),
        Function("depthwise_separable_params", (Correctness(1, param_cases),), Hints(
            idea=T("Split the convolution: one k x k filter per input channel, then a 1 x 1 convolution "
                   "mixing channels.",
                   "합성곱을 나눕니다: 입력 채널마다 k x k 필터 하나, 그다음 채널을 섞는 1 x 1 합성곱."),
            formula=T("depthwise: k*k*c_in + c_in; pointwise: c_in*c_out + c_out (midterm report §1.3.6).",
                      "깊이별: k*k*c_in + c_in; 점별: c_in*c_out + c_out (중간과제 보고서 §1.3.6)."),
            code=T("return k * k * c_in + c_in + c_in * c_out + c_out"),
        ), (
            Mistake("depthwise_separable_params.no_biases",
                    T("Both stages have biases: + c_in + c_out.", "두 단계 모두 편향이 있습니다: + c_in + c_out.")),
            Mistake("depthwise_separable_params.full_depthwise",
                    T("The depthwise stage has ONE k x k filter per input channel: k*k*c_in, not k*k*c_in*c_in.",
                      "깊이별 단계는 입력 채널마다 k x k 필터 하나: k*k*c_in*c_in이 아니라 k*k*c_in.")),
        )),
    ),
)
