"""Reductions over items and temperature handling shared by the losses."""
import torch
from torch import Tensor


def masked_mean(per_item: Tensor, valid: Tensor = None) -> Tensor:
    """Mean of ``per_item`` (N,) over the ``valid`` items (all if None).

    A batch without a valid item gives ``0`` that keeps the graph (so a
    backward pass works and gives zero gradients), never NaN. Values of
    invalid items are never read, so NaN/inf there do not leak in the value.
    """
    if valid is None:
        return per_item.sum() / max(per_item.numel(), 1)
    valid = valid.to(torch.bool)
    kept = torch.where(valid, per_item, torch.zeros_like(per_item))
    return kept.sum() / valid.sum().clamp(min=1).to(per_item.dtype)


def empty_loss(logits: Tensor) -> Tensor:
    """A zero loss connected to ``logits`` (``logits.sum() * 0``)."""
    return logits.sum() * 0


def as_temperature(temperature, like: Tensor) -> Tensor:
    """A float or an (N,) tensor of per-item temperatures, as (N, 1)."""
    if torch.is_tensor(temperature):
        return temperature.to(like).reshape(-1, 1)
    return like.new_full((like.shape[0], 1), float(temperature))
