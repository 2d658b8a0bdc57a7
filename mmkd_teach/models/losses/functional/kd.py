"""Hinton et al. 2015, "Distilling the knowledge in a neural network"
(docs/methods/kd.md).

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
from .row_blocks import row_blocks

MASK = 1000.0  # logit offset of masked classes (docs/methods/dkd.md)


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
    if ``s`` needs a gradient); the backward is one multiplication. The
    forward runs in row blocks (row_blocks.py: the same digits, in cache)."""

    @staticmethod
    def forward(ctx, t_logits: Tensor, s_logits: Tensor,
                scale: Tensor) -> Tensor:
        keep = ctx.needs_input_grad[1]
        kl = s_logits.new_empty(s_logits.shape[0])
        dkl_ds = torch.empty_like(s_logits) if keep else None
        per_row = scale.dim() > 0 and scale.shape[0] > 1
        for rows in row_blocks(s_logits):
            factor, t, s = _flip_to_negative(
                t_logits[rows], s_logits[rows],
                scale[rows] if per_row else scale)
            p = t.sigmoid()
            torch.sum(_kl_terms(t, s, p), 1, out=kl[rows])
            if keep:
                torch.sigmoid(s, out=dkl_ds[rows]).sub_(p).mul_(factor)
        if keep:
            ctx.save_for_backward(dkl_ds)
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


def _masked(logits: Tensor, mask: Optional[Tensor]) -> Tensor:
    """``logits - MASK * mask`` (mask: bool or 0/1), or ``logits``."""
    if mask is None:
        return logits
    return logits.sub(mask.to(logits.dtype), alpha=MASK)


def _softmax_kl_terms(t_logits: Tensor, s_logits: Tensor, p_out=None,
                      log_q_out=None, kl_out=None):
    """``(p_t, log softmax(s), KL)`` of rows, ``p_t = softmax(t)``, written
    into the ``*_out`` tensors where given."""
    log_p = F.log_softmax(t_logits, dim=1)
    p = torch.exp(log_p, out=p_out)
    log_q = torch.log_softmax(s_logits, 1, out=log_q_out)
    return p, log_q, torch.sum(p * (log_p - log_q), 1, out=kl_out)


class _SoftmaxKL(torch.autograd.Function):
    """``softmax_kl`` for a teacher without gradient, forward and backward in
    row blocks (row_blocks.py), the mask applied block by block. The
    backward is autograd's for the composite formula, op for op (``-(g *
    p_t)`` through log-softmax's backward), so the gradient keeps its digits
    too."""

    @staticmethod
    def forward(ctx, t_logits: Tensor, s_logits: Tensor,
                mask: Optional[Tensor]) -> Tensor:
        keep = ctx.needs_input_grad[1]
        kl = s_logits.new_empty(s_logits.shape[0])
        p_t = torch.empty_like(t_logits) if keep else None
        log_q = torch.empty_like(s_logits) if keep else None
        for rows in row_blocks(s_logits):
            m = None if mask is None else mask[rows]
            _softmax_kl_terms(
                _masked(t_logits[rows], m), _masked(s_logits[rows], m),
                p_t[rows] if keep else None, log_q[rows] if keep else None,
                kl[rows])
        if keep:
            ctx.save_for_backward(p_t, log_q)
        return kl

    @staticmethod
    def backward(ctx, grad: Tensor):
        p_t, log_q = ctx.saved_tensors
        dkl_ds = torch.empty_like(log_q)
        for rows in row_blocks(log_q):
            d_log_q = torch.mul(grad[rows].unsqueeze(1), p_t[rows]).neg_()
            torch._log_softmax_backward_data(
                d_log_q, log_q[rows], 1, log_q.dtype, out=dkl_ds[rows])
        return None, dkl_ds, None


def softmax_kl(t_logits: Tensor, s_logits: Tensor,
               mask: Optional[Tensor] = None) -> Tensor:
    """Row-wise KL(softmax(t') || softmax(s')), shape (N,), of the logits
    ``z' = z - MASK * mask`` (``mask``: (N, C) bool or 0/1, None: none), as
    DKD's non-target parts mask the target class. A teacher without
    gradient (the losses detach it) takes the row-block path of
    ``_SoftmaxKL``; one that requires grad the composite formula."""
    if (t_logits.requires_grad and torch.is_grad_enabled()) \
            or t_logits.dtype != s_logits.dtype or t_logits.dim() != 2:
        return _softmax_kl_terms(_masked(t_logits, mask),
                                 _masked(s_logits, mask))[2]
    return _SoftmaxKL.apply(t_logits, s_logits, mask)


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
