"""Affine geometry shared by TST's in-model policy and its pipeline transform.

A *square matrix* ``M`` (``(B, 2, 3)``) is a warp written for a square image
in the normalised coordinates of ``F.affine_grid`` (``align_corners=False``,
``x_n = 2 u / W - 1`` for a continuous pixel coordinate ``u``): like
``affine_grid``'s ``theta`` it maps an *output* point to the *input* point it
samples. :func:`to_theta` turns it into the ``theta`` of an ``H x W`` image so
that rotations and shears are true pixel-space rotations and shears
(translations stay fractions of each side). The same ``theta`` moves images
(bilinear), label maps (nearest, outside -> ignore index) and boxes (corners,
min/max, clip, drop degenerate), so all three stay consistent.
"""
import torch
import torch.nn.functional as F
from torch import Tensor


def identity(batch: int, device=None, dtype=torch.float32) -> Tensor:
    """``(B, 2, 3)`` identity warps."""
    eye = torch.tensor([[1., 0., 0.], [0., 1., 0.]], device=device,
                       dtype=dtype)
    return eye.expand(batch, 2, 3).clone()


def to_theta(matrix: Tensor, height: int, width: int) -> Tensor:
    """``theta = [S^-1 L S | t]`` with ``S = diag(W, H)``: the square
    matrix's linear part ``L`` acts on pixel units, its translation ``t``
    stays a fraction of each side. Differentiable in ``matrix``."""
    linear, shift = matrix[:, :, :2], matrix[:, :, 2:]
    scale = matrix.new_tensor([float(width), float(height)])
    linear = linear * scale.view(1, 1, 2) / scale.view(1, 2, 1)
    return torch.cat([linear, shift], dim=2)


def compose_residual(matrices: Tensor, gates: Tensor) -> Tensor:
    """One warp per batch from K gated warps: ``H = I + sum_k b_k (H_k -
    I)`` (docs/methods/tst.md, Tasks). ``matrices`` (K, B, 2, 3), ``gates``
    (K,) -> (B, 2, 3)."""
    eye = identity(matrices.shape[1], matrices.device, matrices.dtype)
    return eye + (gates.view(-1, 1, 1, 1) * (matrices - eye)).sum(0)


def warp_images(images: Tensor, theta: Tensor, mode: str = 'bilinear',
                fill: float = 0.) -> Tensor:
    """Warp ``(B, C, H, W)`` images with ``theta`` (B, 2, 3); points from
    outside the image take ``fill``."""
    grid = F.affine_grid(theta.to(images.dtype), list(images.shape),
                         align_corners=False)
    out = F.grid_sample(images, grid, mode=mode, padding_mode='zeros',
                        align_corners=False)
    if fill != 0:
        inside = F.grid_sample(torch.ones_like(images[:, :1]), grid,
                               mode=mode, padding_mode='zeros',
                               align_corners=False)
        out = out + fill * (1 - inside)
    return out


def warp_label_maps(maps: Tensor, theta: Tensor, ignore_index: int) -> Tensor:
    """Warp integer ``(B, 1, H, W)`` label maps with nearest-neighbour
    sampling; pixels that sample outside the map become ``ignore_index``."""
    grid = F.affine_grid(theta.float(), list(maps.shape), align_corners=False)
    values = F.grid_sample(maps.float(), grid, mode='nearest',
                           padding_mode='zeros', align_corners=False)
    inside = F.grid_sample(torch.ones_like(maps, dtype=torch.float), grid,
                           mode='nearest', padding_mode='zeros',
                           align_corners=False)
    values = torch.where(inside > 0.5, values, float(ignore_index))
    return values.round().to(maps.dtype)


def forward_matrix(theta: Tensor) -> Tensor:
    """The inverse of ``theta`` (B, 2, 3): it maps an *input* point to the
    output point that shows it (how boxes move)."""
    full = torch.cat([
        theta.double(),
        theta.new_tensor([0., 0., 1.]).double().expand(theta.shape[0], 1, 3)
    ], 1)
    return torch.linalg.inv(full)[:, :2].to(theta.dtype)


def warp_boxes(boxes: Tensor, theta: Tensor, height: int, width: int,
               clip_shape=None, min_size: float = 1.0):
    """Move ``(N, 4)`` ``x1 y1 x2 y2`` pixel boxes of one ``H x W`` image
    with that image's ``theta`` (2, 3): the four corners through the inverse
    warp, their min/max, clipped to ``clip_shape`` ``(h, w)`` (default the
    image), and boxes narrower or lower than ``min_size`` pixels dropped.

    Returns ``(boxes, keep)``, ``keep`` a bool mask over the input boxes.
    """
    if boxes.numel() == 0:
        return boxes.reshape(0, 4), torch.zeros(
            0, dtype=torch.bool, device=boxes.device)
    forward = forward_matrix(theta[None].detach())[0].to(boxes.dtype)
    x1, y1, x2, y2 = boxes.unbind(1)
    xs = torch.stack([x1, x2, x2, x1], 1) * (2. / width) - 1
    ys = torch.stack([y1, y1, y2, y2], 1) * (2. / height) - 1
    nx = forward[0, 0] * xs + forward[0, 1] * ys + forward[0, 2]
    ny = forward[1, 0] * xs + forward[1, 1] * ys + forward[1, 2]
    px, py = (nx + 1) * (width / 2.), (ny + 1) * (height / 2.)
    clip_h, clip_w = clip_shape if clip_shape is not None else (height, width)
    out = torch.stack([
        px.min(1).values.clamp(0, clip_w), py.min(1).values.clamp(0, clip_h),
        px.max(1).values.clamp(0, clip_w), py.max(1).values.clamp(0, clip_h)
    ], 1)
    keep = ((out[:, 2] - out[:, 0]) >= min_size) & (
        (out[:, 3] - out[:, 1]) >= min_size)
    return out[keep], keep


def warp_points(points: Tensor, theta: Tensor, height: int,
                width: int) -> Tensor:
    """Move ``(N, 2)`` ``x y`` pixel points of one image (polygon vertices)
    with that image's ``theta`` (2, 3)."""
    forward = forward_matrix(theta[None].detach())[0].to(points.dtype)
    norm = points * points.new_tensor([2. / width, 2. / height]) - 1
    moved = norm @ forward[:, :2].T + forward[:, 2]
    return (moved + 1) * points.new_tensor([width / 2., height / 2.])
