"""TST in a distiller: the search step changes only the policy, through the
teacher's and the student's forward; the distillation step trains the
student on [A(x); x] and changes no policy parameter; the state resumes."""
import copy

import pytest
import torch

from mmkd_teach.engine.optimizers import DistillerOptimWrapperConstructor
from mmkd_teach.models.tst.geometry import to_theta, warp_boxes
from mmkd_teach.registry import MODELS
from mmkd_teach.testing import BATCHES
from tests.conftest import distiller_cfg


def build(task='cls', **options):
    torch.manual_seed(0)
    model = MODELS.build(
        distiller_cfg(
            task,
            distill_losses=dict(kd=dict(type='KDLoss', temperature=4.0)),
            tst=dict(type='TST'), **options))
    model.train()
    wrappers = DistillerOptimWrapperConstructor(
        dict(
            student=dict(optimizer=dict(type='SGD', lr=0.1, momentum=0.9)),
            tst=dict(optimizer=dict(type='SGD', lr=0.01, momentum=0.9))))(
                model)
    return model, wrappers


def batch(task='cls'):
    inputs, samples = BATCHES[task]()
    return dict(inputs=list(inputs), data_samples=samples)


def changed(before, model):
    after = model.state_dict()
    return {
        k for k in before
        if not torch.equal(before[k].nan_to_num(), after[k].nan_to_num())
    }


def snapshot(model):
    return {k: v.clone() for k, v in model.state_dict().items()}


def test_search_step_changes_only_the_policy():
    model, wrappers = build()
    model.tst.phase = 'search'
    before = snapshot(model)
    log = model.train_step(batch(), wrappers)
    assert torch.isfinite(log['loss_tst_search'])
    assert changed(before, model) == {
        'tst.policy.prob_logits', 'tst.policy.magnitude_logits',
        'tst.alrs_sum', 'tst.alrs_count'
    }  # no student weight, no BatchNorm statistic
    assert model.student.training  # eval only during the step
    assert all(p.grad is None for p in model.student.parameters())


def test_search_gradient_flows_through_teacher_and_student():
    model, _ = build()
    data = model.data_preprocessor(batch(), True)
    for part in ('teacher', 'student'):
        torch.manual_seed(1)
        with model.tst.learning() as params:
            parts = model.tst.search_loss(model, data['inputs'],
                                          data['data_samples'])
            grads = torch.autograd.grad(parts[part], params)
        assert grads[0].abs().sum() > 0, part
        assert grads[1].abs().sum() > 0, part
    # frozen again: a distillation backward cannot reach the policy
    assert not any(p.requires_grad for p in model.tst.parameters())


def test_search_teacher_forward_follows_teacher_precision():
    """The search's teacher runs through the distiller's own loss path:
    in ``teacher_precision`` (bf16 here), its gradient still reaching the
    policy."""
    model, _ = build(teacher_precision='bf16')
    dtypes = []
    hook = model.teacher.head.fc.register_forward_hook(
        lambda module, args, out: dtypes.append(out.dtype))
    data = model.data_preprocessor(batch(), True)
    with model.tst.learning() as params:
        parts = model.tst.search_loss(model, data['inputs'],
                                      data['data_samples'])
        grads = torch.autograd.grad(parts['teacher'], params)
    hook.remove()
    assert dtypes == [torch.bfloat16]
    assert grads[0].abs().sum() > 0


def test_distill_step_doubles_the_batch_and_leaves_the_policy():
    model, wrappers = build()
    seen = []
    hook = model.student.backbone.register_forward_pre_hook(
        lambda m, args: seen.append(args[0].shape[0]))
    before = snapshot(model)
    model.train_step(batch(), wrappers)
    hook.remove()
    assert seen == [8]  # [A(x); x] of 4 images
    diff = changed(before, model)
    assert not {k for k in diff if k.startswith('tst.')}
    assert any(k.startswith('student.') for k in diff)


def test_dense_samples_follow_the_batch_warp():
    model, _ = build('one_stage')
    data = model.data_preprocessor(batch('one_stage'), True)
    gen = torch.Generator().manual_seed(0)
    for _ in range(5):
        out, samples, matrix = model.tst.augment(model, data['inputs'],
                                                 data['data_samples'], gen)
        assert out.shape == data['inputs'].shape
        h, w = data['inputs'].shape[-2:]
        theta = to_theta(matrix, h, w)
        for i, (old, new) in enumerate(zip(data['data_samples'], samples)):
            boxes, keep = warp_boxes(old.gt_instances.bboxes, theta[i], h, w)
            assert torch.equal(new.gt_instances.bboxes, boxes)
            assert torch.equal(new.gt_instances.labels,
                               old.gt_instances.labels[keep])
    doubled, samples = model.tst.distill_inputs(model, data['inputs'],
                                                data['data_samples'])
    assert doubled.shape[0] == 2 * data['inputs'].shape[0] == len(samples)
    assert samples[2] is data['data_samples'][0]


def test_search_state_resumes_exactly():
    """Policy, its optimiser (momentum, lr), phase and ALRS state go through
    the model's and the optimiser's state dicts."""
    model, wrappers = build()
    model.tst.phase = 'search'
    data = batch()
    torch.manual_seed(2)
    model.train_step(data, wrappers)
    model.tst.end_search_period(wrappers)  # an ALRS period closes
    state = copy.deepcopy(model.state_dict())
    optim = copy.deepcopy(wrappers.state_dict())
    rng = torch.get_rng_state()
    for _ in range(2):
        model.train_step(data, wrappers)
    straight = snapshot(model)

    resumed, resumed_wrappers = build()
    resumed.load_state_dict(state)
    resumed_wrappers.load_state_dict(optim)
    assert resumed.tst.phase == 'search'
    torch.set_rng_state(rng)
    for _ in range(2):
        resumed.train_step(data, resumed_wrappers)
    assert not changed(straight, resumed)


def test_alrs_decays_the_policy_lr():
    model, wrappers = build()
    lr = lambda: wrappers['tst'].optimizer.param_groups[0]['lr']  # noqa
    model.tst.alrs_sum.fill_(3.0)
    model.tst.alrs_count.fill_(1)
    assert model.tst.end_search_period(wrappers) == (3.0, 1.0)
    model.tst.alrs_sum.fill_(2.99)  # improved by < 0.02 and < 2 %
    model.tst.alrs_count.fill_(1)
    assert model.tst.end_search_period(wrappers)[1] == 0.9
    assert lr() == pytest.approx(0.009)
    model.tst.alrs_sum.fill_(2.5)
    model.tst.alrs_count.fill_(1)
    assert model.tst.end_search_period(wrappers)[1] == 1.0
    assert model.tst.end_search_period(wrappers) is None


def test_search_without_a_policy_optimiser_is_a_clear_error():
    model, wrappers = build()
    model.tst.phase = 'search'
    with pytest.raises(ValueError, match='tst=dict'):
        model.train_step(batch(), wrappers['student'])
