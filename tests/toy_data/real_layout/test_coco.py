"""The COCO-layout set is read by mmdet's CocoDataset with the shipped COCO
configs' own dataset settings, its labels are the real COCO classes of the
drawn shapes, and the same seed writes the same files."""
import json
import os.path as osp

import pytest

from mmengine.registry import DATASETS
from mmkd_teach.toy_data.real_layout import (COCO_CATEGORIES,
                                             SHAPE_CATEGORIES,
                                             make_coco_layout)
from ..helpers import assert_deterministic
from .helpers import real_dataset_cfg


def test_categories_are_cocos_80():
    from mmdet.datasets import CocoDataset
    names = [name for _, name in COCO_CATEGORIES]
    assert tuple(names) == CocoDataset.METAINFO['classes']
    assert set(SHAPE_CATEGORIES.values()) <= set(names)


def test_deterministic(tmp_path):
    assert_deterministic(make_coco_layout, tmp_path, num_train=2, num_val=1)


@pytest.mark.parametrize('split', ['train', 'val'])
def test_cocodataset_reads_it_with_the_config(real_layout_data, split):
    from mmdet.datasets import CocoDataset
    root = osp.join(real_layout_data, 'coco') + '/'
    cfg = real_dataset_cfg('_coco.py', split, root)
    assert cfg.ann_file == f'annotations/instances_{split}2017.json'
    ds = DATASETS.build(cfg)
    assert isinstance(ds, CocoDataset) and len(ds) >= 1
    with open(osp.join(root, cfg.ann_file)) as f:
        coco = json.load(f)
    name_of = {c['id']: c['name'] for c in coco['categories']}
    drawn = {name_of[a['category_id']] for a in coco['annotations']}
    assert drawn <= set(SHAPE_CATEGORIES.values()) and len(drawn) >= 2
    item = ds[0]
    sample = item['data_samples']
    assert item['inputs'].shape[0] == 3
    assert sample.img_path.endswith('.jpg')
    assert f'{split}2017' in sample.img_path
    # labels index the 80 classes by name, as in COCO
    classes = ds.metainfo['classes']
    image_id = sample.img_id
    expected = sorted(name_of[a['category_id']] for a in coco['annotations']
                      if a['image_id'] == image_id)
    got = sorted(classes[i] for i in sample.gt_instances.labels.tolist())
    assert got == expected
