"""A ``tools/train.py`` run killed with SIGKILL and resumed with ``--resume``
ends as the uninterrupted run: the same weights, optimiser states and logged
losses, with the toy pipelines' random flips (and the classifier's random
crop) on. Kills come at points the run itself reports (kill_points.py):
mid-epoch (epoch-based classifier with learnable FitNet adapters and their
own optimiser, one-stage detector with a dataloader worker), mid-run
(iteration-based segmentor), and in the middle of a checkpoint write
(which must leave the previous checkpoint to resume from)."""
import copy
import glob
import json
import os
import os.path as osp
import subprocess
import sys
import time

import torch

from mmkd_teach.engine import find_last_complete_checkpoint
from tests.conftest import REPO
from tests.tools.toy_runs import save_random_teacher, toy_config


def make_configs(tmp_path, toy_data, rel_path, task, batch, options=None,
                 **train_cfg):
    """The run's config (with ``options`` merged), shrunk; returns a function
    ``config(*extra_hooks) -> path`` that writes it with the hooks added."""
    teacher = save_random_teacher(f'{REPO}/configs/{rel_path}',
                                  str(tmp_path / 'teacher.pth'))
    cfg = toy_config(rel_path, task, toy_data, None, teacher, batch=batch,
                     val_interval=100, **train_cfg)
    assert 'RandomFlip' in {
        p['type'] for p in cfg.train_dataloader.dataset.pipeline}
    cfg.custom_hooks = [h for h in cfg.custom_hooks
                        if h['type'] != 'mmkd_teach.RecordLossHook']
    cfg.val_dataloader = cfg.val_cfg = cfg.val_evaluator = None
    cfg.custom_imports = dict(imports=['tests.tools.kill_points'])
    cfg.merge_from_dict(options or {})

    def config(*hooks):
        path = str(tmp_path / f'cfg{len(os.listdir(tmp_path))}.py')
        variant = copy.deepcopy(cfg)
        variant.custom_hooks = cfg.custom_hooks + list(hooks)
        variant.dump(path)
        return path

    return config


def train(config, work_dir, *args, killed_at=None):
    """Runs tools/train.py; with ``killed_at`` (a marker file that a kill
    point writes), SIGKILLs it once the marker appears."""
    env = dict(os.environ, PYTHONPATH=REPO, OMP_NUM_THREADS='1',
               MKL_NUM_THREADS='1')
    with open(f'{work_dir}.log', 'a') as log:
        proc = subprocess.Popen(
            [sys.executable, f'{REPO}/tools/train.py', config, '--work-dir',
             work_dir, *args], env=env, stdout=log, stderr=log)
        deadline = time.monotonic() + 600
        while killed_at and not osp.exists(killed_at):
            assert proc.poll() is None, open(f'{work_dir}.log').read()[-3000:]
            assert time.monotonic() < deadline
            time.sleep(0.2)
        if killed_at:
            proc.kill()
        proc.wait(timeout=600)
    if not killed_at:
        assert proc.returncode == 0, open(f'{work_dir}.log').read()[-3000:]


def logged_losses(work_dir):
    """``{iter: {loss key: value}}`` from every run's scalars.json; a
    resumed run's entries replace the killed run's."""
    losses = {}
    for path in sorted(glob.glob(f'{work_dir}/*/vis_data/scalars.json')):
        with open(path) as f:
            for entry in map(json.loads, f):
                losses[entry['iter']] = {
                    k: v for k, v in entry.items() if k.startswith('loss')}
    return losses


def assert_same(a, b, where='checkpoint'):
    if torch.is_tensor(a):
        assert torch.equal(a, b), where
    elif isinstance(a, dict):
        assert a.keys() == b.keys(), where
        for key in a:
            assert_same(a[key], b[key], f'{where}.{key}')
    elif isinstance(a, (list, tuple)):
        assert len(a) == len(b), where
        for i, (x, y) in enumerate(zip(a, b)):
            assert_same(x, y, f'{where}[{i}]')
    else:
        assert a == b, where


def assert_same_run(straight, resumed):
    a, b = (torch.load(find_last_complete_checkpoint(d), weights_only=False)
            for d in (straight, resumed))
    assert a['meta']['iter'] == b['meta']['iter']
    for key in ('state_dict', 'optimizer', 'param_schedulers'):
        assert_same(a[key], b[key], key)
    losses = logged_losses(straight)
    assert losses and logged_losses(resumed) == losses


def straight_and_killed(config, tmp_path, kill_after_iter):
    """Work dirs of an uninterrupted run and of one killed with SIGKILL
    once iteration ``kill_after_iter`` is done."""
    straight, killed = str(tmp_path / 'a'), str(tmp_path / 'b')
    train(config(), straight)
    mark = str(tmp_path / 'mark1')
    train(config(dict(type='mmkd_teach.WaitAfterIterHook', marker=mark,
                      iter=kill_after_iter)), killed, killed_at=mark)
    return straight, killed


def test_classifier_killed_mid_epoch_and_in_a_save(toy_data, tmp_path):
    """8 iterations an epoch: killed in epoch 2, then while writing
    epoch_2.pth (max_keep_ckpts=1: epoch_1.pth must survive)."""
    config = make_configs(
        tmp_path, toy_data,
        'fitnet/fitnet_resnet18w16_to_resnet18w4_960i_toycls.py', 'cls',
        batch=8, max_epochs=2)
    straight, killed = straight_and_killed(config, tmp_path, 11)
    assert 'epoch_1.pth' in os.listdir(killed)
    mark = str(tmp_path / 'mark2')
    train(config(dict(type='mmkd_teach.WaitInWriteHook', marker=mark,
                      name='epoch_2.pth')), killed, '--resume',
          killed_at=mark)
    assert osp.exists(osp.join(killed, 'epoch_2.pth.tmp'))
    assert find_last_complete_checkpoint(killed) == osp.join(
        killed, 'epoch_1.pth')
    train(config(), killed, '--resume')
    assert_same_run(straight, killed)


def test_detector_killed_mid_epoch(toy_data, tmp_path):
    """RetinaNet KD, 4 iterations an epoch, one dataloader worker; killed
    after iteration 6."""
    config = make_configs(
        tmp_path, toy_data,
        'kd/kd_retinanet-r18w32_to_retinanet-r18w8_6e_toydet.py',
        'one_stage', batch=4, max_epochs=2,
        options={'train_dataloader.num_workers': 1})
    straight, killed = straight_and_killed(config, tmp_path, 6)
    train(config(), killed, '--resume')
    assert_same_run(straight, killed)


def test_segmentor_killed_mid_run(toy_data, tmp_path):
    """PSPNet KD, iteration-based, 8 iterations, a checkpoint every 4;
    killed after iteration 6, resumed from iter_4 (the loop's skip of 4
    batches runs the pipeline, drawing: the states are restored after)."""
    config = make_configs(
        tmp_path, toy_data,
        'kd/kd_pspnet-r18w32-d8_to_pspnet-r18w8-d8_1200i_toyseg.py', 'seg',
        batch=4, max_iters=8,
        options={'default_hooks.checkpoint.interval': 4})
    straight, killed = straight_and_killed(config, tmp_path, 6)
    assert find_last_complete_checkpoint(killed).endswith('iter_4.pth')
    train(config(), killed, '--resume')
    assert_same_run(straight, killed)
