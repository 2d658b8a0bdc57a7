"""The common currency of every logit method: aligned per-item logits.

A task view (classifier, segmentor, one-stage or two-stage detector) turns the
outputs of a student and its teacher into :class:`LogitItems`. A logit loss
(KD, DKD, KA, DTD, Generous Teacher, ...) is math on these items only, so it
is written once and works on every task.

Label conventions (``labels`` has shape ``(N,)``, dtype long):

* ``activation='softmax'`` (classifier, segmentor, two-stage RoI head): a label
  is a column of the logits, ``0 <= label < C``. For a two-stage RoI head the
  background is the last column (mmdet convention), i.e. a class like any other.
* ``activation='sigmoid'`` (one-stage heads such as RetinaNet, FCOS, GFL): the
  ``C`` columns are independent binary classifiers without a background column.
  ``0 <= label < C`` is a positive item of that class; ``label == C`` is a
  background (negative) item: every column is a "non-target" column.
* ``label == -1``: the item has no label (only possible where ``valid`` is
  False in the built-in views: ignored pixels, ignored anchors).

``valid`` marks the items that take part in a loss; reductions are means over
valid items, and a batch without a valid item gives a zero loss (not NaN).
"""
from dataclasses import dataclass

import torch
from torch import Tensor

ACTIVATIONS = ('softmax', 'sigmoid')


@dataclass
class LogitItems:
    """Aligned teacher/student logits of ``N`` items over ``C`` classes."""

    student: Tensor  # (N, C), carries the student's gradient
    teacher: Tensor  # (N, C), computed without gradient
    labels: Tensor  # (N,) long, see the module docstring
    valid: Tensor  # (N,) bool
    activation: str = 'softmax'

    def __post_init__(self):
        if self.activation not in ACTIVATIONS:
            raise ValueError(f'activation must be one of {ACTIVATIONS}, '
                             f'got {self.activation!r}')
        if self.student.shape != self.teacher.shape or self.student.dim() != 2:
            raise ValueError(
                'student and teacher logits must both be (N, C); got '
                f'{tuple(self.student.shape)} and {tuple(self.teacher.shape)}')
        n = self.student.shape[0]
        if self.labels.shape != (n, ) or self.valid.shape != (n, ):
            raise ValueError(f'labels and valid must be ({n},); got '
                             f'{tuple(self.labels.shape)} and '
                             f'{tuple(self.valid.shape)}')

    @property
    def num_classes(self) -> int:
        return self.student.shape[1]

    def class_labelled(self) -> Tensor:
        """(N,) bool: the label is one of the ``C`` columns, ``0 <= label <
        C`` (every labelled softmax item; the positives of sigmoid items)."""
        return (self.labels >= 0) & (self.labels < self.num_classes)

    def target_mask(self) -> Tensor:
        """(N, C) bool: True at the item's own class (all False for sigmoid
        background items and for unlabelled items)."""
        labelled = self.class_labelled()
        mask = torch.zeros_like(self.student, dtype=torch.bool)
        rows = labelled.nonzero(as_tuple=True)[0]
        mask[rows, self.labels[rows]] = True
        return mask

    def select(self, keep: Tensor) -> 'LogitItems':
        """The items where ``keep`` (bool, (N,)) is True (``self`` when it
        keeps them all: no copy of the logits)."""
        if bool(keep.all()):
            return self
        return LogitItems(self.student[keep], self.teacher[keep],
                          self.labels[keep], self.valid[keep], self.activation)

    @staticmethod
    def cat(parts) -> 'LogitItems':
        """Concatenate items of the same activation (e.g. FPN levels)."""
        parts = list(parts)
        activations = {p.activation for p in parts}
        if len(activations) != 1:
            raise ValueError(f'cannot mix activations {activations}')
        return LogitItems(
            torch.cat([p.student for p in parts]),
            torch.cat([p.teacher for p in parts]),
            torch.cat([p.labels for p in parts]),
            torch.cat([p.valid for p in parts]), activations.pop())
