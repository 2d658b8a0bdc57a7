"""Knowledge Adjustment: PS moves the max to the label and keeps every other
value; correct, unlabelled and invalid items are untouched; LSR targets."""
import math

import pytest
import torch

from mmkd_teach.models.losses import KDLoss
from mmkd_teach.models.losses.functional import (kd_per_item,
                                                 label_smoothing,
                                                 probability_shift)
from mmkd_teach.models.task_views import LogitItems


def ka(fn, t, labels, valid=None, activation='softmax', **kw):
    t = torch.tensor(t)
    labels = torch.tensor(labels)
    valid = torch.ones(len(labels), dtype=torch.bool) if valid is None \
        else torch.tensor(valid)
    items = LogitItems(t.clone(), t, labels, valid, activation)
    return fn(t, labels, valid, items.target_mask(), activation=activation,
              **kw)


def test_ps_swaps_label_and_argmax_keeping_the_rest():
    t = [[1., 5., 2., 3.],  # wrong: argmax 1, label 2 -> swap 1 <-> 2
         [1., 5., 2., 3.],  # wrong: label 0 (not second!) -> swap 0 <-> 1
         [4., 1., 0., 2.],  # right: unchanged
         [1., 5., 2., 3.],  # unlabelled: unchanged
         [1., 5., 2., 3.]]  # invalid: unchanged
    out = ka(probability_shift, t, [2, 0, 0, -1, 3],
             [True, True, True, True, False])
    assert out.tolist() == [[1., 2., 5., 3.], [5., 1., 2., 3.],
                            [4., 1., 0., 2.], [1., 5., 2., 3.],
                            [1., 5., 2., 3.]]
    # a top1 <-> top2 swap would have given [1, 3, 2, 5] for row 1
    assert out.argmax(1)[:3].tolist() == [2, 0, 0]


def test_ps_permutes_probabilities_at_every_temperature():
    torch.manual_seed(0)
    t = torch.randn(8, 6)
    labels = torch.randint(0, 6, (8, ))
    valid = torch.ones(8, dtype=torch.bool)
    items = LogitItems(t, t, labels, valid)
    out = probability_shift(t, labels, valid, items.target_mask())
    assert (out.argmax(1) == labels).all()
    for T in (1., 4.):
        p, q = (t / T).softmax(1), (out / T).softmax(1)
        assert torch.allclose(p.sort(1).values, q.sort(1).values)
        assert torch.allclose(q.max(1).values, p.max(1).values)


def test_ps_sigmoid_negates_wrong_elements():
    t = [[2., -1., 0.5],  # positive of class 1: cols 0, 1, 2 all wrong
         [2., -1., -3.],  # background (label 3): col 0 wrong
         [2., -1., 0.5],  # unlabelled: untouched
         [-2., 1., -3.]]  # positive of class 1, all right
    out = ka(probability_shift, t, [1, 3, -1, 1], activation='sigmoid')
    assert out.tolist() == [[-2., 1., -0.5], [-2., -1., -3.],
                            [2., -1., 0.5], [-2., 1., -3.]]
    invalid = ka(probability_shift, t, [1, 3, -1, 1],
                 [False, False, True, True], activation='sigmoid')
    assert invalid[:2].tolist() == t[:2]


def test_lsr_targets():
    eps, C = 0.1, 4
    out = ka(label_smoothing, [[1., 5., 2., 3.], [4., 1., 0., 2.],
                               [1., 5., 2., 3.]], [2, 0, -1], epsilon=eps)
    p = out[0].softmax(0)
    expected = [eps / (C - 1)] * C
    expected[2] = 1 - eps
    assert p.tolist() == pytest.approx(expected, rel=1e-6)
    assert out[1:].tolist() == [[4., 1., 0., 2.], [1., 5., 2., 3.]]
    # temperature T on the returned log-probabilities: p^(1/T) renormalised
    T = 4.
    powered = [v**(1 / T) for v in expected]
    assert (out[0] / T).softmax(0).tolist() == pytest.approx(
        [v / sum(powered) for v in powered], rel=1e-6)


def test_lsr_sigmoid():
    eps = 0.2
    out = ka(label_smoothing, [[2., -1., 0.5], [-2., 1., -3.]], [1, 3],
             activation='sigmoid', epsilon=eps)
    logit = math.log((1 - eps) / eps)
    assert out[0].tolist() == pytest.approx([-logit, logit, -logit])
    assert out[1].tolist() == pytest.approx([-2., -logit, -3.])
    assert out[0].sigmoid().tolist() == pytest.approx([eps, 1 - eps, eps])
    with pytest.raises(ValueError, match='epsilon'):
        ka(label_smoothing, [[1., 2.]], [0], epsilon=1.5)


