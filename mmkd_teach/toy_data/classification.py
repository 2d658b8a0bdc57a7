"""A 32x32 toy classification set in mmpretrain's folder layout: ten
classes, five shapes in two colour families, with textures, random
backgrounds and noise (circle/ring and square/cross are easy to confuse).

``{split}/{class}/*.png`` plus ``meta/{split}.txt`` (``class/file.png
label``) and ``classes.txt``.
"""
import os
import os.path as osp
from typing import Dict

import numpy as np

from .shapes import SHAPES, background, jitter, paint, save_png, shape_mask, \
    texture

_FAMILIES = (('warm', (210, 90, 50)), ('cool', (60, 110, 210)))
CLS_CLASSES = tuple(f'{family}_{shape}' for family, _ in _FAMILIES
                    for shape in SHAPES)
_TEXTURES = ('flat', 'stripes', 'dots')


def _draw(rng, label, size):
    family = _FAMILIES[label // len(SHAPES)][1]
    shape = SHAPES[label % len(SHAPES)]
    img = background(rng, size, size)
    side = rng.uniform(0.45, 0.85) * size
    cx, cy = rng.uniform(side / 2, size - side / 2, 2)
    mask = shape_mask(shape, size, size, cx, cy, side,
                      rng.uniform(-0.4, 0.4))
    kind = _TEXTURES[int(rng.integers(len(_TEXTURES)))]
    paint(img, mask, texture(rng, size, size, kind, jitter(rng, family, 60)))
    noisy = img.astype(np.float32) + rng.normal(0, 18, img.shape)
    return np.clip(noisy, 0, 255).astype(np.uint8)


def make_classification(root: str,
                        num_train: int = 2000,
                        num_val: int = 500,
                        image_size: int = 32,
                        seed: int = 0) -> Dict[str, str]:
    """Write the set under ``root``.

    Returns the annotation files (``train``, ``val``), image folders
    (``train_img``, ``val_img``) and the class list (``classes``).
    """
    rng = np.random.default_rng(seed)
    os.makedirs(osp.join(root, 'meta'), exist_ok=True)
    with open(osp.join(root, 'classes.txt'), 'w') as f:
        f.write('\n'.join(CLS_CLASSES) + '\n')
    out = {'classes': osp.join(root, 'classes.txt')}
    for split, num in (('train', num_train), ('val', num_val)):
        lines = []
        for i in range(num):
            label = i % len(CLS_CLASSES)
            name = CLS_CLASSES[label]
            os.makedirs(osp.join(root, split, name), exist_ok=True)
            rel = f'{name}/{split}_{i:05d}.png'
            save_png(osp.join(root, split, rel), _draw(rng, label,
                                                       image_size))
            lines.append(f'{rel} {label}')
        out[split] = osp.join(root, 'meta', f'{split}.txt')
        out[f'{split}_img'] = osp.join(root, split)
        with open(out[split], 'w') as f:
            f.write('\n'.join(lines) + '\n')
    return out
