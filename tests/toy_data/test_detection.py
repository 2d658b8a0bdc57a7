"""The toy detection set is COCO: mmdet's CocoDataset reads it, pycocotools
rasterises its polygons back to the drawn pixels, and CocoMetric gives the
ground truth mAP 1 and wrong boxes or labels less; same seed, same files."""
import json
import os.path as osp

import numpy as np
import pytest
import torch

from mmkd_teach.toy_data import DET_CLASSES, SMALL, make_coco_detection
from .helpers import assert_deterministic

SIZE = 128


def test_deterministic(tmp_path):
    assert_deterministic(make_coco_detection, tmp_path, num_train=4,
                         num_val=2)


def test_coco_json(toy_data):
    from pycocotools.coco import COCO
    root = osp.join(toy_data, 'det')
    for split in ('train', 'val'):
        path = osp.join(root, 'annotations', f'instances_{split}.json')
        with open(path) as f:
            raw = json.load(f)
        assert [c['name'] for c in raw['categories']] == list(DET_CLASSES)
        assert len(raw['images']) == SMALL['det'][f'num_{split}']
        coco = COCO(path)
        per_image = np.bincount([a['image_id'] for a in raw['annotations']],
                                minlength=len(raw['images']))
        assert per_image.min() >= 1 and per_image.max() <= 4
        for img in raw['images']:
            assert img['width'] == img['height'] == SIZE
            assert osp.isfile(osp.join(root, split, img['file_name']))
        for ann in raw['annotations']:
            assert ann['category_id'] in (1, 2, 3) and ann['iscrowd'] == 0
            x, y, w, h = ann['bbox']
            assert 0 <= x and 0 <= y and x + w <= SIZE and y + h <= SIZE
            assert 0 < ann['area'] <= w * h
            mask = coco.annToMask(ann)  # the polygons rebuild the pixels
            assert mask.sum() == ann['area']
            ys, xs = np.nonzero(mask)
            assert [xs.min(), ys.min(), xs.max() + 1 - xs.min(),
                    ys.max() + 1 - ys.min()] == ann['bbox']
    sides = [max(a['bbox'][2:]) / SIZE for a in raw['annotations']]
    assert max(sides) > 0.2


def load(toy_data, split, pipeline=()):
    from mmdet.datasets import CocoDataset
    return CocoDataset(
        data_root=osp.join(toy_data, 'det'),
        ann_file=f'annotations/instances_{split}.json',
        data_prefix=dict(img=f'{split}/'),
        metainfo=dict(classes=DET_CLASSES),
        test_mode=split == 'val',
        pipeline=list(pipeline))


def test_cocodataset_reads_it(toy_data):
    ds = load(toy_data, 'train', [
        dict(type='mmdet.LoadImageFromFile'),
        dict(type='mmdet.LoadAnnotations', with_bbox=True, with_mask=True)
    ])
    assert len(ds) == SMALL['det']['num_train']
    assert ds.metainfo['classes'] == DET_CLASSES
    for i in range(len(ds)):
        item = ds[i]
        assert item['img'].shape == (SIZE, SIZE, 3)
        assert set(item['gt_bboxes_labels'].tolist()) <= {0, 1, 2}
        assert len(item['gt_masks']) == len(item['gt_bboxes'])


def score(ds, ann_file, shift=0., relabel=0):
    from mmdet.evaluation import CocoMetric
    metric = CocoMetric(ann_file=ann_file, metric='bbox')
    metric.dataset_meta = ds.metainfo
    for i in range(len(ds)):
        info = ds[i]
        boxes = torch.tensor([x['bbox'] for x in info['instances']],
                             dtype=torch.float32).reshape(-1, 4)
        labels = torch.tensor([x['bbox_label'] for x in info['instances']])
        pred = dict(
            bboxes=boxes + shift,
            scores=torch.ones(len(labels)),
            labels=(labels + relabel) % len(DET_CLASSES))
        metric.process({}, [
            dict(img_id=info['img_id'], pred_instances=pred,
                 ori_shape=(SIZE, SIZE))
        ])
    return metric.evaluate(len(ds))['coco/bbox_mAP']


@pytest.mark.parametrize('split', ['train', 'val'])
def test_cocometric_scores_it(toy_data, split):
    ds = load(toy_data, split)
    ann = osp.join(toy_data, 'det', 'annotations', f'instances_{split}.json')
    assert score(ds, ann) == 1.0
    assert score(ds, ann, shift=6.) < 0.7
    assert score(ds, ann, relabel=1) == 0.0
