"""Quiz for ex12: convolution and pooling (notes 001 §7, 003)."""
from dlgrade.quiz import Choice, Numeric, Quiz, Symbolic
from dlgrade.text import T


def params(rng):
    channels = [3, 8, 16, 32, 64, 128, 256]
    return {"h": int(rng.integers(8, 64)), "k": int(rng.choice([3, 5])), "s": int(rng.choice([1, 2])),
            "p": int(rng.choice([0, 1, 2])), "ci": int(rng.choice(channels)), "co": int(rng.choice(channels))}


QUIZ = Quiz("ex12_cnn", (
    Numeric("q1", T("Input height {h}, kernel {k}, stride {s}, padding {p}: output height?",
                    "입력 높이 {h}, 커널 {k}, 스트라이드 {s}, 패딩 {p}: 출력 높이는?"),
            lambda h, k, s, p: (h + 2 * p - k) // s + 1, digits=None,
            explain=T("floor((H + 2P - K) / S) + 1.")),
    Numeric("q2", T("Parameters of a {k}x{k} convolution from {ci} to {co} channels, with biases?",
                    "{ci}채널에서 {co}채널로 가는 {k}x{k} 합성곱의 파라미터 수 (편향 포함)?"),
            lambda k, ci, co: k * k * ci * co + co, digits=None,
            explain=T("k*k*c_in weights per output channel, plus one bias each.",
                      "출력 채널마다 가중치 k*k*c_in개와 편향 하나.")),
    Numeric("q3", T("The same layer ({ci} to {co} channels, {k}x{k}) as a depthwise separable convolution "
                    "({k}x{k} depthwise + 1x1 pointwise, both with biases)?",
                    "같은 층 ({ci}채널에서 {co}채널, {k}x{k})을 깊이별 분리 합성곱으로 ({k}x{k} 깊이별 + 1x1 "
                    "점별, 둘 다 편향 포함)?"),
            lambda k, ci, co: k * k * ci + ci + ci * co + co, digits=None,
            explain=T("Depthwise: k*k*c_in + c_in; pointwise: c_in*c_out + c_out.",
                      "깊이별: k*k*c_in + c_in, 점별: c_in*c_out + c_out.")),
    Symbolic("q4", T("Type the output size with input n, kernel k, stride s and padding p (use floor).",
                     "입력 n, 커널 k, 스트라이드 s, 패딩 p로 출력 크기 식을 입력하세요 (floor 사용)."),
             "floor((n + 2*p - k)/s) + 1", ("n", "k", "s", "p")),
    Choice("q5", T("Deep-learning 'convolution' is", "딥러닝의 '합성곱'은"),
           (T("cross-correlation: the kernel is not flipped", "상호상관: 커널을 뒤집지 않음"),
            T("true convolution with a flipped kernel", "커널을 뒤집는 진짜 합성곱"),
            T("an element-wise product of image and kernel", "이미지와 커널의 원소별 곱"),
            T("a Fourier transform of the image", "이미지의 푸리에 변환")), 0),
    Choice("q6",
           T("In max pooling's backward pass, the gradient of a window goes to",
             "최대 풀링의 역전파에서 윈도우의 기울기는"),
           (T("its arg-max cell only", "arg-max 칸에만"), T("every cell equally", "모든 칸에 고르게"),
            T("every cell, weighted by its value", "모든 칸에 값에 비례해"),
            T("nowhere: pooling has no gradient", "어디에도 가지 않음: 풀링에는 기울기가 없음")), 0,
           T("Only the maximum influenced the output.", "출력에 영향을 준 것은 최댓값뿐입니다.")),
), params)
