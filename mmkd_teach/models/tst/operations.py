"""The 14 real image operations of TST (docs/methods/tst.md) on float
``(B, 3, H, W)`` RGB batches in ``[0, 1]``.

They are the targets the approximators are pretrained to imitate and what the
exported pipeline transform applies. A magnitude ``v`` is in ``[-1, 1]`` for
signed operations and ``[0, 1]`` otherwise, one per image (``(B,)``) or one
for the batch (a float), and maps to the paper's ranges: shear 0-0.3,
translate 0-0.45 of the side, rotate 0-30 degrees, enhancement factors
``1 + 0.9 v``, posterize 8 -> 4 bits, solarize threshold 1 -> 0.
"""
import math
from dataclasses import dataclass
from typing import Optional

import torch
import torch.nn.functional as F
from torch import Tensor

from .geometry import to_theta, warp_images

GRAY = (0.299, 0.587, 0.114)


@dataclass(frozen=True)
class Operation:
    name: str
    kind: str  # 'geometric', 'colour' or 'fixed'
    signed: bool = False


OPERATIONS = (
    Operation('ShearX', 'geometric', True),
    Operation('ShearY', 'geometric', True),
    Operation('TranslateX', 'geometric', True),
    Operation('TranslateY', 'geometric', True),
    Operation('Rotate', 'geometric', True),
    Operation('Brightness', 'colour', True),
    Operation('Color', 'colour', True),
    Operation('Contrast', 'colour', True),
    Operation('Sharpness', 'colour', True),
    Operation('Posterize', 'colour', False),
    Operation('Solarize', 'colour', False),
    Operation('Equalize', 'fixed'),
    Operation('Invert', 'fixed'),
    Operation('Cutout', 'fixed'),
)
BY_NAME = {op.name: op for op in OPERATIONS}
LEARNED = tuple(op.name for op in OPERATIONS if op.kind != 'fixed')


def _per_image(v, x: Tensor) -> Tensor:
    v = torch.as_tensor(v, dtype=x.dtype, device=x.device)
    return v.expand(x.shape[0]) if v.dim() == 0 else v


def geometric_matrix(name: str, v, batch: int = 1) -> Tensor:
    """The exact square matrix (see geometry.py) of a geometric operation
    at signed magnitude ``v`` -> ``(B, 2, 3)``."""
    v = torch.as_tensor(v, dtype=torch.float32)
    v = v.expand(batch) if v.dim() == 0 else v
    one, zero = torch.ones_like(v), torch.zeros_like(v)
    if name == 'ShearX':
        rows = [[one, 0.3 * v, zero], [zero, one, zero]]
    elif name == 'ShearY':
        rows = [[one, zero, zero], [0.3 * v, one, zero]]
    elif name == 'TranslateX':  # content moves right by 0.45 v of the width
        rows = [[one, zero, -0.9 * v], [zero, one, zero]]
    elif name == 'TranslateY':
        rows = [[one, zero, zero], [zero, one, -0.9 * v]]
    elif name == 'Rotate':
        a = v * math.radians(30.)
        rows = [[a.cos(), -a.sin(), zero], [a.sin(), a.cos(), zero]]
    else:
        raise KeyError(f'{name!r} is not a geometric operation')
    return torch.stack([torch.stack(r, -1) for r in rows], 1)


def gray(x: Tensor) -> Tensor:
    w = x.new_tensor(GRAY).view(1, 3, 1, 1)
    return (x * w).sum(1, keepdim=True)


def _blend(x: Tensor, base: Tensor, factor: Tensor) -> Tensor:
    return (base + factor.view(-1, 1, 1, 1) * (x - base)).clamp(0, 1)


def smooth(x: Tensor) -> Tensor:
    """PIL's SMOOTH kernel (centre 5, neighbours 1, / 13), edges
    replicated: the degenerate image of Sharpness."""
    kernel = x.new_ones(3, 1, 3, 3)
    kernel[:, :, 1, 1] = 5
    kernel = kernel / 13
    return F.conv2d(F.pad(x, (1, 1, 1, 1), mode='replicate'), kernel,
                    groups=3)


