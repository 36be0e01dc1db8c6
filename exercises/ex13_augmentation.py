"""ex13 — Data augmentation / 데이터 증강 (AI College 강의 §05).

Images are float arrays (H, W, C) with values in [0, 1]; every result stays in [0, 1] and keeps
the input's dtype. Randomness only from `rng`. 이미지는 [0, 1] 값의 (H, W, C) 배열입니다.
"""
import math

import numpy as np

from dlgrade.pipeline.xp import array_module


def horizontal_flip(img):
    """Mirror left-right / 좌우 반전: column j becomes column W - 1 - j. Flipping twice gives img back.
    Example: horizontal_flip([[[0.1], [0.2], [0.3]]]) -> [[[0.3], [0.2], [0.1]]]
    """
    # TODO: your code here / 여기에 코드를 작성하세요
    raise NotImplementedError


def translate(img, dx, dy):
    """Shift right by dx and down by dy pixels (negative: left / up), filling with zeros.
    dx만큼 오른쪽, dy만큼 아래로 이동하고 빈 곳은 0으로 채웁니다 (음수는 왼쪽/위).
    Example: translate([[[0.1], [0.2], [0.3]]], 1, 0) -> [[[0.], [0.1], [0.2]]]
    """
    xp = array_module(img)
    # TODO: your code here / 여기에 코드를 작성하세요
    raise NotImplementedError


def random_crop(img, size, rng):
    """A random (h, w) crop / 무작위 자르기: return (crop, (top, left)) with crop = img[top:top+h, left:left+w];
    every offset 0 <= top <= H - h, 0 <= left <= W - w is possible.
    (crop, (top, left))를 반환하며, 0 <= top <= H - h, 0 <= left <= W - w인 모든 위치가 나올 수 있어야 합니다.
    """
    # TODO: your code here / 여기에 코드를 작성하세요
    raise NotImplementedError


def adjust_brightness(img, delta):
    """Add delta and clip to [0, 1] / 밝기 조절: delta를 더하고 [0, 1]로 자릅니다.
    Example: adjust_brightness([[[0.5], [0.9]]], 0.2) -> [[[0.7], [1.]]]
    """
    xp = array_module(img)
    # TODO: your code here / 여기에 코드를 작성하세요
    raise NotImplementedError


def random_erasing(img, rng, area_frac=0.1):
    """Random erasing / 무작위 지우기: zero ONE axis-aligned rectangle (all channels) whose area is between
    0.5 and 1.5 times area_frac * H * W, at a random place; the rest unchanged. Erase a copy: img itself
    must not change. 넓이가 area_frac * H * W의 0.5~1.5배인 사각형 하나(모든 채널)를 무작위 위치에서 0으로
    만들고 나머지는 그대로 둡니다. 복사본을 지우세요: img 자체는 바뀌면 안 됩니다."""
    # TODO: your code here / 여기에 코드를 작성하세요
    raise NotImplementedError


def add_gaussian_noise(img, sigma, rng):
    """Add N(0, sigma^2) noise per value, then clip to [0, 1] / 가우시안 노이즈를 더하고 [0, 1]로 자릅니다."""
    xp = array_module(img)
    # TODO: your code here / 여기에 코드를 작성하세요
    raise NotImplementedError
