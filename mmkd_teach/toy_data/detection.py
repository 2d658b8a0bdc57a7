"""A COCO-format toy detection set: textured circles, squares and triangles
on noisy backgrounds, 1-4 per image, mostly large with some small ones.

Colour is a hint, not the answer: each class has a colour family, but a
third of the objects take any colour, so the shape must be learnt.
"""
import json
import os
import os.path as osp
from typing import Dict

import numpy as np

from .shapes import background, jitter, paint, save_png, shape_mask, texture

DET_CLASSES = ('circle', 'square', 'triangle')
_COLOURS = ((220, 60, 60), (60, 200, 80), (70, 90, 230))
_TEXTURES = ('flat', 'stripes', 'dots')


def _draw_image(rng, size):
    img = background(rng, size, size)
    boxes, labels = [], []
    occupied = np.zeros((size, size), bool)
    for _ in range(int(rng.integers(1, 5))):
        for _attempt in range(20):
            label = int(rng.integers(len(DET_CLASSES)))
            small = rng.random() < 0.3
            side = rng.uniform(0.08, 0.16) if small else rng.uniform(0.2, 0.5)
            side *= size
            cx, cy = rng.uniform(side / 2, size - side / 2, 2)
            mask = shape_mask(DET_CLASSES[label], size, size, cx, cy, side,
                              rng.uniform(0, np.pi / 2))
            if mask.sum() < 12 or (mask & occupied).sum() > 0.2 * mask.sum():
                continue
            colour = (
                jitter(rng, _COLOURS[label]) if rng.random() < 0.67 else
                rng.uniform(30, 230, 3))
            kind = _TEXTURES[int(rng.integers(len(_TEXTURES)))]
            paint(img, mask, texture(rng, size, size, kind, colour))
            occupied |= mask
            ys, xs = np.nonzero(mask)
            boxes.append([
                float(xs.min()),
                float(ys.min()),
                float(xs.max() - xs.min() + 1),
                float(ys.max() - ys.min() + 1)
            ])
            labels.append(label)
            break
    return img, boxes, labels


def _write_split(root, split, num, size, rng):
    os.makedirs(osp.join(root, split), exist_ok=True)
    images, annotations = [], []
    for i in range(num):
        img, boxes, labels = _draw_image(rng, size)
        name = f'{split}_{i:05d}.png'
        save_png(osp.join(root, split, name), img)
        images.append(dict(id=i, file_name=name, width=size, height=size))
        for box, label in zip(boxes, labels):
            x, y, w, h = box
            annotations.append(
                dict(
                    id=len(annotations) + 1,
                    image_id=i,
                    category_id=label + 1,
                    bbox=box,
                    area=w * h,
                    iscrowd=0,
                    segmentation=[[x, y, x + w, y, x + w, y + h, x, y + h]]))
    coco = dict(
        images=images,
        annotations=annotations,
        categories=[
            dict(id=i + 1, name=name) for i, name in enumerate(DET_CLASSES)
        ])
    path = osp.join(root, 'annotations', f'instances_{split}.json')
    with open(path, 'w') as f:
        json.dump(coco, f)
    return path


def make_coco_detection(root: str,
                        num_train: int = 240,
                        num_val: int = 60,
                        image_size: int = 128,
                        seed: int = 0) -> Dict[str, str]:
    """Write the set under ``root``; return the annotation paths."""
    rng = np.random.default_rng(seed)
    os.makedirs(osp.join(root, 'annotations'), exist_ok=True)
    return {
        'train': _write_split(root, 'train', num_train, image_size, rng),
        'val': _write_split(root, 'val', num_val, image_size, rng),
    }
