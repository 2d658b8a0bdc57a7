"""Toy data in the real formats (COCO, Cityscapes, mmpretrain folders),
generated from a seed (same seed, byte-identical files): the quick start and
the tests need no download. ``tools/misc/make_toy_data.py`` writes them.

In every set a class is carried by shape, texture and (in the street
scenes) layout; colours, brightness, saturation and contrast are drawn the
same way for every class (see ``shapes``), so a label survives Invert,
Solarize or a brightness change as a real one does.

Read by the upstream classes (``root`` = the ``--out`` folder, split
``train`` or ``val``)::

    mmdet.datasets.CocoDataset(
        data_root=f'{root}/det', ann_file='annotations/instances_train.json',
        data_prefix=dict(img='train/'), metainfo=dict(classes=DET_CLASSES))
    mmseg.datasets.CityscapesDataset(
        data_root=f'{root}/seg', data_prefix=dict(
            img_path='leftImg8bit/train', seg_map_path='gtFine/train'))
    mmpretrain.datasets.CustomDataset(
        data_root=f'{root}/cls', ann_file='meta/train.txt',
        data_prefix='train', metainfo=dict(classes=CLS_CLASSES))

and scored by ``mmdet.evaluation.CocoMetric(ann_file=f'{root}/det/
annotations/instances_val.json', metric='bbox')``,
``mmseg.evaluation.IoUMetric(iou_metrics=['mIoU'])`` and
``mmpretrain.evaluation.Accuracy(topk=(1, ))``.
"""
import json
import os.path as osp

from .classification import CLS_CLASSES, make_classification
from .detection import DET_CLASSES, make_coco_detection
from .segmentation import SEG_TRAIN_IDS, make_cityscapes_segmentation
from .version import TOY_DATA_VERSION

SMALL = dict(
    det=dict(num_train=16, num_val=8),
    seg=dict(num_train=8, num_val=4),
    cls=dict(num_train=60, num_val=30))
MAKERS = dict(
    det=make_coco_detection,
    seg=make_cityscapes_segmentation,
    cls=make_classification)


# A harder variant of every set, for checking that a recipe is not fitted
# to the defaults: more classes, smaller objects, clutter. (Colours are
# drawn independently of the class in every set, hard or not: no option
# makes colour tell a class.)
HARD = dict(
    det=dict(num_classes=5, object_scale=0.7, clutter=1.0),
    seg=dict(num_classes=11, object_scale=0.7, clutter=1.0),
    cls=dict(num_classes=15, object_scale=0.8, clutter=1.0))


def make_toy_data(root: str, tasks=('det', 'seg', 'cls'), seed: int = 0,
                  small: bool = False, options: dict = None) -> dict:
    """Write the toy sets of ``tasks`` under ``root/{task}``.

    ``options``: ``{task: {option: value}}`` passed to that task's maker
    (e.g. ``HARD``). Each set gets a ``generator.json``: the generator's
    ``TOY_DATA_VERSION``, the seed and the maker's options.
    """
    options = options or {}
    written = {}
    for task in tasks:
        kwargs = dict(SMALL[task] if small else {}, **options.get(task, {}))
        folder = osp.join(root, task)
        written[task] = MAKERS[task](folder, seed=seed, **kwargs)
        with open(osp.join(folder, 'generator.json'), 'w') as f:
            json.dump(dict(version=TOY_DATA_VERSION, seed=seed,
                           options=kwargs), f, sort_keys=True)
    return written


def make_all_small(root: str, seed: int = 0) -> dict:
    """The small sets of every task (for tests)."""
    return make_toy_data(root, seed=seed, small=True)


__all__ = [
    'CLS_CLASSES', 'DET_CLASSES', 'HARD', 'SEG_TRAIN_IDS', 'TOY_DATA_VERSION',
    'make_classification',
    'make_coco_detection', 'make_cityscapes_segmentation', 'make_toy_data',
    'make_all_small'
]
