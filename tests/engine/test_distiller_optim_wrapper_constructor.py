"""One optimiser per distiller submodule; none left without."""
import pytest
import torch
from mmengine.optim import OptimWrapperDict

from mmkd_teach.engine import DistillerOptimWrapperConstructor
from mmkd_teach.registry import MODELS
from tests.conftest import distiller_cfg

FIT = dict(
    fit=dict(
        type='FitNetLoss',
        student_taps='backbone.layer4',
        teacher_taps='backbone.layer4',
        student_channels=32,
        teacher_channels=128))


def build_model():
    return MODELS.build(distiller_cfg('cls', distill_losses=FIT))


def test_builds_one_wrapper_per_key():
    model = build_model()
    wrappers = DistillerOptimWrapperConstructor(
        dict(
            student=dict(optimizer=dict(type='SGD', lr=0.1)),
            distill_losses=dict(optimizer=dict(type='Adam', lr=1e-3))))(model)
    assert isinstance(wrappers, OptimWrapperDict)
    assert isinstance(wrappers['distill_losses'].optimizer, torch.optim.Adam)
    adapter = {id(p) for p in model.distill_losses.parameters()}
    student = {
        id(p)
        for g in wrappers['student'].optimizer.param_groups
        for p in g['params']
    }
    assert adapter and not adapter & student
    teacher = {id(p) for p in model.teacher.parameters()}
    assert not teacher & student


def test_orphan_parameters_are_an_error():
    with pytest.raises(ValueError, match='no optimiser'):
        DistillerOptimWrapperConstructor(
            dict(student=dict(optimizer=dict(type='SGD', lr=0.1))))(
                build_model())
    with pytest.raises(KeyError, match='optim_wrapper.adapters'):
        DistillerOptimWrapperConstructor(
            dict(adapters=dict(optimizer=dict(type='SGD', lr=0.1))))(
                build_model())
