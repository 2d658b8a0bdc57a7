"""TST through the real Runner: each task kind runs a distillation, a search
and a distillation phase; a run resumed in the middle of a search phase
equals an uninterrupted one."""
import json
import os.path as osp

import pytest
import torch
from mmengine.runner import Runner

from mmkd_teach.engine.hooks import TSTPhaseHook
from tests.conftest import REPO
from tests.tools.toy_runs import (RecordLossHook, save_random_teacher,
                                  toy_config)

PAIRS = {
    'cls': 'resnet18w16_to_resnet18w4_960i_toycls',
    'seg': 'pspnet-r18w32-d8_to_pspnet-r18w8-d8_1200i_toyseg',
    'one_stage': 'retinanet-r18w32_to_retinanet-r18w8_6e_toydet',
    'two_stage': 'faster-rcnn-r18w32_to_faster-rcnn-r18w8_6e_toydet',
}


def tst_config(task, toy_data, tmp_path, work_dir, phases, batch=2,
               **train_cfg):
    rel = f'tst/kd-tst_{PAIRS[task]}.py'
    teacher = str(tmp_path / 'teacher.pth')
    if not osp.exists(teacher):
        save_random_teacher(osp.join(REPO, 'configs', rel), teacher)
    cfg = toy_config(rel, task, toy_data, work_dir, teacher, batch=batch,
                     val_interval=100, **train_cfg)
    cfg.val_dataloader = cfg.val_cfg = cfg.val_evaluator = None
    cfg.custom_hooks = [
        dict(h, phases=phases, by_epoch=False, alrs_interval=2, interval=1)
        if h['type'] == 'mmkd_teach.TSTPhaseHook' else h
        for h in cfg.custom_hooks if h['type'] != 'mmkd_teach.AgreementHook'
    ]
    # no warm-up: a few iterations at lr ~1e-5 would not move the student
    cfg.param_scheduler = dict(student=[], tst=[])
    return cfg


def test_phase_schedule():
    hook = TSTPhaseHook(phases=[[2, 4], [6, 7]], by_epoch=False)
    assert [hook.wanted_phase(0, i) for i in range(8)] == [
        'distill', 'distill', 'search', 'search', 'distill', 'distill',
        'search', 'distill'
    ]
    by_epoch = TSTPhaseHook(phases=[[6, 7], [12, 13]])  # COCO 24 epochs
    assert [e for e in range(24) if by_epoch.wanted_phase(e, 0) == 'search'
            ] == [6, 12]
    with pytest.raises(ValueError, match='begin < end'):
        TSTPhaseHook(phases=[[3, 3]])


@pytest.mark.parametrize('options, error, fix', [
    (dict(phases=[5, 10]), ValueError, 'a [begin, end] pair of ints'),
    (dict(phases=[[5, 10], [8, 12]]), ValueError, 'without overlap'),
    (dict(phases=[[8, 12], [2, 4]]), ValueError, 'in order'),
    (dict(phases=[[5.5, 10]]), ValueError, 'pair of ints'),
    (dict(phases=[]), ValueError, 'non-empty list'),
    (dict(phases=[[0, 5]], alrs_interval=0), ValueError, 'int >= 1'),
    (dict(phases=[[0, 5]], by_epoch='no'), TypeError, 'True or False'),
])  # yapf: disable
def test_bad_options_fail_when_the_hook_is_built(options, error, fix):
    with pytest.raises(error) as info:
        TSTPhaseHook(**options)
    option = next(k for k in options if k != 'phases' or len(options) == 1)
    assert f'TSTPhaseHook.{option}' in str(info.value)
    assert fix in str(info.value)


@pytest.mark.parametrize('task', list(PAIRS))
def test_search_and_distill_through_the_runner(task, toy_data, tmp_path):
    work_dir = str(tmp_path / 'run')
    # 3 iterations: distill, search, distill
    train = dict(max_iters=3) if task == 'seg' else dict(max_epochs=1)
    batch = 2 if task == 'cls' else 1
    cfg = tst_config(task, toy_data, tmp_path, work_dir, [[1, 2]], batch,
                     **train)
    if task != 'seg':
        cfg.train_dataloader.dataset.indices = 3 * batch
    cfg.default_hooks.checkpoint.interval = 100
    runner = Runner.from_cfg(cfg)
    RecordLossHook.history.clear()
    runner.train()
    history = RecordLossHook.history
    assert len(history) == 3
    searched = ['loss_tst_search' in h for h in history]
    assert searched == [False, True, False]
    assert all(torch.isfinite(torch.tensor(list(h.values()))).all()
               for h in history)
    assert 'loss_kd' in history[0] and 'loss_kd' in history[2]
    tst = runner.model.tst
    assert tst.phase == 'distill'
    assert tst.policy.prob_logits.abs().sum() > 0  # the search moved it
    with open(osp.join(work_dir, 'tst_policy.json')) as f:
        exported = json.load(f)
    assert exported['operations'][0]['probability'] == pytest.approx(
        float(torch.sigmoid(tst.policy.prob_logits[0])), abs=1e-6)
    with open(osp.join(work_dir, 'tst_policy.jsonl')) as f:
        lines = [json.loads(line) for line in f]
    assert [r['phase'] for r in lines] == ['distill', 'search', 'distill']
    # the drift from the initial policy: 0 before the search, the
    # policy's own after it
    assert lines[0]['drift'] == dict(probability=0.0, magnitude=0.0)
    assert lines[-1]['drift'] == tst.policy.drift()


def test_resume_in_a_search_phase_equals_a_straight_run(toy_data, tmp_path):
    """Checkpoint after epoch 1 (iteration 4 of 8), inside the search phase
    [3, 6): policy, its momentum and lr, ALRS and phase resume."""

    def run(work_dir, max_epochs, resume=False):
        cfg = tst_config('cls', toy_data, tmp_path, work_dir, [[3, 6]],
                         batch=4, max_epochs=max_epochs)
        cfg.train_dataloader.dataset.indices = 16
        cfg.resume = resume
        runner = Runner.from_cfg(cfg)
        runner.train()
        return runner

    straight = run(str(tmp_path / 'a'), 2)
    resumed_dir = str(tmp_path / 'b')
    first = run(resumed_dir, 1)
    assert first.model.tst.phase == 'search'
    resumed = run(resumed_dir, 2, resume=True)
    a, b = straight.model.state_dict(), resumed.model.state_dict()
    for key in a:
        assert torch.equal(a[key].nan_to_num(), b[key].nan_to_num()), key
    lr = [r.optim_wrapper['tst'].optimizer.param_groups[0]['lr']
          for r in (straight, resumed)]
    assert lr[0] == lr[1]
