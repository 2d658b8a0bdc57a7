"""A 32x32 toy classification set in mmpretrain's folder layout: five
shapes in colour families, with textures, random backgrounds and noise
(circle/ring and square/cross are easy to confuse).

The class list is always the 15 classes of ``CLS_CLASSES`` (three families
of five shapes; the toy models predict all 15); ``num_classes`` (default
10: the warm and cool families) says how many of them are drawn. The
default ``colour_jitter`` of 90 makes the families share colours, so the
shape must be read: at 60, on the 30-epoch toy schedule, the width-4
student came within 3.6 top-1 of the width-16 teacher (seeds 0-2; 5.0 at
90). Harder sets: more classes, ``object_scale < 1``, ``clutter > 0``
(unlabelled distractors).

``{split}/{class}/*.png`` plus ``meta/{split}.txt`` (``class/file.png
label``) and ``classes.txt``.
"""
import os
import os.path as osp
from typing import Dict

import numpy as np

from .shapes import (SHAPES, add_clutter, background, jitter, paint,
                     save_png, shape_mask, texture)

_FAMILIES = (('warm', (210, 90, 50)), ('cool', (60, 110, 210)),
             ('green', (70, 190, 80)))
CLS_CLASSES = tuple(f'{family}_{shape}' for family, _ in _FAMILIES
                    for shape in SHAPES)
DEFAULT_NUM_CLASSES = 10
DEFAULT_COLOUR_JITTER = 90.0  # the families share colours (docstring)
_TEXTURES = ('flat', 'stripes', 'dots')


def _draw(rng, label, size, object_scale=1.0, clutter=0.0,
          clutter_rng=None, colour_jitter=DEFAULT_COLOUR_JITTER):
    family = _FAMILIES[label // len(SHAPES)][1]
    shape = SHAPES[label % len(SHAPES)]
    img = background(rng, size, size)
    if clutter > 0:
        add_clutter(clutter_rng, img, clutter)
    side = rng.uniform(0.45, 0.85) * size * object_scale
    cx, cy = rng.uniform(side / 2, size - side / 2, 2)
    mask = shape_mask(shape, size, size, cx, cy, side,
                      rng.uniform(-0.4, 0.4))
    kind = _TEXTURES[int(rng.integers(len(_TEXTURES)))]
    paint(img, mask, texture(rng, size, size, kind,
                             jitter(rng, family, colour_jitter)))
    noisy = img.astype(np.float32) + rng.normal(0, 18, img.shape)
    return np.clip(noisy, 0, 255).astype(np.uint8)


def make_classification(root: str,
                        num_train: int = 2000,
                        num_val: int = 1000,
                        image_size: int = 32,
                        seed: int = 0,
                        num_classes: int = DEFAULT_NUM_CLASSES,
                        object_scale: float = 1.0,
                        clutter: float = 0.0,
                        colour_jitter: float = DEFAULT_COLOUR_JITTER
                        ) -> Dict[str, str]:
    """Write the set under ``root`` (options: see the module docstring).

    Returns the annotation files (``train``, ``val``), image folders
    (``train_img``, ``val_img``) and the class list (``classes``).
    """
    if not 1 <= num_classes <= len(CLS_CLASSES):
        raise ValueError(f'num_classes must be in [1, {len(CLS_CLASSES)}], '
                         f'got {num_classes}')
    options = dict(object_scale=object_scale, clutter=clutter,
                   colour_jitter=colour_jitter)
    rng = np.random.default_rng(seed)
    # clutter draws from its own stream: it changes pixels, never the layout
    options['clutter_rng'] = np.random.default_rng([seed, 1])
    os.makedirs(osp.join(root, 'meta'), exist_ok=True)
    with open(osp.join(root, 'classes.txt'), 'w') as f:
        f.write('\n'.join(CLS_CLASSES) + '\n')
    out = {'classes': osp.join(root, 'classes.txt')}
    for split, num in (('train', num_train), ('val', num_val)):
        lines = []
        for i in range(num):
            label = i % num_classes
            name = CLS_CLASSES[label]
            os.makedirs(osp.join(root, split, name), exist_ok=True)
            rel = f'{name}/{split}_{i:05d}.png'
            save_png(osp.join(root, split, rel),
                     _draw(rng, label, image_size, **options))
            lines.append(f'{rel} {label}')
        out[split] = osp.join(root, 'meta', f'{split}.txt')
        out[f'{split}_img'] = osp.join(root, split)
        with open(out[split], 'w') as f:
            f.write('\n'.join(lines) + '\n')
    return out
