"""Shared machinery of the logit losses: the ``normalize`` reduction."""
import pytest
import torch

from mmkd_teach.models.losses import DKDLoss, KDLoss
from mmkd_teach.models.losses.functional import kd_per_item
from mmkd_teach.models.task_views import LogitItems


def sigmoid_items():
    """6 anchors, 3 classes: 2 positives, 3 background, 1 invalid."""
    gen = torch.Generator().manual_seed(0)
    s = torch.randn(6, 3, generator=gen)
    t = torch.randn(6, 3, generator=gen) * 2
    labels = torch.tensor([0, 3, 3, 2, 3, -1])
    valid = torch.tensor([True, True, True, True, True, False])
    return LogitItems(s, t, labels, valid, 'sigmoid')


def test_positives_divides_the_sum_by_the_positive_count():
    items = sigmoid_items()
    per_item = kd_per_item(items.student, items.teacher, 1.0, 'sigmoid')
    got = KDLoss(temperature=1.0, normalize='positives')(items)
    expected = per_item[items.valid].sum() / 2  # anchors 0 and 3
    assert got.item() == pytest.approx(expected.item(), rel=1e-6)
    mean = KDLoss(temperature=1.0)(items)
    assert mean.item() == pytest.approx(expected.item() * 2 / 5, rel=1e-6)


def test_positives_without_a_positive_divides_by_one():
    items = sigmoid_items()
    items.labels[:5] = 3
    per_item = kd_per_item(items.student, items.teacher, 1.0, 'sigmoid')
    got = KDLoss(temperature=1.0, normalize='positives')(items)
    assert got.item() == pytest.approx(per_item[:5].sum().item(), rel=1e-6)


def test_positives_gradient_and_subclasses():
    items = sigmoid_items()
    items.student.requires_grad_(True)
    DKDLoss(warmup=None, normalize='positives')(items).backward()
    assert torch.isfinite(items.student.grad).all()
    assert (items.student.grad[5] == 0).all()  # the invalid anchor


def test_bad_normalize_and_softmax_items_are_refused():
    with pytest.raises(ValueError, match='normalize: must be one of'):
        KDLoss(normalize='anchors')
    softmax = LogitItems(
        torch.randn(4, 3), torch.randn(4, 3), torch.tensor([0, 1, 2, 0]),
        torch.ones(4, dtype=torch.bool))
    with pytest.raises(ValueError, match='sigmoid items'):
        KDLoss(normalize='positives')(softmax)
