"""KD against hand-computed values."""
import math

import pytest
import torch

from mmkd_teach.models.losses import KDLoss
from mmkd_teach.models.losses.functional import kd_per_item
from mmkd_teach.models.task_views import LogitItems


def kl2(p, q):
    return sum(a * math.log(a / b) for a, b in zip(p, q))


def test_softmax_kd_two_classes_by_hand():
    # T = 2: teacher logits [2, 0] -> [1, 0]; student [0, 0] -> [0, 0].
    p = [math.exp(1) / (math.exp(1) + 1), 1 / (math.exp(1) + 1)]
    expected = 4 * kl2(p, [0.5, 0.5])
    got = kd_per_item(torch.tensor([[0., 0.]]), torch.tensor([[2., 0.]]), 2.0)
    assert got.item() == pytest.approx(expected, rel=1e-6)


def test_sigmoid_kd_is_summed_binary_kl():
    s, t = torch.tensor([[0., 1.]]), torch.tensor([[1., -1.]])
    sig = torch.sigmoid
    expected = 0.
    for a, b in ((1., 0.), (-1., 1.)):
        pa, pb = sig(torch.tensor(a)).item(), sig(torch.tensor(b)).item()
        expected += kl2([pa, 1 - pa], [pb, 1 - pb])
    got = kd_per_item(s, t, 1.0, 'sigmoid')
    assert got.item() == pytest.approx(expected, rel=1e-6)


def test_per_item_temperature():
    s, t = torch.randn(3, 5), torch.randn(3, 5)
    taus = torch.tensor([1., 2., 4.])
    got = kd_per_item(s, t, taus)
    for i in range(3):
        assert got[i] == pytest.approx(
            kd_per_item(s[i:i + 1], t[i:i + 1], taus[i].item()).item(),
            rel=1e-5)


def test_module_mean_over_valid_and_empty_batch():
    s, t = torch.randn(4, 3, requires_grad=True), torch.randn(4, 3)
    valid = torch.tensor([True, False, True, False])
    items = LogitItems(s, t, torch.zeros(4, dtype=torch.long), valid)
    loss = KDLoss(temperature=2.0, loss_weight=3.0)(items)
    per = kd_per_item(s, t, 2.0)
    assert loss.item() == pytest.approx(3 * (per[0] + per[2]).item() / 2,
                                        rel=1e-5)
    none = LogitItems(s, t, torch.zeros(4, dtype=torch.long),
                      torch.zeros(4, dtype=torch.bool))
    zero = KDLoss()(none)
    assert zero.item() == 0 and torch.isfinite(zero)
    zero.backward()
    assert torch.isfinite(s.grad).all()


def test_identical_logits_give_zero():
    z = torch.randn(5, 4)
    assert kd_per_item(z, z, 3.0).abs().max() < 1e-6
    assert kd_per_item(z, z, 3.0, 'sigmoid').abs().max() < 1e-6


def test_temperature_scaling_by_hand():
    # 2 classes, teacher [4, 0], student [0, 4]: at T the KL is that of
    # sigmoid(+-4/T) distributions, times T^2.
    s, t = torch.tensor([[0., 4.]]), torch.tensor([[4., 0.]])
    for T in (1.0, 2.0, 4.0):
        a = 1 / (1 + math.exp(-4 / T))
        expected = T**2 * kl2([a, 1 - a], [1 - a, a])
        assert kd_per_item(s, t, T).item() == pytest.approx(expected, 1e-5)
        # a 2-class softmax item equals one sigmoid column on the logit gap
        assert kd_per_item(s[:, :1] - s[:, 1:], t[:, :1] - t[:, 1:], T,
                           'sigmoid').item() == pytest.approx(expected, 1e-5)


def test_kd_gradient_is_finite_and_points_to_teacher():
    s = torch.zeros(1, 3, requires_grad=True)
    t = torch.tensor([[2., 0., 0.]])
    kd_per_item(s, t, 1.0).sum().backward()
    # d KL / d z_s = T * (q - p): negative where the teacher has more mass
    assert s.grad[0, 0] < 0 and (s.grad[0, 1:] > 0).all()
