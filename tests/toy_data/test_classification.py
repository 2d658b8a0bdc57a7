"""The toy classification set is an mmpretrain folder set: CustomDataset
reads it (classes from classes.txt or a tuple), its labels cover every
drawn class, and Accuracy gives the ground truth 100 top-1 and a wrong prediction
less; same seed, same files."""
import os.path as osp

import pytest
import torch

from mmkd_teach.toy_data import CLS_CLASSES, SMALL, make_classification
from mmkd_teach.toy_data.classification import DEFAULT_NUM_CLASSES
from .helpers import assert_deterministic


def test_deterministic(tmp_path):
    assert_deterministic(make_classification, tmp_path, num_train=20,
                         num_val=10)


def test_files(toy_data):
    root = osp.join(toy_data, 'cls')
    with open(osp.join(root, 'classes.txt')) as f:
        assert tuple(f.read().split()) == CLS_CLASSES
    assert len(CLS_CLASSES) == len(set(CLS_CLASSES)) == 15
    with open(osp.join(root, 'meta', 'train.txt')) as f:
        for line in f:
            rel, label = line.split()
            assert rel.split('/')[0] == CLS_CLASSES[int(label)]


def load(toy_data, split, classes, pipeline=()):
    from mmpretrain.datasets import CustomDataset
    return CustomDataset(
        data_root=osp.join(toy_data, 'cls'),
        ann_file=f'meta/{split}.txt',
        data_prefix=split,
        classes=classes,
        pipeline=list(pipeline))


@pytest.mark.parametrize('split', ['train', 'val'])
def test_customdataset_reads_it(toy_data, split):
    ds = load(toy_data, split, osp.join(toy_data, 'cls', 'classes.txt'),
              [dict(type='mmpretrain.LoadImageFromFile')])
    assert ds.CLASSES == CLS_CLASSES
    assert len(ds) == SMALL['cls'][f'num_{split}']
    labels = [ds.get_data_info(i)['gt_label'] for i in range(len(ds))]
    # balanced over the drawn classes (all 15 by default)
    assert set(labels) == set(range(DEFAULT_NUM_CLASSES))
    for i in range(len(ds)):
        assert ds[i]['img'].shape == (32, 32, 3)
    # the classes may also be given as a tuple (as the configs do)
    assert load(toy_data, split, CLS_CLASSES).CLASSES == CLS_CLASSES


def test_accuracy_scores_it(toy_data):
    from mmpretrain.evaluation import Accuracy
    from mmpretrain.structures import DataSample
    ds = load(toy_data, 'val', CLS_CLASSES)
    labels = torch.tensor(
        [ds.get_data_info(i)['gt_label'] for i in range(len(ds))])
    num = len(CLS_CLASSES)

    def top1(pred_labels):
        metric = Accuracy(topk=(1, ))
        for label, pred in zip(labels, pred_labels):
            score = torch.nn.functional.one_hot(pred, num).float()
            sample = DataSample().set_gt_label(label).set_pred_score(score)
            metric.process(None, [sample.to_dict()])
        return metric.evaluate(len(labels))['accuracy/top1']

    assert top1(labels) == 100.0
    assert top1((labels + 1) % num) == 0.0
    half = labels.clone()
    half[::2] = (half[::2] + 1) % num
    assert top1(half) == pytest.approx(50.0)
