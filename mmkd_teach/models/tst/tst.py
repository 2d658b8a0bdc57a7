"""TST, "Teaching what you Should Teach" (Shao et al., IJCAI 2023;
docs/methods/tst.md), as the ``tst`` part of a :class:`Distiller`.

* Search (stage II, ``phase == 'search'``): teacher and student frozen, the
  student in eval mode; the policy augments the preprocessed batch and is
  the only thing updated, by minimising search_loss.py's objective through
  the teacher's and the student's forward passes down to the images
  (``torch.autograd.grad`` on the policy's two parameters: the student's
  gradients are never touched). Under DDP the policy gradient is averaged
  over ranks. Its optimiser is the ``tst`` key of the distiller's
  ``OptimWrapperDict`` (SGD lr 0.01, momentum 0.9), decayed by alrs.py at
  the end of each search period (TSTPhaseHook).
* Distillation (stage III, ``phase == 'distill'``): ``x~ = A(x)`` without
  gradient, and the student and every loss see ``[x~; x]`` with the
  samples (labels, boxes, maps) doubled to match, so any logit loss ``L``
  becomes its mean over both halves, ``0.5 L(x~) + 0.5 L(x)`` when the two
  halves have as many valid items (always for classification; for dense
  tasks the halves are weighted by their valid items, which differ when the
  warp drops boxes or moves pixels out of the image).

The augmentation works on RGB images in [0, 1]: the batch is un-normalised
with the data preprocessor's mean and std and normalised back afterwards
(channel order: ``channel_order='auto'`` reads the preprocessor's BGR ->
RGB conversion flag; a BGR batch, e.g. of caffe-style detectors, is flipped
to RGB for the policy and back). The phase and the ALRS state are
buffers, so they are in the checkpoint and resume with the model.
"""
import math
from contextlib import contextmanager
from typing import Optional

import torch
import torch.distributed as dist
from mmengine.optim import OptimWrapperDict
from torch import nn

from mmkd_teach.registry import MODELS
from ..losses.options import (check_bool, check_choice, check_keys,
                              check_number, option_error)
from .alrs import alrs_factor
from .data_samples import warp_data_samples
from .policy import TSTPolicy
from .search_loss import tst_search_loss

PHASES = ('distill', 'search')


def average_gradients(params) -> None:
    """Mean of each ``.grad`` over the ranks (no-op on one process)."""
    if not (dist.is_available() and dist.is_initialized()):
        return
    world = dist.get_world_size()
    if world == 1:
        return
    for p in params:
        dist.all_reduce(p.grad)
        p.grad.div_(world)


def preprocessor_is_bgr(preprocessor, channel_order: str = 'auto') -> bool:
    """Whether a preprocessed batch is BGR: ``channel_order`` when set, else
    BGR unless the data preprocessor converts to RGB."""
    if channel_order != 'auto':
        return channel_order == 'bgr'
    flags = ('to_rgb', 'bgr_to_rgb', '_channel_conversion',
             'channel_conversion')
    return not any(getattr(preprocessor, f, False) for f in flags)


def _mean_std(preprocessor, inputs):
    mean = getattr(preprocessor, 'mean', None)
    normalised = getattr(preprocessor, '_enable_normalize', True)
    if not normalised or mean is None:
        one = inputs.new_ones(1, inputs.shape[1], 1, 1)
        return 0 * one, one
    std = preprocessor.std
    return mean.view(1, -1, 1, 1).to(inputs), std.view(1, -1, 1,
                                                       1).to(inputs)


def to_unit(preprocessor, inputs, bgr: bool):
    """``(unit, back)``: the normalised batch ``inputs`` as RGB images in
    [0, 1] (what the operations take), and the function that turns such
    images back into the preprocessor's normalised channel order."""
    mean, std = _mean_std(preprocessor, inputs)
    unit = ((inputs * std + mean) / 255).clamp(0, 1)
    if bgr:
        unit = unit.flip(1)

    def back(images):
        if bgr:
            images = images.flip(1)
        return (images * 255 - mean) / std

    return unit, back


