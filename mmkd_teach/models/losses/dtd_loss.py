"""Dynamic Temperature Distillation on any task view (Preparing Lessons; see
functional/dynamic_temperature.py); composes with Knowledge Adjustment."""
from typing import Optional

from mmkd_teach.registry import MODELS
from .base_logit_loss import BaseLogitLoss
from .functional import dtd_per_item, dynamic_temperature
from .functional.dynamic_temperature import MODES
from .options import (check_bool, check_choice, check_keys, check_number,
                      option_error)

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
        name = 'DTDLoss'
        cfg = dict(DEFAULT_TEMPERATURE)
        if not isinstance(temperature, (dict, type(None))):
            raise option_error(
                name, 'temperature', 'must be None or a dict of '
                f'{sorted(cfg)} (e.g. dict(mode="flsw", base=4.0)), got '
                f'{temperature!r}', TypeError)
        check_keys(name, 'temperature', temperature or {}, cfg)
        cfg.update(temperature or {})
        check_choice(name, 'temperature.mode', cfg['mode'], MODES)
        for key, low, low_open in (('base', 0, True), ('beta', 0, False),
                                   ('gamma', 0, False), ('floor', 0, True)):
            cfg[key] = check_number(name, f'temperature.{key}', cfg[key],
                                    low=low, low_open=low_open)
        check_bool(name, 'temperature.all_reduce', cfg['all_reduce'])
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
