"""Relaxed Bernoulli gates (binary Concrete; Maddison et al. 2017), as TST
uses them to switch operations on and off (docs/methods/tst.md)."""
from typing import Optional

import torch
from torch import Tensor


def relaxed_bernoulli(logits: Tensor, temperature: float = 0.05,
                      generator: Optional[torch.Generator] = None) -> Tensor:
    """``b = sigmoid((logit(u) + theta) / tau)``, ``u ~ U(0, 1)``: nearly 0
    or 1 at ``tau = 0.05``, 1 with probability ``sigmoid(theta)``, and
    differentiable in ``theta``."""
    u = torch.rand(logits.shape, generator=generator).to(logits)
    u = u.clamp(1e-6, 1 - 1e-6)
    return torch.sigmoid((u.log() - (-u).log1p() + logits) / temperature)
