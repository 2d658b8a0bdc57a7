"""Shared options of the logit losses: weight, warm-up and Knowledge
Adjustment (KA) of the teacher's logits.

Every logit loss is ``forward(items: LogitItems) -> Tensor``: it keeps the
items that take part (``participants``, by default the valid ones), applies
KA to the teacher logits of those items, computes a per-item loss (half
precision upcast to float32) and returns ``loss_weight * warmup_factor *
mean`` (or, with ``normalize='positives'``, the sum divided by the number of
positive items); a batch without a participating item gives a zero loss that
keeps the graph.
"""
from typing import Optional, Union

import torch
from mmengine.logging import MessageHub
from torch import Tensor, nn

from ..task_views.items import ACTIVATIONS, LogitItems
from .functional import label_smoothing, masked_mean, probability_shift
from .options import (check_choice, check_keys, check_number,
                      option_error)

WARMUP_UNITS = ('epoch', 'iter')
ADJUST_TYPES = ('ps', 'lsr')
NORMALIZERS = ('items', 'positives')


def upcast(logits: Tensor) -> Tensor:
    """float16/bfloat16 logits (AMP) as float32; others unchanged."""
    if logits.dtype in (torch.float16, torch.bfloat16):
        return logits.float()
    return logits


def training_progress(unit: str) -> int:
    """The Runner's current epoch or iteration, as set in mmengine's
    MessageHub by RuntimeInfoHook (0 when missing, e.g. outside a Runner)."""
    hub = MessageHub.get_current_instance()
    return int(hub.get_info(unit, 0) or 0)


def warmup_factor(warmup: Optional[dict]) -> float:
    """``min((progress + 1) / length, 1)`` for ``warmup=dict(by=...,
    length=...)`` (1 without warm-up). The Runner counts epochs and
    iterations from 0, so the first epoch (iteration) has factor
    ``1 / length``, as in the DKD and Generous Teacher reference code, whose
    epochs count from 1."""
    if not warmup:
        return 1.0
    return min((training_progress(warmup['by']) + 1) / warmup['length'], 1.0)


def check_warmup(warmup: Optional[dict], owner: str) -> Optional[dict]:
    """``warmup`` if it is None or ``dict(by='epoch'|'iter', length=N > 0)``;
    else an option error (see options.py)."""
    if warmup is None:
        return None
    if not isinstance(warmup, dict):
        raise option_error(
            owner, 'warmup', 'must be None or dict(by="epoch"|"iter", '
            f'length=N > 0), got {warmup!r}', TypeError)
    check_keys(owner, 'warmup', warmup, ('by', 'length'))
    if 'by' not in warmup or 'length' not in warmup:
        raise option_error(
            owner, 'warmup', 'needs both `by` ("epoch" or "iter") and '
            f'`length` (a number > 0), got {warmup!r}')
    check_choice(owner, 'warmup.by', warmup['by'], WARMUP_UNITS)
    check_number(owner, 'warmup.length', warmup['length'], low=0,
                 low_open=True)
    return dict(warmup)


def check_adjust(adjust: Union[None, str, dict], owner: str) -> Optional[dict]:
    """``adjust`` as ``None`` or a dict ``type='ps'`` / ``type='lsr',
    epsilon`` (default 0.1); else an option error (see options.py)."""
    if adjust is None:
        return None
    if isinstance(adjust, str):
        adjust = dict(type=adjust)
    if not isinstance(adjust, dict):
        raise option_error(
            owner, 'adjust', "must be None, 'ps', 'lsr', dict(type='ps') or "
            f"dict(type='lsr', epsilon=0.1), got {adjust!r}", TypeError)
    check_choice(owner, 'adjust.type', adjust.get('type'), ADJUST_TYPES)
    adjust = dict(adjust)
    check_keys(owner, 'adjust', adjust, {'type', 'epsilon'}
               if adjust['type'] == 'lsr' else {'type'})
    if adjust['type'] == 'lsr':
        adjust['epsilon'] = check_number(
            owner, 'adjust.epsilon', adjust.get('epsilon', 0.1), low=0,
            low_open=True, high=1, high_open=True)
    return adjust


