"""Generous Teacher (Ding et al., Image and Vision Computing 150, 2024).

The generous teacher (being trained) absorbs the frozen standard teacher's
non-target knowledge. Per item, with std over classes (unbiased):

* ``tau_s = Tn * std(z_std)``, ``tau_g = Tn * std(z_g)`` (``tau_g`` keeps its
  gradient: dividing by a multiple of the std is logit standardisation up to
  a shift, which softmax ignores);
* ``p = softmax(z_std / tau_s - 1000 * onehot(y))``,
  ``log q = log_softmax(z_g / tau_g - 1000 * onehot(y))``;
* ``L_nckd = mean_x tau_s^2 * KL(p || q)``; no target-class term.

A zero std (constant logits) is clamped to ``min_std``: the loss and its
gradient stay finite.
"""
from torch import Tensor

from .kd import softmax_kl

MASK = 1000.0


def standardised_temperature(logits: Tensor, tn: float,
                             min_std: float = 1e-6) -> Tensor:
    """``Tn * std(z)`` per item as (N, 1); keeps the gradient."""
    return tn * logits.std(dim=1, keepdim=True).clamp(min=min_std)


def generous_nckd_per_item(g_logits: Tensor, std_logits: Tensor,
                           target: Tensor, tn: float = 1.0,
                           min_std: float = 1e-6) -> Tensor:
    """``tau_s^2 * KL(p || q)`` over the non-target classes, shape (N,).

    ``g_logits``: generous teacher (trained); ``std_logits``: standard
    teacher (frozen); ``target``: (N, C) bool target mask.
    """
    tau_s = standardised_temperature(std_logits, tn, min_std).detach()
    tau_g = standardised_temperature(g_logits, tn, min_std)
    offset = MASK * target.to(g_logits.dtype)
    kl = softmax_kl(std_logits / tau_s - offset, g_logits / tau_g - offset)
    return tau_s.squeeze(1)**2 * kl
