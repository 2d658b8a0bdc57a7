"""The weight of the student's own task losses in a distillation run.

Hinton KD weighs the hard-label loss against the distillation term
(``alpha * CE + (1 - alpha) * T^2 * KL``; mdistiller's CIFAR KD uses 0.1 and
0.9). ``student_loss_weight`` is that weight: a number scales every task loss
(the keys with ``loss`` in their name), a dict ``{loss name: weight}`` scales
only the losses it names, e.g. ``dict(loss_cls=0.25)`` for a detector whose
box regression keeps its full weight. mmdet's per-level loss lists are scaled
element-wise.
"""
from numbers import Number
from typing import Dict, Union

Weight = Union[float, Dict[str, float]]


def check_task_loss_weight(weight: Weight) -> Weight:
    """``weight`` if it is a number >= 0 or a dict of them, else ValueError
    naming the key."""
    if isinstance(weight, Number) and not isinstance(weight, bool):
        if weight < 0:
            raise ValueError(f'student_loss_weight must be >= 0, got {weight}')
        return float(weight)
    if isinstance(weight, dict):
        for name, value in weight.items():
            if not (isinstance(value, Number) and not isinstance(value, bool)
                    and value >= 0):
                raise ValueError(
                    f'student_loss_weight[{name!r}] must be a number >= 0, '
                    f'got {value!r}')
        return {name: float(value) for name, value in weight.items()}
    raise ValueError('student_loss_weight must be a number or a dict '
                     f'{{task loss name: weight}}, got {weight!r}')


def _scaled(value, factor: float):
    if isinstance(value, (list, tuple)):
        return type(value)(v * factor for v in value)
    return value * factor


def weight_task_losses(losses: dict, weight: Weight) -> dict:
    """``losses`` (the student's ``loss()`` dict) with ``weight`` applied."""
    if isinstance(weight, float):
        if weight == 1.0:
            return losses
        return {k: (_scaled(v, weight) if 'loss' in k else v)
                for k, v in losses.items()}
    unknown = set(weight) - set(losses)
    if unknown:
        raise ValueError(
            f'student_loss_weight names {sorted(unknown)}, which the student '
            f'does not return; its losses are '
            f'{sorted(k for k in losses if "loss" in k)}')
    return {k: (_scaled(v, weight[k]) if k in weight else v)
            for k, v in losses.items()}
