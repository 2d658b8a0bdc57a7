"""SoKDLoss: which parameters get gradient from which term, build-time
errors, the search window and the optimiser dict on a toy distiller step,
and an exact resume of the policy's random state."""
import copy
from types import SimpleNamespace

import pytest
import torch
from mmengine.logging import MessageHub

from mmkd_teach.engine import DistillerOptimWrapperConstructor
from mmkd_teach.engine.hooks.random_state_hook import (
    collect_random_states, restore_random_states)
from mmkd_teach.models.losses import SoKDLoss
from mmkd_teach.registry import MODELS
from mmkd_teach.testing import BATCHES
from tests.conftest import distiller_cfg

TAPS = dict(student_taps=['a', 'b'], teacher_taps=['a', 'b'],
            student_channels=4, teacher_channels=8)


def level_feats(requires_grad=True):
    gen = torch.Generator().manual_seed(0)
    s = [torch.randn(2, 4, 12, 12, generator=gen),
         torch.randn(2, 4, 6, 6, generator=gen)]
    t = [torch.randn(2, 8, 12, 12, generator=gen),
         torch.randn(2, 8, 6, 6, generator=gen)]
    return [x.requires_grad_(requires_grad) for x in s], t


def grads(loss, term, s):
    """{group: whether any of its tensors got a non-zero gradient}."""
    groups = dict(
        augment=list(loss.augment.parameters()),
        adapters=list(loss.adapters.parameters()),
        dam=list(loss.dams.parameters()),
        student=s)
    flat = [p for ps in groups.values() for p in ps]
    out = torch.autograd.grad(term, flat, allow_unused=True,
                              retain_graph=True)
    result, i = {}, 0
    for name, ps in groups.items():
        got = out[i:i + len(ps)]
        result[name] = any(g is not None and bool(g.abs().sum() > 0)
                           for g in got)
        i += len(ps)
    return result


def test_gradient_routing():
    loss = SoKDLoss(**TAPS, augment=dict(seed=0))
    s, t = level_feats()
    out = loss(s, t)
    assert set(out) == {'loss_feat', 'loss_dam', 'loss_da', 'loss_aug'}
    # L_aug feeds the augmentation only
    assert grads(loss, out['loss_aug'], s) == dict(
        augment=True, adapters=False, dam=False, student=False)
    # the student side's terms feed everything but the augmentation
    assert grads(loss, out['loss_feat'], s) == dict(
        augment=False, adapters=True, dam=False, student=True)
    assert grads(loss, out['loss_dam'], s) == dict(
        augment=False, adapters=True, dam=True, student=True)
    assert grads(loss, out['loss_da'], s) == dict(
        augment=False, adapters=True, dam=False, student=True)


def test_dam_shared_when_teacher_channels_match():
    assert len(SoKDLoss(**TAPS).dams) == 1
    per_level = SoKDLoss(['a', 'b'], ['a', 'b'], 4, [8, 16])
    assert len(per_level.dams) == 2
    assert len(SoKDLoss(**TAPS, share_dam=False).dams) == 2


def test_dam_width_a_quarter_of_the_teacher_channels_at_most_64():
    widths = SoKDLoss(['a', 'b', 'c'], ['a', 'b', 'c'], 4,
                      [64, 256, 2048]).dams
    assert [dam.hidden_channels for dam in widths] == [16, 64, 64]
    assert SoKDLoss(['a'], ['a'], 4, 2).dams[0].hidden_channels == 1
    assert SoKDLoss(['a'], ['a'], 4, 64,
                    dam_channels=8).dams[0].hidden_channels == 8


@pytest.mark.parametrize('kwargs,key', [
    (dict(topk=0), 'SoKDLoss.topk'),
    (dict(augment=dict(operations=['Rotate', 'Posterize'])),
     'SoKDLoss.augment.operations'),
    (dict(teacher_taps=['a']), 'SoKDLoss.teacher_taps'),
    (dict(student_channels=[4]), 'SoKDLoss.student_channels'),
    (dict(search=dict(by='step', length=2)), 'SoKDLoss.search'),
    (dict(teacher_channels=[8, 16], share_dam=True), 'SoKDLoss.share_dam'),
    (dict(dam_channels=0), 'SoKDLoss.dam_channels'),
    (dict(dam_channels=True), 'SoKDLoss.dam_channels'),
    (dict(topk=True), 'SoKDLoss.topk'),
])
def test_bad_options_fail_at_build_naming_the_key(kwargs, key):
    with pytest.raises(ValueError) as err:
        SoKDLoss(**{**TAPS, **kwargs})
    assert key in str(err.value)


def test_channels_that_do_not_match_the_taps():
    loss = SoKDLoss(**{**TAPS, 'teacher_channels': 16})
    s, t = level_feats()
    with pytest.raises(ValueError, match="SoKDLoss.teacher_channels: tap 'a'"):
        loss(s, t)


