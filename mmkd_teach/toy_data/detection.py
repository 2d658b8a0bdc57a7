"""A COCO-format toy detection set: textured shapes on smooth backgrounds,
1-4 per image, mostly large with some small ones.

The category list is always the five shapes of ``DET_CLASSES`` (the toy
models predict all five); ``num_classes`` (default 3: circle, square,
triangle) says how many of them are drawn. Categories without an object
are not scored by the COCO metric.

A category is its outline and nothing else. The colour of every object
(any hue, saturation and brightness, at least ``MIN_CONTRAST`` in RGB from
the colour beneath it, so that it shows), its texture (stripes, checks or
speckle) and the background (a smooth colour field, textured too) are
drawn whatever the category; the texture contrast is drawn once per image,
for the background and every object alike; and a shape is drawn at an area
that does not depend on the shape. So an object's own pixels say nothing of
its category by their colours, before or after Invert, Solarize or a
brightness change; only the share of background in its box differs with the
outline (a disc fills more of its box than a triangle), which the colours
in a box reflect a little. Harder sets: more classes, ``object_scale < 1``
(smaller objects), ``clutter > 0`` (unlabelled distractors of random colour
and texture).

Overlap is limited: a new object may have at most 20% of its area on earlier
ones, and every earlier object keeps at least 70% of its pixels visible.
Boxes, polygons and areas are those of the visible pixels, as in COCO.

The validation split (300 images, about 750 objects by default) is drawn
after the training split, so its size never changes the training images. It
is large because the mAP of 60 images swung by several points: one toy
student scored 33.2 on the first 60 and 27.8 on the first 300.
"""
import json
import os
import os.path as osp
from typing import Dict, List

import cv2
import numpy as np

from .shapes import (SHAPES, TEXTURE_AMPLITUDE, add_clutter, add_noise,
                     background, contrasting_colour, mask_of_area, paint,
                     save_png, side_for_area, texture)

DET_CLASSES = SHAPES
DEFAULT_NUM_CLASSES = 3
MIN_CONTRAST = 60.0  # an object's colour from what lies beneath, in RGB
BG_SPREAD = 20.0  # how much the background's colour varies over an image
_TEXTURES = ('stripes', 'checks', 'speckle')
_MEAN_FILL = 0.6  # a shape of ``side`` s covers about 0.6 s^2 pixels
_MAX_COVERED = 0.2  # of a new object, by earlier ones
_MIN_VISIBLE = 0.7  # of an earlier object, after the later ones


def _fits(mask, owner, full_areas):
    """Whether ``mask`` may be painted on top of the objects in ``owner``."""
    covered = owner[mask]
    covered = covered[covered >= 0]
    if len(covered) > _MAX_COVERED * mask.sum():
        return False
    lost = np.bincount(covered, minlength=len(full_areas))
    visible = np.bincount(owner[owner >= 0], minlength=len(full_areas))
    return bool(
        np.all(visible - lost >= _MIN_VISIBLE * np.asarray(full_areas)))


def _draw_image(rng, size, num_classes=DEFAULT_NUM_CLASSES,
                object_scale=1.0, clutter=0.0, clutter_rng=None):
    """One image and its objects: ``img, [(label, visible mask), ...]``."""
    img = background(rng, size, size, spread=BG_SPREAD)
    # textured as the objects are, so that no share of object in a box
    # changes how much texture the box holds
    amplitude = rng.uniform(*TEXTURE_AMPLITUDE)
    kind = _TEXTURES[int(rng.integers(len(_TEXTURES)))]
    img = np.clip(texture(rng, size, size, kind, (0, 0, 0), amplitude) + img,
                  0, 255).astype(np.uint8)
    if clutter > 0:
        add_clutter(clutter_rng, img, clutter)
    owner = np.full((size, size), -1, np.int64)  # index of the top object
    labels, full_areas = [], []
    for _ in range(int(rng.integers(1, 5))):
        for _attempt in range(20):
            label = int(rng.integers(num_classes))
            small = rng.random() < 0.3
            side = rng.uniform(0.08, 0.16) if small else rng.uniform(0.2, 0.5)
            area = _MEAN_FILL * (side * size * object_scale)**2
            side = side_for_area(DET_CLASSES[label], area)
            cx, cy = rng.uniform(side / 2, size - side / 2, 2)
            mask = mask_of_area(DET_CLASSES[label], size, size, cx, cy, area,
                                rng.uniform(0, np.pi / 2))
            if mask.sum() < 12 or not _fits(mask, owner, full_areas):
                continue
            # any colour, for any category, against what lies beneath
            colour = contrasting_colour(rng, img[mask].mean(0),
                                        min_distance=MIN_CONTRAST)
            kind = _TEXTURES[int(rng.integers(len(_TEXTURES)))]
            paint(img, mask,
                  texture(rng, size, size, kind, colour, amplitude))
            owner[mask] = len(labels)
            labels.append(label)
            full_areas.append(int(mask.sum()))
            break
    img = add_noise(rng, img, 8)
    return img, [(label, owner == i) for i, label in enumerate(labels)]


