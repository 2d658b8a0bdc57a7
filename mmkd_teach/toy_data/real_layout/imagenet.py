"""A small set in ImageNet-1k's layout, as mmpretrain's ``ImageNet``
dataset reads it with an unchanged in1k config (``split='train'`` /
``'val'``):

``train/<wnid>/<wnid>_<n>.JPEG``, ``val/ILSVRC2012_val_<n>.JPEG`` (flat,
as the ILSVRC2012 validation archive unpacks) and ``meta/{train,val}.txt``
(``path label``, the label being the class's index among the 1000). The
toy classes are drawn as ImageNet's first ten (``WNIDS``, indices 0-9).
"""
import os
import os.path as osp
from typing import Dict

import numpy as np

from ..classification import _draw
from ..shapes import save_png

# WordNet ids of ImageNet-1k classes 0-9 (tench ... ostrich).
WNIDS = ('n01440764', 'n01443537', 'n01484850', 'n01491361', 'n01494475',
         'n01496331', 'n01498041', 'n01514668', 'n01514859', 'n01518878')


def make_imagenet_layout(root: str, num_train: int = 20, num_val: int = 10,
                         image_size: int = 64,
                         seed: int = 0) -> Dict[str, str]:
    """Write the set under ``root`` (e.g. ``data/imagenet``), image ``i`` of
    a split of class ``i % 10``; returns the meta files (``train``,
    ``val``)."""
    rng = np.random.default_rng(seed)
    os.makedirs(osp.join(root, 'meta'), exist_ok=True)
    out = {}
    for split, num in (('train', num_train), ('val', num_val)):
        lines = []
        for i in range(num):
            label = i % len(WNIDS)
            if split == 'train':
                rel = f'{WNIDS[label]}/{WNIDS[label]}_{i + 1}.JPEG'
            else:
                rel = f'ILSVRC2012_val_{i + 1:08d}.JPEG'
            os.makedirs(osp.dirname(osp.join(root, split, rel)),
                        exist_ok=True)
            save_png(osp.join(root, split, rel), _draw(rng, label,
                                                       image_size))
            lines.append(f'{rel} {label}')
        out[split] = osp.join(root, 'meta', f'{split}.txt')
        with open(out[split], 'w') as f:
            f.write('\n'.join(lines) + '\n')
    return out
