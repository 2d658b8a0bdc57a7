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
from .options import check_number, option_error


def _names(option: str, value) -> List[str]:
    """A module name or a non-empty list of them, as a list."""
    names = list(value) if isinstance(value, (list, tuple)) else [value]
    if not names or not all(isinstance(n, str) and n for n in names):
        raise option_error(
            'FitNetLoss', option, 'must be a module name or a non-empty list '
            f"of them, e.g. 'backbone.layer4', got {value!r}", TypeError)
    return names


def _channels(option: str, value, n: int) -> List[int]:
    """An int > 0 for all ``n`` taps or one per tap, as a list of ``n``."""
    counts = list(value) if isinstance(value, (list, tuple)) else [value] * n
    if not all(isinstance(c, int) and not isinstance(c, bool) and c > 0
               for c in counts):
        raise option_error(
            'FitNetLoss', option, 'must be a channel count (an int > 0) or a '
            f'list of them, one per tap, got {value!r}', TypeError)
    if len(counts) != n:
        raise option_error(
            'FitNetLoss', option, f'gives {len(counts)} channel counts for '
            f'{n} taps: give one per tap, or one int for all')
    return counts


@MODELS.register_module()
class FitNetLoss(nn.Module):
    """Args:
        student_taps / teacher_taps: module names (one or a list of the same
            length), e.g. ``['neck.fpn_convs.0', 'neck.fpn_convs.1']``.
        student_channels / teacher_channels: channels of each tapped output
            (an int for all, or one per tap).
        loss_weight: multiplies the mean squared error (summed over taps).

    The distiller checks at build time that the taps exist and output
    ``(N, C, H, W)`` maps of the declared channel counts
    (``student_channels`` / ``teacher_channels``, one per tap).
    """

    input_kind = 'features'

    def __init__(self,
                 student_taps: Union[str, Sequence[str]],
                 teacher_taps: Union[str, Sequence[str]],
                 student_channels: Union[int, Sequence[int]],
                 teacher_channels: Union[int, Sequence[int]],
                 loss_weight: float = 1.0):
        super().__init__()
        self.student_taps = _names('student_taps', student_taps)
        self.teacher_taps = _names('teacher_taps', teacher_taps)
        n = len(self.student_taps)
        if len(self.teacher_taps) != n:
            raise option_error(
                'FitNetLoss', 'teacher_taps',
                f'names {len(self.teacher_taps)} modules and student_taps '
                f'{n}: give one teacher tap per student tap')
        self.student_channels = _channels('student_channels',
                                          student_channels, n)
        self.teacher_channels = _channels('teacher_channels',
                                          teacher_channels, n)
        self.adapters = nn.ModuleList(
            nn.Sequential(
                nn.Conv2d(s, t, 1, bias=False), nn.BatchNorm2d(t))
            for s, t in zip(self.student_channels, self.teacher_channels))
        self.loss_weight = check_number('FitNetLoss', 'loss_weight',
                                        loss_weight, low=0)

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