def _polygons(mask) -> List[List[float]]:
    """COCO polygons of the parts of ``mask`` (outer pixel corners)."""
    # Upsampled 2x, the outline of the pixel centres lies on pixel borders.
    big = cv2.resize(mask.astype(np.uint8), None, fx=2, fy=2,
                     interpolation=cv2.INTER_NEAREST)
    contours, _ = cv2.findContours(big, cv2.RETR_EXTERNAL,
                                   cv2.CHAIN_APPROX_SIMPLE)
    polys = []
    for contour in contours:
        pts = contour.reshape(-1, 2).astype(np.float64)
        pts = (pts + (pts % 2 == 1)) / 2  # odd: right/bottom pixel border
        if len(pts) < 3:  # a straight line: outline its box
            (x0, y0), (x1, y1) = pts.min(0), pts.max(0)
            pts = np.array([[x0, y0], [x1, y0], [x1, y1], [x0, y1]])
        polys.append([round(float(v), 1) for v in pts.reshape(-1)])
    return polys


def _annotation(ann_id, image_id, label, mask):
    ys, xs = np.nonzero(mask)
    x, y = float(xs.min()), float(ys.min())
    w, h = float(xs.max() + 1) - x, float(ys.max() + 1) - y
    return dict(
        id=ann_id,
        image_id=image_id,
        category_id=label + 1,
        bbox=[x, y, w, h],
        area=float(mask.sum()),
        iscrowd=0,
        segmentation=_polygons(mask))


def _write_split(root, split, num, size, rng, options):
    os.makedirs(osp.join(root, split), exist_ok=True)
    images, annotations = [], []
    for i in range(num):
        img, objects = _draw_image(rng, size, **options)
        name = f'{split}_{i:05d}.png'
        save_png(osp.join(root, split, name), img)
        images.append(dict(id=i, file_name=name, width=size, height=size))
        for label, mask in objects:
            annotations.append(
                _annotation(len(annotations) + 1, i, label, mask))
    coco = dict(
        images=images,
        annotations=annotations,
        categories=[
            dict(id=i + 1, name=name, supercategory='shape')
            for i, name in enumerate(DET_CLASSES)
        ])
    path = osp.join(root, 'annotations', f'instances_{split}.json')
    with open(path, 'w') as f:
        json.dump(coco, f)
    return path


def make_coco_detection(root: str,
                        num_train: int = 960,
                        num_val: int = 300,
                        image_size: int = 128,
                        seed: int = 0,
                        num_classes: int = DEFAULT_NUM_CLASSES,
                        object_scale: float = 1.0,
                        clutter: float = 0.0) -> Dict[str, str]:
    """Write the set under ``root`` (options: see the module docstring).

    Returns the annotation files (``train``, ``val``) and image folders
    (``train_img``, ``val_img``).
    """
    if not 1 <= num_classes <= len(DET_CLASSES):
        raise ValueError(f'num_classes must be in [1, {len(DET_CLASSES)}], '
                         f'got {num_classes}')
    options = dict(num_classes=num_classes, object_scale=object_scale,
                   clutter=clutter)
    rng = np.random.default_rng(seed)
    # clutter draws from its own stream: it changes pixels, never the layout
    options['clutter_rng'] = np.random.default_rng([seed, 1])
    os.makedirs(osp.join(root, 'annotations'), exist_ok=True)
    out = {}
    for split, num in (('train', num_train), ('val', num_val)):
        out[split] = _write_split(root, split, num, image_size, rng, options)
        out[f'{split}_img'] = osp.join(root, split)
    return out
