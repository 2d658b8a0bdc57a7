"""Generous Teacher non-target loss against independent per-item loops,
gradients included; warm-up; constant logits; sigmoid options."""
import pytest
import torch
from mmengine.logging import MessageHub

from mmkd_teach.models.losses import GenerousTeacherLoss
from mmkd_teach.models.losses.functional import generous_nckd_per_item
from mmkd_teach.models.task_views import LogitItems


def loop_gt(g, std, labels, tn, keep, detach_tau_g=False):
    """Per item: drop the target class, standardise with Tn * std (unbiased,
    over all classes), KL over the remaining classes, times tau_s^2."""
    total, count = 0., 0
    for x in range(g.shape[0]):
        if not keep[x]:
            continue
        y = int(labels[x])
        others = [c for c in range(g.shape[1]) if c != y]
        tau_s = tn * torch.std(std[x])
        tau_g = tn * torch.std(g[x])
        if detach_tau_g:
            tau_g = tau_g.detach()
        p = torch.softmax(std[x, others] / tau_s, 0)
        log_q = torch.log_softmax(g[x, others] / tau_g, 0)
        total = total + tau_s**2 * (p * (p.log() - log_q)).sum()
        count += 1
    return total / max(count, 1)


@pytest.mark.parametrize('tn', [0.5, 1.0, 2.0, 4.0])
def test_matches_loop_with_gradients(tn):
    torch.manual_seed(int(tn * 10))
    g = (torch.randn(7, 6, dtype=torch.float64) * 3).requires_grad_(True)
    std = torch.randn(7, 6, dtype=torch.float64) * 2 + 1
    labels = torch.randint(0, 6, (7, ))
    valid = torch.tensor([True, True, False, True, True, True, False])
    loss = GenerousTeacherLoss(Tn=tn, warmup=None)(
        LogitItems(g, std, labels, valid))
    (grad, ) = torch.autograd.grad(loss, g)
    g2 = g.detach().clone().requires_grad_(True)
    ref = loop_gt(g2, std, labels, tn, valid.tolist())
    (ref_grad, ) = torch.autograd.grad(ref, g2)
    assert loss.item() == pytest.approx(ref.item(), rel=1e-5)
    assert torch.allclose(grad.double(), ref_grad, rtol=1e-4, atol=1e-7)
    assert (grad[~valid] == 0).all()
    # tau_g carries gradient: detaching it in the loop changes the gradient
    g3 = g.detach().clone().requires_grad_(True)
    (detached, ) = torch.autograd.grad(
        loop_gt(g3, std, labels, tn, valid.tolist(), detach_tau_g=True), g3)
    assert not torch.allclose(grad.double(), detached, rtol=1e-3)


def test_scaled_by_the_standard_teachers_tau_squared():
    # one item, 3 classes, target 0: non-target logits of the standard
    # teacher (0, 2), of the generous teacher (0, 0).
    std = torch.tensor([[1., 0., 2.]])
    g = torch.tensor([[5., 0., 0.]])
    tau_s = 1.0  # std of [1, 0, 2] (unbiased) is 1
    for tn in (1.0, 2.0):
        p = torch.softmax(torch.tensor([0., 2.]) / (tn * tau_s), 0)
        kl = (p * (p / 0.5).log()).sum()
        got = generous_nckd_per_item(g, std, torch.tensor([[True, 0, 0]]),
                                     tn)
        assert got.item() == pytest.approx((tn * tau_s)**2 * kl.item(),
                                           rel=1e-5)


