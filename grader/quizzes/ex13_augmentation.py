"""Quiz for ex13: data augmentation (notes 002 §05)."""
from dlgrade.quiz import Choice, Numeric, Quiz, Symbolic
from dlgrade.text import T


def params(rng):
    return {"H": int(rng.integers(20, 64)), "h": int(rng.integers(4, 20)), "W": int(rng.integers(10, 64)),
            "f": float(rng.choice([0.05, 0.1, 0.2]))}


QUIZ = Quiz("ex13_augmentation", (
    Numeric("q1", T("Image height {H}, crop height {h}: how many different top offsets are possible?",
                    "이미지 높이 {H}, 자를 높이 {h}: 가능한 top 오프셋은 몇 가지?"),
            lambda H, h: H - h + 1, digits=None,
            explain=T("0 .. H - h, both included: rng.integers(0, H - h + 1).",
                      "0 .. H - h, 양 끝 포함: rng.integers(0, H - h + 1).")),
    Numeric("q2", T("Random erasing with area_frac {f} on a {H} x {W} image: the largest allowed area (pixels)?",
                    "{H} x {W} 이미지, area_frac {f}의 무작위 지우기: 허용되는 가장 큰 넓이 (픽셀)?"),
            lambda H, W, f: 1.5 * f * H * W,
            explain=T("Between 0.5 and 1.5 times area_frac * H * W.",
                      "area_frac * H * W의 0.5배에서 1.5배 사이입니다.")),
    Symbolic("q3", T("Brightness adjustment: type the new value of a pixel x with delta d, before clipping.",
                     "밝기 조절: 자르기 전 픽셀 x의 새 값을 delta d로 입력하세요."), "x + d", ("x", "d")),
    Choice("q4", T("Translating an image right by 2 pixels: what fills the two leftmost columns?",
                   "이미지를 오른쪽으로 2픽셀 옮기면 왼쪽 두 열은?"),
           (T("zeros", "0"), T("the two rightmost columns (wrap-around)", "오른쪽 끝 두 열 (순환)"),
            T("copies of column 0", "0번 열의 복사"), T("the mean pixel value", "픽셀 평균값")), 0),
    Choice("q5", T("Flipping an image horizontally twice gives", "이미지를 좌우로 두 번 뒤집으면"),
           (T("the original image", "원래 이미지"), T("an upside-down image", "위아래가 뒤집힌 이미지"),
            T("an image rotated by 180 degrees", "180도 회전한 이미지"), T("a transposed image", "전치된 이미지")), 0),
    Choice("q6", T("Gaussian noise with sigma 0.1 means the noise's", "sigma 0.1인 가우시안 노이즈는 노이즈의"),
           (T("standard deviation is 0.1", "표준편차가 0.1"), T("variance is 0.1", "분산이 0.1"),
            T("maximum is 0.1", "최댓값이 0.1"), T("mean is 0.1", "평균이 0.1")), 0),
), params)
