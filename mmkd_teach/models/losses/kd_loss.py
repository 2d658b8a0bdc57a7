"""Hinton KD on any task view (see functional/kd.py)."""
from mmkd_teach.registry import MODELS
from .base_logit_loss import BaseLogitLoss
from .functional import kd_per_item, masked_mean


@MODELS.register_module()
class KDLoss(BaseLogitLoss):
    """``T^2 * KL(p_t^T || p_s^T)``, mean over valid items.

    Example: ``dict(type='KDLoss', temperature=4.0, adjust='ps')``.
    """

    def __init__(self, temperature: float = 4.0, **kwargs):
        super().__init__(**kwargs)
        self.temperature = temperature

    def compute(self, items, teacher):
        return masked_mean(
            kd_per_item(items.student, teacher, self.temperature,
                        items.activation), items.valid)