def test_constant_logits_are_finite():
    labels = torch.tensor([0, 1])
    for g, std in ((torch.zeros(2, 4), torch.zeros(2, 4)),
                   (torch.full((2, 4), 7e3), torch.randn(2, 4)),
                   (torch.randn(2, 4), torch.full((2, 4), -3e4))):
        g = g.clone().requires_grad_(True)
        loss = GenerousTeacherLoss(warmup=None)(
            LogitItems(g, std, labels, torch.ones(2, dtype=torch.bool)))
        loss.backward()
        assert torch.isfinite(loss) and torch.isfinite(g.grad).all()
    both = torch.zeros(2, 4, requires_grad=True)
    loss = GenerousTeacherLoss(warmup=None)(
        LogitItems(both, torch.zeros(2, 4), labels, torch.ones(2).bool()))
    assert loss.item() == 0


def test_sigmoid_positives_and_all():
    torch.manual_seed(2)
    g, std = torch.randn(5, 4), torch.randn(5, 4)
    labels = torch.tensor([0, 4, 2, 4, -1])  # 4 == C: background
    items = LogitItems(g, std, labels, torch.ones(5, dtype=torch.bool),
                       'sigmoid')
    pos = GenerousTeacherLoss(warmup=None)(items)
    assert pos.item() == pytest.approx(
        loop_gt(g, std, labels, 1.0, [1, 0, 1, 0, 0]).item(), rel=1e-5)
    every = GenerousTeacherLoss(warmup=None, sigmoid_items='all')(items)
    # background items: every class is non-target (label C drops nothing)
    assert every.item() == pytest.approx(
        loop_gt(g, std, labels, 1.0, [1, 1, 1, 1, 0]).item(), rel=1e-5)
    with pytest.raises(ValueError, match='sigmoid_items'):
        GenerousTeacherLoss(sigmoid_items='negatives')


def test_alpha_and_warmup():
    hub = MessageHub.get_current_instance()
    torch.manual_seed(3)
    items = LogitItems(
        torch.randn(4, 5), torch.randn(4, 5), torch.tensor([0, 1, 2, 3]),
        torch.ones(4, dtype=torch.bool))
    full = GenerousTeacherLoss(warmup=None)(items).item()
    loss = GenerousTeacherLoss(alpha=2.0)  # 20 epochs by default
    try:
        for epoch, factor in ((0, 0.05), (9, 0.5), (19, 1.), (45, 1.)):
            hub.update_info('epoch', epoch)
            assert loss(items).item() == pytest.approx(
                2 * factor * full, rel=1e-5, abs=1e-12)
    finally:
        hub.update_info('epoch', 0)


def test_fewer_than_two_classes_and_empty_batches_give_zero():
    g = torch.randn(3, 1, requires_grad=True)
    loss = GenerousTeacherLoss(warmup=None)(
        LogitItems(g, torch.randn(3, 1), torch.zeros(3).long(),
                   torch.ones(3).bool()))
    loss.backward()
    assert loss.item() == 0 and torch.isfinite(g.grad).all()
    g = torch.randn(3, 4, requires_grad=True)
    loss = GenerousTeacherLoss(warmup=None)(
        LogitItems(g, torch.randn(3, 4), torch.tensor([-1, -1, 2]),
                   torch.tensor([True, True, False])))
    loss.backward()
    assert loss.item() == 0 and (g.grad == 0).all()


def reference(g, s, labels, tn):
    """Per item, with plain python over the non-target classes."""
    total = 0.
    for i in range(g.shape[0]):
        y = int(labels[i])
        tau_s = tn * s[i].std()
        tau_g = tn * g[i].std()
        keep = [c for c in range(g.shape[1]) if c != y]
        p = (s[i, keep] / tau_s).softmax(0)
        logq = (g[i, keep] / tau_g).log_softmax(0)
        total = total + tau_s.detach()**2 * (p * (p.log() - logq)).sum()
    return total / g.shape[0]


