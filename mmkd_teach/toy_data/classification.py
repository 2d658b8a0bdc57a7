"""A 32x32 toy classification set in mmpretrain's folder layout: one
textured shape per image on a smooth background, with noise.

A class is a shape and a texture pattern, never a colour:
``CLS_CLASSES`` are the five ``SHAPES`` in three patterns (``plain_*``:
one flat colour, ``striped_*``: stripes at any angle, ``blotched_*``:
soft random blotches), e.g. ``striped_circle``. The colours
of the object and of the background are drawn anew for every image,
whatever its class (any hue, saturation and brightness; the object is
lighter or darker than the background at random, by at least
``MIN_CONTRAST`` in brightness so its outline shows), the texture's
contrast is drawn from one range for every pattern, and a shape is drawn
at an area that does not depend on the shape. So the mean and spread of
the image's colours say nothing of its class, and Invert, Solarize or a
brightness change leave an image of the same class (circle/ring and
square/cross are easy to confuse).

The class list is always the 15 classes of ``CLS_CLASSES`` (the toy models
predict all 15); ``num_classes`` (default: all 15) says how many of them
are drawn, in that order. Harder sets: ``object_scale < 1``, ``clutter > 0`` (unlabelled distractors of random
colour and texture).

``{split}/{class}/*.png`` plus ``meta/{split}.txt`` (``class/file.png
label``) and ``classes.txt``.
"""
import os
import os.path as osp
from typing import Dict

import numpy as np

from .shapes import (SHAPES, add_clutter, add_noise, background,
                     contrasting_colours, mask_of_area, paint, save_png,
                     side_for_area, texture)

# (class name prefix, pattern) in the order of the class list.
CLS_PATTERNS = (('plain', None), ('striped', 'stripes'),
                ('blotched', 'blotches'))
CLS_CLASSES = tuple(f'{prefix}_{shape}' for prefix, _ in CLS_PATTERNS
                    for shape in SHAPES)
DEFAULT_NUM_CLASSES = 15
MIN_CONTRAST = 60.0  # object against background, in brightness (0-255)
_MEAN_FILL = 0.6  # a shape of ``side`` s covers about 0.6 s^2 pixels


def _draw(rng, label, size, object_scale=1.0, clutter=0.0,
          clutter_rng=None):
    kind = CLS_PATTERNS[label // len(SHAPES)][1]
    shape = SHAPES[label % len(SHAPES)]
    obj_colour, bg_colour = contrasting_colours(rng, 2,
                                                min_luma=MIN_CONTRAST)
    img = background(rng, size, size, bg_colour)
    if clutter > 0:
        add_clutter(clutter_rng, img, clutter)
    reference = rng.uniform(0.45, 0.85) * size * object_scale
    area = _MEAN_FILL * reference ** 2  # the same for every shape
    side = side_for_area(shape, area)
    low, high = min(side / 2, size / 2), max(size - side / 2, size / 2)
    cx, cy = rng.uniform(low, high, 2)
    mask = mask_of_area(shape, size, size, cx, cy, area,
                        rng.uniform(-0.4, 0.4))
    amplitude = 0.0 if kind is None else None
    paint(img, mask, texture(rng, size, size, kind or 'stripes', obj_colour,
                             amplitude))
    return add_noise(rng, img, 12)


def make_classification(root: str,
                        num_train: int = 2000,
                        num_val: int = 1000,
                        image_size: int = 32,
                        seed: int = 0,
                        num_classes: int = DEFAULT_NUM_CLASSES,
                        object_scale: float = 1.0,
                        clutter: float = 0.0) -> Dict[str, str]:
    """Write the set under ``root`` (options: see the module docstring).

    Returns the annotation files (``train``, ``val``), image folders
    (``train_img``, ``val_img``) and the class list (``classes``).
    """
    if not 1 <= num_classes <= len(CLS_CLASSES):
        raise ValueError(f'num_classes must be in [1, {len(CLS_CLASSES)}], '
                         f'got {num_classes}')
    options = dict(object_scale=object_scale, clutter=clutter)
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
