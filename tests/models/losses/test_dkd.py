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
    for epoch, factor in ((0, 0.), (5, 0.25), (20, 1.), (30, 1.)):
        hub.update_info('epoch', epoch)
        assert loss(items).item() == pytest.approx(factor * full.item(),
                                                   rel=1e-5)
    iters = DKDLoss(warmup=dict(by='iter', length=100))
    hub.update_info('iter', 50)
    assert iters(items).item() == pytest.approx(0.5 * full.item(), rel=1e-5)
    hub.update_info('epoch', 0)
    hub.update_info('iter', 0)
    with pytest.raises(ValueError, match='warmup'):
        DKDLoss(warmup=dict(by='step', length=3))