@pytest.mark.parametrize('tn', [0.5, 1.0, 2.0])
def test_matches_reference_with_gradients(tn):
    torch.manual_seed(0)
    g = torch.randn(10, 6, requires_grad=True)
    s = torch.randn(10, 6) * 3
    labels = torch.randint(0, 6, (10, ))
    items = LogitItems(g, s, labels, torch.ones(10, dtype=torch.bool))
    ours = GenerousTeacherLoss(Tn=tn, warmup=None)(items)
    (grad_ours, ) = torch.autograd.grad(ours, g)
    g2 = g.detach().clone().requires_grad_(True)
    ref = reference(g2, s, labels, tn)
    (grad_ref, ) = torch.autograd.grad(ref, g2)
    assert ours.item() == pytest.approx(ref.item(), rel=1e-4)
    assert torch.allclose(grad_ours, grad_ref, atol=1e-5)


def test_loss_is_invariant_to_scaling_the_trained_logits():
    g = torch.randn(4, 5, requires_grad=True)
    s = torch.randn(4, 5)
    labels = torch.tensor([0, 1, 2, 3])
    # Shifting all logits of an item changes nothing; scaling them does,
    # only through tau_g: the loss is scale-invariant in g.
    items = LogitItems(g, s, labels, torch.ones(4, dtype=torch.bool))
    loss = GenerousTeacherLoss(warmup=None)(items)
    scaled = LogitItems(g * 3, s, labels, torch.ones(4, dtype=torch.bool))
    assert GenerousTeacherLoss(warmup=None)(scaled).item() == pytest.approx(
        loss.item(), rel=1e-5)


def test_warmup_by_epoch_and_iter():
    hub = MessageHub.get_current_instance()
    g, s = torch.randn(3, 4), torch.randn(3, 4)
    items = LogitItems(g, s, torch.tensor([0, 1, 2]),
                       torch.ones(3, dtype=torch.bool))
    full = GenerousTeacherLoss(warmup=None)(items).item()
    loss = GenerousTeacherLoss()
    # epochs count from 0 in the Runner: the first has weight 1/20, as in
    # the reference code's first epoch (counted from 1)
    for epoch, factor in ((0, 0.05), (9, 0.5), (19, 1.), (40, 1.)):
        hub.update_info('epoch', epoch)
        assert loss(items).item() == pytest.approx(factor * full, rel=1e-5)
    hub.update_info('iter', 3999)
    by_iter = GenerousTeacherLoss(warmup=dict(by='iter', length=8000))
    assert by_iter(items).item() == pytest.approx(0.5 * full, rel=1e-5)
    hub.update_info('epoch', 0)
    hub.update_info('iter', 0)


def test_constant_logits_and_all_ignored_are_finite():
    g = torch.ones(3, 4, requires_grad=True)
    s = torch.ones(3, 4)
    items = LogitItems(g, s, torch.tensor([0, 1, 2]),
                       torch.ones(3, dtype=torch.bool))
    loss = GenerousTeacherLoss(warmup=None)(items)
    loss.backward()
    assert torch.isfinite(loss) and torch.isfinite(g.grad).all()
    g.grad = None
    ignored = LogitItems(g * 2, torch.randn(3, 4), torch.full((3, ), -1),
                         torch.zeros(3, dtype=torch.bool))
    loss = GenerousTeacherLoss(warmup=None)(ignored)
    loss.backward()
    assert loss.item() == 0 and torch.isfinite(g.grad).all()


def test_sigmoid_items_option():
    torch.manual_seed(1)
    g, s = torch.randn(4, 3), torch.randn(4, 3)
    labels = torch.tensor([0, 3, 3, 2])  # 3 = background
    items = LogitItems(g, s, labels, torch.ones(4, dtype=torch.bool),
                       'sigmoid')
    pos = GenerousTeacherLoss(warmup=None)(items)
    pos_only = GenerousTeacherLoss(warmup=None)(items.select(labels < 3))
    assert pos.item() == pytest.approx(pos_only.item(), rel=1e-6)
    every = GenerousTeacherLoss(warmup=None, sigmoid_items='all')(items)
    assert every.item() != pytest.approx(pos.item())
    with pytest.raises(ValueError, match='sigmoid_items'):
        GenerousTeacherLoss(sigmoid_items='negatives')
