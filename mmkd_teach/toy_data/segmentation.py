"""A Cityscapes-layout toy segmentation set: street-like scenes of textured
regions labelled with a subset of the 19 Cityscapes train ids.

``leftImg8bit/{split}/toycity/*_leftImg8bit.png`` and
``gtFine/{split}/toycity/*_gtFine_labelTrainIds.png`` (uint8, 255 = ignore),
as mmseg's CityscapesDataset expects.

``num_classes`` (7, the default, to 11) says how many of the region kinds
of ``SEG_TRAIN_IDS`` are drawn (the first 7 are the street scene; then
pole, traffic sign, terrain and truck). Harder sets: more classes,
``object_scale < 1`` (smaller cars, people and signs), ``clutter > 0``
(unlabelled blotches painted over the regions, which keep their labels) and
``colour_hint < 1`` (that share of regions takes any colour, so colours are
shared between classes).
"""
import os
import os.path as osp
from typing import Dict

import numpy as np

from .shapes import (add_clutter, background, jitter, paint, save_png,
                     shape_mask, texture)

# Cityscapes train ids used here, in the order ``num_classes`` takes them.
SEG_TRAIN_IDS = dict(
    road=0, sidewalk=1, building=2, vegetation=8, sky=10, person=11, car=13,
    pole=5, traffic_sign=7, terrain=9, truck=14)
DEFAULT_NUM_CLASSES = 7
_STYLE = dict(  # colour, texture
    road=((90, 90, 95), 'flat'),
    sidewalk=((150, 140, 130), 'dots'),
    building=((150, 100, 80), 'stripes'),
    vegetation=((70, 140, 60), 'dots'),
    sky=((120, 170, 230), 'flat'),
    person=((200, 60, 140), 'flat'),
    car=((40, 60, 170), 'stripes'),
    pole=((120, 120, 60), 'flat'),
    traffic_sign=((220, 200, 40), 'flat'),
    terrain=((140, 160, 90), 'stripes'),
    truck=((160, 40, 40), 'dots'))
IGNORE = 255


class _Painter:
    """Paints labelled regions with their style (or, ``1 - colour_hint``
    of the time, any colour)."""

    def __init__(self, rng, img, label, colour_hint):
        self.rng, self.img, self.label = rng, img, label
        self.colour_hint = colour_hint

    def __call__(self, mask, name):
        colour, kind = _STYLE[name]
        if self.colour_hint < 1 and self.rng.random() >= self.colour_hint:
            colour = self.rng.uniform(30, 230, 3)
        h, w = mask.shape
        paint(self.img, mask,
              texture(self.rng, h, w, kind, jitter(self.rng, colour, 30)))
        self.label[mask] = SEG_TRAIN_IDS[name]


