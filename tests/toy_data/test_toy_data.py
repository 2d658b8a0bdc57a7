"""The toy sets load with the real dataset classes and score with the real
metrics (ground truth perfect, a wrong prediction worse), deterministically."""
import filecmp
import os
import os.path as osp

import numpy as np
import torch

from mmkd_teach.toy_data import (CLS_CLASSES, DET_CLASSES, SEG_TRAIN_IDS,
                                 make_toy_data)


def same_tree(a, b):
    for root, _, files in os.walk(a):
        for name in files:
            other = osp.join(b, osp.relpath(osp.join(root, name), a))
            assert filecmp.cmp(osp.join(root, name), other, shallow=False)


def test_deterministic(tmp_path):
    make_toy_data(str(tmp_path / 'a'), seed=3, small=True)
    make_toy_data(str(tmp_path / 'b'), seed=3, small=True)
    same_tree(str(tmp_path / 'a'), str(tmp_path / 'b'))


def test_detection_is_coco(toy_data):
    from mmdet.datasets import CocoDataset
    from mmdet.evaluation import CocoMetric
    root = osp.join(toy_data, 'det')
    ds = CocoDataset(
        data_root=root,
        ann_file='annotations/instances_val.json',
        data_prefix=dict(img='val/'),
        metainfo=dict(classes=DET_CLASSES),
        test_mode=True,
        pipeline=[])
    assert len(ds) == 8
    ann = osp.join(root, 'annotations', 'instances_val.json')

    def score(shift):
        metric = CocoMetric(ann_file=ann, metric='bbox')
        metric.dataset_meta = ds.metainfo
        for i in range(len(ds)):
            info = ds[i]
            boxes = torch.tensor([x['bbox'] for x in info['instances']],
                                 dtype=torch.float32).reshape(-1, 4)
            labels = torch.tensor(
                [x['bbox_label'] for x in info['instances']])
            pred = dict(
                bboxes=boxes + shift,
                scores=torch.ones(len(labels)),
                labels=labels)
            metric.process({}, [dict(img_id=info['img_id'], pred_instances=pred,
                                     ori_shape=(128, 128))])
        return metric.evaluate(len(ds))['coco/bbox_mAP']

    assert score(0.) == 1.0
    assert score(15.) < 0.5


def test_segmentation_is_cityscapes(toy_data):
    from mmseg.datasets import CityscapesDataset
    from mmseg.evaluation import IoUMetric
    from mmseg.structures import SegDataSample
    from mmengine.structures import PixelData
    ds = CityscapesDataset(
        data_root=osp.join(toy_data, 'seg'),
        data_prefix=dict(
            img_path='leftImg8bit/val', seg_map_path='gtFine/val'),
        pipeline=[dict(type='mmseg.LoadAnnotations')])
    assert len(ds) == 4
    ids = set()
    metric = IoUMetric(iou_metrics=['mIoU'])
    metric.dataset_meta = ds.metainfo
    wrong = IoUMetric(iou_metrics=['mIoU'])
    wrong.dataset_meta = ds.metainfo
    for i in range(len(ds)):
        gt = torch.from_numpy(ds[i]['gt_seg_map'].astype(np.int64))
        ids |= set(gt.unique().tolist())
        for m, pred in ((metric, gt), (wrong, torch.zeros_like(gt))):
            sample = SegDataSample()
            sample.pred_sem_seg = PixelData(data=pred[None])
            sample.gt_sem_seg = PixelData(data=gt[None])
            m.process({}, [sample.to_dict()])
    assert ids <= set(SEG_TRAIN_IDS.values()) | {255}
    assert 255 in ids
    assert metric.evaluate(len(ds))['mIoU'] == 100.0
    assert wrong.evaluate(len(ds))['mIoU'] < 50.0


def test_classification_is_mmpretrain(toy_data):
    from mmpretrain.datasets import CustomDataset
    from mmpretrain.evaluation import Accuracy
    ds = CustomDataset(
        data_root=osp.join(toy_data, 'cls'),
        ann_file='meta/val.txt',
        data_prefix='val',
        metainfo=dict(classes=CLS_CLASSES),
        pipeline=[])
    assert len(ds) == 30
    labels = [ds.get_data_info(i)['gt_label'] for i in range(len(ds))]
    assert set(labels) == set(range(len(CLS_CLASSES)))
    assert all(osp.isfile(ds.get_data_info(i)['img_path'])
               for i in range(len(ds)))
    target = torch.tensor(labels)
    right = Accuracy.calculate(torch.nn.functional.one_hot(target, 10).float(),
                               target)
    wrong = Accuracy.calculate(
        torch.nn.functional.one_hot((target + 1) % 10, 10).float(), target)
    assert right[0][0].item() == 100.0 and wrong[0][0].item() == 0.0
