"""The generator's harder settings (more classes, smaller objects, clutter)
change what is drawn, stay deterministic, and bad values fail naming the
option; the colour options of old (``colour_hint``, ``colour_jitter``) are
gone, as no option may make colour tell a class."""
import json
import os.path as osp

import numpy as np
import pytest

from mmkd_teach.toy_data import (HARD, SEG_TRAIN_IDS, make_classification,
                                 make_cityscapes_segmentation,
                                 make_coco_detection, make_toy_data)
from .helpers import assert_deterministic, tree_digest


def test_hard_sets_are_deterministic(tmp_path):
    assert_deterministic(make_coco_detection, tmp_path / 'det', num_train=3,
                         num_val=1, **HARD['det'])
    assert_deterministic(make_classification, tmp_path / 'cls', num_train=15,
                         num_val=5, **HARD['cls'])
    assert_deterministic(make_cityscapes_segmentation, tmp_path / 'seg',
                         num_train=2, num_val=1, **HARD['seg'])


def _det_annotations(root):
    with open(osp.join(root, 'annotations', 'instances_train.json')) as f:
        return json.load(f)['annotations']


def test_detection_more_classes_and_smaller_objects(tmp_path):
    make_coco_detection(str(tmp_path / 'easy'), num_train=40, num_val=1)
    make_coco_detection(str(tmp_path / 'hard'), num_train=40, num_val=1,
                        **HARD['det'])
    easy, hard = (_det_annotations(str(tmp_path / k))
                  for k in ('easy', 'hard'))
    assert {a['category_id'] for a in easy} == {1, 2, 3}
    assert {a['category_id'] for a in hard} == {1, 2, 3, 4, 5}
    assert np.median([a['area'] for a in hard]) < np.median(
        [a['area'] for a in easy])


def test_classification_more_classes(tmp_path):
    make_classification(str(tmp_path), num_train=30, num_val=15,
                        num_classes=15)
    with open(osp.join(str(tmp_path), 'meta', 'train.txt')) as f:
        labels = {int(line.split()[1]) for line in f}
    assert labels == set(range(15))


def test_segmentation_more_classes(tmp_path):
    import cv2
    make_cityscapes_segmentation(str(tmp_path), num_train=6, num_val=1,
                                 **HARD['seg'])
    seen = set()
    for path in tree_digest(str(tmp_path / 'gtFine' / 'train')):
        seen |= set(np.unique(cv2.imread(
            str(tmp_path / 'gtFine' / 'train' / path), 0)).tolist())
    extra = {SEG_TRAIN_IDS[k] for k in ('pole', 'traffic_sign', 'terrain')}
    assert extra <= seen


def test_clutter_changes_images_not_labels(tmp_path):
    make_cityscapes_segmentation(str(tmp_path / 'a'), num_train=2,
                                 num_val=1)
    make_cityscapes_segmentation(str(tmp_path / 'b'), num_train=2,
                                 num_val=1, clutter=2.0)
    labels = [tree_digest(str(tmp_path / k / 'gtFine')) for k in 'ab']
    images = [tree_digest(str(tmp_path / k / 'leftImg8bit')) for k in 'ab']
    assert labels[0] == labels[1] and images[0] != images[1]


@pytest.mark.parametrize('task,options', [
    ('det', dict(num_classes=6)),
    ('cls', dict(num_classes=0)),
    ('seg', dict(num_classes=12)),
])
def test_bad_class_counts_fail(tmp_path, task, options):
    with pytest.raises(ValueError, match='num_classes'):
        make_toy_data(str(tmp_path), [task], small=True,
                      options={task: options})


@pytest.mark.parametrize('task,option', [
    ('det', 'colour_hint'), ('seg', 'colour_hint'), ('cls', 'colour_jitter'),
])
def test_no_colour_options(tmp_path, task, option):
    assert all(option not in preset for preset in HARD.values())
    with pytest.raises(TypeError, match=option):
        make_toy_data(str(tmp_path), [task], small=True,
                      options={task: {option: 0.5}})


def test_config_lists_the_classes():
    from mmengine.config import Config

    from mmkd_teach.toy_data import CLS_CLASSES
    from tests.conftest import REPO
    cfg = Config.fromfile(osp.join(REPO, 'configs', '_base_', 'datasets',
                                   'toy_cls.py'))
    assert cfg.metainfo['classes'] == CLS_CLASSES
