"""Every shipped config parses, and every distiller in it builds (the real
pairs without their downloadable teacher weights)."""
import glob
import os.path as osp

import pytest
from mmengine.config import Config

from mmkd_teach.registry import MODELS
from tests.conftest import REPO

CONFIGS = sorted(
    [p for p in glob.glob(osp.join(REPO, 'configs', '*', '*.py'))
     if '_base_' not in p] +
    glob.glob(osp.join(REPO, 'configs', '_base_', 'models', '*.py')))
# Plain upstream models: the toy teachers/students and Generous Teacher's
# stage 1 (the standard teacher trained as usual).
DISTILLERS = [
    path for path in CONFIGS
    if osp.basename(osp.dirname(path)) not in ('toy', 'models')
    and not osp.basename(path).startswith('gt-stage1_')
]


def ids(paths):
    return [osp.relpath(p, REPO) for p in paths]


@pytest.mark.parametrize('path', CONFIGS, ids=ids(CONFIGS))
def test_config_parses(path):
    cfg = Config.fromfile(path)
    assert 'model' in cfg
    if 'train_cfg' in cfg:  # a training config: kill-safe, exact resume
        hooks = cfg.default_hooks
        assert hooks.checkpoint.type == 'mmkd_teach.SafeCheckpointHook'
        assert hooks.random_state.type == 'mmkd_teach.RandomStateHook'


@pytest.mark.parametrize('path', DISTILLERS, ids=ids(DISTILLERS))
def test_distiller_builds(path):
    cfg = Config.fromfile(path)
    assert cfg.model.type == 'mmkd_teach.Distiller'
    cfg.model.teacher_ckpt = None
    from mmengine.registry import DefaultScope
    with DefaultScope.overwrite_default_scope(cfg.default_scope):
        model = MODELS.build(cfg.model)
    assert len(model.distill_losses) >= 1



TOY_METHODS = [p for p in DISTILLERS if '_toy' in osp.basename(p)]


@pytest.mark.parametrize('path', TOY_METHODS, ids=ids(TOY_METHODS))
def test_toy_method_configs_are_their_pair_plus_losses(path):
    """A toy method config inherits its pair's base (student, teacher, data,
    schedule) and adds its losses: only ``model.distill_losses`` (Generous
    Teacher's stages also name their student / teacher checkpoint) and, for
    learnable distillation parts, ``optim_wrapper``. TST configs inherit
    their pair's TST base (``../_base_/pairs/tst/``: the pair plus the policy,
    its optimiser and scheduler, the phase hook and the DDP wrapper)."""
    import ast
    with open(path) as f:
        tree = ast.parse(f.read())
    assigned = {}
    for node in tree.body:
        if isinstance(node, ast.Assign):
            assigned[node.targets[0].id] = node.value
    tst = '-tst_' in osp.basename(path)
    assert set(assigned) <= {'_base_', 'model', 'optim_wrapper'}
    base = ast.literal_eval(assigned['_base_'])
    assert base.startswith('../_base_/pairs/tst/' if tst else
                           '../_base_/pairs/')
    allowed = {'distill_losses', 'student_loss_weight'}
    if osp.basename(path).startswith('gt-stage'):
        allowed |= {'student', 'teacher_ckpt'}
    assert {k.arg for k in assigned['model'].keywords} <= allowed
