"""2x3 affine warps of feature maps (shear, translate, rotate) with
``affine_grid`` / ``grid_sample``.

Matrices are built in pixel units around the map's centre and converted to
the normalised coordinates of ``affine_grid`` (``align_corners=False``), so a
rotation of a non-square map is a rotation and a translation by a whole
number of pixels moves the map exactly. A matrix maps *output* pixel
positions to the *input* positions they read (what ``affine_grid`` wants):
``translate(t)`` moves the content by ``+t`` pixels.
"""
import math

import torch
import torch.nn.functional as F
from torch import Tensor


def _matrix(a, b, c, d, tx, ty) -> Tensor:
    """``[[a, b, tx], [c, d, ty]]`` from 0-dim tensor or float entries."""
    like = next((v for v in (a, b, c, d, tx, ty) if isinstance(v, Tensor)),
                None)
    entries = [
        v if isinstance(v, Tensor) else torch.tensor(
            float(v), device=like.device if like is not None else None)
        for v in (a, b, tx, c, d, ty)
    ]
    return torch.stack(entries).reshape(2, 3)


def to_normalised(matrix: Tensor, height: int, width: int) -> Tensor:
    """A 2x3 pixel-space matrix (origin at the map's centre) in the
    normalised coordinates of ``affine_grid``: ``S^-1 A S`` with
    ``S = diag(W / 2, H / 2)``."""
    scale = matrix.new_tensor([width / 2., height / 2.])
    linear = matrix[:, :2] * scale[None, :] / scale[:, None]
    shift = matrix[:, 2] / scale
    return torch.cat([linear, shift[:, None]], dim=1)


def shear_x(s) -> Tensor:
    """Reads ``x - s * y``: content sheared by ``s`` along x."""
    return _matrix(1., -s, 0., 1., 0., 0.)


def shear_y(s) -> Tensor:
    return _matrix(1., 0., -s, 1., 0., 0.)


def translate(tx, ty) -> Tensor:
    """Reads ``(x - tx, y - ty)``: content moved by ``(tx, ty)`` pixels."""
    return _matrix(1., 0., 0., 1., -tx, -ty)


def rotate(degrees) -> Tensor:
    """Content rotated by ``degrees``, clockwise as displayed (row 0 at
    the top); reads through the inverse rotation."""
    rad = degrees * (math.pi / 180.)
    if not isinstance(rad, Tensor):
        rad = torch.tensor(float(rad))
    cos, sin = torch.cos(rad), torch.sin(rad)
    return _matrix(cos, sin, -sin, cos, 0., 0.)


def warp(x: Tensor, matrix: Tensor) -> Tensor:
    """Warp an ``(N, C, H, W)`` map by one pixel-space 2x3 ``matrix`` (the
    same for the batch), bilinear, zeros outside; differentiable in the
    matrix entries."""
    n, _, h, w = x.shape
    theta = to_normalised(matrix.to(x.dtype), h, w).expand(n, 2, 3)
    grid = F.affine_grid(theta, list(x.shape), align_corners=False)
    return F.grid_sample(
        x, grid, mode='bilinear', padding_mode='zeros', align_corners=False)
