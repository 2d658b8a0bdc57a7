"""A grid of images as a learned TST policy augments them (PNG).

    python tools/analysis/tst_image_grid.py tst_policy.json IMG [IMG ...] \
        --samples 6 --out tst_grid.png [--seed 0]

Each row is one image: the original, then ``--samples`` draws of the policy
through the ``mmkd_teach.TSTAugment`` pipeline transform (real operations).
"""
import argparse

import mmcv
import numpy as np

import mmkd_teach  # noqa: F401
from mmkd_teach.registry import TRANSFORMS


def grid(policy, paths, samples=6, seed=0, size=128):
    transform = TRANSFORMS.build(
        dict(type='mmkd_teach.TSTAugment', policy=policy, seed=seed))
    rows = []
    for path in paths:
        img = mmcv.imresize(mmcv.imread(path), (size, size))
        tiles = [img] + [
            transform(dict(img=img.copy()))['img'] for _ in range(samples)
        ]
        padded = [np.pad(t, ((2, 2), (2, 2), (0, 0)), constant_values=255)
                  for t in tiles]
        rows.append(np.concatenate(padded, 1))
    return np.concatenate(rows, 0)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('policy')
    parser.add_argument('images', nargs='+')
    parser.add_argument('--samples', type=int, default=6)
    parser.add_argument('--size', type=int, default=128)
    parser.add_argument('--seed', type=int, default=0)
    parser.add_argument('--out', default='tst_grid.png')
    args = parser.parse_args()
    mmcv.imwrite(
        grid(args.policy, args.images, args.samples, args.seed, args.size),
        args.out)
    print(f'wrote {args.out}')


if __name__ == '__main__':
    main()
