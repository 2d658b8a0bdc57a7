"""FitNet (Romero et al., ICLR 2015): regress teacher features from student
features through a learnable adapter, ``L = mean || A(F_s) - F_t ||^2``.

The adapters (1x1 conv + BN per tapped pair) are learnable distillation parts:
they live in the distiller's ``distill_losses`` and so are checkpointed and
resumed with the run, and can have their own optimiser.
"""
from typing import List, Sequence, Union

import torch.nn.functional as F
from torch import Tensor, nn

from mmkd_teach.registry import MODELS


def _as_list(value) -> list:
    return list(value) if isinstance(value, (list, tuple)) else [value]


@MODELS.register_module()
class FitNetLoss(nn.Module):
    """Args:
        student_taps / teacher_taps: module names (one or a list of the same
            length), e.g. ``['neck.fpn_convs.0', 'neck.fpn_convs.1']``.
        student_channels / teacher_channels: channels of each tapped output
            (an int for all, or one per tap).
        loss_weight: multiplies the mean squared error (summed over taps).
    """

    input_kind = 'features'

    def __init__(self,
                 student_taps: Union[str, Sequence[str]],
                 teacher_taps: Union[str, Sequence[str]],
                 student_channels: Union[int, Sequence[int]],
                 teacher_channels: Union[int, Sequence[int]],
                 loss_weight: float = 1.0):
        super().__init__()
        self.student_taps = _as_list(student_taps)
        self.teacher_taps = _as_list(teacher_taps)
        n = len(self.student_taps)
        if len(self.teacher_taps) != n:
            raise ValueError('FitNetLoss: student_taps and teacher_taps must '
                             f'have the same length ({n} vs '
                             f'{len(self.teacher_taps)})')
        s_ch = _as_list(student_channels) * (
            n if isinstance(student_channels, int) else 1)
        t_ch = _as_list(teacher_channels) * (
            n if isinstance(teacher_channels, int) else 1)
        if len(s_ch) != n or len(t_ch) != n:
            raise ValueError('FitNetLoss: give one channel count per tap')
        self.adapters = nn.ModuleList(
            nn.Sequential(
                nn.Conv2d(s, t, 1, bias=False), nn.BatchNorm2d(t))
            for s, t in zip(s_ch, t_ch))
        self.loss_weight = loss_weight

    def forward(self, student_feats: List[Tensor], teacher_feats: List[Tensor],
                data_samples=None) -> Tensor:
        total = 0.
        for adapter, s, t, name in zip(self.adapters, student_feats,
                                       teacher_feats, self.student_taps):
            if not isinstance(s, Tensor) or not isinstance(t, Tensor):
                raise TypeError(f'FitNetLoss: tap {name!r} does not output a '
                                'single tensor; tap a module that does')
            s = adapter(s)
            if s.shape[-2:] != t.shape[-2:]:
                s = F.interpolate(
                    s, t.shape[-2:], mode='bilinear', align_corners=False)
            total = total + F.mse_loss(s, t)
        return self.loss_weight * total
