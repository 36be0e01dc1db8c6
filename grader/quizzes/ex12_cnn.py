"""Quiz for ex12: convolution and pooling (seeds 001 §7, 003)."""
from dlgrade.quiz import Choice, Numeric, Symbolic
from dlgrade.text import T


def conv(rng):
    return {"h": int(rng.integers(8, 64)), "k": int(rng.choice([3, 5])), "s": int(rng.choice([1, 2])),
            "p": int(rng.choice([0, 1, 2]))}


QUIZ = [
    Numeric("q1", T("Input height {h}, kernel {k}, stride {s}, padding {p}: output height?",
                    "입력 높이 {h}, 커널 {k}, 스트라이드 {s}, 패딩 {p}: 출력 높이는?"),
            lambda h, k, s, p: (h + 2 * p - k) // s + 1, params=conv, tol=0),
    Numeric("q2", T("Parameters of a 3x3 convolution from 64 to 128 channels, with biases?",
                    "64채널에서 128채널로 가는 3x3 합성곱의 파라미터 수 (편향 포함)?"), lambda: 3 * 3 * 64 * 128 + 128, tol=0),
    Numeric("q3", T("The same as a depthwise separable convolution (3x3 depthwise + 1x1 pointwise, both with biases)?",
                    "같은 것을 깊이별 분리 합성곱으로 (3x3 깊이별 + 1x1 점별, 둘 다 편향 포함)?"),
            lambda: 3 * 3 * 64 + 64 + 64 * 128 + 128, tol=0),
    Symbolic("q4", T("Type the output size formula with input n, kernel k, stride s and padding p (use floor).",
                     "입력 n, 커널 k, 스트라이드 s, 패딩 p로 출력 크기 식을 입력하세요 (floor 사용)."),
             "floor((n + 2*p - k)/s) + 1", ("n", "k", "s", "p")),
    Choice("q5", T("Deep-learning 'convolution' is", "딥러닝의 '합성곱'은"),
           (T("cross-correlation: the kernel is not flipped", "상호상관: 커널을 뒤집지 않음"),
            T("true convolution with a flipped kernel", "커널을 뒤집는 진짜 합성곱"), T("a matrix inverse", "역행렬"),
            T("a pooling", "풀링")), 0),
    Choice("q6", T("In max pooling's backward pass, the gradient of a window goes to", "최대 풀링의 역전파에서 창의 기울기는"),
           (T("its arg-max cell only", "arg-max 칸에만"), T("every cell equally", "모든 칸에 고르게"),
            T("the first cell", "첫 칸에"), T("nowhere", "어디에도")), 0),
]
