"""Generous Teacher (Ding et al., Image and Vision Computing 150 (2024)
105199; docs/methods/generous_teacher.md, stage 2).

The generous teacher ``z_g`` (being trained) absorbs the frozen standard
teacher's ``z_std`` non-target knowledge. Per item, std over classes
(unbiased):

* ``tau_s = Tn * std(z_std)``, ``tau_g = Tn * std(z_g)``; ``tau_g`` keeps its
  gradient (dividing by a multiple of the std is logit standardisation up to
  a shift, which softmax ignores);
* ``p = softmax(z_std / tau_s - 1000 * onehot(y))``,
  ``log q = log_softmax(z_g / tau_g - 1000 * onehot(y))``;
* ``L_nckd = mean_x tau_s^2 * KL(p || q)``; no target-class term.

Numerics (same value, by shift invariance): logits are centred before the
division, so the ``-1000`` mask never drowns in large logits; the std is
``sqrt(max(var, min_std^2))``: constant logits give ``tau = Tn * min_std``,
a finite loss (0 when both are constant) and finite gradients. With fewer
than 2 classes the std is undefined and the loss is 0.
"""
from torch import Tensor

from .kd import softmax_kl


def standardised_temperature(logits: Tensor, tn: float,
                             min_std: float = 1e-6) -> Tensor:
    """``Tn * std(z)`` per item as (N, 1) (unbiased std, floored at
    ``min_std``); keeps the gradient."""
    var = logits.var(dim=1, keepdim=True, unbiased=True)
    return tn * var.clamp(min=min_std**2).sqrt()


def generous_nckd_per_item(g_logits: Tensor, std_logits: Tensor,
                           target: Tensor, tn: float = 1.0,
                           min_std: float = 1e-6) -> Tensor:
    """``tau_s^2 * KL(p || q)`` over the non-target classes, shape (N,).

    ``g_logits``: generous teacher (trained); ``std_logits``: standard
    teacher (frozen); ``target``: (N, C) bool mask of the class to remove
    (an all-False row: every class is non-target).
    """
    if tn <= 0:
        raise ValueError(f'Generous Teacher needs Tn > 0, got {tn}')
    if g_logits.shape[1] < 2:
        return g_logits.sum(1) * 0
    std_logits = std_logits.detach()
    tau_s = standardised_temperature(std_logits, tn, min_std)
    tau_g = standardised_temperature(g_logits, tn, min_std)
    p_logits = (std_logits - std_logits.mean(1, keepdim=True)) / tau_s
    q_logits = (g_logits - g_logits.mean(1, keepdim=True)) / tau_g
    kl = softmax_kl(p_logits, q_logits, mask=target)
    return tau_s.squeeze(1)**2 * kl
