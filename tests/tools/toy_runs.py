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


def as_epoch_based(cfg):
    """Turns an iteration-based config (the toy classification schedule)
    into an epoch-based one, for tests of what happens at epoch ends
    (checkpoints, resume mid-epoch); the schedulers keep counting
    iterations."""
    cfg.train_cfg = dict(type='EpochBasedTrainLoop', max_epochs=1,
                         val_interval=cfg.train_cfg.get('val_interval', 1))
    cfg.train_dataloader.sampler = dict(type='DefaultSampler', shuffle=True)
    cfg.default_hooks.checkpoint.update(by_epoch=True, interval=1)
    cfg.log_processor = dict(by_epoch=True)


def toy_config(rel_path, task, toy_root, work_dir, teacher_ckpt=None,
               batch=4, **train_cfg):
    """``rel_path`` (under configs/) set up for a short run on the small
    toy set of ``task`` (``max_epochs`` makes an iteration-based config
    epoch-based)."""
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
    if 'max_epochs' in train_cfg and 'max_iters' in cfg.train_cfg:
        as_epoch_based(cfg)
    cfg.train_cfg.update(train_cfg)
    cfg.default_hooks.logger = dict(type='LoggerHook', interval=1)
    cfg.custom_hooks = list(cfg.get('custom_hooks', [])) + [
        dict(type='mmkd_teach.RecordLossHook')
    ]
    cfg.log_level = 'WARNING'
    return cfg
