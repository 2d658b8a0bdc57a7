"""The teacher's forward in bfloat16 / float16 autocast and channels-last
(``teacher_precision``, ``teacher_channels_last``), on CPU: on every task
the losses and the student's gradients are finite, the items are those of
the float32 teacher within half precision, and the student is untouched."""
import pytest
import torch
from torch import nn

from mmkd_teach.models.distillers.teacher_precision import TeacherPrecision
from mmkd_teach.registry import MODELS
from tests.conftest import distiller_cfg, preprocess

TASKS = ['cls', 'seg', 'one_stage', 'two_stage']
# (student, teacher) channels of backbone.layer4 in the toy pairs
LAYER4 = dict(cls=(32, 128), seg=(64, 256), one_stage=(64, 256),
              two_stage=(64, 256))


@MODELS.register_module(force=True)
class KeepItemsKD(nn.Module):
    """Test double: KD of the items (upcast as the real losses do), and the
    items it received."""
    input_kind = 'logits'
    seen = []

    def forward(self, items):
        KeepItemsKD.seen.append(items)
        t = items.teacher.float().softmax(-1)
        return -(t * items.student.log_softmax(-1)).sum(-1).mean()


def losses_items_grads(model, data):
    KeepItemsKD.seen.clear()
    torch.manual_seed(0)  # the detectors' samplers draw
    model.zero_grad()
    losses = model(**data, mode='loss')
    total, _ = model.parse_losses(losses)
    total.backward()
    grads = [p.grad for p in model.student.parameters() if p.grad is not None]
    return losses, KeepItemsKD.seen[-1], grads


def close(a, b, rtol):
    return torch.allclose(a.float(), b.float(), rtol=rtol,
                          atol=rtol * b.float().abs().max().item())


# bf16 on every task; fp16 (slow on CPU) on two
CASES = [(task, 'bf16') for task in TASKS] + [('cls', 'fp16'),
                                             ('one_stage', 'fp16')]


@pytest.mark.parametrize('task,precision', CASES)
def test_half_teacher_matches_fp32(task, precision):
    torch.manual_seed(0)
    model = MODELS.build(distiller_cfg(task, distill_losses=dict(
        kd=dict(type='KeepItemsKD'),
        fit=dict(type='FitNetLoss', student_taps='backbone.layer4',
                 teacher_taps='backbone.layer4',
                 student_channels=LAYER4[task][0],
                 teacher_channels=LAYER4[task][1]))))
    model.train()
    data = preprocess(model, task)
    ref_losses, ref_items, _ = losses_items_grads(model, data)

    model._teacher_precision = TeacherPrecision(
        precision, channels_last=True).prepare(model.teacher)
    losses, items, grads = losses_items_grads(model, data)
    dtype = dict(bf16=torch.bfloat16, fp16=torch.float16)[precision]
    assert items.teacher.dtype == dtype  # the teacher did run in half
    assert items.student.dtype == torch.float32  # the student did not
    assert torch.equal(items.labels, ref_items.labels)
    assert torch.equal(items.valid, ref_items.valid)
    assert close(items.teacher, ref_items.teacher, 0.05)
    assert set(losses) == set(ref_losses)
    for name, value in losses.items():
        value = value if torch.is_tensor(value) else sum(value)
        ref = ref_losses[name]
        ref = ref if torch.is_tensor(ref) else sum(ref)
        assert torch.isfinite(value).all(), name
        if name.startswith('loss_kd') or name.startswith('loss_fit'):
            assert close(value, ref, 0.05), (name, value, ref)
        else:  # the student's own losses do not see the teacher
            assert torch.equal(value, ref), name
    assert grads and all(torch.isfinite(g).all() for g in grads)


def test_options_are_built_and_checked():
    model = MODELS.build(distiller_cfg(
        'cls', teacher_precision='bf16', teacher_channels_last=True))
    assert model._teacher_precision.dtype == torch.bfloat16
    conv = model.teacher.backbone.conv1.weight
    assert conv.is_contiguous(memory_format=torch.channels_last)
    assert not model.student.backbone.conv1.weight.is_contiguous(
        memory_format=torch.channels_last)
    with pytest.raises(ValueError, match='teacher_precision'):
        MODELS.build(distiller_cfg('cls', teacher_precision='half'))
    with pytest.raises(TypeError, match='teacher_channels_last'):
        MODELS.build(distiller_cfg('cls', teacher_channels_last='yes'))
