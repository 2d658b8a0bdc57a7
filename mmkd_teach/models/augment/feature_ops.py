"""The feature-map operations of SoKD's DAFA (docs/methods/sokd.md), each a
function ``op(x, m, draw) -> x'`` of an ``(N, C, H, W)`` map and a 0-dim
magnitude ``m`` in ``[0, 1]`` mapped to the operation's range:

========================  =====================================  ==========
operation                 range at ``m = 1``                     gradient
========================  =====================================  ==========
ShearX, ShearY            shear +-0.3                            exact
TranslateX, TranslateY    +-0.45 of the width / height           exact
Rotate                    +-30 degrees                           exact
Cutout                    a box 0.2 H x 0.2 W set to 0           straight-through
GaussianNoise             std 0.1 of the map's RMS per sample    exact
ChannelShuffle            (no magnitude) a random permutation    none
ChannelDrop               ratio 0.5 of the channels set to 0     straight-through
========================  =====================================  ==========

At ``m = 0`` every operation with a magnitude is the identity. The sign of
the geometric operations is drawn once per batch (AutoAugment's random
sign); ``draw`` holds the batch's random values so that every tapped level
(e.g. every FPN level) gets the same warp and the same relative cutout box.
The noise std is relative to each sample's RMS (detached) because feature
maps, unlike normalised images, have no common scale across layers.
"""
from dataclasses import dataclass
from typing import Callable, Dict

import torch
from torch import Tensor

from .affine import rotate, shear_x, shear_y, translate, warp
from .relaxations import straight_through


@dataclass
class Draw:
    """The random values of one batch: ``sign`` (+1 or -1, geometric ops),
    ``centres`` (N, 2) cutout centres as fractions of (H, W), and a
    ``generator`` on the features' device for noise and permutations."""
    sign: float
    centres: Tensor
    generator: torch.Generator


def _shear_x(x, m, draw):
    return warp(x, shear_x(0.3 * m * draw.sign))


def _shear_y(x, m, draw):
    return warp(x, shear_y(0.3 * m * draw.sign))


def _translate_x(x, m, draw):
    return warp(x, translate(0.45 * m * draw.sign * x.shape[-1], 0.))


def _translate_y(x, m, draw):
    return warp(x, translate(0., 0.45 * m * draw.sign * x.shape[-2]))


def _rotate(x, m, draw):
    return warp(x, rotate(30. * m * draw.sign))


def _cutout(x, m, draw):
    n, _, h, w = x.shape
    bh = int(torch.round(0.2 * m.detach() * h))
    bw = int(torch.round(0.2 * m.detach() * w))
    keep = torch.ones(n, 1, h, w, dtype=x.dtype, device=x.device)
    if bh > 0 and bw > 0:
        centres = draw.centres.to(x.device)
        top = (centres[:, 0] * h - bh / 2).round().long().clamp(0, h - bh)
        left = (centres[:, 1] * w - bw / 2).round().long().clamp(0, w - bw)
        for i in range(n):
            keep[i, :, top[i]:top[i] + bh, left[i]:left[i] + bw] = 0
    return straight_through(x * keep, m)


def _gaussian_noise(x, m, draw):
    rms = x.detach().pow(2).mean(dim=(1, 2, 3), keepdim=True).sqrt()
    noise = torch.randn(
        x.shape, generator=draw.generator, device=x.device, dtype=x.dtype)
    return x + 0.1 * m * rms * noise


def _channel_shuffle(x, m, draw):
    perm = torch.randperm(
        x.shape[1], generator=draw.generator, device=x.device)
    return x[:, perm]


def _channel_drop(x, m, draw):
    c = x.shape[1]
    dropped = int(torch.round(0.5 * m.detach() * c))
    keep = torch.ones(c, dtype=x.dtype, device=x.device)
    if dropped > 0:
        perm = torch.randperm(c, generator=draw.generator, device=x.device)
        keep[perm[:dropped]] = 0
    return straight_through(x * keep[None, :, None, None], m)


# name -> (function, whether it has a learnable magnitude)
OPERATIONS: Dict[str, tuple] = {
    'ShearX': (_shear_x, True),
    'ShearY': (_shear_y, True),
    'TranslateX': (_translate_x, True),
    'TranslateY': (_translate_y, True),
    'Rotate': (_rotate, True),
    'Cutout': (_cutout, True),
    'GaussianNoise': (_gaussian_noise, True),
    'ChannelShuffle': (_channel_shuffle, False),
    'ChannelDrop': (_channel_drop, True),
}


def get_operation(name: str, key: str = 'operations') -> Callable:
    if name not in OPERATIONS:
        raise ValueError(f'{key}: unknown operation {name!r}; choose from '
                         f'{list(OPERATIONS)}')
    return OPERATIONS[name][0]
