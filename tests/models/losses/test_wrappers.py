"""The registered logit-loss modules: building, options, warm-up, guards."""
import pytest
import torch
from mmengine.logging import MessageHub

from mmkd_teach.models.losses import (DKDLoss, DTDLoss, GenerousTeacherLoss,
                                      KDLoss)
from mmkd_teach.models.losses.base_logit_loss import (BaseLogitLoss,
                                                      training_progress,
                                                      warmup_factor)
from mmkd_teach.models.losses.functional import kd_per_item
from mmkd_teach.models.task_views import LogitItems
from mmkd_teach.registry import MODELS

NO_WARMUP = dict(warmup=None)
LOSSES = {
    'KDLoss': dict(),
    'DKDLoss': NO_WARMUP,
    'DTDLoss': dict(temperature=dict(mode='cwsm', beta=2.0)),
    'GenerousTeacherLoss': dict(NO_WARMUP, sigmoid_items='all'),
}


@pytest.fixture
def hub():
    hub = MessageHub.get_current_instance()
    saved = dict(hub.runtime_info)
    yield hub
    hub._runtime_info.clear()
    hub._runtime_info.update(saved)


def batch(n=6, c=5, activation='softmax', seed=0, valid=None):
    torch.manual_seed(seed)
    s = torch.randn(n, c, requires_grad=True)
    t = torch.randn(n, c)
    top = c + 1 if activation == 'sigmoid' else c
    labels = torch.randint(0, top, (n, ))
    valid = torch.ones(n, dtype=torch.bool) if valid is None else valid
    return LogitItems(s, t, labels, valid, activation)


@pytest.mark.parametrize('name', sorted(LOSSES))
def test_build_by_registered_name(name):
    loss = MODELS.build(dict(type=name, loss_weight=2.0, **LOSSES[name]))
    assert type(loss).__name__ == name and loss.input_kind == 'logits'
    assert loss.loss_weight == 2.0


def test_requires_labels():
    assert not KDLoss.requires_labels and not DTDLoss.requires_labels
    assert DKDLoss.requires_labels and GenerousTeacherLoss.requires_labels
    assert not KDLoss().requires_labels
    assert KDLoss(adjust='ps').requires_labels
    assert DTDLoss(adjust=dict(type='lsr', epsilon=0.2)).requires_labels


def test_adjust_and_warmup_options():
    assert KDLoss(adjust='ps').adjust == dict(type='ps')
    assert KDLoss(adjust=dict(type='ps')).adjust == dict(type='ps')
    assert KDLoss(adjust='lsr').adjust == dict(type='lsr', epsilon=0.1)
    for bad in ('swap', dict(type='ps', epsilon=0.1),
                dict(type='lsr', epsilon=0.)):
        with pytest.raises(ValueError, match='KDLoss.*adjust'):
            KDLoss(adjust=bad)
    for bad in (dict(by='step', length=3), dict(by='epoch', length=0),
                dict(by='epoch')):
        with pytest.raises(ValueError, match='DKDLoss.*warmup'):
            DKDLoss(warmup=bad)
    with pytest.raises(ValueError, match='Tn'):
        GenerousTeacherLoss(Tn=0)
    with pytest.raises(ValueError, match='temperature'):
        KDLoss(temperature=0)


def test_warmup_factor_epoch_and_iter(hub):
    hub._runtime_info.pop('epoch', None)
    hub._runtime_info.pop('iter', None)
    assert training_progress('epoch') == 0 and training_progress('iter') == 0
    items = batch()
    full = KDLoss(temperature=2.0)(items).item()
    by_epoch = KDLoss(temperature=2.0, warmup=dict(by='epoch', length=4))
    by_iter = KDLoss(temperature=2.0, warmup=dict(by='iter', length=1000))
    # the first epoch / iteration (0 for the Runner) already has 1 / length
    assert by_epoch(items).item() == pytest.approx(0.25 * full, 1e-6)
    assert by_iter(items).item() == pytest.approx(0.001 * full, 1e-5)
    for epoch, factor in ((0, .25), (1, 0.5), (2, 0.75), (3, 1.), (9, 1.)):
        hub.update_info('epoch', epoch)
        assert warmup_factor(by_epoch.warmup) == factor
        assert by_epoch(items).item() == pytest.approx(factor * full, 1e-6)
    for it, factor in ((249, 0.25), (999, 1.), (5000, 1.)):
        hub.update_info('iter', it)
        assert by_iter(items).item() == pytest.approx(factor * full, 1e-6)
    # DKD and Generous Teacher warm up over 20 epochs by default
    hub.update_info('epoch', 4)
    assert warmup_factor(DKDLoss().warmup) == 0.25
    assert warmup_factor(GenerousTeacherLoss().warmup) == 0.25