class BaseLogitLoss(nn.Module):
    """Base of the logit losses.

    Args:
        loss_weight: multiplies the loss.
        adjust: Knowledge Adjustment of the teacher logits before the loss:
            ``None``, ``'ps'`` / ``dict(type='ps')`` (Probability Shift) or
            ``'lsr'`` / ``dict(type='lsr', epsilon=0.1)``. KA needs labels.
        warmup: ``None`` or ``dict(by='epoch'|'iter', length=N)``: the weight
            is ``loss_weight * min((progress + 1) / N, 1)`` (progress counted
            from 0).
        normalize: ``'items'`` (default): the mean over the participating
            items. ``'positives'`` (sigmoid items of one-stage heads only):
            their sum divided by the number of positive anchors/points of the
            batch (at least 1), as mmdet's focal loss is normalised
            (``avg_factor``), so that the distillation term keeps the task
            loss's scale whatever the number of anchors per image.

    Class attributes read by the distiller: ``input_kind = 'logits'``,
    ``supported_activations`` and ``requires_labels`` (an instance with
    ``adjust`` set always requires labels).
    """

    input_kind = 'logits'
    supported_activations = ACTIVATIONS
    requires_labels = False

    def __init__(self,
                 loss_weight: float = 1.0,
                 adjust: Union[None, str, dict] = None,
                 warmup: Optional[dict] = None,
                 normalize: str = 'items'):
        super().__init__()
        name = type(self).__name__
        self.loss_weight = check_number(name, 'loss_weight', loss_weight,
                                        low=0)
        self.adjust = check_adjust(adjust, name)
        self.warmup = check_warmup(warmup, name)
        self.normalize = check_choice(name, 'normalize', normalize,
                                      NORMALIZERS)
        if self.adjust is not None:
            self.requires_labels = True

    # -- pieces the subclasses may override ----------------------------------
    def participants(self, items: LogitItems) -> Tensor:
        """(N,) bool: the items averaged over (default: the valid ones)."""
        return items.valid

    def per_item(self, items: LogitItems, student: Tensor,
                 teacher: Tensor) -> Tensor:
        """(N,) unweighted loss of the participating ``items``, given their
        student logits (float16/bfloat16 upcast to float32) and (adjusted)
        teacher logits of the same dtype."""
        raise NotImplementedError

    # -- common machinery ----------------------------------------------------
    def check_activation(self, activation: str) -> None:
        if activation not in self.supported_activations:
            raise ValueError(f'{type(self).__name__} cannot serve '
                             f'{activation} items (it supports '
                             f'{list(self.supported_activations)})')

    def teacher_logits(self, items: LogitItems) -> Tensor:
        """The teacher's logits after Knowledge Adjustment (if any)."""
        teacher = items.teacher.detach()
        if self.adjust is None:
            return teacher
        args = (teacher, items.labels, items.valid, items.target_mask())
        if self.adjust['type'] == 'ps':
            return probability_shift(*args, activation=items.activation)
        return label_smoothing(
            *args,
            epsilon=self.adjust['epsilon'],
            activation=items.activation)

    def weight(self) -> float:
        return self.loss_weight * warmup_factor(self.warmup)

    def reduce(self, per_item: Tensor, items: LogitItems) -> Tensor:
        """The per-item losses of the participants -> one value; ``items``:
        all the batch's items (they count the positives)."""
        if self.normalize == 'items':
            return masked_mean(per_item)
        if items.activation != 'sigmoid':
            raise ValueError(f"{type(self).__name__}: normalize='positives' "
                             'is for sigmoid items (one-stage heads); these '
                             f'are {items.activation} items')
        positives = items.valid & items.class_labelled()
        return per_item.sum() / positives.sum().clamp(min=1).to(
            per_item.dtype)

    def forward(self, items: LogitItems) -> Tensor:
        self.check_activation(items.activation)
        batch = items
        items = items.select(self.participants(items))
        student = upcast(items.student)
        teacher = self.teacher_logits(items).to(student.dtype)
        return self.weight() * self.reduce(
            self.per_item(items, student, teacher), batch)
