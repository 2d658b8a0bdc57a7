"""Zhao et al., CVPR 2022, "Decoupled Knowledge Distillation"
(docs/methods/dkd.md).

``DKD = alpha * TCKD + beta * NCKD``, each ``T^2``-scaled:

* TCKD: KL of the binary target-vs-rest distributions ``[p_y, 1 - p_y]``
  (``p = softmax(z / T)``; computed in log space, no clamping). Sigmoid items:
  each column already is a binary target-vs-rest distribution for its class
  (``[sigmoid(z/T), 1 - sigmoid(z/T)]``), so TCKD is the summed binary KL of
  all columns; for a background item (``y == C``) every column's target is
  "not this class".
* NCKD: KL of the distributions over the non-target classes, obtained by
  masking the target logit with ``-1000`` before the softmax;
  the same formula serves sigmoid items. A sigmoid background item has no
  target column: all its ``C`` classes are non-target.

Unlabelled items (label -1) have no target, hence no target-aware part: their
TCKD and NCKD are 0 (they still count in a mean over valid items; the
built-in task views never mark them valid).
"""
import torch
from torch import Tensor

from .kd import MASK, binary_kl_sum, softmax_kl


def _log_target_vs_rest(z: Tensor, target: Tensor) -> Tensor:
    """(N, 2): ``[log p_y, log(1 - p_y)]`` of ``softmax(z)``."""
    m = target.to(z.dtype)
    lse = torch.logsumexp(z, 1)
    log_in = torch.logsumexp(z - MASK * (1 - m), 1) - lse
    log_out = torch.logsumexp(z - MASK * m, 1) - lse
    return torch.stack([log_in, log_out], 1)


def _nckd(s: Tensor, t: Tensor, target: Tensor) -> Tensor:
    """Non-target KL of temperature-scaled logits (not ``T^2``-scaled)."""
    return softmax_kl(t, s, mask=target)


def _tckd(s: Tensor, t: Tensor, target: Tensor, activation: str) -> Tensor:
    """Target-vs-rest KL of temperature-scaled logits (not scaled)."""
    if activation == 'sigmoid':
        return binary_kl_sum(t, s)
    log_t = _log_target_vs_rest(t, target)
    log_s = _log_target_vs_rest(s, target)
    return (log_t.exp() * (log_t - log_s)).sum(1)


def nckd_per_item(s_logits: Tensor, t_logits: Tensor, target: Tensor,
                  temperature: float) -> Tensor:
    """Non-target KL per item (``T^2``-scaled); ``target``: (N, C) bool."""
    return temperature**2 * _nckd(s_logits / temperature,
                                  t_logits / temperature, target)


def tckd_per_item(s_logits: Tensor, t_logits: Tensor, target: Tensor,
                  temperature: float, activation: str = 'softmax') -> Tensor:
    """Target-vs-rest KL per item (``T^2``-scaled)."""
    return temperature**2 * _tckd(s_logits / temperature,
                                  t_logits / temperature, target, activation)


def dkd_per_item(s_logits: Tensor, t_logits: Tensor, labels: Tensor,
                 target: Tensor, alpha: float = 1.0, beta: float = 8.0,
                 temperature: float = 4.0,
                 activation: str = 'softmax') -> Tensor:
    """``alpha * TCKD + beta * NCKD`` of each item, shape (N,).

    ``target`` is ``LogitItems.target_mask()``; items with ``labels < 0``
    give 0.
    """
    labelled = labels >= 0
    s, t = s_logits / temperature, t_logits / temperature  # shared by both
    tckd = temperature**2 * _tckd(s, t, target, activation)
    nckd = temperature**2 * _nckd(s, t, target)
    per_item = alpha * tckd + beta * nckd
    return torch.where(labelled, per_item, torch.zeros_like(per_item))