SOKD = dict(
    sokd=dict(
        type='SoKDLoss',
        student_taps='backbone.layer4',
        teacher_taps='backbone.layer4',
        student_channels=32,
        teacher_channels=128,
        search=dict(by='iter', length=2),
        dam_channels=16,
        augment=dict(seed=0)))
OPTIM = dict(
    student=dict(optimizer=dict(type='SGD', lr=0.1, momentum=0.9)),
    distill_losses=dict(optimizer=dict(type='Adam', lr=1e-3)),
    sokd_augment=dict(
        module='distill_losses.sokd.augment',
        optimizer=dict(type='Adam', lr=3e-4, betas=(0.5, 0.999),
                       weight_decay=1e-3)))


@pytest.fixture(scope='module')
def built():
    """One toy distiller built per module (building is the slow part)."""
    torch.manual_seed(0)
    model = MODELS.build(distiller_cfg('cls', distill_losses=SOKD))
    initial = (copy.deepcopy(model.state_dict()),
               model.distill_losses.sokd.augment.get_random_state().clone())
    return model, initial


def fresh(built):
    """The built distiller put back in its initial state (weights, buffers,
    policy generator), with a new optimiser dict."""
    model, (state, random_state) = built
    model.load_state_dict(state)
    model.distill_losses.sokd.augment.set_random_state(random_state)
    model.train()
    return model, DistillerOptimWrapperConstructor(OPTIM)(model)


def data():
    inputs, samples = BATCHES['cls'](2, 16)  # small: fast steps
    return dict(inputs=list(inputs), data_samples=samples)


def steps(model, wrappers, iters):
    hub = MessageHub.get_current_instance()
    logs = []
    for i in iters:
        hub.update_info('iter', i)
        logs.append(model.train_step(data(), wrappers))
    return logs


def params(module):
    return [p.detach().clone() for p in module.parameters()]


def changed(before, module):
    return [not torch.equal(a, b) for a, b in zip(before, module.parameters())]


@pytest.fixture
def hub_iter():
    hub = MessageHub.get_current_instance()
    saved = hub.get_info('iter')
    yield
    hub.update_info('iter', saved if saved is not None else 0)


def test_optimiser_dict_search_window_and_policy_log(built, hub_iter):
    model, wrappers = fresh(built)
    augment = model.distill_losses.sokd.augment
    aug_ids = {id(p) for p in augment.parameters()}

    def ids(key):
        return {id(p) for g in wrappers[key].optimizer.param_groups
                for p in g['params']}

    assert ids('sokd_augment') == aug_ids
    assert not ids('distill_losses') & aug_ids and ids('distill_losses')
    assert isinstance(wrappers['sokd_augment'].optimizer, torch.optim.Adam)

    before = params(augment)
    student = params(model.student)
    logs = steps(model, wrappers, [0, 1])
    assert all(torch.isfinite(torch.tensor(v)) for log in logs
               for v in log.values())
    assert {'loss_sokd.loss_aug', 'loss_sokd.loss_da'} <= set(logs[0])
    assert any(changed(before, augment))  # searched
    assert any(changed(student, model.student))

    frozen = params(augment)
    student = params(model.student)
    steps(model, wrappers, [2, 9])  # past the search window
    assert not any(changed(frozen, augment))
    assert any(changed(student, model.student))
    assert all(p.grad is None for p in augment.parameters())

    # iteration 9 logged the policy (log_interval 10)
    scalars = MessageHub.get_current_instance().log_scalars
    assert 'train/sokd/probability/Rotate' in scalars
    assert 'train/sokd/magnitude/Cutout' in scalars
    assert 'train/sokd/weight/ShearX+ShearY' in scalars
    assert 'train/sokd/magnitude/ChannelShuffle' not in scalars


def test_resume_mid_search_equals_an_uninterrupted_run(built, hub_iter):
    fake = SimpleNamespace(train_loop=SimpleNamespace(
        dataloader=SimpleNamespace(sampler=None, worker_init_fn=None)))
    model, wrappers = fresh(built)
    steps(model, wrappers, [0])
    fake.model = model
    saved = dict(
        random=collect_random_states(fake),
        model=copy.deepcopy(model.state_dict()),
        optim=copy.deepcopy(wrappers.state_dict()))
    assert 'distill_losses.sokd.augment' in saved['random']['modules']
    straight = steps(model, wrappers, [1, 2])
    end = copy.deepcopy(model.state_dict())

    torch.manual_seed(123)  # a fresh process: other global states
    resumed, resumed_wrappers = fresh(built)
    resumed.load_state_dict(saved['model'])
    resumed_wrappers.load_state_dict(saved['optim'])
    fake.model = resumed
    restore_random_states(fake, saved['random'])
    again = steps(resumed, resumed_wrappers, [1, 2])
    assert again == straight
    for key, value in resumed.state_dict().items():
        assert torch.equal(value, end[key]), key