def colour(name: str, x: Tensor, v) -> Tensor:
    """A colour operation at magnitude ``v``."""
    v = _per_image(v, x)
    if name == 'Brightness':
        return _blend(x, torch.zeros_like(x), 1 + 0.9 * v)
    if name == 'Color':
        return _blend(x, gray(x).expand_as(x), 1 + 0.9 * v)
    if name == 'Contrast':
        return _blend(x, gray(x).mean((2, 3), keepdim=True).expand_as(x),
                      1 + 0.9 * v)
    if name == 'Sharpness':
        return _blend(x, smooth(x), 1 + 0.9 * v)
    if name == 'Posterize':
        bits = (8 - 4 * v).round().long().clamp(4, 8)
        drop = (2**(8 - bits)).view(-1, 1, 1, 1)
        levels = (x * 255).round().long()
        return (levels - levels % drop).to(x.dtype) / 255
    if name == 'Solarize':
        threshold = (1 - v).view(-1, 1, 1, 1)
        return torch.where(x > threshold, 1 - x, x)
    raise KeyError(f'{name!r} is not a colour operation')


def equalize(x: Tensor) -> Tensor:
    """Histogram equalisation of each channel of each image (PIL/torchvision
    algorithm on 256 levels)."""
    levels = (x * 255).round().long().clamp(0, 255)
    out = torch.empty_like(x)
    for b in range(x.shape[0]):
        for c in range(x.shape[1]):
            channel = levels[b, c]
            hist = torch.bincount(channel.flatten(), minlength=256)
            last = hist[hist.nonzero()[-1]].item() if hist.any() else 0
            step = (int(hist.sum()) - last) // 255
            if step == 0:
                out[b, c] = x[b, c]
                continue
            lut = (torch.cumsum(hist, 0) + step // 2) // step
            lut = torch.cat([lut.new_zeros(1), lut[:-1]]).clamp(0, 255)
            out[b, c] = lut[channel].to(x.dtype) / 255
    return out


def cutout(x: Tensor, size: float = 0.2,
           generator: Optional[torch.Generator] = None) -> Tensor:
    """Zero a ``size * H`` by ``size * W`` rectangle at a random centre in
    each image (clipped at the borders)."""
    b, _, h, w = x.shape
    if generator is None:  # one draw from the global stream, whatever B
        seed = int(torch.randint(0, 2**31 - 1, (1, )))
        generator = torch.Generator().manual_seed(seed)
    centre = torch.rand(b, 2, generator=generator).to(x.device)
    cy, cx = centre[:, 0] * h, centre[:, 1] * w
    ys = torch.arange(h, device=x.device).view(1, h, 1) + 0.5
    xs = torch.arange(w, device=x.device).view(1, 1, w) + 0.5
    hole = (((ys - cy.view(-1, 1, 1)).abs() < size * h / 2) &
            ((xs - cx.view(-1, 1, 1)).abs() < size * w / 2))
    return x * (~hole).unsqueeze(1).to(x.dtype)


def fixed(name: str, x: Tensor, cutout_size: float = 0.2,
          generator: Optional[torch.Generator] = None) -> Tensor:
    if name == 'Equalize':
        return equalize(x)
    if name == 'Invert':
        return 1 - x
    if name == 'Cutout':
        return cutout(x, cutout_size, generator)
    raise KeyError(f'{name!r} is not a fixed operation')


def apply(name: str, x: Tensor, v=0.) -> Tensor:
    """Any of the 14 real operations (geometric ones warp with zero fill)."""
    kind = BY_NAME[name].kind
    if kind == 'geometric':
        matrix = geometric_matrix(name, _per_image(v, x).cpu(), x.shape[0])
        theta = to_theta(matrix.to(x), x.shape[2], x.shape[3])
        return warp_images(x, theta)
    if kind == 'colour':
        return colour(name, x, v)
    return fixed(name, x)
