"""train_xor's recipe cannot fail on some seed: one start of the 2-4-1 network ends in a local
minimum for about 1 seed in 300 (64 of 20,000 NumPy seeds, bench/gpu_xor_seeds.py), so the
reference and the bundled solution start again from the generator's next draws (no failure left
in 20,000 seeds with up to 3 starts). The GPU check draws from CuPy's generator: the solution runs
with the stand-in's too."""
import numpy as np
import pytest

from dlgrade.reference import ex11_training as r
from dlgrade.solutions.ex11_training import train_xor

ONE_START_FAILS = (158, 728, 860)  # NumPy seeds whose first initialisation does not learn XOR


@pytest.mark.parametrize("seed", ONE_START_FAILS)
def test_one_start_fails_on_these_seeds_and_the_restarts_learn(seed):
    problem = r.verify_xor_training(None, [r.train_xor(np.random.default_rng(seed), attempts=1)])
    assert problem is not None and problem[1] == "train_xor.not_learned"
    assert r.verify_xor_training(None, [r.train_xor(np.random.default_rng(seed))]) is None
    assert r.verify_xor_training(None, [train_xor(np.random.default_rng(seed))]) is None


def test_the_solution_learns_from_cupy_draws(fake_cupy):
    for seed in range(3):
        got = train_xor(fake_cupy.random.default_rng(seed))
        assert all(isinstance(a, fake_cupy.ndarray) for a in got)
        assert r.verify_xor_training(None, [tuple(a.get() for a in got)]) is None
