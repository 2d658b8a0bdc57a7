"""The ImageNet-layout set is read by mmpretrain's ImageNet with the
shipped in1k configs' own dataset settings (``split``), the class folders
are the wnids of the labels the meta files give; same seed, same files."""
import os.path as osp

import pytest

from mmengine.registry import DATASETS
from mmkd_teach.toy_data.real_layout import WNIDS, make_imagenet_layout
from ..helpers import assert_deterministic
from .helpers import real_dataset_cfg


def test_deterministic(tmp_path):
    assert_deterministic(make_imagenet_layout, tmp_path, num_train=2,
                         num_val=1)


@pytest.mark.parametrize('split', ['train', 'val'])
def test_imagenet_reads_it_with_the_config(real_layout_data, split):
    from mmpretrain.datasets import ImageNet
    root = osp.join(real_layout_data, 'imagenet')
    cfg = real_dataset_cfg('_in1k.py', split, root)
    assert cfg.split == split
    ds = DATASETS.build(cfg)
    assert isinstance(ds, ImageNet)
    assert len(ds.metainfo['classes']) == 1000
    labels = set()
    for i in range(len(ds)):
        info = ds.get_data_info(i)
        label = int(info['gt_label'])
        labels.add(label)
        assert info['img_path'].endswith('.JPEG')
        if split == 'train':
            assert osp.basename(osp.dirname(info['img_path'])) == \
                WNIDS[label]
    assert labels == set(range(len(WNIDS)))
    item = ds[0]
    assert tuple(item['inputs'].shape) == (3, 224, 224)
    assert ds.metainfo['classes'][0].startswith('tench')
