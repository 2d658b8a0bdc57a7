"""The Cityscapes-layout set is read by mmseg's CityscapesDataset with the
shipped Cityscapes configs' own dataset settings; its label maps hold train
ids of the real classes the scenes draw; same seed, same files."""
import os.path as osp

import numpy as np
import pytest

from mmengine.registry import DATASETS
from mmkd_teach.toy_data import SEG_TRAIN_IDS
from mmkd_teach.toy_data.real_layout import make_cityscapes_layout
from mmkd_teach.toy_data.real_layout.cityscapes import CITIES
from ..helpers import assert_deterministic
from .helpers import real_dataset_cfg


def test_train_ids_name_the_drawn_classes():
    from mmseg.datasets import CityscapesDataset
    classes = CityscapesDataset.METAINFO['classes']
    for name, train_id in SEG_TRAIN_IDS.items():
        assert classes[train_id] == name.replace('_', ' ')


def test_deterministic(tmp_path):
    assert_deterministic(make_cityscapes_layout, tmp_path, num_train=1,
                         num_val=1)


@pytest.mark.parametrize('split', ['train', 'val'])
def test_cityscapesdataset_reads_it_with_the_config(real_layout_data,
                                                    split):
    root = osp.join(real_layout_data, 'cityscapes') + '/'
    cfg = real_dataset_cfg('_cityscapes-512x1024.py', split, root)
    cfg.pipeline = [dict(type='LoadImageFromFile'),
                    dict(type='LoadAnnotations')]
    ds = DATASETS.build(cfg)
    assert len(ds) >= 2
    cities = set()
    for i in range(len(ds)):
        item = ds[i]
        assert item['img_path'].endswith('_leftImg8bit.png')
        assert item['seg_map_path'].endswith('_gtFine_labelTrainIds.png')
        cities.add(osp.basename(osp.dirname(item['img_path'])))
        ids = set(np.unique(item['gt_seg_map']).tolist())
        assert ids <= set(SEG_TRAIN_IDS.values()) | {255}
        assert len(ids) >= 5
    assert cities == set(CITIES[split])


def test_the_config_pipeline_runs(real_layout_data):
    root = osp.join(real_layout_data, 'cityscapes') + '/'
    ds = DATASETS.build(real_dataset_cfg('_cityscapes-512x1024.py', 'train',
                                         root))
    item = ds[0]
    assert tuple(item['inputs'].shape[1:]) == (512, 1024)  # the crop
