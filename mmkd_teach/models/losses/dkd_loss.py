"""Decoupled KD on any task view (see functional/dkd.py)."""
from mmkd_teach.registry import MODELS
from .base_logit_loss import BaseLogitLoss
from .functional import dkd_per_item
from .options import check_number


@MODELS.register_module()
class DKDLoss(BaseLogitLoss):
    """``alpha * TCKD + beta * NCKD`` (T^2-scaled), mean over valid items;
    the weight warms up linearly over ``warmup`` (20 epochs by default, as in
    the paper). Valid items without a label (-1) contribute 0.

    Example: ``dict(type='DKDLoss', alpha=1.0, beta=8.0, temperature=4.0)``.
    """

    requires_labels = True

    def __init__(self,
                 alpha: float = 1.0,
                 beta: float = 8.0,
                 temperature: float = 4.0,
                 warmup=dict(by='epoch', length=20),
                 **kwargs):
        super().__init__(warmup=warmup, **kwargs)
        self.alpha = check_number('DKDLoss', 'alpha', alpha, low=0)
        self.beta = check_number('DKDLoss', 'beta', beta, low=0)
        self.temperature = check_number('DKDLoss', 'temperature', temperature,
                                        low=0, low_open=True)

    def per_item(self, items, student, teacher):
        return dkd_per_item(student, teacher, items.labels,
                            items.target_mask(), self.alpha, self.beta,
                            self.temperature, items.activation)
