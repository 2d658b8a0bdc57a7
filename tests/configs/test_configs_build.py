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


@pytest.mark.parametrize('path', DISTILLERS, ids=ids(DISTILLERS))
def test_distiller_builds(path):
    cfg = Config.fromfile(path)
    assert cfg.model.type == 'mmkd_teach.Distiller'
    cfg.model.teacher_ckpt = None
    from mmengine.registry import DefaultScope
    with DefaultScope.overwrite_default_scope(cfg.default_scope):
        model = MODELS.build(cfg.model)
    assert len(model.distill_losses) >= 1
