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


def _is_number(value) -> bool:
    return isinstance(value, Number) and not isinstance(value, bool)


def check_task_loss_weight(weight: Weight) -> Weight:
    """``weight`` if it is a number >= 0 or a dict of them; else a
    TypeError (wrong type) or ValueError (< 0) naming the key."""
    key = 'model.student_loss_weight'
    if isinstance(weight, dict):
        items = [(f'{key}[{name!r}]', value) for name, value in weight.items()]
        if not all(isinstance(name, str) for name in weight):
            raise TypeError(f'{key}: the keys must be task loss names such '
                            f"as 'loss_cls', got {list(weight)}")
    elif _is_number(weight):
        items = [(key, weight)]
    else:
        raise TypeError(f'{key}: must be a number >= 0 or a dict {{task '
                        'loss name: weight}, e.g. 0.5 or dict(loss_cls=0.5), '
                        f'got {type(weight).__name__} {weight!r}')
    for name, value in items:
        if not _is_number(value):
            raise TypeError(f'{name}: must be a number >= 0, got '
                            f'{type(value).__name__} {value!r}')
        if not value >= 0:
            raise ValueError(f'{name}: must be a number >= 0, got {value}')
    if isinstance(weight, dict):
        return {name: float(value) for name, value in weight.items()}
    return float(weight)


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
            f'model.student_loss_weight names {sorted(unknown)}, which the '
            f'student does not return; its losses are '
            f'{sorted(k for k in losses if "loss" in k)}')
    return {k: (_scaled(v, weight[k]) if k in weight else v)
            for k, v in losses.items()}
