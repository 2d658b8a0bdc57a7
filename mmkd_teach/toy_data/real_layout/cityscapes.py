"""A small set in Cityscapes' own layout, read by an unchanged Cityscapes
config (mmseg's CityscapesDataset, 19 classes):

``leftImg8bit/{split}/<city>/<city>_<seq>_<frame>_leftImg8bit.png`` and
``gtFine/{split}/<city>/<city>_<seq>_<frame>_gtFine_labelTrainIds.png``
(uint8 train ids of real Cityscapes classes, 255 = ignore), with real city
names, images 1:2 as Cityscapes' 1024x2048.
"""
import os
import os.path as osp
from typing import Dict

import numpy as np

from ..segmentation import SEG_TRAIN_IDS, _draw_scene
from ..shapes import save_png

CITIES = dict(train=('aachen', 'bremen'), val=('frankfurt', ))


def make_cityscapes_layout(root: str, num_train: int = 4, num_val: int = 2,
                           height: int = 128, width: int = 256,
                           seed: int = 0) -> Dict[str, str]:
    """Write the set under ``root`` (e.g. ``data/cityscapes``), the images
    of a split spread over its cities; returns the image folders
    (``train``, ``val``)."""
    rng = np.random.default_rng(seed)
    out = {}
    for split, num in (('train', num_train), ('val', num_val)):
        cities = CITIES[split]
        for i in range(num):
            city = cities[i % len(cities)]
            img_dir = osp.join(root, 'leftImg8bit', split, city)
            ann_dir = osp.join(root, 'gtFine', split, city)
            os.makedirs(img_dir, exist_ok=True)
            os.makedirs(ann_dir, exist_ok=True)
            img, label = _draw_scene(rng, height, width,
                                     num_classes=len(SEG_TRAIN_IDS))
            stem = f'{city}_{i:06d}_000019'
            save_png(osp.join(img_dir, f'{stem}_leftImg8bit.png'), img)
            save_png(
                osp.join(ann_dir, f'{stem}_gtFine_labelTrainIds.png'), label)
        out[split] = osp.join(root, 'leftImg8bit', split)
    return out