def test_kd_with_adjust_uses_adjusted_teacher():
    torch.manual_seed(1)
    s, t = torch.randn(5, 4), torch.randn(5, 4)
    labels = torch.randint(0, 4, (5, ))
    valid = torch.ones(5, dtype=torch.bool)
    items = LogitItems(s, t, labels, valid)
    adjusted = probability_shift(t, labels, valid, items.target_mask())
    loss = KDLoss(temperature=2., adjust='ps')(items)
    assert loss.item() == pytest.approx(
        kd_per_item(s, adjusted, 2.).mean().item(), rel=1e-5)
    lsr = KDLoss(temperature=2., adjust=dict(type='lsr', epsilon=0.2))(items)
    smoothed = label_smoothing(t, labels, valid, items.target_mask(), 0.2)
    assert lsr.item() == pytest.approx(
        kd_per_item(s, smoothed, 2.).mean().item(), rel=1e-5)
    assert not torch.equal(adjusted, t)  # the seed gives wrong items


def items(teacher, labels, valid=None, activation='softmax'):
    teacher = torch.tensor(teacher)
    labels = torch.tensor(labels)
    valid = torch.ones_like(labels, dtype=torch.bool) if valid is None else \
        torch.tensor(valid)
    return LogitItems(torch.zeros_like(teacher), teacher, labels, valid,
                      activation)


def ps(it):
    return probability_shift(it.teacher, it.labels, it.valid,
                             it.target_mask(), it.activation)


def test_ps_swaps_label_and_argmax_only_when_wrong():
    it = items([[1., 5., 3., 2.],   # wrong: argmax 1, label 3
                [4., 1., 0., 2.],   # right: label 0
                [0., 1., 9., 2.]],  # wrong but unlabelled
               [3, 0, -1])
    out = ps(it)
    assert out[0].tolist() == [1., 2., 3., 5.]  # not a top1<->top2 swap
    assert out[0].argmax() == 3
    assert out[1].tolist() == [4., 1., 0., 2.]
    assert out[2].tolist() == [0., 1., 9., 2.]


def test_ps_keeps_probabilities_at_every_temperature():
    z = torch.randn(6, 7)
    labels = torch.randint(0, 7, (6, ))
    it = LogitItems(z, z, labels, torch.ones(6, dtype=torch.bool))
    out = ps(it)
    for T in (1., 4.):
        p, q = (z / T).softmax(1), (out / T).softmax(1)
        assert torch.allclose(p.sort(1).values, q.sort(1).values)
    assert (out.argmax(1) == labels).all()


def test_ps_invalid_items_untouched():
    it = items([[1., 5., 3.]], [0], valid=[False])
    assert ps(it).tolist() == [[1., 5., 3.]]


def test_ps_sigmoid_flips_wrong_columns():
    # label 1 (positive of class 1); background item label 3 (C = 3)
    it = items([[2., -1., -3.], [0.5, -2., 1.]], [1, 3],
               activation='sigmoid')
    out = ps(it)
    assert out[0].tolist() == [-2., 1., -3.]
    assert out[1].tolist() == [-0.5, -2., -1.]


def test_lsr_targets_three_classes():
    eps = 0.1
    it = items([[1., 5., 3.], [5., 1., 0.]], [2, 0])
    out = label_smoothing(it.teacher, it.labels, it.valid, it.target_mask(),
                          eps)
    assert torch.allclose(out[0].softmax(0),
                          torch.tensor([0.05, 0.05, 0.9]))
    assert out[1].tolist() == [5., 1., 0.]
    sig = items([[2., -1.]], [1], activation='sigmoid')
    out = label_smoothing(sig.teacher, sig.labels, sig.valid,
                          sig.target_mask(), eps, 'sigmoid')
    assert torch.allclose(out.sigmoid(), torch.tensor([[eps, 1 - eps]]))
    with pytest.raises(ValueError, match='epsilon'):
        label_smoothing(it.teacher, it.labels, it.valid, it.target_mask(), 0)


def test_ka_composes_with_kd():
    it = items([[1., 5., 3.]], [2])
    adjusted = KDLoss(temperature=1.0, adjust='ps')(it)
    teacher = torch.tensor([[1., 3., 5.]]).softmax(1)
    student = torch.zeros(1, 3).softmax(1)
    expected = (teacher * (teacher.log() - student.log())).sum()
    assert adjusted.item() == pytest.approx(expected.item(), rel=1e-5)
    with pytest.raises(ValueError, match='adjust'):
        KDLoss(adjust='swap')