def _extras(rng, region, xx, yy, h, w, horizon, street, kinds, scale):
    """The optional region kinds (pole, traffic sign, terrain, truck)."""
    if 'terrain' in kinds:
        tw = int(rng.integers(w // 6, w // 3))
        tx = int(rng.integers(0, w - tw))
        region((xx >= tx) & (xx < tx + tw) & (yy >= street) &
               (yy < street + h // 10), 'terrain')
    if 'truck' in kinds and rng.random() < 0.7:
        tw = int(rng.integers(w // 4, w // 3) * scale)
        th = int(rng.integers(h // 6, h // 4) * scale)
        tx, ty = int(rng.integers(0, w - tw)), int(rng.integers(
            street, h - th))
        region((xx >= tx) & (xx < tx + tw) & (yy >= ty) & (yy < ty + th),
               'truck')
    for _ in range(int(rng.integers(1, 3)) if 'pole' in kinds else 0):
        px = int(rng.integers(2, w - 2))
        top = int(rng.integers(h // 10, horizon))
        region((np.abs(xx - px) <= max(1, int(2 * scale))) & (yy >= top) &
               (yy < street), 'pole')
        if 'traffic_sign' in kinds:
            side = max(2, int(rng.integers(h // 12, h // 7) * scale))
            region((np.abs(xx - px) <= side) & (yy >= top) &
                   (yy < top + side), 'traffic_sign')


def _draw_scene(rng, h, w, num_classes=DEFAULT_NUM_CLASSES,
                object_scale=1.0, clutter=0.0, clutter_rng=None,
                colour_hint=1.0):
    img = background(rng, h, w)
    label = np.full((h, w), IGNORE, np.uint8)
    region = _Painter(rng, img, label, colour_hint)
    kinds = list(SEG_TRAIN_IDS)[:num_classes]
    yy, xx = np.mgrid[0:h, 0:w]
    horizon = int(h * rng.uniform(0.3, 0.45))
    street = int(h * rng.uniform(0.6, 0.75))
    region(yy < horizon, 'sky')
    # buildings: blocks of random heights standing on the horizon band
    x = 0
    while x < w:
        bw = int(rng.integers(w // 8, w // 3))
        top = int(rng.integers(h // 10, horizon))
        kind = 'building' if rng.random() < 0.7 else 'vegetation'
        mask = (xx >= x) & (xx < x + bw) & (yy >= top) & (yy < street)
        region(mask, kind)
        x += bw
    region((yy >= street) & (yy < street + h // 10), 'sidewalk')
    region(yy >= street + h // 10, 'road')
    for _ in range(int(rng.integers(1, 4))):  # cars on the road
        cw, ch = int(rng.integers(w // 8, w // 4)), int(rng.integers(
            h // 10, h // 5))
        cw, ch = max(2, int(cw * object_scale)), max(2, int(ch * object_scale))
        cx, cy = int(rng.integers(0, w - cw)), int(rng.integers(
            street, h - ch))
        mask = (xx >= cx) & (xx < cx + cw) & (yy >= cy) & (yy < cy + ch)
        region(mask, 'car')
    for _ in range(int(rng.integers(0, 3))):  # people
        size = rng.uniform(h * 0.12, h * 0.25) * object_scale
        cx, cy = rng.uniform(4, w - 4), rng.uniform(horizon, h - size / 2)
        mask = shape_mask('circle', h, w, cx, cy, size) & (
            np.abs(xx - cx) < size / 4)
        region(mask, 'person')
    if len(kinds) > DEFAULT_NUM_CLASSES:
        _extras(rng, region, xx, yy, h, w, horizon, street, kinds,
                object_scale)
    if clutter > 0:  # blotches over the scene; the labels stay
        add_clutter(clutter_rng, img, clutter)
    # a thin unlabelled band, as in Cityscapes' void regions
    band = int(rng.integers(0, h - 2))
    label[band:band + 2, :int(rng.integers(w // 4, w))] = IGNORE
    return img, label


def make_cityscapes_segmentation(root: str,
                                 num_train: int = 120,
                                 num_val: int = 30,
                                 height: int = 64,
                                 width: int = 128,
                                 seed: int = 0,
                                 num_classes: int = DEFAULT_NUM_CLASSES,
                                 object_scale: float = 1.0,
                                 clutter: float = 0.0,
                                 colour_hint: float = 1.0) -> Dict[str, str]:
    """Write the set under ``root`` (options: see the module docstring).

    Returns the image folders (``train``, ``val``) and label folders
    (``train_seg``, ``val_seg``).
    """
    if not DEFAULT_NUM_CLASSES <= num_classes <= len(SEG_TRAIN_IDS):
        raise ValueError(f'num_classes must be in [{DEFAULT_NUM_CLASSES}, '
                         f'{len(SEG_TRAIN_IDS)}], got {num_classes}')
    options = dict(num_classes=num_classes, object_scale=object_scale,
                   clutter=clutter, colour_hint=colour_hint)
    rng = np.random.default_rng(seed)
    # clutter draws from its own stream: it changes pixels, never the layout
    options['clutter_rng'] = np.random.default_rng([seed, 1])
    out = {}
    for split, num in (('train', num_train), ('val', num_val)):
        img_dir = osp.join(root, 'leftImg8bit', split, 'toycity')
        ann_dir = osp.join(root, 'gtFine', split, 'toycity')
        os.makedirs(img_dir, exist_ok=True)
        os.makedirs(ann_dir, exist_ok=True)
        for i in range(num):
            img, label = _draw_scene(rng, height, width, **options)
            stem = f'toycity_{i:06d}_000019'
            save_png(osp.join(img_dir, f'{stem}_leftImg8bit.png'), img)
            save_png(
                osp.join(ann_dir, f'{stem}_gtFine_labelTrainIds.png'), label)
        out[split] = img_dir
        out[f'{split}_seg'] = ann_dir
    return out
