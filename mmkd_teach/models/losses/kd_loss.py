"""Hinton KD on any task view (see functional/kd.py)."""
from mmkd_teach.registry import MODELS
from .base_logit_loss import BaseLogitLoss
from .functional import kd_per_item
from .options import check_number


@MODELS.register_module()
class KDLoss(BaseLogitLoss):
    """``T^2 * KL(p_t^T || p_s^T)``, mean over valid items (sigmoid items:
    summed binary KL of the columns). Labels are needed only with ``adjust``.

    Example: ``dict(type='KDLoss', temperature=4.0, adjust='ps')``.
    """

    requires_labels = False

    def __init__(self, temperature: float = 4.0, **kwargs):
        super().__init__(**kwargs)
        self.temperature = check_number('KDLoss', 'temperature', temperature,
                                        low=0, low_open=True)

    def per_item(self, items, student, teacher):
        return kd_per_item(student, teacher, self.temperature,
                           items.activation)
