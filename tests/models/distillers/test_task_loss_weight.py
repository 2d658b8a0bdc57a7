"""student_loss_weight: a number for every task loss, a dict for some."""
import pytest
import torch

from mmkd_teach.models.distillers.task_loss_weight import (
    check_task_loss_weight, weight_task_losses)
from mmkd_teach.registry import MODELS
from mmkd_teach.testing import BATCHES, distiller_cfg


def losses():
    return dict(loss_cls=[torch.tensor(1.0), torch.tensor(2.0)],
                loss_bbox=torch.tensor(3.0), acc=torch.tensor(50.0))


def test_number_scales_every_loss_and_not_the_rest():
    out = weight_task_losses(losses(), check_task_loss_weight(0.5))
    assert [v.item() for v in out['loss_cls']] == [0.5, 1.0]
    assert out['loss_bbox'].item() == 1.5 and out['acc'].item() == 50.0
    same = losses()
    assert weight_task_losses(same, 1.0) is same


def test_dict_scales_the_named_losses_only():
    out = weight_task_losses(losses(), check_task_loss_weight(
        dict(loss_cls=0.25)))
    assert [v.item() for v in out['loss_cls']] == [0.25, 0.5]
    assert out['loss_bbox'].item() == 3.0


@pytest.mark.parametrize('bad, error', [
    (-1.0, ValueError), ('a', TypeError), (True, TypeError),
    (dict(loss_cls='x'), TypeError), (dict(loss_cls=-2), ValueError),
    ([0.5], TypeError), (float('nan'), ValueError)])
def test_bad_weights_are_refused(bad, error):
    with pytest.raises(error, match='model.student_loss_weight'):
        check_task_loss_weight(bad)


def test_unknown_name_is_named_with_the_real_ones():
    with pytest.raises(ValueError, match=r"loss_foo.*loss_bbox"):
        weight_task_losses(losses(), dict(loss_foo=0.5))


def test_distiller_applies_it_to_a_one_stage_student():
    torch.manual_seed(0)
    kw = dict(distill_losses=dict(kd=dict(type='KDLoss')))
    full = MODELS.build(distiller_cfg('one_stage', **kw))
    torch.manual_seed(0)
    part = MODELS.build(distiller_cfg(
        'one_stage', student_loss_weight=dict(loss_cls=0.0), **kw))
    inputs, samples = BATCHES['one_stage'](2)
    values = []
    for model in (full, part):
        data = model.data_preprocessor(
            dict(inputs=list(inputs), data_samples=samples), True)
        values.append(model.loss(data['inputs'], data['data_samples']))
    assert sum(values[0]['loss_cls']).item() > 0
    assert sum(values[1]['loss_cls']).item() == 0
    for name in ('loss_bbox', 'loss_kd'):
        assert torch.allclose(sum(values[0][name]) if isinstance(
            values[0][name], list) else values[0][name],
            sum(values[1][name]) if isinstance(values[1][name], list)
            else values[1][name])
