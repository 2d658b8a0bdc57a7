"""Shared options of the logit losses: weight, warm-up and Knowledge
Adjustment of the teacher's logits."""
from typing import Optional, Union

from mmengine.logging import MessageHub
from torch import Tensor, nn

from ..task_views.items import ACTIVATIONS, LogitItems
from .functional import label_smoothing, probability_shift

WARMUP_UNITS = ('epoch', 'iter')


def training_progress(unit: str) -> int:
    """The Runner's current epoch or iteration (0 outside a Runner)."""
    hub = MessageHub.get_current_instance()
    return int(hub.get_info(unit, 0) or 0)


def warmup_factor(warmup: Optional[dict]) -> float:
    """``min(progress / length, 1)`` for ``warmup=dict(by=..., length=...)``
    (1 without warm-up)."""
    if not warmup:
        return 1.0
    return min(training_progress(warmup['by']) / warmup['length'], 1.0)


def check_warmup(warmup: Optional[dict], owner: str) -> Optional[dict]:
    if warmup is None:
        return None
    if warmup.get('by') not in WARMUP_UNITS or warmup.get('length', 0) <= 0:
        raise ValueError(f'{owner}: warmup must be dict(by="epoch"|"iter", '
                         f'length=N > 0), got {warmup}')
    return dict(warmup)


class BaseLogitLoss(nn.Module):
    """Base of the logit losses: ``forward(items) -> weighted loss``.

    Args:
        loss_weight: multiplies the loss.
        adjust: Knowledge Adjustment of the teacher logits before the loss:
            ``None``, ``'ps'`` (Probability Shift), ``'lsr'`` or
            ``dict(type='lsr', epsilon=0.1)``.
        warmup: ``None`` or ``dict(by='epoch'|'iter', length=N)``: the weight
            grows linearly from 0 to ``loss_weight`` over N epochs/iterations.
    """

    input_kind = 'logits'
    supported_activations = ACTIVATIONS

    def __init__(self,
                 loss_weight: float = 1.0,
                 adjust: Union[None, str, dict] = None,
                 warmup: Optional[dict] = None):
        super().__init__()
        self.loss_weight = loss_weight
        if isinstance(adjust, str):
            adjust = dict(type=adjust)
        if adjust is not None and adjust.get('type') not in ('ps', 'lsr'):
            raise ValueError(f'{type(self).__name__}: adjust must be None, '
                             f"'ps' or 'lsr', got {adjust}")
        self.adjust = adjust
        self.warmup = check_warmup(warmup, type(self).__name__)

    def teacher_logits(self, items: LogitItems) -> Tensor:
        """The teacher's logits after Knowledge Adjustment (if any)."""
        if self.adjust is None:
            return items.teacher
        args = (items.teacher, items.labels, items.valid, items.target_mask())
        if self.adjust['type'] == 'ps':
            return probability_shift(*args, activation=items.activation)
        return label_smoothing(
            *args,
            epsilon=self.adjust.get('epsilon', 0.1),
            activation=items.activation)

    def weight(self) -> float:
        return self.loss_weight * warmup_factor(self.warmup)

    def forward(self, items: LogitItems) -> Tensor:
        if items.activation not in self.supported_activations:
            raise ValueError(f'{type(self).__name__} cannot serve '
                             f'{items.activation} items')
        return self.weight() * self.compute(items, self.teacher_logits(items))

    def compute(self, items: LogitItems, teacher: Tensor) -> Tensor:
        """The unweighted loss, given the (adjusted) teacher logits."""
        raise NotImplementedError
