"""Hinton et al. 2015, "Distilling the knowledge in a neural network"
(METHODS.md, Baselines).

Per item: ``T^2 * KL(p_t^T || p_s^T)`` with ``p^T = softmax(z / T)``.
Sigmoid items (one-stage heads without a background column): every class
column is its own binary distribution ``[sigmoid(z/T), 1 - sigmoid(z/T)]``
(the 2-way softmax of ``[z, 0]``), and the item's KD is ``T^2`` times the sum
over columns of the binary KL.
"""
import torch.nn.functional as F
from torch import Tensor

from .reduce import as_temperature


def binary_kl(t_logits: Tensor, s_logits: Tensor) -> Tensor:
    """Element-wise KL(Bernoulli(sigmoid(t)) || Bernoulli(sigmoid(s)))."""
    p = t_logits.sigmoid()
    return (p * (F.logsigmoid(t_logits) - F.logsigmoid(s_logits)) +
            (1 - p) * (F.logsigmoid(-t_logits) - F.logsigmoid(-s_logits)))


def softmax_kl(t_logits: Tensor, s_logits: Tensor) -> Tensor:
    """Row-wise KL(softmax(t) || softmax(s)), shape (N,)."""
    log_p = F.log_softmax(t_logits, dim=1)
    return (log_p.exp() * (log_p - F.log_softmax(s_logits, dim=1))).sum(1)


def kd_per_item(s_logits: Tensor, t_logits: Tensor, temperature,
                activation: str = 'softmax') -> Tensor:
    """``T^2 * KL(p_t^T || p_s^T)`` of each item, shape (N,).

    ``temperature`` is a float or a per-item (N,) tensor (DTD).
    """
    tau = as_temperature(temperature, s_logits)
    if activation == 'sigmoid':
        kl = binary_kl(t_logits / tau, s_logits / tau).sum(1)
    else:
        kl = softmax_kl(t_logits / tau, s_logits / tau)
    return tau.squeeze(1)**2 * kl
