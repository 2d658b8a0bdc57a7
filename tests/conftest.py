"""Shared fixtures: small synthetic batches in each toolbox's format, and
builders for the toy teacher/student pairs of configs/_base_/models."""
import os
import os.path as osp
import warnings

import pytest
import torch

import mmkd_teach  # noqa: F401
from mmkd_teach.testing import BATCHES
from mmkd_teach.testing.toy_pairs import PAIRS, distiller_cfg, model_file  # noqa: F401,E501

REPO = osp.dirname(osp.dirname(osp.abspath(__file__)))

warnings.filterwarnings('ignore', category=UserWarning)
torch.set_num_threads(max(1, min(2, os.cpu_count() or 1)))


def preprocess(model, task, training=True):
    inputs, samples = BATCHES[task]()
    return model.data_preprocessor(
        dict(inputs=list(inputs), data_samples=samples), training)


@pytest.fixture(scope='session')
def toy_data(tmp_path_factory):
    """The --small toy sets (det, seg, cls) generated once per session."""
    from mmkd_teach.toy_data import make_all_small
    root = tmp_path_factory.mktemp('toy')
    make_all_small(str(root), seed=0)
    return str(root)


@pytest.fixture(scope='session')
def real_layout_data(tmp_path_factory):
    """The --layout real sets (coco, cityscapes, imagenet), generated once
    per session."""
    from mmkd_teach.toy_data.real_layout import make_real_layout
    root = tmp_path_factory.mktemp('real_layout')
    make_real_layout(str(root), seed=0)
    return str(root)


@pytest.fixture(autouse=True)
def _restore_default_scope():
    """A test that builds a Runner leaves mmengine's current DefaultScope
    (e.g. 'mmdet') behind, and later tests then look ``Distiller`` up in the
    wrong registry: every test starts and ends with the same scopes."""
    from mmengine.registry import DefaultScope
    saved = dict(DefaultScope._instance_dict)
    yield
    DefaultScope._instance_dict.clear()
    DefaultScope._instance_dict.update(saved)
