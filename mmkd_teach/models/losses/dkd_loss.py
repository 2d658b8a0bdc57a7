"""Decoupled KD on any task view (see functional/dkd.py)."""
from mmkd_teach.registry import MODELS
from .base_logit_loss import BaseLogitLoss
from .functional import dkd_per_item, masked_mean


@MODELS.register_module()
class DKDLoss(BaseLogitLoss):
    """``alpha * TCKD + beta * NCKD`` (T^2-scaled), mean over valid items;
    the weight warms up linearly over ``warmup`` (20 epochs by default, as in
    the paper).

    Example: ``dict(type='DKDLoss', alpha=1.0, beta=8.0, temperature=4.0)``.
    """

    def __init__(self,
                 alpha: float = 1.0,
                 beta: float = 8.0,
                 temperature: float = 4.0,
                 warmup=dict(by='epoch', length=20),
                 **kwargs):
        super().__init__(warmup=warmup, **kwargs)
        self.alpha, self.beta, self.temperature = alpha, beta, temperature

    def compute(self, items, teacher):
        per_item = dkd_per_item(items.student, teacher, items.labels,
                                items.target_mask(), self.alpha, self.beta,
                                self.temperature, items.activation)
        return masked_mean(per_item, items.valid)
