"""SoKD: student-oriented knowledge distillation (Shen et al., ACM MM 2024,
arXiv 2409.18785; docs/methods/sokd.md) as a feature loss.

Per tapped level ``l`` with ``A = adapt(F_s)`` (1x1 conv + BN to the
teacher's channels, FitNet's adapter) and ``T~ = DAFA(F_t)``:

* ``loss_feat = mean (A - sg[T~])^2``: FitNet's regression on the refined
  teacher feature (``sg``: stop-gradient);
* ``loss_dam = lambda * mean (DAM(A) - DAM(sg[T~]))^2`` over the heatmap,
  size and offset maps (``L_D``);
* ``loss_da = beta * sum_i sum M_i (A - sg[T~])^2 / (C sum_i sum M_i)``,
  ``M_i`` the boxes at the top-k peaks of the student's heatmap (``L_DA``);
* ``loss_aug = aug_weight * 1/2 mean (T~ - sg[A])^2`` (``L_aug``).

**Bi-level optimisation, first-order alternation in one backward.** The
student minimises ``L_task + loss_feat + L_D + L_DA``; the augmentation
parameters minimise ``L_aug``. The stop-gradients make one backward of the
sum give each side exactly its own gradient: the augmentation parameters
get gradient only from ``L_aug`` (the student side is detached there), and
the student, adapters and DAM get none from ``L_aug`` (the augmented teacher
feature is detached in the other terms). Each side then steps with its own
optimiser of the ``OptimWrapperDict`` (DistillerOptimWrapperConstructor
with ``module='distill_losses.<name>.augment'`` for the policy: Adam lr
3e-4, betas (0.5, 0.999), weight decay 1e-3). This is the first-order
alternation (both sides step on the same batch with the other side's
current value), not DARTS' second-order unrolled step.

**Search window.** ``search=dict(by='epoch'|'iter', length=N)``: the policy
is searched while the Runner's epoch (iteration) is below ``N``; after it
the policy parameters get no gradient (so Adam leaves them as they are)
and policies are still sampled from them. ``loss_aug`` is then logged
without gradient.

**Levels.** One policy for all levels (one sample per batch, the same warp
on every FPN level); one adapter per level; one DAM shared by all levels
when their teacher channels are equal (a detector head is shared across
FPN levels, and the peaks then mean the same thing at every scale), one
per level otherwise (``share_dam``).

**Normalisation and defaults.** Every term is a mean over elements (masked
elements for ``L_DA``), so its scale does not grow with the feature size
(the paper's weights 1000/1000 are for CIFAR's 8x8 maps and its own
reductions). With means, ``L_DA`` is FitNet's error restricted to the
boxes, so it has the scale of ``loss_feat``; ``dam_weight = da_weight = 1``
keep the paper's ratio lambda = beta at FitNet's weight in this package's
configs. Measured at initialisation on the four toy pairs
(tools/analysis/sokd_initial_losses.py): ``L_DA`` is 0.9-1.15 x
``loss_feat`` and ``L_D`` 2-4 % of it. Not tuned on accuracy; see
configs/sokd/README.md.

The policy (sub-policy weights, operation probabilities, magnitudes) goes to
the MessageHub every ``log_interval`` iterations as ``train/<log_prefix>/
...`` scalars, i.e. into the log and ``scalars.json``
(tools/analysis/plot_sokd_policy.py plots them).
"""
from typing import List, Optional, Sequence, Union

import torch
import torch.nn.functional as F
from mmengine.logging import MessageHub
from torch import Tensor, nn

from mmkd_teach.registry import MODELS
from ..augment import DistinctiveAreaHead, FeatureAugmentPolicy, box_masks
from .base_logit_loss import WARMUP_UNITS, training_progress
from .options import (check_bool, check_int, check_keys, check_number,
                      keyword_options, option_error)


def _per_tap(value, n: int, key: str) -> list:
    values = list(value) if isinstance(value, (list, tuple)) else [value] * n
    if len(values) != n or not all(
            isinstance(v, int) and v > 0 for v in values):
        raise option_error('SoKDLoss', key, 'give a positive int or one per '
                           f'tap ({n} taps), got {value!r}')
    return values


def _check_search(search: Optional[dict]) -> Optional[dict]:
    if search is None:
        return None
    if not isinstance(search, dict) or search.get('by') not in WARMUP_UNITS \
            or not isinstance(search.get('length'), int) \
            or search['length'] < 0 or set(search) - {'by', 'length'}:
        raise option_error('SoKDLoss', 'search', 'must be None (search all '
                           'along) or dict(by="epoch"|"iter", length=N >= '
                           f'0), got {search!r}')
    return dict(search)


