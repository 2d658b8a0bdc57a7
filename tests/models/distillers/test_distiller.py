"""The distiller on every task: build, losses, teacher isolation, errors."""
import copy

import pytest
import torch
from torch import nn

from mmkd_teach.registry import MODELS
from mmkd_teach.models.task_views.items import LogitItems
from tests.conftest import distiller_cfg, model_file, preprocess

TASKS = ['cls', 'seg', 'one_stage', 'two_stage']


@MODELS.register_module(force=True)
class RecordItemsLoss(nn.Module):
    """Test double: keeps the items it receives, returns a squared error."""
    input_kind = 'logits'
    seen = []

    def forward(self, items):
        RecordItemsLoss.seen.append(items)
        return (items.student - items.teacher).pow(2).mean()


@MODELS.register_module(force=True)
class SoftmaxOnlyLoss(RecordItemsLoss):
    supported_activations = ('softmax', )


def build(pair, **kwargs):
    return MODELS.build(distiller_cfg(pair, **kwargs))


# (student, teacher) channels of backbone.layer4 in the toy pairs
LAYER4_CHANNELS = dict(cls=(32, 128), seg=(64, 256), one_stage=(64, 256),
                       two_stage=(64, 256))


@pytest.mark.parametrize('task', TASKS)
def test_losses_and_teacher_isolation(task):
    model = build(
        task,
        distill_losses=dict(
            probe=dict(type='RecordItemsLoss'),
            fit=dict(
                type='FitNetLoss',
                student_taps='backbone.layer4',
                teacher_taps='backbone.layer4',
                student_channels=LAYER4_CHANNELS[task][0],
                teacher_channels=LAYER4_CHANNELS[task][1])))
    model.train()
    assert not model.teacher.training
    assert all(not m.training for m in model.teacher.modules())
    teacher_ids = {id(p) for p in model.teacher.parameters()}
    assert not teacher_ids & {id(p) for p in model.parameters()}
    assert not any(k.startswith('teacher') for k in model.state_dict())
    before = copy.deepcopy(model.teacher.state_dict())

    data = preprocess(model, task)
    RecordItemsLoss.seen.clear()
    losses = model(**data, mode='loss')
    assert {'loss_probe', 'loss_fit'} <= set(losses)
    total, _ = model.parse_losses(losses)
    assert torch.isfinite(total)
    total.backward()
    assert all(p.grad is None for p in model.teacher.parameters())
    assert model.distill_losses.fit.adapters[0][0].weight.grad is not None
    for k, v in model.teacher.state_dict().items():
        assert torch.equal(v, before[k]), k

    items = RecordItemsLoss.seen[-1]
    assert isinstance(items, LogitItems)
    assert items.student.requires_grad and not items.teacher.requires_grad
    expected_activation = 'sigmoid' if task == 'one_stage' else 'softmax'
    assert items.activation == expected_activation


@pytest.mark.parametrize('task', TASKS)
def test_predict_is_the_students(task):
    model = build(task)
    model.eval()
    data = preprocess(model, task, training=False)
    with torch.no_grad():
        ours = model(**data, mode='predict')
        theirs = model.student(**data, mode='predict')
    assert len(ours) == len(theirs)


def test_feature_only_losses_stop_the_teacher_before_its_head():
    model = build(
        'one_stage',
        distill_losses=dict(
            fit=dict(
                type='FitNetLoss',
                student_taps='neck.fpn_convs.0',
                teacher_taps='neck.fpn_convs.0',
                student_channels=32,
                teacher_channels=64)))
    calls = []
    model.teacher.bbox_head.register_forward_hook(
        lambda *args: calls.append(1))
    model.train()
    model(**preprocess(model, 'one_stage'), mode='loss')
    assert calls == []


def test_teacher_moves_with_the_distiller():
    model = build('cls').double()
    assert next(model.teacher.parameters()).dtype == torch.float64


def test_teacher_checkpoint_is_loaded_and_checked(tmp_path):
    from mmengine.config import Config
    teacher = MODELS.build(
        Config.fromfile(model_file('toy_resnet18_w16_cls.py')).model)
    path = tmp_path / 'teacher.pth'
    torch.save({'state_dict': teacher.state_dict()}, path)
    model = build('cls', teacher_ckpt=str(path))
    for k, v in teacher.state_dict().items():
        assert torch.equal(model.teacher.state_dict()[k], v)

    student = MODELS.build(
        Config.fromfile(model_file('toy_resnet18_w4_cls.py')).model)
    wrong = tmp_path / 'student.pth'
    torch.save({'state_dict': student.state_dict()}, wrong)
    with pytest.raises(ValueError, match='model.teacher_ckpt.*does not fit'):
        build('cls', teacher_ckpt=str(wrong))


def test_student_ckpt_initialises_the_student(tmp_path):
    from mmengine.config import Config
    student = MODELS.build(
        Config.fromfile(model_file('toy_resnet18_w4_cls.py')).model)
    path = tmp_path / 'student.pth'
    torch.save({'state_dict': student.state_dict()}, path)
    model = build('cls', student_ckpt=str(path))
    model.init_weights()
    for k, v in student.state_dict().items():
        assert torch.equal(model.student.state_dict()[k], v)


def test_class_count_mismatch_names_the_keys():
    from mmengine.config import Config
    teacher = Config.fromfile(model_file('toy_resnet18_w16_cls.py')).model
    teacher.head.num_classes = 7
    cfg = distiller_cfg('cls')
    cfg['teacher'] = teacher
    with pytest.raises(ValueError, match='different number of classes'):
        MODELS.build(cfg)


def test_wrong_tap_suggests_near_names():
    with pytest.raises(KeyError, match=r"backbone\.layer4"):
        build(
            'cls',
            distill_losses=dict(
                fit=dict(
                    type='FitNetLoss',
                    student_taps='backbone.layr4',
                    teacher_taps='backbone.layer4',
                    student_channels=32,
                    teacher_channels=128)))


def test_loss_that_cannot_serve_the_view():
    with pytest.raises(ValueError, match='model.distill_losses.only_softmax'):
        build('one_stage',
              distill_losses=dict(only_softmax=dict(type='SoftmaxOnlyLoss')))
    build('two_stage',
          distill_losses=dict(only_softmax=dict(type='SoftmaxOnlyLoss')))


def test_unknown_task_and_missing_config():
    with pytest.raises(ValueError, match='model.task'):
        build('cls', task='detection')
    with pytest.raises(FileNotFoundError, match='model.teacher'):
        MODELS.build(dict(type='Distiller',
                          student=model_file('toy_resnet18_w4_cls.py'),
                          teacher='no/such/config.py'))
