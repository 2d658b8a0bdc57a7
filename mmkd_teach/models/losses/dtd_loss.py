"""Dynamic Temperature Distillation on any task view (Preparing Lessons; see
functional/dynamic_temperature.py); composes with Knowledge Adjustment."""
from typing import Optional

from mmkd_teach.registry import MODELS
from .base_logit_loss import BaseLogitLoss
from .functional import dtd_per_item, dynamic_temperature
from .functional.dynamic_temperature import MODES

DEFAULT_TEMPERATURE = dict(
    mode='flsw', base=4.0, beta=1.0, gamma=2.0, floor=1.0, all_reduce=True)


@MODELS.register_module()
class DTDLoss(BaseLogitLoss):
    """``mean_x tau_x^2 * KL(p_t^tau_x || p_s^tau_x)`` with the per-item
    temperature ``tau_x = base + beta * (mean_batch(w) - w_x)``, clamped to
    ``floor``, the batch mean taken over the valid items of the whole batch
    (every pixel / anchor / RoI that takes part, of every image and, with
    ``all_reduce``, of every rank).

    Args:
        temperature: options of the dynamic temperature, merged onto
            ``dict(mode='flsw', base=4.0, beta=1.0, gamma=2.0, floor=1.0,
            all_reduce=True)``; ``mode`` is ``'flsw'`` or ``'cwsm'``
            (``gamma`` is used by FLSW only; ``base`` is T0).
        adjust, loss_weight, warmup: see :class:`BaseLogitLoss`. With
            ``adjust`` the confusion weight (FLSW) is computed on the adjusted
            teacher logits: KA first, then the dynamic temperature.

    Example: ``dict(type='DTDLoss', temperature=dict(mode='flsw', base=4.0,
    beta=1.0, gamma=2.0, floor=1.0, all_reduce=True), adjust='ps')``.

    Sigmoid items: the temperature scales every binary column; CWSM uses
    ``max_c sigmoid(z_s)``; background items take part like the others.
    Under DDP with ``all_reduce`` every rank must call the loss at every step
    (also with no valid item), as the distiller does.
    """

    requires_labels = False

    def __init__(self,
                 temperature: Optional[dict] = None,
                 warmup: Optional[dict] = None,
                 **kwargs):
        super().__init__(warmup=warmup, **kwargs)
        cfg = dict(DEFAULT_TEMPERATURE)
        unknown = set(temperature or {}) - set(cfg)
        if unknown:
            raise ValueError(f'DTDLoss: unknown temperature keys '
                             f'{sorted(unknown)}; expected {sorted(cfg)}')
        cfg.update(temperature or {})
        if cfg['mode'] not in MODES:
            raise ValueError(f'DTDLoss: temperature mode must be one of '
                             f"{MODES}, got {cfg['mode']!r}")
        if cfg['floor'] <= 0:
            raise ValueError(f'DTDLoss: temperature floor must be > 0, got '
                             f"{cfg['floor']}")
        self.temperature = cfg

    def item_temperatures(self, items, teacher=None):
        """The per-item temperatures of ``items`` (no gradient; with
        ``all_reduce`` a collective call)."""
        teacher = items.teacher if teacher is None else teacher
        return dynamic_temperature(items.student, teacher, items.valid,
                                   activation=items.activation,
                                   **self.temperature)

    def per_item(self, items, student, teacher):
        return dtd_per_item(student, teacher, items.valid, items.activation,
                            **self.temperature)
