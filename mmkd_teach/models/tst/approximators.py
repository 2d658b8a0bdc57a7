"""Differentiable stand-ins of the real operations ("augmentation module with
a prior bias", TST section 3.2; docs/methods/tst.md).

Each is a small network pretrained once (pretrained.py) to imitate one real
operation of operations.py at any magnitude, then frozen: during the search
only the magnitude fed to it (and the probability of applying it) is
learned, and the gradient reaches that magnitude through the network.
"""
import torch
from torch import Tensor, nn

from .geometry import identity, to_theta, warp_images
from .operations import GRAY


class GeometricApproximator(nn.Module):
    """A learnable vector ``e`` and the magnitude ``v`` -> a 2x3 affine
    matrix (``M = MLP([e, v])``), applied with ``affine_grid`` /
    ``grid_sample``. Starts as the identity."""

    def __init__(self, embed_dims: int = 8, hidden: int = 32):
        super().__init__()
        self.embedding = nn.Parameter(torch.randn(embed_dims) * 0.1)
        self.net = nn.Sequential(
            nn.Linear(embed_dims + 1, hidden), nn.Tanh(),
            nn.Linear(hidden, 6))
        nn.init.zeros_(self.net[2].weight)
        with torch.no_grad():
            self.net[2].bias.copy_(identity(1).flatten())

    def matrix(self, v: Tensor) -> Tensor:
        """``(B,)`` signed magnitudes -> ``(B, 2, 3)`` square matrices."""
        e = self.embedding.expand(v.shape[0], -1)
        return self.net(torch.cat([e, v[:, None].to(e)], 1)).view(-1, 2, 3)

    def forward(self, x: Tensor, v: Tensor) -> Tensor:
        theta = to_theta(self.matrix(v), x.shape[2], x.shape[3])
        return warp_images(x, theta)


class ColourApproximator(nn.Module):
    """A learnable vector ``e``, the magnitude ``v`` and the image's colour
    statistics (channel means, grey mean and std) -> a per-image, per-channel
    scale ``s``, shift ``t`` and gain ``g``; then a 5x5 convolution:
    ``y = s x + t``, ``out = y + g * conv5x5(y)``. Starts as the identity."""

    def __init__(self, embed_dims: int = 8, hidden: int = 32):
        super().__init__()
        self.embedding = nn.Parameter(torch.randn(embed_dims) * 0.1)
        self.net = nn.Sequential(
            nn.Linear(embed_dims + 1 + 5, hidden), nn.Tanh(),
            nn.Linear(hidden, 7))
        nn.init.zeros_(self.net[2].weight)
        nn.init.zeros_(self.net[2].bias)
        self.conv = nn.Conv2d(3, 3, 5, padding=2, padding_mode='replicate',
                              bias=False)
        # small but not zero: with g = 0 and a zero kernel both would get
        # no gradient (the output is still the identity at start)
        nn.init.normal_(self.conv.weight, std=0.01)

    @staticmethod
    def statistics(x: Tensor) -> Tensor:
        g = (x * x.new_tensor(GRAY).view(1, 3, 1, 1)).sum(1)
        return torch.cat([x.mean((2, 3)), g.mean((1, 2))[:, None],
                          g.flatten(1).std(1)[:, None]], 1)

    def forward(self, x: Tensor, v: Tensor) -> Tensor:
        e = self.embedding.expand(x.shape[0], -1)
        stats = self.statistics(x.detach())
        out = self.net(torch.cat([e, v[:, None].to(e), stats], 1))
        scale = 1 + out[:, 0:3, None, None]
        shift = out[:, 3:6, None, None]
        gain = out[:, 6:7, None, None]
        y = scale * x + shift
        return y + gain * self.conv(y)
