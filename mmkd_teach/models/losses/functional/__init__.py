"""Logit distillation math: plain functions on (N, C) tensors."""
from .dkd import dkd_per_item, nckd_per_item, tckd_per_item
from .dynamic_temperature import (confusion_weight, dtd_per_item,
                                  dynamic_temperature, global_mean)
from .generous_teacher import generous_nckd_per_item, standardised_temperature
from .kd import binary_kl, binary_kl_sum, kd_per_item, softmax_kl
from .knowledge_adjustment import label_smoothing, probability_shift
from .reduce import as_temperature, empty_loss, masked_mean

__all__ = [
    'as_temperature', 'binary_kl', 'binary_kl_sum', 'confusion_weight',
    'dkd_per_item', 'dtd_per_item', 'dynamic_temperature', 'empty_loss',
    'generous_nckd_per_item', 'global_mean', 'kd_per_item', 'label_smoothing',
    'masked_mean', 'nckd_per_item', 'probability_shift', 'softmax_kl',
    'standardised_temperature', 'tckd_per_item'
]
