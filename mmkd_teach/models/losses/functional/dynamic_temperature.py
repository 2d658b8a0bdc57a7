"""Dynamic Temperature Distillation (Wen, Lai, Qian, "Preparing Lessons",
Neurocomputing 2021, arXiv 1911.07471; docs/methods/preparing_lessons.md).

Each item gets its own temperature, computed without gradient:
``tau_x = T0 + beta * (mean_batch(w) - w_x)``, clamped to ``floor`` (a large
``beta`` could make it <= 0). The confusion weight ``w_x`` is

* FLSW: ``(1 - cos(z_s, z_t))^gamma`` on L2-normalised logits (eps 1e-4);
* CWSM: ``1 / (max_c softmax(z_s)_c + 1e-3)``; sigmoid items (one-stage
  heads): ``1 / (max_c sigmoid(z_s)_c + 1e-3)``.

A confusing item (large ``w_x``) gets a lower temperature: a sharper target.
The batch mean is over valid items; with ``all_reduce`` (default) the sum and
count are all-reduced across ranks when torch.distributed is initialised with
world size > 1, so the mean is the one of the global (concatenated) batch and
the result does not depend on the number of GPUs. Every rank must then call
this function at every step (also with zero items), or the ranks deadlock.
The loss, ``mean_x tau_x^2 * KL(softmax(z_t / tau_x) || softmax(z_s /
tau_x))``, is :func:`kd_per_item` with the (N,) temperature tensor.
"""
import torch
import torch.distributed as dist
from torch import Tensor

from .kd import kd_per_item

MODES = ('flsw', 'cwsm')


def confusion_weight(s_logits: Tensor,
                     t_logits: Tensor,
                     mode: str,
                     gamma: float = 2.0,
                     activation: str = 'softmax') -> Tensor:
    """``w_x`` of each item, shape (N,)."""
    if mode == 'flsw':  # cos of F.normalize(z, eps=1e-4), no (N, C) copy
        dtype = torch.promote_types(s_logits.dtype, t_logits.dtype)
        s, t = s_logits.to(dtype), t_logits.to(dtype)
        s_norm = torch.linalg.vector_norm(s, dim=1).clamp(min=1e-4)
        t_norm = torch.linalg.vector_norm(t, dim=1).clamp(min=1e-4)
        cos = torch.linalg.vecdot(s, t, dim=1) / (s_norm * t_norm)
        return (1 - cos).clamp(min=0)**gamma
    if mode == 'cwsm':
        if activation == 'sigmoid':  # monotonic: max_c sigmoid = sigmoid(max)
            top = s_logits.max(1).values.sigmoid()
        else:
            top = s_logits.softmax(1).max(1).values
        return 1.0 / (top + 1e-3)
    raise ValueError(f'DTD temperature mode must be one of {MODES}, got '
                     f'{mode!r}')


def global_mean(values: Tensor, valid: Tensor, all_reduce: bool) -> Tensor:
    """Mean of ``values`` over valid items (of every rank if all_reduce)."""
    valid = valid.to(torch.bool)
    kept = torch.where(valid, values, torch.zeros_like(values))
    stats = torch.stack([kept.sum(), valid.sum().to(values)])
    if all_reduce and dist.is_available() and dist.is_initialized() \
            and dist.get_world_size() > 1:
        dist.all_reduce(stats)
    return stats[0] / stats[1].clamp(min=1.0)


@torch.no_grad()
def dynamic_temperature(s_logits: Tensor, t_logits: Tensor, valid: Tensor,
                        mode: str = 'flsw', base: float = 4.0,
                        beta: float = 1.0, gamma: float = 2.0,
                        floor: float = 1.0, all_reduce: bool = True,
                        activation: str = 'softmax') -> Tensor:
    """Per-item temperatures ``tau_x`` (float32, shape (N,), no gradient)."""
    w = confusion_weight(s_logits.detach().float(), t_logits.float(), mode,
                         gamma, activation)
    mean = global_mean(w, valid, all_reduce)
    return (base + beta * (mean - w)).clamp(min=floor)


def dtd_per_item(s_logits: Tensor, t_logits: Tensor, valid: Tensor,
                 activation: str = 'softmax', **temperature) -> Tensor:
    """``tau_x^2 * KL`` of each item, shape (N,); ``temperature`` holds the
    keyword arguments of :func:`dynamic_temperature`."""
    tau = dynamic_temperature(s_logits, t_logits, valid,
                              activation=activation, **temperature)
    return kd_per_item(s_logits, t_logits, tau, activation)
