"""One shipped real-pair config per task kind (classification, one-stage
and two-stage detection, segmentation) trains 2 iterations and evaluates
with its own evaluator on the ``--layout real`` sets, as
``tools/misc/smoke_real_configs.py`` runs them all; and the tool's setup
keeps the config but for data, scale, batch and downloads."""
import glob
import os.path as osp

import pytest

from mmkd_teach.testing.real_smoke import (real_configs, run_smoke,
                                           smoke_config)
from tests.conftest import REPO

ONE_PER_KIND = {
    'cls': 'kd/kd_resnet34_to_resnet18_8xb32_in1k.py',
    'one_stage': 'kd/kd_retinanet-r101_to_retinanet-r50_fpn_1x_coco.py',
    'two_stage': 'kd/kd_faster-rcnn-r101_to_faster-rcnn-r50_fpn_1x_coco.py',
    'seg': 'kd/kd_pspnet-r101-d8_to_pspnet-r18-d8_4xb2-80k_'
    'cityscapes-512x1024.py',
}
METRIC = {'cls': 'accuracy/top1', 'one_stage': 'coco/bbox_mAP',
          'two_stage': 'coco/bbox_mAP', 'seg': 'mIoU'}


def test_every_method_has_real_configs():
    names = [osp.relpath(p, osp.join(REPO, 'configs'))
             for p in real_configs(REPO)]
    assert set(ONE_PER_KIND.values()) <= set(names)
    methods = {name.split('/')[0] for name in names}
    # every method folder but the FitNet baseline (toy configs only)
    folders = {osp.basename(osp.dirname(p)) for p in glob.glob(
        osp.join(REPO, 'configs', '*', 'metafile.yml'))} - {'fitnet'}
    assert 'sokd' in folders and methods == folders


def test_setup_changes_only_data_scale_batch_and_downloads(
        real_layout_data, tmp_path):
    path = osp.join(REPO, 'configs', ONE_PER_KIND['seg'])
    cfg = smoke_config(path, real_layout_data, str(tmp_path))
    train = cfg.train_dataloader
    assert train.dataset.data_root == osp.join(real_layout_data,
                                               'cityscapes') + '/'
    crop = [t for t in train.dataset.pipeline if t.type == 'RandomCrop']
    assert crop[0].crop_size == (64, 128)  # 512x1024 / 8
    assert cfg.model.student.data_preprocessor.size == (64, 128)
    assert cfg.model.teacher_ckpt is None
    assert cfg.model.student.pretrained is None  # no download
    assert cfg.model.distill_losses.kd.type == 'KDLoss'  # the method kept
    assert cfg.train_cfg.max_iters == 2


@pytest.mark.parametrize('kind', list(ONE_PER_KIND))
def test_one_real_config_per_kind_runs(kind, real_layout_data):
    path = osp.join(REPO, 'configs', ONE_PER_KIND[kind])
    result = run_smoke(path, real_layout_data, divisor=16)
    assert result['ok'], result.get('error')
    assert METRIC[kind] in result['metrics']
