"""A small set in MS-COCO's own layout, read by an unchanged COCO config:

``annotations/instances_{train,val}2017.json``, ``train2017/``,
``val2017/`` with ``{image id:012d}.jpg`` images. The json lists all 80
COCO categories with their real ids and names (mmdet maps ids to labels
through the names, so a partial list would shift the labels); the toy's
five shapes are drawn as five of them (``SHAPE_CATEGORIES``).
"""
import json
import os
import os.path as osp
from typing import Dict

import numpy as np

from ..detection import DET_CLASSES, _annotation, _draw_image
from ..shapes import save_png

# (id, name) of COCO's 80 categories, in mmdet's CocoDataset order.
COCO_CATEGORIES = (
    (1, 'person'), (2, 'bicycle'), (3, 'car'), (4, 'motorcycle'),
    (5, 'airplane'), (6, 'bus'), (7, 'train'), (8, 'truck'), (9, 'boat'),
    (10, 'traffic light'), (11, 'fire hydrant'), (13, 'stop sign'),
    (14, 'parking meter'), (15, 'bench'), (16, 'bird'), (17, 'cat'),
    (18, 'dog'), (19, 'horse'), (20, 'sheep'), (21, 'cow'),
    (22, 'elephant'), (23, 'bear'), (24, 'zebra'), (25, 'giraffe'),
    (27, 'backpack'), (28, 'umbrella'), (31, 'handbag'), (32, 'tie'),
    (33, 'suitcase'), (34, 'frisbee'), (35, 'skis'), (36, 'snowboard'),
    (37, 'sports ball'), (38, 'kite'), (39, 'baseball bat'),
    (40, 'baseball glove'), (41, 'skateboard'), (42, 'surfboard'),
    (43, 'tennis racket'), (44, 'bottle'), (46, 'wine glass'), (47, 'cup'),
    (48, 'fork'), (49, 'knife'), (50, 'spoon'), (51, 'bowl'),
    (52, 'banana'), (53, 'apple'), (54, 'sandwich'), (55, 'orange'),
    (56, 'broccoli'), (57, 'carrot'), (58, 'hot dog'), (59, 'pizza'),
    (60, 'donut'), (61, 'cake'), (62, 'chair'), (63, 'couch'),
    (64, 'potted plant'), (65, 'bed'), (67, 'dining table'), (70, 'toilet'),
    (72, 'tv'), (73, 'laptop'), (74, 'mouse'), (75, 'remote'),
    (76, 'keyboard'), (77, 'cell phone'), (78, 'microwave'), (79, 'oven'),
    (80, 'toaster'), (81, 'sink'), (82, 'refrigerator'), (84, 'book'),
    (85, 'clock'), (86, 'vase'), (87, 'scissors'), (88, 'teddy bear'),
    (89, 'hair drier'), (90, 'toothbrush'))
# The COCO category each toy shape stands for.
SHAPE_CATEGORIES = dict(
    circle='sports ball', square='tv', triangle='kite', ring='donut',
    cross='airplane')
_ID = {name: cat_id for cat_id, name in COCO_CATEGORIES}


def _write_split(root, split, num, size, rng, first_id):
    folder = osp.join(root, f'{split}2017')
    os.makedirs(folder, exist_ok=True)
    images, annotations = [], []
    for i in range(num):
        img, objects = _draw_image(rng, size, num_classes=len(DET_CLASSES))
        image_id = first_id + i
        name = f'{image_id:012d}.jpg'
        save_png(osp.join(folder, name), img)  # the extension picks JPEG
        images.append(dict(id=image_id, file_name=name, width=size,
                           height=size))
        for label, mask in objects:
            ann = _annotation(len(annotations) + 1, image_id, label, mask)
            ann['category_id'] = _ID[SHAPE_CATEGORIES[DET_CLASSES[label]]]
            annotations.append(ann)
    coco = dict(
        info=dict(description=f'mmkd_teach toy set, COCO layout ({split})'),
        images=images,
        annotations=annotations,
        categories=[
            dict(id=cat_id, name=name) for cat_id, name in COCO_CATEGORIES
        ])
    path = osp.join(root, 'annotations', f'instances_{split}2017.json')
    with open(path, 'w') as f:
        json.dump(coco, f)
    return path


def make_coco_layout(root: str, num_train: int = 8, num_val: int = 4,
                     image_size: int = 128, seed: int = 0) -> Dict[str, str]:
    """Write the set under ``root`` (e.g. ``data/coco``); returns the
    annotation files (``train``, ``val``)."""
    rng = np.random.default_rng(seed)
    os.makedirs(osp.join(root, 'annotations'), exist_ok=True)
    return {
        split: _write_split(root, split, num, image_size, rng, first_id)
        for split, num, first_id in (('train', num_train, 1),
                                     ('val', num_val, 100001))
    }
