"""Pretraining of the approximators and the weights shipped with the package.

``build_approximators`` fits one approximator per learned operation to the
real operation (operations.py) on random images at random magnitudes: MSE
between the two outputs, AdamW lr 1e-3 (docs/methods/tst.md). It is
deterministic for a seed on one thread;
``tools/misc/build_tst_approximators.py`` runs it and writes
``weights/approximators.pth`` with the checksum of its tensors, which
:func:`load_approximators` checks.
"""
import hashlib
import os.path as osp
from typing import Dict, Optional

import torch
import torch.nn.functional as F
from torch import Tensor, nn

from . import operations
from .approximators import ColourApproximator, GeometricApproximator

WEIGHTS = osp.join(osp.dirname(__file__), 'weights', 'approximators.pth')
# sha256 of the shipped tensors (see `checksum`), printed by the build tool.
SHA256 = ('7700a96f70d7f8f0322a4ae0257ea7fd21a0c2861c456c7d2d53c92f8c9a2ebc')


def random_images(n: int, size: int = 32,
                  generator: Optional[torch.Generator] = None) -> Tensor:
    """Smooth random colour fields at random scales plus pixel noise and a
    random rectangle, squeezed into a random sub-range of [0, 1]: enough
    structure for every operation."""
    out = []
    for cells in (2, 4, 8):
        m = n // 3 + (1 if cells == 2 and n % 3 else 0) + (
            1 if cells == 4 and n % 3 == 2 else 0)
        field = torch.rand(m, 3, cells, cells, generator=generator)
        out.append(F.interpolate(field, size=(size, size), mode='bilinear',
                                 align_corners=False))
    img = torch.cat(out)
    img = img + 0.05 * torch.randn(img.shape, generator=generator)
    corner = torch.randint(0, size // 2, (n, 2), generator=generator)
    extent = torch.randint(size // 8, size // 2, (n, 2), generator=generator)
    ys = torch.arange(size).view(1, size, 1)
    xs = torch.arange(size).view(1, 1, size)
    inside = ((ys >= corner[:, 0, None, None]) &
              (ys < (corner + extent)[:, 0, None, None]) &
              (xs >= corner[:, 1, None, None]) &
              (xs < (corner + extent)[:, 1, None, None])).unsqueeze(1)
    fill = torch.rand(n, 3, 1, 1, generator=generator)
    img = torch.where(inside, fill, img).clamp(0, 1)
    lo, hi = torch.rand(2, n, 1, 1, 1, generator=generator).sort(0).values
    return (lo * 0.5 + img * (0.5 + (hi - lo) * 0.5)).clamp(0, 1)


def random_magnitudes(name: str, n: int,
                      generator: Optional[torch.Generator] = None) -> Tensor:
    v = torch.rand(n, generator=generator)
    if operations.BY_NAME[name].signed:
        v = v * 2 - 1
    return v


def new_approximator(name: str) -> nn.Module:
    kind = operations.BY_NAME[name].kind
    return (GeometricApproximator()
            if kind == 'geometric' else ColourApproximator())


def fit(name: str, steps: int = 1000, batch: int = 32, size: int = 32,
        seed: int = 0, log=None) -> nn.Module:
    """Pretrain the approximator of one operation."""
    torch.manual_seed(seed)
    generator = torch.Generator().manual_seed(seed)
    model = new_approximator(name)
    optim = torch.optim.AdamW(model.parameters(), lr=1e-3, weight_decay=0)
    for step in range(steps):
        x = random_images(batch, size, generator)
        v = random_magnitudes(name, batch, generator)
        target = operations.apply(name, x, v)
        loss = F.mse_loss(model(x, v), target)
        optim.zero_grad()
        loss.backward()
        optim.step()
        if log is not None and (step + 1) % 500 == 0:
            log(f'{name}: step {step + 1} mse {loss.item():.5f}')
    return model.requires_grad_(False).eval()


def build_approximators(steps: int = 1000, seed: int = 0,
                        log=None) -> Dict[str, nn.Module]:
    return {
        name: fit(name, steps, seed=seed + i, log=log)
        for i, name in enumerate(operations.LEARNED)
    }


def checksum(state: Dict[str, Tensor]) -> str:
    """sha256 over the tensors' names and float32 bytes, in name order."""
    digest = hashlib.sha256()
    for key in sorted(state):
        digest.update(key.encode())
        digest.update(state[key].detach().float().contiguous().numpy()
                      .tobytes())
    return digest.hexdigest()


def state_of(approximators: Dict[str, nn.Module]) -> Dict[str, Tensor]:
    return {
        f'{name}.{k}': v
        for name, model in approximators.items()
        for k, v in model.state_dict().items()
    }


def load_approximators(path: str = WEIGHTS,
                       sha256: Optional[str] = None) -> Dict[str, nn.Module]:
    """The frozen approximators of the 11 learned operations, from
    ``path``; the tensors' checksum must equal ``sha256`` (default: the
    shipped one when ``path`` is the shipped file)."""
    if not osp.isfile(path):
        raise FileNotFoundError(
            f'TST approximator weights {path!r} not found: build them with '
            '`python tools/misc/build_tst_approximators.py`')
    state = torch.load(path, map_location='cpu', weights_only=True)
    if sha256 is None and osp.abspath(path) == osp.abspath(WEIGHTS):
        sha256 = SHA256
    if sha256 is not None and checksum(state) != sha256:
        raise ValueError(f'{path!r}: checksum {checksum(state)} differs '
                         f'from the expected {sha256}; rebuild the weights '
                         'with tools/misc/build_tst_approximators.py')
    out = {}
    for name in operations.LEARNED:
        model = new_approximator(name)
        model.load_state_dict({
            k[len(name) + 1:]: v
            for k, v in state.items() if k.startswith(name + '.')
        })
        out[name] = model.requires_grad_(False).eval()
    return out


@torch.no_grad()
def approximation_errors(approximators: Dict[str, nn.Module], n: int = 64,
                         size: int = 32, seed: int = 1234):
    """``{name: (mse of the approximator, mse of doing nothing)}`` against
    the real operation on fresh random images and magnitudes."""
    generator = torch.Generator().manual_seed(seed)
    x = random_images(n, size, generator)
    out = {}
    for name, model in approximators.items():
        v = random_magnitudes(name, n, generator)
        target = operations.apply(name, x, v)
        out[name] = (F.mse_loss(model(x, v), target).item(),
                     F.mse_loss(x, target).item())
    return out
