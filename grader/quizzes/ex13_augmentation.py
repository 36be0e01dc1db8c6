"""Quiz for ex13: data augmentation (seed 002 §05)."""
from dlgrade.quiz import Choice, Numeric, Symbolic
from dlgrade.text import T


def crop(rng):
    return {"H": int(rng.integers(20, 64)), "h": int(rng.integers(4, 20))}


QUIZ = [
    Numeric("q1", T("Image height {H}, crop height {h}: how many different top offsets are possible?",
                    "이미지 높이 {H}, 자를 높이 {h}: 가능한 top 오프셋은 몇 가지?"),
            lambda H, h: H - h + 1, params=crop, tol=0,
            explain=T("0 .. H - h, both included: rng.integers(0, H - h + 1).", "0 .. H - h, 양 끝 포함: rng.integers(0, H - h + 1).")),
    Numeric("q2", T("Random erasing with area_frac 0.1 on a 20 x 30 image: the largest allowed area (pixels)?",
                    "20 x 30 이미지, area_frac 0.1의 무작위 지우기: 허용되는 가장 큰 넓이 (픽셀)?"), lambda: 90, tol=0),
    Symbolic("q3", T("Brightness adjustment: type the new value of a pixel x with delta d, before clipping.",
                     "밝기 조절: 자르기 전 픽셀 x의 새 값을 delta d로 입력하세요."), "x + d", ("x", "d")),
    Choice("q4", T("Translating an image right by 2 pixels: what fills the two leftmost columns?",
                   "이미지를 오른쪽으로 2픽셀 옮기면 왼쪽 두 열은?"),
           (T("zeros", "0"), T("the two rightmost columns (wrap-around)", "오른쪽 끝 두 열 (감기)"),
            T("copies of column 0", "0번 열의 복사"), T("noise", "노이즈")), 0),
    Choice("q5", T("Flipping an image horizontally twice gives", "이미지를 좌우로 두 번 뒤집으면"),
           (T("the original image", "원래 이미지"), T("an upside-down image", "위아래가 뒤집힌 이미지"),
            T("a black image", "검은 이미지"), T("a transposed image", "전치된 이미지")), 0),
    Choice("q6", T("Gaussian noise with sigma 0.1 means the noise's", "sigma 0.1인 가우시안 노이즈는 노이즈의"),
           (T("standard deviation is 0.1", "표준편차가 0.1"), T("variance is 0.1", "분산이 0.1"),
            T("maximum is 0.1", "최댓값이 0.1"), T("mean is 0.1", "평균이 0.1")), 0),
]
