"""The learning-rate decay of TST's policy optimiser (ALRS-style;
docs/methods/tst.md): after each search period, the lr is multiplied by
``decay`` when the period's mean search loss improved on the previous one by
less than ``abs_threshold`` *and* less than ``rel_threshold`` of it."""
import math


def alrs_factor(previous: float, current: float, decay: float = 0.9,
                abs_threshold: float = 0.02,
                rel_threshold: float = 0.02) -> float:
    """The lr factor after a period (1.0 for the first one)."""
    if math.isnan(previous):
        return 1.0
    gain = previous - current
    if gain < abs_threshold and gain < rel_threshold * abs(previous):
        return decay
    return 1.0
