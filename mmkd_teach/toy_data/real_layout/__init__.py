"""Small sets in the real data sets' own layouts, with real class names and
ids, so that the shipped real-pair configs (``*_coco.py``,
``*_cityscapes-512x1024.py``, ``*_in1k.py``) read them unchanged but for
``data_root``: ``{root}/coco``, ``{root}/cityscapes``, ``{root}/imagenet``,
as the upstream configs' ``data/coco/`` etc. The pictures are the toy
shapes and scenes of mmkd_teach.toy_data.
"""
import os.path as osp

from .cityscapes import make_cityscapes_layout
from .coco import COCO_CATEGORIES, SHAPE_CATEGORIES, make_coco_layout
from .imagenet import WNIDS, make_imagenet_layout

LAYOUTS = dict(
    coco=make_coco_layout,
    cityscapes=make_cityscapes_layout,
    imagenet=make_imagenet_layout)


def make_real_layout(root: str, layouts=tuple(LAYOUTS),
                     seed: int = 0) -> dict:
    """Write each of ``layouts`` under ``root/<layout>``."""
    return {
        name: LAYOUTS[name](osp.join(root, name), seed=seed)
        for name in layouts
    }


__all__ = [
    'COCO_CATEGORIES', 'LAYOUTS', 'SHAPE_CATEGORIES', 'WNIDS',
    'make_cityscapes_layout', 'make_coco_layout', 'make_imagenet_layout',
    'make_real_layout'
]
