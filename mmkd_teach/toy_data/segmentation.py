"""A Cityscapes-layout toy segmentation set: street-like scenes of textured
regions labelled with a subset of the 19 Cityscapes train ids.

``leftImg8bit/{split}/toycity/*_leftImg8bit.png`` and
``gtFine/{split}/toycity/*_gtFine_labelTrainIds.png`` (uint8, 255 = ignore),
as mmseg's CityscapesDataset expects.

A region's class is told by its place, its outline and its texture, never
by its colour:

* place: sky at the top, a row of buildings and trees standing on a band
  of sidewalk, road below it, cars and trucks on the road, people on the
  sidewalk and road, poles from the street up;
* outline: cars (a body and a cabin), trucks (a cargo box and a cab),
  people (a head on a body), poles (thin and upright) with a sign on top
  (disc, triangle or square), trees (round crowns);
* texture (``SEG_PATTERNS``): fine grain on the road, paving joints on the
  sidewalk, windows on buildings, blotches on vegetation, streaks in the
  sky, horizontal stripes on cars, vertical ones on people, diagonal ones
  on terrain, checks on trucks.

Every image draws one colour per class (any hue, saturation and
brightness, the classes' colours at least ``MIN_DISTANCE`` apart, in a
random order) and one texture contrast per class from a single range, so
the colours and contrast of a class's pixels, or of the 9x9 window around
a pixel, say nothing of its class, and Invert, Solarize or a brightness
change leave a scene of the same classes.

``num_classes`` (7, the default, to 11) says how many of the region kinds
of ``SEG_TRAIN_IDS`` are drawn (the first 7 are the street scene; then
pole, traffic sign, terrain and truck). Harder sets: more classes,
``object_scale < 1`` (smaller cars, people and signs), ``clutter > 0``
(unlabelled blotches of random colour and texture painted over the
regions, which keep their labels).
"""
import os
import os.path as osp
from typing import Dict

import numpy as np

from .shapes import (TEXTURE_AMPLITUDE, add_clutter, add_noise,
                     contrasting_colours, paint, save_png, shape_mask,
                     texture)

# Cityscapes train ids used here, in the order ``num_classes`` takes them.
SEG_TRAIN_IDS = dict(
    road=0, sidewalk=1, building=2, vegetation=8, sky=10, person=11, car=13,
    pole=5, traffic_sign=7, terrain=9, truck=14)
DEFAULT_NUM_CLASSES = 7
# The texture of each region kind (see shapes.pattern); colours are drawn.
SEG_PATTERNS = dict(
    road='speckle', sidewalk='tiles', building='windows',
    vegetation='blotches', sky='clouds', person='vstripes', car='hstripes',
    pole='speckle', traffic_sign='speckle', terrain='dstripes',
    truck='checks')
MIN_DISTANCE = 60.0  # between two classes' colours in an image (RGB)
IGNORE = 255


class _Painter:
    """Paints labelled regions, each class of the image in its own texture:
    one colour per class (drawn for the image, in a random order) and one
    contrast per class (drawn from ``TEXTURE_AMPLITUDE``)."""

    def __init__(self, rng, img, label):
        self.rng, self.img, self.label = rng, img, label
        colours = contrasting_colours(rng, len(SEG_TRAIN_IDS),
                                      min_distance=MIN_DISTANCE)
        self.colours = dict(zip(SEG_TRAIN_IDS, colours))
        self.amplitudes = {
            name: rng.uniform(*TEXTURE_AMPLITUDE)
            for name in SEG_TRAIN_IDS
        }
        self.textures = {}

    def __call__(self, mask, name):
        if name not in self.textures:
            h, w = mask.shape
            self.textures[name] = texture(self.rng, h, w,
                                          SEG_PATTERNS[name],
                                          self.colours[name],
                                          self.amplitudes[name])
        paint(self.img, mask, self.textures[name])
        self.label[mask] = SEG_TRAIN_IDS[name]


def _box(xx, yy, x, y, w, h):
    return (xx >= x) & (xx < x + w) & (yy >= y) & (yy < y + h)


def _car(xx, yy, x, y, w, h):
    """A body (the lower 60%) under a cabin (the middle 60% of the width)."""
    body = _box(xx, yy, x, y + 0.4 * h, w, 0.6 * h)
    return body | _box(xx, yy, x + 0.2 * w, y, 0.6 * w, 0.45 * h)


def _truck(rng, xx, yy, x, y, w, h):
    """A tall cargo box and a lower cab on one side."""
    cab_w = 0.3 * w
    if rng.random() < 0.5:  # cab on the left
        return (_box(xx, yy, x, y + 0.35 * h, cab_w, 0.65 * h)
                | _box(xx, yy, x + cab_w, y, w - cab_w, h))
    return (_box(xx, yy, x, y, w - cab_w, h)
            | _box(xx, yy, x + w - cab_w, y + 0.35 * h, cab_w, 0.65 * h))


def _person(h, w, xx, yy, cx, cy, size):
    """A head on an upright body, ``size`` tall, centred at (cx, cy)."""
    head = shape_mask('circle', h, w, cx, cy - 0.36 * size,
                      max(2.0, 0.26 * size))
    body = ((xx - cx) / max(1.0, 0.17 * size))**2 + (
        (yy - cy - 0.12 * size) / (0.38 * size))**2 <= 1
    return head | body


