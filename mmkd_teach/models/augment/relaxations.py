"""Differentiable relaxations of discrete augmentation choices, shared by
the learnable augmenters (SoKD's feature policy; DADA / Faster AutoAugment
style). Every random draw takes an explicit ``torch.Generator`` so that a
policy owns its random stream and can save it in a checkpoint.
"""
from typing import Optional, Tuple

import torch
from torch import Tensor

_EPS = 1e-6


def _uniform(shape, generator: Optional[torch.Generator], like: Tensor):
    u = torch.rand(shape, generator=generator, dtype=torch.float32)
    return u.clamp(_EPS, 1 - _EPS).to(device=like.device, dtype=like.dtype)


def gumbel_softmax_hard(logits: Tensor, temperature: float,
                        generator: Optional[torch.Generator] = None
                        ) -> Tuple[int, Tensor]:
    """One category from ``softmax((logits + g) / temperature)``, g Gumbel
    noise: returns its index and the straight-through one-hot weights
    (value one-hot, gradient of the soft sample, so every logit gets one)."""
    u = _uniform(logits.shape, generator, logits)
    soft = torch.softmax((logits - torch.log(-torch.log(u))) / temperature,
                         dim=-1)
    index = int(soft.detach().argmax())
    hard = torch.zeros_like(soft)
    hard[index] = 1.
    return index, hard - soft.detach() + soft


def relaxed_bernoulli(logits: Tensor, temperature: float,
                      generator: Optional[torch.Generator] = None) -> Tensor:
    """Concrete / relaxed Bernoulli sample in (0, 1) with probability
    ``sigmoid(logits)``: ``sigmoid((logits + log u - log(1 - u)) / T)``."""
    u = _uniform(logits.shape, generator, logits)
    return torch.sigmoid(
        (logits + torch.log(u) - torch.log1p(-u)) / temperature)


def clamp_straight_through(value: Tensor, low: float = 0.,
                           high: float = 1.) -> Tensor:
    """``value`` clamped to ``[low, high]`` in the forward pass, identity in
    the backward pass (a magnitude pushed past its range can come back)."""
    return value + (value.clamp(low, high) - value).detach()


def straight_through(hard: Tensor, magnitude: Tensor) -> Tensor:
    """``hard`` (an output that is piecewise constant in ``magnitude``,
    e.g. a cutout whose size is rounded to whole pixels) with the gradient
    ``d hard / d magnitude = 1`` per element (Faster AutoAugment's
    straight-through estimator): the value is ``hard``."""
    if not magnitude.requires_grad:  # nothing to carry: skip a full pass
        return hard
    return hard + (magnitude - magnitude.detach())
