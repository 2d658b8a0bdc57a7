"""Zhao et al., CVPR 2022, "Decoupled Knowledge Distillation".

``DKD = alpha * TCKD + beta * NCKD``, each ``T^2``-scaled:

* TCKD: KL of the binary target-vs-rest distributions ``[p_y, 1 - p_y]``.
  Sigmoid items: each column already is a binary target-vs-rest distribution
  for its class, so TCKD is the summed binary KL of all columns.
* NCKD: KL of the distributions over the non-target classes, obtained by
  masking the target logit with ``-1000`` before the softmax (METHODS.md).
  A sigmoid background item has no target column: all its classes are
  non-target.

Unlabelled items (label -1) have no target: their TCKD and NCKD are 0.
"""
import torch
import torch.nn.functional as F
from torch import Tensor

from .kd import binary_kl, softmax_kl

MASK = 1000.0


def nckd_per_item(s_logits: Tensor, t_logits: Tensor, target: Tensor,
                  temperature: float) -> Tensor:
    """Non-target KL per item; ``target`` is the (N, C) bool target mask."""
    offset = MASK * target.to(s_logits.dtype)
    return temperature**2 * softmax_kl(t_logits / temperature - offset,
                                       s_logits / temperature - offset)


def tckd_per_item(s_logits: Tensor, t_logits: Tensor, target: Tensor,
                  temperature: float, activation: str) -> Tensor:
    """Target-vs-rest KL per item."""
    t, s = t_logits / temperature, s_logits / temperature
    if activation == 'sigmoid':
        kl = binary_kl(t, s).sum(1)
    else:
        p_t, p_s = F.softmax(t, 1), F.softmax(s, 1)
        mask = target.to(p_t.dtype)
        bt = torch.stack([(p_t * mask).sum(1), (p_t * (1 - mask)).sum(1)], 1)
        bs = torch.stack([(p_s * mask).sum(1), (p_s * (1 - mask)).sum(1)], 1)
        bt, bs = bt.clamp_min(1e-8), bs.clamp_min(1e-8)
        kl = (bt * (bt.log() - bs.log())).sum(1)
    return temperature**2 * kl


def dkd_per_item(s_logits: Tensor, t_logits: Tensor, labels: Tensor,
                 target: Tensor, alpha: float, beta: float,
                 temperature: float, activation: str = 'softmax') -> Tensor:
    """``alpha * TCKD + beta * NCKD`` of each item, shape (N,)."""
    labelled = (labels >= 0).to(s_logits.dtype)
    tckd = tckd_per_item(s_logits, t_logits, target, temperature, activation)
    nckd = nckd_per_item(s_logits, t_logits, target, temperature)
    return labelled * (alpha * tckd + beta * nckd)
