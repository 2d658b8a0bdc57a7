"""Configs of the shipped toy runs, shrunk to a few iterations on the small
toy sets, and a hook that records the training losses."""
import os.path as osp

import torch
from mmengine.config import Config
from mmengine.hooks import Hook

from mmkd_teach.registry import HOOKS, MODELS
from tests.conftest import REPO

DATA = {'cls': 'cls', 'seg': 'seg', 'one_stage': 'det', 'two_stage': 'det'}


@HOOKS.register_module(force=True)
class RecordLossHook(Hook):
    """Keeps every iteration's logged losses in ``RecordLossHook.history``."""
    history = []

    def after_train_iter(self, runner, batch_idx, data_batch=None,
                         outputs=None):
        RecordLossHook.history.append(
            {k: float(v) for k, v in outputs.items()})


def save_random_teacher(config_path, path):
    """A teacher checkpoint for tests: the teacher model, randomly
    initialised (seeded)."""
    cfg = Config.fromfile(config_path)
    torch.manual_seed(0)
    from mmkd_teach.models.utils import load_model_config
    teacher = MODELS.build(load_model_config(cfg.model.teacher, 'teacher'))
    torch.save({'state_dict': teacher.state_dict()}, path)
    return path


def toy_config(rel_path, task, toy_root, work_dir, teacher_ckpt=None,
               batch=4, **train_cfg):
    """``rel_path`` (under configs/) set up for a short run on the small
    toy set of ``task``."""
    cfg = Config.fromfile(osp.join(REPO, 'configs', rel_path))
    root = osp.join(toy_root, DATA[task]) + '/'
    for loader in ('train_dataloader', 'val_dataloader', 'test_dataloader'):
        cfg[loader].dataset.data_root = root
        cfg[loader].batch_size = batch
    if DATA[task] == 'det':
        ann = root + 'annotations/instances_val.json'
        cfg.val_evaluator.ann_file = ann
        cfg.test_evaluator.ann_file = ann
    cfg.work_dir = work_dir
    if teacher_ckpt is not None:
        cfg.model.teacher_ckpt = teacher_ckpt
    cfg.train_cfg.update(train_cfg)
    cfg.default_hooks.logger = dict(type='LoggerHook', interval=1)
    cfg.custom_hooks = list(cfg.get('custom_hooks', [])) + [
        dict(type='mmkd_teach.RecordLossHook')
    ]
    cfg.log_level = 'WARNING'
    return cfg
