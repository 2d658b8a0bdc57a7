"""A model read from an upstream config keeps its file's top-level
``data_preprocessor`` (mmpretrain's normalisation lives there), and a
distiller built as the Runner builds it (the distillation config's
top-level ``data_preprocessor`` passed in) gets the student's."""
import glob
import os.path as osp

import pytest
from mmengine.config import Config
from mmengine.registry import DefaultScope

from mmkd_teach.models.utils import load_model_config
from mmkd_teach.registry import MODELS
from tests.conftest import REPO

IN1K = 'mmpretrain::resnet/resnet18_8xb32_in1k.py'


def test_file_preprocessor_fills_a_model_without_one():
    cfg = load_model_config(IN1K, 'student')
    assert cfg.data_preprocessor.mean == [123.675, 116.28, 103.53]
    assert cfg.data_preprocessor.to_rgb is True


def test_given_preprocessor_only_where_there_is_none():
    own = dict(type='ClsDataPreprocessor', mean=[1, 2, 3], std=[1, 1, 1])
    cfg = load_model_config(dict(type='ImageClassifier'), 'x', own)
    assert cfg.data_preprocessor == own
    kept = load_model_config(dict(type='m', data_preprocessor=dict(a=1)),
                             'x', own)
    assert kept.data_preprocessor == dict(a=1)


def test_in1k_distiller_built_as_the_runner_does_normalises():
    path = sorted(glob.glob(osp.join(REPO, 'configs', 'kd', '*_in1k.py')))[0]
    cfg = Config.fromfile(path)
    model = cfg.model
    model.teacher_ckpt = None
    model.setdefault('data_preprocessor', cfg.data_preprocessor)  # Runner
    with DefaultScope.overwrite_default_scope(cfg.default_scope):
        distiller = MODELS.build(model)
    pre = distiller.data_preprocessor
    assert pre is distiller.student.data_preprocessor
    assert pre.mean.flatten().tolist() == pytest.approx([123.675, 116.28,
                                                       103.53])
    assert pre.to_rgb  # BGR files -> RGB, as the checkpoints
