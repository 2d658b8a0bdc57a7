"""DKD: target/non-target split and temperature, by hand."""
import math

import pytest
import torch
from mmengine.logging import MessageHub

from mmkd_teach.models.losses import DKDLoss
from mmkd_teach.models.losses.functional import (dkd_per_item, nckd_per_item,
                                                 tckd_per_item)
from mmkd_teach.models.task_views import LogitItems


def softmax(z):
    e = [math.exp(v) for v in z]
    return [v / sum(e) for v in e]


def kl(p, q):
    return sum(a * math.log(a / b) for a, b in zip(p, q) if a > 0)


def test_split_by_hand():
    t, s, y, T = [3., 1., 0.], [1., 2., 0.], 0, 2.0
    pt, ps = softmax([v / T for v in t]), softmax([v / T for v in s])
    tckd = T**2 * kl([pt[0], 1 - pt[0]], [ps[0], 1 - ps[0]])
    nckd = T**2 * kl(softmax([t[1] / T, t[2] / T]),
                     softmax([s[1] / T, s[2] / T]))
    st, tt = torch.tensor([s]), torch.tensor([t])
    target = torch.tensor([[True, False, False]])
    assert tckd_per_item(st, tt, target, T, 'softmax').item() == \
        pytest.approx(tckd, rel=1e-5)
    assert nckd_per_item(st, tt, target, T).item() == pytest.approx(
        nckd, rel=1e-5)
    both = dkd_per_item(st, tt, torch.tensor([y]), target, 1.0, 8.0, T)
    assert both.item() == pytest.approx(tckd + 8 * nckd, rel=1e-5)


def test_sigmoid_background_item_has_all_classes_non_target():
    s, t = torch.tensor([[0.5, -1., 2.]]), torch.tensor([[1., 0., -2.]])
    target = torch.zeros(1, 3, dtype=torch.bool)
    nckd = nckd_per_item(s, t, target, 1.0)
    ps, pt = softmax(s[0].tolist()), softmax(t[0].tolist())
    assert nckd.item() == pytest.approx(kl(pt, ps), rel=1e-5)


def test_unlabelled_items_contribute_nothing():
    s, t = torch.randn(2, 4), torch.randn(2, 4)
    labels = torch.tensor([-1, 2])
    items = LogitItems(s, t, labels, torch.ones(2, dtype=torch.bool))
    per = dkd_per_item(s, t, labels, items.target_mask(), 1., 8., 4.)
    assert per[0] == 0 and per[1] > 0


def test_warmup():
    hub = MessageHub.get_current_instance()
    s, t = torch.randn(3, 4), torch.randn(3, 4)
    items = LogitItems(s, t, torch.tensor([0, 1, 2]),
                       torch.ones(3, dtype=torch.bool))
    loss = DKDLoss(warmup=dict(by='epoch', length=20))
    full = DKDLoss(warmup=None)(items)
    # the Runner's epoch 0 is the reference code's epoch 1: weight 1/20
    for epoch, factor in ((0, 0.05), (4, 0.25), (19, 1.), (30, 1.)):
        hub.update_info('epoch', epoch)
        assert loss(items).item() == pytest.approx(factor * full.item(),
                                                   rel=1e-5)
    iters = DKDLoss(warmup=dict(by='iter', length=100))
    hub.update_info('iter', 49)
    assert iters(items).item() == pytest.approx(0.5 * full.item(), rel=1e-5)
    hub.update_info('epoch', 0)
    hub.update_info('iter', 0)
    with pytest.raises(ValueError, match='warmup'):
        DKDLoss(warmup=dict(by='step', length=3))


def test_temperature_scaling_by_hand():
    # 2 non-target classes with logit gap 2 (teacher) and -2 (student).
    s, t = torch.tensor([[0., 1., -1.]]), torch.tensor([[0., -1., 1.]])
    target = torch.tensor([[True, False, False]])
    for T in (1.0, 4.0):
        a = 1 / (1 + math.exp(-2 / T))
        expected = T**2 * kl([1 - a, a], [a, 1 - a])
        assert nckd_per_item(s, t, target, T).item() == pytest.approx(
            expected, rel=1e-5)
        # the target logit is the same and non-target sums equal by symmetry
        assert tckd_per_item(s, t, target, T).item() == pytest.approx(
            0., abs=1e-6)


def test_kd_decomposes_into_tckd_and_weighted_nckd():
    # Zhao et al. eq. (1): KD = TCKD + (1 - p_t,y) * NCKD (same T).
    torch.manual_seed(0)
    s, t = torch.randn(6, 5).double() * 3, torch.randn(6, 5).double() * 3
    labels = torch.tensor([0, 1, 2, 3, 4, 0])
    target = torch.nn.functional.one_hot(labels, 5).bool()
    from mmkd_teach.models.losses.functional import kd_per_item
    for T in (1.0, 3.0):
        p_y = (t / T).softmax(1)[target]
        kd = kd_per_item(s, t, T)
        rhs = tckd_per_item(s, t, target, T) + (1 - p_y) * nckd_per_item(
            s, t, target, T)
        assert torch.allclose(kd, rhs, rtol=1e-7, atol=1e-9)


def test_tckd_confident_teacher_is_exact():
    # 1 - p_y = 2 exp(-30) / (1 + 2 exp(-30)): far below a 1e-8 clamp.
    t, s = torch.tensor([[30., 0., 0.]]), torch.tensor([[0., 0., 0.]])
    target = torch.tensor([[True, False, False]])
    r = 2 * math.exp(-30) / (1 + 2 * math.exp(-30))
    expected = kl([1 - r, r], [1 / 3, 2 / 3])
    assert tckd_per_item(s.double(), t.double(), target, 1.0).item() == \
        pytest.approx(expected, rel=1e-9)


def test_sigmoid_tckd_is_summed_binary_kl_of_every_column():
    sig = lambda v: 1 / (1 + math.exp(-v))  # noqa: E731
    s, t, T = [0.5, -1., 2.], [1., 0., -2.], 2.0
    expected = T**2 * sum(
        kl([sig(a / T), 1 - sig(a / T)], [sig(b / T), 1 - sig(b / T)])
        for a, b in zip(t, s))
    for target in ([[False, True, False]], [[False, False, False]]):
        got = tckd_per_item(torch.tensor([s]), torch.tensor([t]),
                            torch.tensor(target), T, 'sigmoid')
        assert got.item() == pytest.approx(expected, rel=1e-5)
    # positive of class 1: NCKD over classes {0, 2} only
    nckd = nckd_per_item(torch.tensor([s]), torch.tensor([t]),
                         torch.tensor([[False, True, False]]), T)
    expected_n = T**2 * kl(softmax([t[0] / T, t[2] / T]),
                           softmax([s[0] / T, s[2] / T]))
    assert nckd.item() == pytest.approx(expected_n, rel=1e-5)


def test_module_sigmoid_background_and_positive_items():
    s, t = torch.randn(3, 4), torch.randn(3, 4)
    labels = torch.tensor([4, 1, -1])  # background, positive, unlabelled
    items = LogitItems(s, t, labels, torch.ones(3, dtype=torch.bool),
                       'sigmoid')
    loss = DKDLoss(warmup=None, alpha=1., beta=8., temperature=4.)(items)
    target = items.target_mask()
    expected = (dkd_per_item(s, t, labels, target, 1., 8., 4., 'sigmoid')[:2]
                .sum() / 3)
    assert loss.item() == pytest.approx(expected.item(), rel=1e-5)
    assert target[0].sum() == 0 and target[1, 1]
