"""Distillation through the real Runner on the small toy sets, every task:
losses finite and decreasing, teacher frozen and outside the optimiser and
the checkpoint, student-only export evaluates in the plain upstream model."""
import os.path as osp

import pytest
import torch
from mmengine.runner import Runner

from tests.conftest import REPO
from tests.tools.toy_runs import (RecordLossHook, save_random_teacher,
                                  toy_config)

PAIRS = {
    'cls': 'resnet18w16_to_resnet18w4_960i_toycls',
    'seg': 'pspnet-r18w32-d8_to_pspnet-r18w8-d8_1200i_toyseg',
    'one_stage': 'retinanet-r18w32_to_retinanet-r18w8_6e_toydet',
    'two_stage': 'faster-rcnn-r18w32_to_faster-rcnn-r18w8_6e_toydet',
}
KD_CONFIGS = {task: f'kd/kd_{pair}.py' for task, pair in PAIRS.items()}
# Preparing Lessons: Knowledge Adjustment then Dynamic Temperature.
KA_DTD_CONFIGS = {
    task: f'preparing_lessons/ka-dtd_{pair}.py'
    for task, pair in PAIRS.items()
}
SHORT = {
    'cls': dict(max_iters=45, val_interval=100),
    'seg': dict(max_iters=12, val_interval=100),
    'one_stage': dict(max_epochs=3, val_interval=100),
    'two_stage': dict(max_epochs=3, val_interval=100),
}


def train_briefly(rel_config, task, toy_data, tmp_path):
    """Train ``rel_config`` for a few iterations from a random teacher;
    return the runner, the recorded losses and the teacher checkpoint."""
    teacher_ckpt = save_random_teacher(
        osp.join(REPO, 'configs', rel_config), str(tmp_path / 'teacher.pth'))
    cfg = toy_config(rel_config, task, toy_data, str(tmp_path / 'run'),
                     teacher_ckpt, **SHORT[task])
    if task == 'seg':
        cfg.default_hooks.checkpoint.interval = 12
    if task in ('one_stage', 'two_stage'):
        # the detection schedule warms up over 200 iterations: a run of a
        # few iterations would not move at lr ~1e-5
        cfg.param_scheduler = []
    runner = Runner.from_cfg(cfg)
    RecordLossHook.history.clear()
    runner.train()
    return runner, list(RecordLossHook.history), teacher_ckpt


@pytest.mark.parametrize('configs', [KD_CONFIGS, KA_DTD_CONFIGS],
                         ids=['kd', 'ka-dtd'])
@pytest.mark.parametrize('task', list(PAIRS))
def test_distillation_trains(configs, task, toy_data, tmp_path):
    runner, history, teacher_ckpt = train_briefly(configs[task], task,
                                                  toy_data, tmp_path)
    model = runner.model
    teacher_params = {id(p) for p in model.teacher.parameters()}
    optimised = {
        id(p)
        for group in runner.optim_wrapper.optimizer.param_groups
        for p in group['params']
    }
    assert optimised and not teacher_params & optimised

    assert len(history) >= 6
    assert all(torch.isfinite(torch.tensor(list(h.values()))).all()
               for h in history)
    distill_keys = [f'loss_{name}' for name in model.distill_losses]
    assert all(h[k] >= 0 for h in history for k in distill_keys)
    assert any(h[k] > 0 for h in history for k in distill_keys)
    k = len(history) // 3
    first = sum(h['loss'] for h in history[:k]) / k
    last = sum(h['loss'] for h in history[-k:]) / k
    assert last < first, (first, last)

    saved = torch.load(teacher_ckpt, weights_only=False)['state_dict']
    for key, value in model.teacher.state_dict().items():
        assert torch.equal(value, saved[key]), key
    final = {'seg': 'iter_12.pth', 'cls': 'iter_45.pth'}.get(task,
                                                            'epoch_3.pth')
    ckpt = torch.load(str(tmp_path / 'run' / final), weights_only=False)
    assert not any(k.startswith('teacher') for k in ckpt['state_dict'])
    assert osp.isfile(str(tmp_path / 'run' / 'student_final.pth'))


def test_exported_student_evaluates_in_the_plain_model(toy_data, tmp_path):
    from mmkd_teach.engine import export_student
    rel = KD_CONFIGS['cls']
    teacher_ckpt = save_random_teacher(
        osp.join(REPO, 'configs', rel), str(tmp_path / 'teacher.pth'))
    cfg = toy_config(rel, 'cls', toy_data, str(tmp_path / 'kd'), teacher_ckpt,
                     max_epochs=1, val_interval=100)
    runner = Runner.from_cfg(cfg)
    runner.train()
    distilled = runner.test()

    exported = export_student(
        str(tmp_path / 'kd' / 'epoch_1.pth'), str(tmp_path / 'student.pth'))
    plain = toy_config('toy/resnet18w4_960i_toycls.py', 'cls', toy_data,
                       str(tmp_path / 'plain'))
    plain.load_from = exported
    plain_metrics = Runner.from_cfg(plain).test()
    assert plain_metrics['accuracy/top1'] == distilled['accuracy/top1']
    hook_export = torch.load(
        str(tmp_path / 'kd' / 'student_final.pth'), weights_only=False)
    tool_export = torch.load(exported, weights_only=False)
    assert hook_export['state_dict'].keys() == tool_export['state_dict'].keys()
