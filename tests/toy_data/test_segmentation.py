"""The toy segmentation set is Cityscapes: mmseg's CityscapesDataset reads
it, its labels are Cityscapes train ids with some 255 (ignore), and
IoUMetric gives the ground truth 100 mIoU and a wrong map less; same seed,
same files."""
import os.path as osp

import numpy as np
import pytest
import torch

from mmkd_teach.toy_data import SEG_TRAIN_IDS, SMALL, \
    make_cityscapes_segmentation
from mmkd_teach.toy_data.segmentation import DEFAULT_NUM_CLASSES
from .helpers import assert_deterministic


def test_deterministic(tmp_path):
    assert_deterministic(make_cityscapes_segmentation, tmp_path,
                         num_train=2, num_val=1)


def load(toy_data, split):
    from mmseg.datasets import CityscapesDataset
    return CityscapesDataset(
        data_root=osp.join(toy_data, 'seg'),
        data_prefix=dict(
            img_path=f'leftImg8bit/{split}', seg_map_path=f'gtFine/{split}'),
        pipeline=[
            dict(type='mmseg.LoadImageFromFile'),
            dict(type='mmseg.LoadAnnotations')
        ])


@pytest.mark.parametrize('split', ['train', 'val'])
def test_cityscapesdataset_reads_it(toy_data, split):
    ds = load(toy_data, split)
    assert len(ds) == SMALL['seg'][f'num_{split}']
    assert len(ds.metainfo['classes']) == 19
    seen = set()
    for i in range(len(ds)):
        item = ds[i]
        assert item['img'].shape == (64, 128, 3)
        gt = item['gt_seg_map']
        assert gt.shape == (64, 128) and gt.dtype == np.uint8
        ids = set(np.unique(gt).tolist())
        assert ids <= set(SEG_TRAIN_IDS.values()) | {255}
        assert 255 in ids and len(ids) >= 4
        assert (gt == 255).mean() < 0.1
        seen |= ids
    if split == 'train':  # the default draws the first 7 region kinds
        drawn = list(SEG_TRAIN_IDS.values())[:DEFAULT_NUM_CLASSES]
        assert seen == set(drawn) | {255}


def test_iou_metric_scores_it(toy_data):
    from mmengine.structures import PixelData
    from mmseg.evaluation import IoUMetric
    from mmseg.structures import SegDataSample
    ds = load(toy_data, 'val')
    ids = torch.tensor(sorted(SEG_TRAIN_IDS.values()))
    swap = torch.arange(256)
    swap[ids] = ids.roll(1)  # every class named as another
    preds = {
        'right': lambda gt: gt,
        'road everywhere': lambda gt: torch.zeros_like(gt),
        'swapped': lambda gt: swap[gt],
    }
    metrics = {}
    for name in preds:
        metrics[name] = IoUMetric(iou_metrics=['mIoU'])
        metrics[name].dataset_meta = ds.metainfo
    for i in range(len(ds)):
        gt = torch.from_numpy(ds[i]['gt_seg_map'].astype(np.int64))
        for name, pred in preds.items():
            sample = SegDataSample()
            sample.pred_sem_seg = PixelData(data=pred(gt)[None])
            sample.gt_sem_seg = PixelData(data=gt[None])
            metrics[name].process({}, [sample.to_dict()])
    results = {
        name: m.evaluate(len(ds))['mIoU']
        for name, m in metrics.items()
    }
    assert results['right'] == 100.0
    assert results['road everywhere'] < 20.0
    assert results['swapped'] < 20.0
