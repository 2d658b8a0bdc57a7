"""Hinton et al. 2015, "Distilling the knowledge in a neural network"
(METHODS.md, Baselines).

Per item: ``T^2 * KL(p_t^T || p_s^T)`` with ``p^T = softmax(z / T)``.
Sigmoid items (one-stage heads without a background column): every class
column is its own binary distribution ``[sigmoid(z/T), 1 - sigmoid(z/T)]``
(the 2-way softmax of ``[z, 0]``), and the item's KD is ``T^2`` times the sum
over columns of the binary KL.

The binary KL of logits ``t`` (teacher) and ``s`` (student), ``p =
sigmoid(t)``, is a cross-entropy minus the teacher's entropy,
``BCEWithLogits(s, p) - BCEWithLogits(t, p) = softplus(s) - softplus(t) -
p * (s - t)``, whose gradient is ``sigmoid(s) - p``. It is evaluated in this
last grouping: both parts are of the size of ``s - t``, so a pair that agrees
(a small KL) keeps its digits in float32, which a difference of two
entropy-sized cross-entropies does not. Before that, both logits change sign
where ``t > 0`` (the KL is the same with the two outcomes swapped), so that no
``softplus`` of a large positive logit rounds away the small KL of saturated
columns that agree. In float32 the values agree with the four-log-sigmoid
definition to its own rounding, in both tails (tests/models/losses/
test_fused_reference.py keeps that definition as the reference).
"""
from typing import Optional

import torch
import torch.nn.functional as F
from torch import Tensor

from .reduce import as_temperature


def _flip_to_negative(t_logits: Tensor, s_logits: Tensor, scale=None):
    """``(f, f * t, f * s)`` with ``f = -scale`` where ``t > 0``, else
    ``scale`` (> 0, default 1): the scaled teacher logit is ``<= 0``.
    (``copysign``, as ``torch.where`` on a bool (N, C) mask is several times
    slower on CPU.)"""
    scale = t_logits.new_ones(()) if scale is None else scale
    factor = torch.copysign(scale, t_logits.detach()).neg_()  # constant
    return factor, t_logits * factor, s_logits * factor


def _kl_terms(t: Tensor, s: Tensor, p: Tensor) -> Tensor:
    """``softplus(s) - softplus(t) - p * (s - t)``, element-wise."""
    return torch.addcmul(F.softplus(s) - F.softplus(t), p, s - t, value=-1)


def binary_kl(t_logits: Tensor, s_logits: Tensor) -> Tensor:
    """Element-wise KL(Bernoulli(sigmoid(t)) || Bernoulli(sigmoid(s)))."""
    _, t, s = _flip_to_negative(t_logits, s_logits)
    return _kl_terms(t, s, t.sigmoid())


class _BinaryKLSum(torch.autograd.Function):
    """``binary_kl(t * scale, s * scale).sum(1)`` for a teacher without
    gradient, as one op: the forward keeps only the gradient ``scale *
    (sigmoid(s * scale) - sigmoid(t * scale))`` (one (N, C) tensor, and only
    if ``s`` needs a gradient); the backward is one multiplication."""

    @staticmethod
    def forward(ctx, t_logits: Tensor, s_logits: Tensor,
                scale: Tensor) -> Tensor:
        factor, t, s = _flip_to_negative(t_logits, s_logits, scale)
        p = t.sigmoid()
        kl = _kl_terms(t, s, p).sum(1)
        if ctx.needs_input_grad[1]:
            ctx.save_for_backward(s.sigmoid_().sub_(p).mul_(factor))
        return kl

    @staticmethod
    def backward(ctx, grad: Tensor):
        dkl_ds, = ctx.saved_tensors
        return None, dkl_ds * grad.unsqueeze(1), None


def binary_kl_sum(t_logits: Tensor,
                  s_logits: Tensor,
                  temperature: Optional[Tensor] = None) -> Tensor:
    """``binary_kl(t / T, s / T).sum(1)``, shape (N,): the summed binary KL of
    the columns of each item (not ``T^2``-scaled), in the promoted dtype of
    the logits. ``temperature``: None (1) or a tensor that broadcasts to the
    logits, e.g. (N, 1) per item.

    A teacher without gradient (the losses detach it) takes the fused path:
    the division by ``T`` is folded into the sign flip, and no (N, C)
    temporary is kept for the backward but the gradient itself. A teacher
    that requires grad gets the composite formula, so that its gradient is
    right too.
    """
    dtype = torch.promote_types(t_logits.dtype, s_logits.dtype)
    t_logits, s_logits = t_logits.to(dtype), s_logits.to(dtype)
    if t_logits.requires_grad and torch.is_grad_enabled():
        if temperature is not None:
            t_logits, s_logits = t_logits / temperature, s_logits / temperature
        return binary_kl(t_logits, s_logits).sum(1)
    scale = (t_logits.new_ones(()) if temperature is None else
             temperature.to(dtype).reciprocal())
    return _BinaryKLSum.apply(t_logits, s_logits, scale)


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
        kl = binary_kl_sum(t_logits, s_logits, tau)
    else:
        kl = softmax_kl(t_logits / tau, s_logits / tau)
    return tau.squeeze(1)**2 * kl
