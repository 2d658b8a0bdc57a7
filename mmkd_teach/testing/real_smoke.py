"""Smoke runs of the shipped real-pair configs on the ``--layout real`` sets
(mmkd_teach/toy_data/real_layout), on CPU: each config as a user launches
it, with only what a CPU needs changed (data root, input scale divided by
``divisor``, batch 2 / 1, no worker processes, 2 training iterations, no
downloads: random teachers, no ``Pretrained`` backbones), then one
evaluation with the config's own evaluator.
"""
import glob
import itertools
import os.path as osp
import shutil
import tempfile
import time
import traceback
from typing import Dict, List, Optional

from mmengine.config import Config, ConfigDict

from mmkd_teach.models.utils import load_model_config

# file name ending -> the real layout its data come from
REAL_SUFFIXES = {
    '_coco.py': 'coco',
    '_cityscapes-512x1024.py': 'cityscapes',
    '_in1k.py': 'imagenet',
}
_SCALE_KEYS = ('scale', 'crop_size', 'size')
_RUN_IDS = itertools.count()


def real_configs(repo: str) -> List[str]:
    """Every shipped real-pair config (``configs/<method>/*``), sorted."""
    return sorted(
        path for path in glob.glob(osp.join(repo, 'configs', '*', '*.py'))
        if '_base_' not in path and layout_of(path) is not None)


def layout_of(path: str) -> Optional[str]:
    for suffix, layout in REAL_SUFFIXES.items():
        if path.endswith(suffix):
            return layout
    return None


def _shrink(node, divisor: int):
    """``node`` with every ``scale`` / ``crop_size`` / ``size`` (an int or
    a pair of ints) divided by ``divisor``, at least 16."""
    if isinstance(node, dict):
        out = type(node)()
        for key, value in node.items():
            if key in _SCALE_KEYS and _is_scale(value):
                value = (max(16, value // divisor) if isinstance(value, int)
                         else tuple(max(16, v // divisor) for v in value))
            else:
                value = _shrink(value, divisor)
            out[key] = value
        return out
    if isinstance(node, (list, tuple)):
        return type(node)(_shrink(v, divisor) for v in node)
    return node


def _is_scale(value) -> bool:
    if isinstance(value, bool):
        return False
    return isinstance(value, int) or (
        isinstance(value, (list, tuple)) and len(value) == 2
        and all(isinstance(v, int) for v in value))


def _offline(node):
    """``node`` without downloads: no ``Pretrained`` init, no
    ``pretrained`` weights."""
    if isinstance(node, dict):
        out = type(node)()
        for key, value in node.items():
            if key == 'pretrained' and isinstance(value, str):
                value = None
            elif key == 'init_cfg' and isinstance(value, dict) and \
                    value.get('type') == 'Pretrained':
                value = None
            else:
                value = _offline(value)
            out[key] = value
        return out
    if isinstance(node, list):
        return [_offline(v) for v in node]
    return node


def _no_score_threshold(node):
    if isinstance(node, dict):
        return type(node)(
            (k, 0.0 if k == 'score_thr' else _no_score_threshold(v))
            for k, v in node.items())
    return node


def smoke_config(path: str, data_root: str, work_dir: str,
                 divisor: int = 8) -> Config:
    """The config at ``path`` set up for the smoke run on the real-layout
    sets under ``data_root`` (``{data_root}/coco`` ...)."""
    cfg = Config.fromfile(path)
    root = osp.join(data_root, layout_of(path)) + '/'
    model = cfg.model
    model.teacher_ckpt = None
    if 'student_ckpt' in model:
        model.student_ckpt = None
    for key in ('student', 'teacher'):
        model[key] = _offline(load_model_config(model[key], key))
        if model[key].get('data_preprocessor') is not None:
            model[key].data_preprocessor = _shrink(
                model[key].data_preprocessor, divisor)
    if model.student.get('test_cfg') is not None:
        # an untrained detector scores below the usual 0.05: keep its boxes
        # so that the metric has results to score
        model.student.test_cfg = _no_score_threshold(model.student.test_cfg)
    if cfg.get('data_preprocessor') is not None:
        cfg.data_preprocessor = _shrink(cfg.data_preprocessor, divisor)
    for split in ('train', 'val', 'test'):
        loader = cfg.get(f'{split}_dataloader')
        if loader is None:
            continue
        old_root = loader.dataset.get('data_root', '')
        loader.dataset = _shrink(loader.dataset, divisor)
        loader.dataset.data_root = root
        loader.batch_size = 2 if split == 'train' else 1
        loader.num_workers = 0
        loader.persistent_workers = False
        evaluator = cfg.get(f'{split}_evaluator')
        if isinstance(evaluator, dict) and old_root and \
                str(evaluator.get('ann_file', '')).startswith(old_root):
            evaluator.ann_file = root + evaluator.ann_file[len(old_root):]
    # no validation inside train(): run_smoke evaluates once after it
    cfg.train_cfg = ConfigDict(
        type='IterBasedTrainLoop', max_iters=2, val_begin=3, val_interval=1)
    cfg.param_scheduler = None
    cfg.default_hooks.logger = dict(type='LoggerHook', interval=1)
    cfg.load_from, cfg.resume = None, False
    cfg.work_dir = work_dir
    # mmengine keeps loggers and visualizers by name, process-wide: a run
    # must not write through the previous run's (into its work dir)
    name = f'{osp.splitext(osp.basename(path))[0]}_{next(_RUN_IDS)}'
    cfg.experiment_name = name
    if cfg.get('visualizer') is not None:
        cfg.visualizer.name = name
    cfg.log_level = 'WARNING'
    cfg.randomness = dict(seed=0)
    cfg.launcher = 'none'
    return cfg


def run_smoke(path: str, data_root: str, divisor: int = 8,
              keep_work_dir: Optional[str] = None) -> Dict:
    """Train ``path`` 2 iterations and evaluate it once; returns ``{'config',
    'ok', 'seconds', 'metrics' or 'error'}`` (never raises)."""
    from mmengine.runner import Runner
    start = time.time()
    work_dir = keep_work_dir or tempfile.mkdtemp(prefix='smoke_')
    result = dict(config=path, ok=False)
    try:
        runner = Runner.from_cfg(smoke_config(path, data_root, work_dir,
                                              divisor))
        runner.train()
        metrics = runner.val()
        if not metrics:
            raise RuntimeError('the evaluation returned no metric')
        result.update(ok=True, metrics={k: float(v)
                                        for k, v in metrics.items()})
    except Exception as error:  # noqa: BLE001 (reported per config)
        result['error'] = (f'{type(error).__name__}: {error}\n'
                           f'{traceback.format_exc(limit=-6)}')
    finally:
        if keep_work_dir is None:
            shutil.rmtree(work_dir, ignore_errors=True)
    result['seconds'] = time.time() - start
    return result
