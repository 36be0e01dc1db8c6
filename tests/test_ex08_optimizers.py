"""ex08: the reference trajectories equal the frameworks' optimizers (torch.optim) at equal
settings; an alternative formulation scores full marks."""
import numpy as np
import pytest

from dlgrade.reference import ex08_optimizers as r
from tests.helpers import fixture, grade_source

STEPS = 60


def torch_path(make_opt, w0, grads):
    torch = pytest.importorskip("torch")
    w = torch.tensor(w0.copy(), dtype=torch.float64, requires_grad=True)
    opt = make_opt([w])
    for g in grads:
        opt.zero_grad()
        w.grad = torch.tensor(g, dtype=torch.float64)
        opt.step()
    return w.detach().numpy()


def ours(name, w0, n_state, grads, **kw):
    out = r.trajectory(name, w0, [np.zeros_like(w0)] * n_state, grads, **kw)
    return out[0] if isinstance(out, tuple) else out


@pytest.mark.parametrize("setting", [0, 1])
def test_trajectories_equal_torch_optim(setting):
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(setting)
    w0 = rng.normal(size=5)
    grads = [rng.normal(size=5) for _ in range(STEPS)]
    lr, mu, eps = ((0.1, 0.9, 1e-8), (0.03, 0.5, 1e-3))[setting]
    o = torch.optim
    # torch's momentum buffer b = mu b + g, w -= lr b is ours with v = -lr b: the same path.
    pairs = [
        (ours("sgd_update", w0, 0, grads, lr=lr), lambda p: o.SGD(p, lr=lr)),
        (ours("momentum_update", w0, 1, grads, lr=lr, momentum=mu), lambda p: o.SGD(p, lr=lr, momentum=mu)),
        (ours("nesterov_update", w0, 1, grads, lr=lr, momentum=mu),
         lambda p: o.SGD(p, lr=lr, momentum=mu, nesterov=True)),
        (ours("adagrad_update", w0, 1, grads, lr=lr, eps=eps), lambda p: o.Adagrad(p, lr=lr, eps=eps)),
        (ours("rmsprop_update", w0, 1, grads, lr=lr, rho=mu, eps=eps),
         lambda p: o.RMSprop(p, lr=lr, alpha=mu, eps=eps)),
        (ours("adam_update", w0, 2, grads, lr=lr, beta1=mu, beta2=0.999, eps=eps),
         lambda p: o.Adam(p, lr=lr, betas=(mu, 0.999), eps=eps)),
    ]
    for mine, make in pairs:
        assert np.allclose(mine, torch_path(make, w0, grads), rtol=1e-10, atol=1e-12)


ALTERNATIVE = fixture("alternatives", "ex08_optimizers.py")


def test_alternative_formulation_scores_full(tmp_path):
    report = grade_source("ex08", ALTERNATIVE, tmp_path, hidden=True)
    assert [(c.id, c.message.render()) for c in report.checks if c.status != "passed"] == []