@MODELS.register_module()
class TST(nn.Module):
    """The learned augmentation of a distiller and its two stages.

    Args:
        policy: :class:`TSTPolicy` arguments (``num_ops=4``,
            ``temperature=0.05``, ``cutout_size=0.2``, ``weights``).
        geometric: ``'residual'`` (each warp is one residual term, as the
            paper's classification), ``'merged'`` (one warp per batch that
            boxes and maps follow, the paper's dense form) or ``'auto'``
            (residual for classification, merged otherwise).
        augment_distill: whether the distillation stage trains on
            ``[A(x); x]`` (True) or on ``x`` only (False: TST off).
        min_box_size: boxes narrower or lower than this (pixels) after the
            warp are dropped.
        alrs: ``decay``, ``abs_threshold``, ``rel_threshold`` of alrs.py.
        eps: the ``1e-8`` of the student's inverse CE.
        channel_order: of the preprocessed batch: ``'rgb'``, ``'bgr'`` or
            ``'auto'`` (RGB when the data preprocessor converts to RGB).
    """

    #: ALRS settings (``alrs`` overrides some of them)
    ALRS_DEFAULTS = dict(decay=0.9, abs_threshold=0.02, rel_threshold=0.02)

    def __init__(self, policy: Optional[dict] = None,
                 geometric: str = 'auto', augment_distill: bool = True,
                 min_box_size: float = 1.0, alrs: Optional[dict] = None,
                 eps: float = 1e-8, channel_order: str = 'auto'):
        super().__init__()
        self.channel_order = check_choice('TST', 'channel_order',
                                          channel_order,
                                          ('auto', 'rgb', 'bgr'))
        check_choice('TST', 'geometric', geometric,
                     ('auto', 'residual', 'merged'))
        try:
            self.policy = TSTPolicy(**(policy or {}))
        except (TypeError, ValueError) as error:
            if getattr(error, 'option', None) is None:
                raise
            raise option_error('TST', f'policy.{error.option}',
                               error.problem, type(error)) from None
        self.geometric = geometric
        self.augment_distill = check_bool('TST', 'augment_distill',
                                          augment_distill)
        self.min_box_size = check_number('TST', 'min_box_size', min_box_size,
                                         0)
        if alrs is not None and not isinstance(alrs, dict):
            raise option_error('TST', 'alrs', 'must be None or a dict of '
                               f'{sorted(self.ALRS_DEFAULTS)}, got {alrs!r}',
                               TypeError)
        check_keys('TST', 'alrs', alrs or {}, self.ALRS_DEFAULTS, TypeError)
        self.alrs = dict(self.ALRS_DEFAULTS)
        self.alrs.update(alrs or {})
        self.eps = check_number('TST', 'eps', eps, 0, low_open=True)
        self.register_buffer('phase_index', torch.zeros((), dtype=torch.long))
        self.register_buffer('alrs_previous', torch.tensor(math.nan))
        self.register_buffer('alrs_sum', torch.zeros(()))
        self.register_buffer('alrs_count', torch.zeros(()))

    # -- phase -------------------------------------------------------------
    @property
    def phase(self) -> str:
        return PHASES[int(self.phase_index)]

    @phase.setter
    def phase(self, name: str) -> None:
        if name not in PHASES:
            raise ValueError(
                f'TST phase must be one of {PHASES}, got {name!r}')
        self.phase_index.fill_(PHASES.index(name))

    @property
    def searching(self) -> bool:
        return self.phase == 'search'

    # -- the augmented batch -------------------------------------------------
    def geometric_mode(self, task: str) -> str:
        if self.geometric != 'auto':
            return self.geometric
        return 'residual' if task == 'cls' else 'merged'

    def is_bgr(self, preprocessor) -> bool:
        return preprocessor_is_bgr(preprocessor, self.channel_order)

    def unit_images(self, preprocessor, inputs):
        """A preprocessed batch as RGB images in [0, 1] and the function
        that maps such images back (see :func:`to_unit`)."""
        return to_unit(preprocessor, inputs, self.is_bgr(preprocessor))

    def augment(self, distiller, inputs, data_samples,
                generator: Optional[torch.Generator] = None):
        """``(A(inputs), samples moved with it, square warp or None)`` for a
        preprocessed (normalised) batch."""
        unit, back = self.unit_images(distiller.data_preprocessor, inputs)
        mode = self.geometric_mode(distiller.view.task)
        out, matrix = self.policy(unit, mode, generator=generator)
        out = back(out)
        head = getattr(distiller.student, 'decode_head', None)
        ignore = getattr(head, 'ignore_index', 255)
        samples = warp_data_samples(data_samples, matrix, inputs.shape[-2:],
                                    ignore, self.min_box_size)
        return out, samples, matrix

    def distill_inputs(self, distiller, inputs, data_samples):
        """Stage III: ``[A(x); x]`` and the doubled samples (no gradient to
        the policy); the batch as it is when searching or switched off."""
        if self.searching or not self.augment_distill:
            return inputs, data_samples
        with torch.no_grad():
            augmented, samples, _ = self.augment(distiller, inputs,
                                                 data_samples)
        return (torch.cat([augmented, inputs]),
                list(samples) + list(data_samples))

    # -- stage II ----------------------------------------------------------
    @contextmanager
    def learning(self):
        """The policy's two parameters require grad only inside this
        context (the search): DDP, built once, then never waits for
        gradients they do not get in distillation steps."""
        params = [self.policy.prob_logits, self.policy.magnitude_logits]
        for p in params:
            p.requires_grad_(True)
        try:
            yield params
        finally:
            for p in params:
                p.requires_grad_(False)

    @staticmethod
    def _wrapper(optim_wrapper):
        if isinstance(optim_wrapper, OptimWrapperDict) and \
                'tst' in optim_wrapper.optim_wrappers:
            return optim_wrapper['tst']
        raise ValueError(
            "TST's search step needs its own optimiser: set optim_wrapper="
            "dict(constructor='mmkd_teach.DistillerOptimWrapperConstructor', "
            "student=..., tst=dict(optimizer=dict(type='SGD', lr=0.01, "
            'momentum=0.9)))')

    def search_loss(self, distiller, inputs, data_samples):
        """The search objective's parts on an augmented batch, with the
        student in eval mode; differentiable down to the policy. The items
        come from the distiller's own loss path (task view, teacher
        precision), with the gradient reaching the augmented images through
        the frozen teacher too."""
        student = distiller.student
        was_training = student.training
        student.eval()
        try:
            augmented, samples, _ = self.augment(distiller, inputs,
                                                 data_samples)
            _, items = distiller.loss_and_items(augmented, samples,
                                                teacher_grad_to_inputs=True)
            return tst_search_loss(items, self.eps)
        finally:
            student.train(was_training)

    def search_step(self, distiller, data, optim_wrapper) -> dict:
        """One policy update; nothing else changes (the student's BatchNorm
        statistics neither: it runs in eval mode)."""
        wrapper = self._wrapper(optim_wrapper)
        data = distiller.data_preprocessor(data, True)
        with self.learning() as params:
            parts = self.search_loss(distiller, data['inputs'],
                                     data['data_samples'])
            loss = parts['teacher'] + parts['student']
            if not torch.isfinite(loss):
                raise FloatingPointError(
                    f'TST search loss is {loss.item()} (teacher CE '
                    f"{parts['teacher'].item()}, student inverse CE "
                    f"{parts['student'].item()})")
            grads = torch.autograd.grad(loss, params, allow_unused=True)
        for p, g in zip(params, grads):
            p.grad = torch.zeros_like(p) if g is None else g
        average_gradients(params)
        wrapper.step()
        wrapper.zero_grad()
        self.alrs_sum += loss.detach()
        self.alrs_count += 1
        return {
            'loss': loss.detach(),
            'loss_tst_search': loss.detach(),
            'loss_tst_teacher_ce': parts['teacher'].detach(),
            'loss_tst_student_inverse_ce': parts['student'].detach()
        }

    def end_search_period(self, optim_wrapper):
        """ALRS after a search period: returns ``(mean loss, lr factor)``,
        or None when no search step ran since the last call."""
        totals = torch.stack([self.alrs_sum, self.alrs_count]).clone()
        if dist.is_available() and dist.is_initialized():
            dist.all_reduce(totals)
        if float(totals[1]) == 0:
            return None
        current = float(totals[0] / totals[1])
        factor = alrs_factor(float(self.alrs_previous), current, **self.alrs)
        for group in self._wrapper(optim_wrapper).optimizer.param_groups:
            group['lr'] *= factor
        self.alrs_previous.fill_(current)
        self.alrs_sum.zero_()
        self.alrs_count.zero_()
        return current, factor