def test_unsupported_activation_names_loss_and_activation():

    class SoftmaxOnly(BaseLogitLoss):
        supported_activations = ('softmax', )

        def per_item(self, items, student, teacher):
            return kd_per_item(student, teacher, 1.0)

    SoftmaxOnly()(batch())
    with pytest.raises(ValueError, match='SoftmaxOnly.*sigmoid'):
        SoftmaxOnly()(batch(activation='sigmoid'))


@pytest.mark.parametrize('activation', ['softmax', 'sigmoid'])
@pytest.mark.parametrize('name', sorted(LOSSES))
@pytest.mark.parametrize('adjust', [None, 'ps', 'lsr'])
def test_all_invalid_batch_gives_zero_and_zero_grad(name, activation, adjust):
    items = batch(activation=activation, valid=torch.zeros(6).bool())
    with torch.no_grad():
        items.student[0] = float('nan')  # never read: the item is invalid
    loss = MODELS.build(dict(type=name, adjust=adjust, **LOSSES[name]))(items)
    loss.backward()
    assert loss.item() == 0
    assert (items.student.grad == 0).all()


@pytest.mark.parametrize('activation', ['softmax', 'sigmoid'])
@pytest.mark.parametrize('name', sorted(LOSSES))
def test_constant_logits_are_finite(name, activation):
    items = batch(activation=activation)
    for s, t in ((torch.zeros(6, 5), torch.zeros(6, 5)),
                 (torch.full((6, 5), 3.), torch.randn(6, 5)),
                 (torch.randn(6, 5), torch.full((6, 5), -2.))):
        s.requires_grad_(True)
        part = LogitItems(s, t, items.labels, items.valid, activation)
        loss = MODELS.build(dict(type=name, adjust='ps', **LOSSES[name]))(part)
        loss.backward()
        assert torch.isfinite(loss) and torch.isfinite(s.grad).all()


@pytest.mark.parametrize('name', sorted(LOSSES))
def test_invalid_items_do_not_count_and_weight_multiplies(name):
    valid = torch.tensor([True, False, True, True, False, True])
    items = batch(activation='softmax', valid=valid)
    with torch.no_grad():
        items.student[1] = float('nan')
    loss = MODELS.build(dict(type=name, loss_weight=3.0, **LOSSES[name]))
    kept = loss(items)
    sub = items.select(valid)
    assert torch.isfinite(kept)
    assert kept.item() == pytest.approx(3 * loss(sub).item() / 3.0, 1e-6)
    kept.backward()
    assert torch.isfinite(items.student.grad).all()
    assert (items.student.grad[~valid] == 0).all()


@pytest.mark.parametrize('name', sorted(LOSSES))
def test_half_precision_logits(name):
    items = batch()
    half = LogitItems(items.student.detach().half(), items.teacher.half(),
                      items.labels, items.valid)
    loss = MODELS.build(dict(type=name, **LOSSES[name]))
    assert loss(half).dtype == torch.float32
    assert loss(half).item() == pytest.approx(
        loss(LogitItems(half.student.float(), half.teacher.float(),
                        items.labels, items.valid)).item(), rel=1e-5)


def test_sigmoid_items_of_each_loss():
    items = batch(activation='sigmoid', seed=3)
    kd = KDLoss(temperature=2.0)(items)
    assert kd.item() == pytest.approx(
        kd_per_item(items.student, items.teacher, 2.0,
                    'sigmoid').mean().item(), rel=1e-6)
    # sigmoid KD is not the softmax KD of the same logits
    assert kd.item() != pytest.approx(
        kd_per_item(items.student, items.teacher, 2.0).mean().item(),
        rel=1e-3)
    for name in ('DKDLoss', 'DTDLoss', 'GenerousTeacherLoss'):
        value = MODELS.build(dict(type=name, **LOSSES[name]))(items)
        assert torch.isfinite(value) and value.item() > 0