def _extras(rng, region, xx, yy, h, w, horizon, street, walk, kinds,
            scale):
    """The optional region kinds (pole, traffic sign, terrain, truck)."""
    if 'terrain' in kinds:  # a verge in the sidewalk band
        tw = int(rng.integers(w // 6, w // 3))
        tx = int(rng.integers(0, w - tw))
        region(_box(xx, yy, tx, street, tw, walk), 'terrain')
    if 'truck' in kinds and rng.random() < 0.7:
        tw = int(rng.integers(w // 4, w // 3) * scale)
        th = int(rng.integers(h // 6, h // 4) * scale)
        tx, ty = int(rng.integers(0, w - tw)), int(rng.integers(
            street + walk - th // 2, h - th))
        region(_truck(rng, xx, yy, tx, ty, tw, th), 'truck')
    for _ in range(int(rng.integers(1, 3)) if 'pole' in kinds else 0):
        px = int(rng.integers(2, w - 2))
        top = int(rng.integers(h // 10, horizon))
        region((np.abs(xx - px) <= max(1, int(2 * scale))) & (yy >= top) &
               (yy < street + walk // 2), 'pole')
        if 'traffic_sign' in kinds:
            side = max(4, int(rng.integers(h // 10, h // 6) * scale))
            shape = ('circle', 'triangle', 'square')[int(rng.integers(3))]
            region(shape_mask(shape, h, w, px, top + side / 2, side),
                   'traffic_sign')


def _draw_scene(rng, h, w, num_classes=DEFAULT_NUM_CLASSES,
                object_scale=1.0, clutter=0.0, clutter_rng=None):
    img = np.zeros((h, w, 3), np.uint8)  # every pixel gets a region
    label = np.full((h, w), IGNORE, np.uint8)
    region = _Painter(rng, img, label)
    kinds = list(SEG_TRAIN_IDS)[:num_classes]
    yy, xx = np.mgrid[0:h, 0:w]
    horizon = int(h * rng.uniform(0.3, 0.45))
    street = int(h * rng.uniform(0.58, 0.7))
    walk = max(4, int(h * rng.uniform(0.1, 0.16)))  # the sidewalk band
    region(yy < horizon, 'sky')
    # buildings and trees: blocks of random heights standing on the street
    x = 0
    while x < w:
        bw = int(rng.integers(w // 8, w // 3))
        top = int(rng.integers(h // 10, horizon))
        mask = _box(xx, yy, x, top, bw, street - top)
        if rng.random() < 0.7:
            region(mask, 'building')
        else:  # trees: round crowns along the top of the block
            r = max(3.0, bw / 3)
            for cx in np.arange(x + r * 0.8, x + bw, r):
                mask |= shape_mask('circle', h, w, cx,
                                   top + r * rng.uniform(0.5, 1.0), 2 * r)
            region(mask & (yy < street), 'vegetation')
        x += bw
    region((yy >= street) & (yy < street + walk), 'sidewalk')
    region(yy >= street + walk, 'road')
    for _ in range(int(rng.integers(1, 4))):  # cars on the road
        cw, ch = int(rng.integers(w // 8, w // 4)), int(rng.integers(
            h // 8, h // 5))
        cw, ch = max(3, int(cw * object_scale)), max(3, int(ch * object_scale))
        cx, cy = int(rng.integers(0, w - cw)), int(rng.integers(
            street + walk - ch // 2, h - ch))
        region(_car(xx, yy, cx, cy, cw, ch), 'car')
    for _ in range(int(rng.integers(0, 3))):  # people on the street
        size = rng.uniform(h * 0.15, h * 0.3) * object_scale
        cx = rng.uniform(4, w - 4)
        cy = rng.uniform(street - size / 2, h - size / 2)
        region(_person(h, w, xx, yy, cx, cy, size), 'person')
    if len(kinds) > DEFAULT_NUM_CLASSES:
        _extras(rng, region, xx, yy, h, w, horizon, street, walk, kinds,
                object_scale)
    if clutter > 0:  # blotches over the scene; the labels stay
        add_clutter(clutter_rng, img, clutter)
    # a thin unlabelled band, as in Cityscapes' void regions
    band = int(rng.integers(0, h - 2))
    label[band:band + 2, :int(rng.integers(w // 4, w))] = IGNORE
    return add_noise(rng, img, 6), label


def make_cityscapes_segmentation(root: str,
                                 num_train: int = 120,
                                 num_val: int = 30,
                                 height: int = 64,
                                 width: int = 128,
                                 seed: int = 0,
                                 num_classes: int = DEFAULT_NUM_CLASSES,
                                 object_scale: float = 1.0,
                                 clutter: float = 0.0) -> Dict[str, str]:
    """Write the set under ``root`` (options: see the module docstring).

    Returns the image folders (``train``, ``val``) and label folders
    (``train_seg``, ``val_seg``).
    """
    if not DEFAULT_NUM_CLASSES <= num_classes <= len(SEG_TRAIN_IDS):
        raise ValueError(f'num_classes must be in [{DEFAULT_NUM_CLASSES}, '
                         f'{len(SEG_TRAIN_IDS)}], got {num_classes}')
    options = dict(num_classes=num_classes, object_scale=object_scale,
                   clutter=clutter)
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
