"""A Cityscapes-layout toy segmentation set: street-like scenes of textured
regions labelled with a subset of the 19 Cityscapes train ids.

``leftImg8bit/{split}/toycity/*_leftImg8bit.png`` and
``gtFine/{split}/toycity/*_gtFine_labelTrainIds.png`` (uint8, 255 = ignore),
as mmseg's CityscapesDataset expects.
"""
import os
import os.path as osp
from typing import Dict

import numpy as np

from .shapes import background, jitter, paint, save_png, shape_mask, texture

# Cityscapes train ids used here.
SEG_TRAIN_IDS = dict(
    road=0, sidewalk=1, building=2, vegetation=8, sky=10, person=11, car=13)
_STYLE = dict(  # colour, texture
    road=((90, 90, 95), 'flat'),
    sidewalk=((150, 140, 130), 'dots'),
    building=((150, 100, 80), 'stripes'),
    vegetation=((70, 140, 60), 'dots'),
    sky=((120, 170, 230), 'flat'),
    person=((200, 60, 140), 'flat'),
    car=((40, 60, 170), 'stripes'))
IGNORE = 255


def _region(rng, img, label, mask, name):
    colour, kind = _STYLE[name]
    h, w = mask.shape
    paint(img, mask, texture(rng, h, w, kind, jitter(rng, colour, 30)))
    label[mask] = SEG_TRAIN_IDS[name]


def _draw_scene(rng, h, w):
    img = background(rng, h, w)
    label = np.full((h, w), IGNORE, np.uint8)
    yy, xx = np.mgrid[0:h, 0:w]
    horizon = int(h * rng.uniform(0.3, 0.45))
    street = int(h * rng.uniform(0.6, 0.75))
    _region(rng, img, label, yy < horizon, 'sky')
    # buildings: blocks of random heights standing on the horizon band
    x = 0
    while x < w:
        bw = int(rng.integers(w // 8, w // 3))
        top = int(rng.integers(h // 10, horizon))
        kind = 'building' if rng.random() < 0.7 else 'vegetation'
        mask = (xx >= x) & (xx < x + bw) & (yy >= top) & (yy < street)
        _region(rng, img, label, mask, kind)
        x += bw
    _region(rng, img, label, (yy >= street) & (yy < street + h // 10),
            'sidewalk')
    _region(rng, img, label, yy >= street + h // 10, 'road')
    for _ in range(int(rng.integers(1, 4))):  # cars on the road
        cw, ch = int(rng.integers(w // 8, w // 4)), int(rng.integers(
            h // 10, h // 5))
        cx, cy = int(rng.integers(0, w - cw)), int(rng.integers(
            street, h - ch))
        mask = (xx >= cx) & (xx < cx + cw) & (yy >= cy) & (yy < cy + ch)
        _region(rng, img, label, mask, 'car')
    for _ in range(int(rng.integers(0, 3))):  # people
        size = rng.uniform(h * 0.12, h * 0.25)
        cx, cy = rng.uniform(4, w - 4), rng.uniform(horizon, h - size / 2)
        mask = shape_mask('circle', h, w, cx, cy, size) & (
            np.abs(xx - cx) < size / 4)
        _region(rng, img, label, mask, 'person')
    # a thin unlabelled band, as in Cityscapes' void regions
    band = int(rng.integers(0, h - 2))
    label[band:band + 2, :int(rng.integers(w // 4, w))] = IGNORE
    return img, label


def make_cityscapes_segmentation(root: str,
                                 num_train: int = 120,
                                 num_val: int = 30,
                                 height: int = 64,
                                 width: int = 128,
                                 seed: int = 0) -> Dict[str, str]:
    """Write the set under ``root``.

    Returns the image folders (``train``, ``val``) and label folders
    (``train_seg``, ``val_seg``).
    """
    rng = np.random.default_rng(seed)
    out = {}
    for split, num in (('train', num_train), ('val', num_val)):
        img_dir = osp.join(root, 'leftImg8bit', split, 'toycity')
        ann_dir = osp.join(root, 'gtFine', split, 'toycity')
        os.makedirs(img_dir, exist_ok=True)
        os.makedirs(ann_dir, exist_ok=True)
        for i in range(num):
            img, label = _draw_scene(rng, height, width)
            stem = f'toycity_{i:06d}_000019'
            save_png(osp.join(img_dir, f'{stem}_leftImg8bit.png'), img)
            save_png(
                osp.join(ann_dir, f'{stem}_gtFine_labelTrainIds.png'), label)
        out[split] = img_dir
        out[f'{split}_seg'] = ann_dir
    return out
