"""The teacher-student model that wraps any OpenMMLab model."""
import warnings
from typing import Dict, List, Optional, Union

import torch
from mmengine.model import BaseModel
from mmengine.optim import OptimWrapper, OptimWrapperDict
from torch import nn

from mmkd_teach.registry import MODELS
from ..task_views import VIEWS
from ..task_views.items import ACTIVATIONS
from ..utils import FeatureTaps, load_model_config
from ..utils.finite_losses import check_finite
from .config_checks import (build_loss, build_tst, check_checkpoint_path,
                            check_choices, check_losses_dict, check_model,
                            check_state_fits, load_checkpoint_state)
from .model_checks import check_feature_taps, resolve_task
from .task_loss_weight import (Weight, check_task_loss_weight,
                               weight_task_losses)
from .teacher_precision import TeacherPrecision


def _prefix_loss(name: str) -> str:
    return name if name.startswith('loss') else f'loss_{name}'


@MODELS.register_module()
class Distiller(BaseModel):
    """Distil a frozen ``teacher`` into a ``student``, on any task.

    Args:
        student, teacher: an mm model dict, a config file, or an upstream path
            such as ``'mmdet::retinanet/retinanet_r50_fpn_1x_coco.py'``.
        teacher_ckpt: the teacher's checkpoint (loaded strictly at build).
        student_ckpt: optional checkpoint that initialises the student.
        distill_losses: ``{name: loss cfg}``. Logit losses (``input_kind =
            'logits'``) receive the task view's :class:`LogitItems`; feature
            losses (``input_kind = 'features'``) receive the outputs of the
            modules they name in ``student_taps`` / ``teacher_taps``.
        task: ``'auto'`` or one of ``'cls'``, ``'seg'``, ``'one_stage'``,
            ``'two_stage'``.
        student_loss_weight: weight of the student's own task losses: a
            number for all of them or ``{loss name: weight}`` for some (see
            task_loss_weight.py; Hinton's ``alpha``).
        nonfinite_loss: what a NaN or infinite loss term (distillation or
            task) does: ``'raise'`` stops the run at that step, before the
            optimiser step, naming the term and the iteration; ``'skip'``
            logs them and skips the step (single process only: under DDP
            it raises too, since a rank cannot skip its gradient sync).
        teacher_precision, teacher_channels_last: the teacher's forward
            in ``'bf16'`` or ``'fp16'`` autocast, channels-last (see
            teacher_precision.py).
        data_preprocessor: the config's top-level ``data_preprocessor``,
            which mmengine's Runner passes to the model: the student's when
            its own config has none (mmpretrain's configs).

    Every config value is checked at build time, before training starts:
    a bad one raises an error that names its key (``model.<key>``) and says
    what would be right (config_checks.py, model_checks.py).
        tst: optional :class:`~mmkd_teach.models.tst.TST` config (learned
            data augmentation, docs/methods/tst.md): its search steps
            replace ``train_step`` during search phases, and ``loss()``
            sees its ``[A(x); x]`` batch otherwise. Needs a ``tst`` key in
            the ``DistillerOptimWrapperConstructor`` optimisers.

    The teacher is not a child module: it is not in ``parameters()``, the
    optimiser or the state dict; it stays in eval mode through ``train()`` and
    runs under ``no_grad`` only as far as the losses need. ``val``, ``test``
    and ``predict`` are the student's.
    """

    def __init__(self,
                 student: Union[str, dict],
                 teacher: Union[str, dict],
                 teacher_ckpt: Optional[str] = None,
                 student_ckpt: Optional[str] = None,
                 distill_losses: Optional[Dict[str, dict]] = None,
                 task: str = 'auto',
                 student_loss_weight: Weight = 1.0,
                 nonfinite_loss: str = 'raise',
                 teacher_precision: str = 'fp32',
                 teacher_channels_last: bool = False,
                 data_preprocessor: Optional[dict] = None,
                 tst: Optional[dict] = None,
                 init_cfg: Optional[dict] = None):
        # config values first: a bad one fails before any model is built
        check_model(student, 'student')
        check_model(teacher, 'teacher')
        check_checkpoint_path(teacher_ckpt, 'teacher_ckpt')
        check_checkpoint_path(student_ckpt, 'student_ckpt')
        check_choices(task, nonfinite_loss)
        loss_cfgs = check_losses_dict(distill_losses)
        student_loss_weight = check_task_loss_weight(student_loss_weight)

        student_model = MODELS.build(
            load_model_config(student, 'student', data_preprocessor))
        teacher_model = MODELS.build(load_model_config(teacher, 'teacher'))
        super().__init__(
            data_preprocessor=student_model.data_preprocessor,
            init_cfg=init_cfg)
        self.student = student_model
        # Not an attribute nn.Module tracks: no parameters, no state dict.
        object.__setattr__(self, 'teacher', teacher_model)
        self.teacher_ckpt = teacher_ckpt
        self.student_ckpt = student_ckpt
        self.student_loss_weight = student_loss_weight
        self.nonfinite_loss = nonfinite_loss
        self._own_step = False  # in distill_step, outside DDP
        self._load_teacher(teacher_ckpt)
        self.teacher.requires_grad_(False)
        self.teacher.eval()
        self._teacher_precision = TeacherPrecision(
            teacher_precision, teacher_channels_last).prepare(self.teacher)
        if student_ckpt is not None:  # loaded by init_weights
            check_state_fits(
                load_checkpoint_state(student_ckpt, 'student_ckpt'),
                self.student, student_ckpt, 'student_ckpt')

        task = resolve_task(task, self.student, self.teacher)
        self.view = VIEWS[task](self.student, self.teacher)

        # Loss types are looked up in mmkd_teach whatever the default scope
        # of the config (usually the upstream toolbox's).
        self.distill_losses = nn.ModuleDict({
            name: build_loss(name, cfg)
            for name, cfg in loss_cfgs.items()
        })
        self._check_losses()
        self._student_taps = FeatureTaps(
            self.student, self._taps('student_taps'),
            'model.distill_losses.*.student_taps')
        self._teacher_taps = FeatureTaps(
            self.teacher, self._taps('teacher_taps'),
            'model.distill_losses.*.teacher_taps')
        self._needs_items = any(
            getattr(loss, 'input_kind', 'logits') == 'logits'
            for loss in self.distill_losses.values())
        self._needs_teacher_head = self._teacher_head_needed()
        self.tst = build_tst(tst)

    # -- build-time checks ---------------------------------------------------
    def _load_teacher(self, path: Optional[str]) -> None:
        if path is None:
            warnings.warn('`teacher_ckpt` is None: distilling from a randomly '
                          'initialised teacher (fine for tests only)')
            return
        state = load_checkpoint_state(path, 'teacher_ckpt')
        check_state_fits(state, self.teacher, path, 'teacher_ckpt')
        self.teacher.load_state_dict(state, strict=False)

    def _check_losses(self) -> None:
        """Each loss can serve the task view (logits) or read its taps
        (features): see model_checks.py."""
        for name, loss in self.distill_losses.items():
            kind = getattr(loss, 'input_kind', 'logits')
            supported = getattr(loss, 'supported_activations', ACTIVATIONS)
            if kind == 'features':
                check_feature_taps(name, loss, self.student, self.teacher,
                                   self.view.feature_prefixes)
            elif kind != 'logits':
                raise ValueError(
                    f'model.distill_losses.{name}: {type(loss).__name__} has '
                    f"input_kind {kind!r}; a loss reads 'logits' or "
                    "'features'")
            elif self.view.activation not in supported:
                raise ValueError(
                    f'model.distill_losses.{name}: {type(loss).__name__} '
                    f'cannot serve the {self.view.task} view, whose items '
                    f'are {self.view.activation} logits (it supports '
                    f'{list(supported)})')
            elif getattr(loss, 'normalize', 'items') == 'positives' and \
                    self.view.activation != 'sigmoid':
                raise ValueError(
                    f"model.distill_losses.{name}.normalize: 'positives' is "
                    'for sigmoid items (one-stage heads); the '
                    f'{self.view.task} view gives {self.view.activation} '
                    "items: use 'items'")

    def _taps(self, attribute: str) -> List[str]:
        return [
            name for loss in self.distill_losses.values()
            for name in getattr(loss, attribute, ())
        ]

    # -- teacher bookkeeping -------------------------------------------------
    def _apply(self, fn, *args, **kwargs):
        """``to()``/``cuda()``/``half()`` move the untracked teacher too."""
        self.teacher._apply(fn, *args, **kwargs)
        return super()._apply(fn, *args, **kwargs)

    def train(self, mode: bool = True):
        super().train(mode)
        self.teacher.eval()  # every module, dropout and drop-path included
        return self

    def init_weights(self):
        super().init_weights()
        if self.student_ckpt:
            from mmengine.runner import load_checkpoint
            load_checkpoint(self.student, self.student_ckpt, strict=True)

    # -- forward ---------------------------------------------------------------
    def forward(self, inputs, data_samples=None, mode: str = 'tensor'):
        if mode == 'loss':
            return self.loss(inputs, data_samples)
        return self.student(inputs, data_samples, mode=mode)

    def _teacher_head_needed(self) -> bool:
        """Whether the teacher must run past backbone and neck (fixed by the
        losses, so decided once at build time)."""
        if self._needs_items:
            return True
        return any(not name.startswith(self.view.feature_prefixes)
                   for name in self._teacher_taps.names)

    def loss_and_items(self, inputs, data_samples, with_items: bool = True,
                       teacher_grad_to_inputs: bool = False):
        """The student's own task losses on a preprocessed batch and the task
        view's :class:`LogitItems` of it (``None`` without ``with_items``).

        The view records the student's ``loss()`` (head logits, target
        assignment); the teacher then runs under ``no_grad`` as far as the
        logits of the same items (with ``teacher_grad_to_inputs`` the
        gradient flows through the frozen teacher to ``inputs``: TST's
        search). :class:`AgreementHook` and :meth:`TST.search_loss` call it
        too.
        """
        with self.view.recording(self.student) as record:
            losses = self.student.loss(inputs, data_samples)
        with self._teacher_precision.forward(self.teacher,
                                             teacher_grad_to_inputs):
            teacher_out = self.view.teacher_logits(
                self.teacher, self._teacher_precision.inputs(inputs), record)
        items = (
            self.view.items(record, teacher_out, data_samples, self.student)
            if with_items else None)
        return losses, items

    def loss(self, inputs, data_samples) -> Dict[str, torch.Tensor]:
        """Student task losses plus every distillation loss."""
        if self.tst is not None:  # TST stage III: [A(x); x]
            inputs, data_samples = self.tst.distill_inputs(
                self, inputs, data_samples)
        self._student_taps.pop()
        self._teacher_taps.pop()
        items = None
        if self._needs_teacher_head:
            losses, items = self.loss_and_items(inputs, data_samples,
                                                self._needs_items)
        else:
            losses = self.student.loss(inputs, data_samples)
            if self.distill_losses:
                with self._teacher_precision.forward(self.teacher):
                    self.teacher.extract_feat(
                        self._teacher_precision.inputs(inputs))
        losses = weight_task_losses(losses, self.student_loss_weight)
        if not self.distill_losses:
            return losses
        student_feats = self._student_taps.pop()
        teacher_feats = self._teacher_taps.pop()
        for name, loss in self.distill_losses.items():
            if getattr(loss, 'input_kind', 'logits') == 'logits':
                value = loss(items)
            else:
                value = loss(
                    [student_feats[n] for n in loss.student_taps],
                    [teacher_feats[n] for n in loss.teacher_taps],
                    data_samples=data_samples)
            if isinstance(value, dict):
                losses.update(
                    {f'{_prefix_loss(name)}.{k}': v
                     for k, v in value.items()})
            else:
                losses[_prefix_loss(name)] = value
        return losses

    # -- optimisation ------------------------------------------------------------
    def parse_losses(self, losses):
        """mmengine's, then :func:`check_finite` (DDP wrappers call this
        too): ``self._step_ok`` is False for a step to skip."""
        parsed, log_vars = super().parse_losses(losses)
        action = self.nonfinite_loss if self._own_step else 'raise'
        self._step_ok = check_finite(log_vars, action)
        return parsed, log_vars

    def train_step(self, data, optim_wrapper):
        """One step (mmengine's ``BaseModel.train_step``): see
        :meth:`distill_step`."""
        return self.distill_step(self, data, optim_wrapper)

    def distill_step(self, runner_model, data, optim_wrapper):
        """The one training step of a distiller, alone or under DDP
        (``runner_model``: this distiller, or the DDP wrapper around it,
        whose forward all-reduces the student's gradients). TST's search
        phase hands over to :meth:`TST.search_step`. Skipped when a loss is
        not finite and ``nonfinite_loss='skip'`` (single process only: under
        DDP a rank cannot skip alone, so it raises). With an
        :class:`OptimWrapperDict` (e.g. ``student`` and ``distill_losses``),
        one backward of the total loss feeds every wrapper, and each steps
        its own parameters."""
        if self.tst is not None and self.tst.searching:  # TST stage II
            return self.tst.search_step(self, data, optim_wrapper)
        wrappers: List[OptimWrapper] = (
            list(optim_wrapper.values()) if isinstance(
                optim_wrapper, OptimWrapperDict) else [optim_wrapper])
        may_skip = runner_model is self
        # a skipped step leaves the BatchNorm statistics as they were too
        buffers = ([b.clone() for b in self.buffers()]
                   if self.nonfinite_loss == 'skip' and may_skip else None)
        with wrappers[0].optim_context(runner_model):
            data = self.data_preprocessor(data, True)
            losses = runner_model._run_forward(data, mode='loss')
        self._own_step = may_skip
        try:
            parsed, log_vars = self.parse_losses(losses)
        finally:
            self._own_step = False
        if not self._step_ok:
            with torch.no_grad():
                for buffer, saved in zip(self.buffers(), buffers):
                    buffer.copy_(saved)
            return log_vars
        wrappers[0].update_params(parsed)
        for wrapper in wrappers[1:]:
            wrapper._inner_count += 1
            if wrapper.should_update():
                wrapper.step()
                wrapper.zero_grad()
        return log_vars
