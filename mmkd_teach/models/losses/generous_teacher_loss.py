"""Generous Teacher, stage 2: the non-target loss that trains the generous
teacher from the frozen standard teacher (see functional/generous_teacher.py).

Use it in a distiller whose *student* is the generous teacher being trained
(same architecture as the standard teacher) and whose *teacher* is the frozen
standard teacher; the student's own task loss is the ``L_task`` of the paper.
Stage 3 is ordinary KD (e.g. ``KDLoss``) with the generous teacher as teacher.
"""
from typing import Optional

from mmkd_teach.registry import MODELS
from .base_logit_loss import BaseLogitLoss
from .functional import generous_nckd_per_item
from .options import check_choice, check_number

SIGMOID_ITEMS = ('positives', 'all')


@MODELS.register_module()
class GenerousTeacherLoss(BaseLogitLoss):
    """``loss_weight * alpha * min((progress + 1) / length, 1) * L_nckd`` with
    ``L_nckd = mean_x tau_s^2 * KL(p || q)`` over the non-target classes,
    ``tau = Tn * std(z)`` per item for both models (the trained model's
    ``tau_g`` keeps its gradient).

    Args:
        Tn: multiple of the per-item logit std used as temperature (> 0).
        alpha: weight of the non-target term (paper default 1).
        warmup: linear warm-up, ``dict(by='epoch', length=20)`` as in the
            paper (``min(epoch / 20, 1)`` with epochs counted from 1, so the
            first epoch has weight 1/20); ``dict(by='iter', length=N)`` for
            iteration-based schedules.
        sigmoid_items: which sigmoid items (one-stage heads, no background
            column) take part: ``'positives'`` (default; items with
            ``0 <= label < C``, the non-target classes are the other classes)
            or ``'all'`` (background items too, every class non-target).
        min_std: floor of the std (constant logits stay finite).
        loss_weight, adjust: see :class:`BaseLogitLoss`.

    Softmax items take part when valid and labelled: pixels (ignore index
    excluded), images, RoIs (the background column is a class like any
    other: for a background RoI the non-target classes are the objects).

    Example: ``dict(type='GenerousTeacherLoss', Tn=1.0, alpha=1.0)``.
    """

    requires_labels = True

    def __init__(self,
                 Tn: float = 1.0,
                 alpha: float = 1.0,
                 warmup: Optional[dict] = dict(by='epoch', length=20),
                 sigmoid_items: str = 'positives',
                 min_std: float = 1e-6,
                 **kwargs):
        super().__init__(warmup=warmup, **kwargs)
        name = 'GenerousTeacherLoss'
        self.Tn = check_number(name, 'Tn', Tn, low=0, low_open=True)
        self.alpha = check_number(name, 'alpha', alpha, low=0)
        self.sigmoid_items = check_choice(name, 'sigmoid_items',
                                          sigmoid_items, SIGMOID_ITEMS)
        self.min_std = check_number(name, 'min_std', min_std, low=0,
                                    low_open=True)

    def participants(self, items):
        if items.activation == 'sigmoid' and self.sigmoid_items == 'all':
            known = (items.labels >= 0) & (items.labels <= items.num_classes)
        else:
            known = items.class_labelled()
        return items.valid & known

    def weight(self) -> float:
        return self.alpha * super().weight()

    def per_item(self, items, student, teacher):
        return generous_nckd_per_item(student, teacher, items.target_mask(),
                                      self.Tn, self.min_std)
