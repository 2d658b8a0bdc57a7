"""DAM: SoKD's distinctive area detection module (Shen et al., ACM MM 2024;
docs/methods/sokd.md).

A small class-agnostic CenterNet-style head, three branches of
conv3x3-ReLU-conv1x1 on a feature map with the teacher's channels:
``heatmap`` (1 channel, sigmoid), ``size`` (2: width, height in pixels of
the map) and ``offset`` (2: sub-pixel centre offset x, y). The branches'
three 3x3 convs are computed as one conv with three times the hidden
channels (the same function and initial distribution): on wide teacher
maps the input is read once instead of three times (forward + backward on
2 x 2048 x 64 x 128 maps, one CPU thread: 1.2-1.4x faster). Its top-k peaks
(a peak equals its 3x3 max-pool, so neighbours are suppressed) become boxes
``centre + offset, size`` and binary masks ``M_i`` on the map, the mutual
areas of interest of ``L_DA``.
"""
from typing import Dict, Tuple

import torch
import torch.nn.functional as F
from torch import Tensor, nn


class DistinctiveAreaHead(nn.Module):
    """Args:
        in_channels: channels of the maps it reads (the teacher's).
        hidden_channels: of each branch's 3x3 conv.
        heatmap_prior: initial heatmap probability (CenterNet's bias init,
            0.1).
    """

    def __init__(self, in_channels: int, hidden_channels: int = 64,
                 heatmap_prior: float = 0.1):
        super().__init__()
        self.hidden_channels = hidden_channels
        # the 3x3 convs of the heatmap, size and offset branches, in order
        self.hidden = nn.Conv2d(in_channels, 3 * hidden_channels, 3,
                                padding=1)
        self.heatmap = nn.Conv2d(hidden_channels, 1, 1)
        self.size = nn.Conv2d(hidden_channels, 2, 1)
        self.offset = nn.Conv2d(hidden_channels, 2, 1)
        prior = torch.tensor(heatmap_prior)
        nn.init.constant_(self.heatmap.bias,
                          float(torch.log(prior / (1 - prior))))

    def forward(self, x: Tensor) -> Dict[str, Tensor]:
        heatmap, size, offset = F.relu(self.hidden(x)).split(
            self.hidden_channels, dim=1)
        return dict(
            heatmap=torch.sigmoid(self.heatmap(heatmap)),
            size=self.size(size),
            offset=self.offset(offset))


def find_peaks(heatmap: Tensor, k: int) -> Tuple[Tensor, Tensor, Tensor]:
    """Top-``k`` local maxima of an ``(N, 1, H, W)`` heatmap after 3x3
    max-pool suppression. Returns ``scores``, flat ``indices`` (``y * W +
    x``) and ``valid`` (N, k'): ``k' = min(k, H * W)``; a slot is invalid
    when the map has fewer peaks than ``k`` (its score is 0: suppressed
    positions are zeroed, and sigmoid scores are > 0). Equal neighbours
    (a plateau) are all peaks."""
    if k <= 0:
        raise ValueError(f'find_peaks: k must be > 0, got {k}')
    pooled = F.max_pool2d(heatmap, 3, stride=1, padding=1)
    scores = torch.where(heatmap == pooled, heatmap,
                         torch.zeros_like(heatmap)).flatten(1)
    k = min(k, scores.shape[1])
    top, index = scores.topk(k, dim=1)
    return top, index, top > 0


def box_masks(heatmap: Tensor, size: Tensor, offset: Tensor,
              k: int) -> Tensor:
    """``(N, k', H, W)`` binary masks of the boxes at the top-k peaks of
    ``heatmap``: centre ``(x + offset_x, y + offset_y)``, width and height
    ``size`` (at least one pixel), in pixels of the map; a pixel is inside
    when its centre is. Invalid peaks give empty masks. No gradient."""
    with torch.no_grad():
        n, _, h, w = heatmap.shape
        _, index, valid = find_peaks(heatmap, k)
        ys, xs = (index // w).to(heatmap.dtype), (index % w).to(heatmap.dtype)

        def gather(t, c):
            return t[:, c].flatten(1).gather(1, index)

        cx = xs + gather(offset, 0).clamp(0, 1)
        cy = ys + gather(offset, 1).clamp(0, 1)
        half_w = gather(size, 0).clamp(min=1) / 2
        half_h = gather(size, 1).clamp(min=1) / 2
        px = torch.arange(w, device=heatmap.device, dtype=heatmap.dtype)
        py = torch.arange(h, device=heatmap.device, dtype=heatmap.dtype)
        # pixel (y, x) centre at (y + 0.5, x + 0.5); a peak at pixel (y, x)
        # with offset o has its centre at y + o (o in [0, 1]).
        in_x = ((px + 0.5)[None, None] - cx[..., None]).abs() \
            <= half_w[..., None]
        in_y = ((py + 0.5)[None, None] - cy[..., None]).abs() \
            <= half_h[..., None]
        masks = in_y[..., :, None] & in_x[..., None, :]
        return (masks & valid[..., None, None]).to(heatmap.dtype)
