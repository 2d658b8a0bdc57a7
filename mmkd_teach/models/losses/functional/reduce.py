"""Reductions over items."""
import torch
from torch import Tensor


def masked_mean(per_item: Tensor, valid: Tensor) -> Tensor:
    """Mean of ``per_item`` (N,) over ``valid`` items; a batch without a
    valid item gives 0 (with the graph kept), not NaN."""
    valid = valid.to(per_item.dtype)
    return (per_item * valid).sum() / valid.sum().clamp(min=1.0)


def as_temperature(temperature, like: Tensor) -> Tensor:
    """A float or an (N,) tensor of per-item temperatures, as (N, 1)."""
    if torch.is_tensor(temperature):
        return temperature.to(like.dtype).reshape(-1, 1)
    return like.new_full((like.shape[0], 1), float(temperature))