def _check_augment(augment: Optional[dict]) -> dict:
    """``augment`` as a dict of :class:`FeatureAugmentPolicy` options."""
    if augment is None:
        return {}
    if not isinstance(augment, dict):
        raise option_error('SoKDLoss', 'augment', 'must be None or a dict of '
                           'FeatureAugmentPolicy options, e.g. '
                           f"dict(operations=['Cutout']), got {augment!r}",
                           TypeError)
    check_keys('SoKDLoss', 'augment', augment,
               keyword_options(FeatureAugmentPolicy))
    return dict(augment)


@MODELS.register_module()
class SoKDLoss(nn.Module):
    """Args:
        student_taps / teacher_taps: module names (one or a list of the same
            length), e.g. every FPN level ``neck.fpn_convs.{i}``.
        student_channels / teacher_channels: channels of each tapped output
            (an int for all, or one per tap).
        search: ``dict(by='epoch'|'iter', length=N)``: search the policy for
            the first ``N`` epochs (iterations); ``None``: all along.
        feat_weight, dam_weight, da_weight, aug_weight: weights of
            ``loss_feat``, ``L_D`` (lambda), ``L_DA`` (beta), ``L_aug``.
        topk: peaks per map for ``L_DA`` (8 in the paper).
        dam_channels: hidden channels of each DAM branch; ``None``: a
            quarter of the teacher's channels, at most 64 (64 on 256- and
            2048-channel maps, 16 on the toy detectors' 64), so that the DAM
            stays small next to a small student's own head.
        share_dam: one DAM for all levels (needs equal teacher channels);
            ``None``: shared when the teacher channels are equal.
        augment: options of :class:`FeatureAugmentPolicy` (``operations``,
            ``temperature``, ``weight_init``, ``probability_init``,
            ``magnitude_init``, ``seed``).
        log_interval: iterations between policy logs (0: never).
        log_prefix: MessageHub key prefix of the policy scalars.
    """

    input_kind = 'features'

    def __init__(self,
                 student_taps: Union[str, Sequence[str]],
                 teacher_taps: Union[str, Sequence[str]],
                 student_channels: Union[int, Sequence[int]],
                 teacher_channels: Union[int, Sequence[int]],
                 search: Optional[dict] = None,
                 feat_weight: float = 1.0,
                 dam_weight: float = 1.0,
                 da_weight: float = 1.0,
                 aug_weight: float = 1.0,
                 topk: int = 8,
                 dam_channels: Optional[int] = None,
                 share_dam: Optional[bool] = None,
                 augment: Optional[dict] = None,
                 log_interval: int = 10,
                 log_prefix: str = 'sokd'):
        super().__init__()
        self.student_taps = ([student_taps] if isinstance(student_taps, str)
                             else list(student_taps))
        self.teacher_taps = ([teacher_taps] if isinstance(teacher_taps, str)
                             else list(teacher_taps))
        n = len(self.student_taps)
        if n == 0 or len(self.teacher_taps) != n:
            raise option_error('SoKDLoss', 'teacher_taps', 'must have the '
                               f'length of student_taps ({n}), got '
                               f'{len(self.teacher_taps)}')
        self.student_channels = _per_tap(student_channels, n,
                                         'student_channels')
        self.teacher_channels = _per_tap(teacher_channels, n,
                                         'teacher_channels')
        check_int('SoKDLoss', 'topk', topk, 0, low_open=True)
        same = len(set(self.teacher_channels)) == 1
        if share_dam is None:
            share_dam = same
        elif check_bool('SoKDLoss', 'share_dam', share_dam) and not same:
            raise option_error('SoKDLoss', 'share_dam', 'a shared DAM needs '
                               'equal teacher_channels, got '
                               f'{self.teacher_channels}')
        self.search = _check_search(search)
        self.feat_weight, self.dam_weight, self.da_weight, \
            self.aug_weight = (
                check_number('SoKDLoss', option, value, 0)
                for option, value in (('feat_weight', feat_weight),
                                      ('dam_weight', dam_weight),
                                      ('da_weight', da_weight),
                                      ('aug_weight', aug_weight)))
        check_int('SoKDLoss', 'log_interval', log_interval, 0,
                  note=' (0: never)')
        if not isinstance(log_prefix, str) or not log_prefix:
            raise option_error('SoKDLoss', 'log_prefix', 'must be a '
                               f'non-empty str, got {log_prefix!r}')
        augment = _check_augment(augment)
        self.topk = topk
        self.log_interval, self.log_prefix = log_interval, log_prefix
        self.adapters = nn.ModuleList(
            nn.Sequential(nn.Conv2d(s, t, 1, bias=False), nn.BatchNorm2d(t))
            for s, t in zip(self.student_channels, self.teacher_channels))
        check_int('SoKDLoss', 'dam_channels', dam_channels, 0, low_open=True,
                  none_ok=True)
        self.dams = nn.ModuleList(
            DistinctiveAreaHead(
                t, dam_channels or max(1, min(64, t // 4)))
            for t in (self.teacher_channels[:1]
                      if share_dam else self.teacher_channels))
        self.augment = FeatureAugmentPolicy(**augment)

    def searching(self) -> bool:
        """Whether the policy is in its search window now."""
        if self.search is None:
            return True
        return training_progress(self.search['by']) < self.search['length']

    def _check(self, feats: List[Tensor], channels: List[int], taps,
               side: str) -> None:
        for x, c, name in zip(feats, channels, taps):
            if not isinstance(x, Tensor) or x.dim() != 4:
                raise TypeError(f'SoKDLoss.{side}_taps: {name!r} does not '
                                'output one (N, C, H, W) tensor; tap a '
                                'module that does')
            if x.shape[1] != c:
                raise ValueError(
                    f'SoKDLoss.{side}_channels: tap {name!r} has {x.shape[1]}'
                    f' channels, the config says {c}')

    def forward(self, student_feats: List[Tensor],
                teacher_feats: List[Tensor], data_samples=None) -> dict:
        self._check(student_feats, self.student_channels, self.student_taps,
                    'student')
        self._check(teacher_feats, self.teacher_channels, self.teacher_taps,
                    'teacher')
        search = self.searching()
        augmented = self.augment([t.detach() for t in teacher_feats],
                                 frozen=not search)
        feat = dam = da = aug = 0.
        for level, (s, t_aug) in enumerate(zip(student_feats, augmented)):
            a = self.adapters[level](s)
            if a.shape[-2:] != t_aug.shape[-2:]:
                a = F.interpolate(
                    a, t_aug.shape[-2:], mode='bilinear', align_corners=False)
            t_sg = t_aug.detach()
            err = (a - t_sg).pow(2)
            level_feat = err.mean()
            feat = feat + level_feat
            # after the search L_aug is only logged: it is half the feature
            # term (the same difference), no second pass over the maps
            aug = aug + (0.5 * F.mse_loss(t_aug, a.detach()) if search
                         else 0.5 * level_feat.detach())
            head = self.dams[0 if len(self.dams) == 1 else level]
            # two calls, not one on the concatenation: the teacher side needs
            # no input gradient, and its map is not copied
            out_s, out_t = head(a), head(t_sg)
            dam = dam + torch.cat([
                (out_s[key] - out_t[key]).pow(2).flatten(1)
                for key in ('heatmap', 'size', 'offset')
            ], dim=1).mean()
            masks = box_masks(out_s['heatmap'], out_s['size'],
                              out_s['offset'], self.topk)
            area = masks.sum(1, keepdim=True)  # boxes may overlap: counted
            da = da + (err.sum(1, keepdim=True) * area).sum() / (
                area.sum() * a.shape[1]).clamp(min=1)
        self._log_policy()
        return dict(
            loss_feat=self.feat_weight * feat,
            loss_dam=self.dam_weight * dam,
            loss_da=self.da_weight * da,
            loss_aug=self.aug_weight * aug)

    def _log_policy(self) -> None:
        if not self.log_interval:
            return
        hub = MessageHub.get_current_instance()
        if (training_progress('iter') + 1) % self.log_interval:
            return
        state = self.augment.policy_state()
        prefix = f'train/{self.log_prefix}'
        values = {
            **{f'{prefix}/weight/{n}': v for n, v in zip(
                self.augment.sub_policy_names(), state['weights'].tolist())},
            **{f'{prefix}/probability/{n}': v for n, v in zip(
                self.augment.operations, state['probabilities'].tolist())},
            **{f'{prefix}/magnitude/{n}': v for n, v in zip(
                self.augment.magnitudes.keys(),
                state['magnitudes'].tolist())},
        }
        for key, value in values.items():
            hub.update_scalar(key, value)
        hub.update_scalar(f'{prefix}/searching', float(self.searching()))
