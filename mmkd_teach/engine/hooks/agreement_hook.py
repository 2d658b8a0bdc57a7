"""How far student and teacher agree, on the validation and test sets."""
import random
import warnings
from contextlib import contextmanager
from typing import Dict, Optional

import numpy as np
import torch
from mmengine.dist import all_reduce
from mmengine.hooks import Hook
from mmengine.model import is_model_wrapper

from mmkd_teach.models.distillers import Distiller
from mmkd_teach.models.losses.functional import kd_per_item
from mmkd_teach.registry import HOOKS

KEYS = ('agreement/top1', 'agreement/kl')


def decisions(logits: torch.Tensor, activation: str) -> torch.Tensor:
    """Each item's class: the argmax column; a sigmoid item (no background
    column) is background (``C``) unless that column's sigmoid is >= 0.5."""
    score, label = logits.max(1)
    if activation == 'sigmoid':
        label = torch.where(score >= 0, label, logits.shape[1])
    return label


@contextmanager
def untouched(module: torch.nn.Module):
    """Restore the torch (CPU, current GPU), numpy and python random states
    and ``module``'s buffers (stateful losses) on exit."""
    cuda = torch.cuda.is_available()
    devices = [torch.cuda.current_device()] if cuda else []
    states = np.random.get_state(), random.getstate()
    buffers = [(b, b.clone()) for b in module.buffers()]
    with torch.random.fork_rng(devices=devices):
        try:
            yield
        finally:
            np.random.set_state(states[0])
            random.setstate(states[1])
            for buffer, saved in buffers:
                buffer.copy_(saved)


def loads_boxes_after_resize(dataset) -> bool:
    """Whether the pipeline loads annotations after resizing (mmdet's test
    pipelines do: their boxes stay in the original image's frame)."""
    resized = False
    for transform in getattr(getattr(dataset, 'pipeline', None), 'transforms',
                             ()):
        name = type(transform).__name__
        if 'LoadAnnotations' in name:
            return resized
        resized = resized or 'Resize' in name
    return False


def boxes_to_input_frame(sample):
    """A shallow copy of a detection sample, its boxes scaled by its
    ``scale_factor`` (the inputs are not changed)."""
    from mmdet.structures.bbox import scale_boxes
    sample = sample.new()
    for key in ('gt_instances', 'ignored_instances'):
        instances = sample.get(key)
        if instances is not None and 'bboxes' in instances:
            instances = instances.new()
            instances.bboxes = scale_boxes(instances.bboxes.clone(),
                                           sample.scale_factor)
            sample.set_field(instances, key)
    return sample


@HOOKS.register_module()
class AgreementHook(Hook):
    """Student-teacher agreement on the student's own items of every val and
    test batch, for any task (the distiller's task view: one item per image,
    per logit pixel, per anchor with the student's assignment, or per sampled
    RoI; invalid items such as ignored pixels are left out).

    Adds to the loop's ``metrics`` (so ``tools/test.py --out`` writes them)
    and to the message hub as ``val/<key>`` or ``test/<key>`` (so the val/test
    log line and the visualizer backends get them):

    * ``agreement/top1``: percentage (0-100) of items whose class decisions
      agree: the argmax column; for sigmoid items (one-stage heads without a
      background column) the argmax class if its sigmoid is >= 0.5, else
      background.
    * ``agreement/kl``: mean ``KL(teacher || student)`` per item at
      temperature 1 (sigmoid items: the sum over columns of the binary KL).

    Counts are summed over ranks. The student runs its own ``loss()`` in the
    eval mode the loop leaves it in; random states (torch, numpy, python) and
    the student's buffers are restored, so training is unchanged. For a model
    that is not a :class:`Distiller` the hook warns once and does nothing.

    Args:
        rescale_gt_boxes: scale the ground-truth boxes by ``scale_factor``
            before the student's target assignment. ``None``: when the loop's
            dataset pipeline loads annotations after resizing (mmdet's test
            pipelines: the boxes are in the original image's frame).
    """

    # After RuntimeInfoHook (VERY_HIGH) copies the metrics to the message hub,
    # before LoggerHook (BELOW_NORMAL) writes the val/test line from it and
    # CheckpointHook (VERY_LOW) reads ``metrics`` for ``save_best``.
    priority = 'NORMAL'

    def __init__(self, rescale_gt_boxes: Optional[bool] = None):
        self.rescale_gt_boxes = rescale_gt_boxes
        self._model = None
        self._warned = False

    def before_val_epoch(self, runner) -> None:
        self._start(runner, runner.val_dataloader.dataset)

    def before_test_epoch(self, runner) -> None:
        self._start(runner, runner.test_dataloader.dataset)

    def after_val_iter(self, runner, batch_idx, data_batch=None,
                       outputs=None) -> None:
        self._measure(data_batch)

    def after_test_iter(self, runner, batch_idx, data_batch=None,
                        outputs=None) -> None:
        self._measure(data_batch)

    def after_val_epoch(self, runner, metrics=None) -> None:
        self._report(runner, metrics, 'val')

    def after_test_epoch(self, runner, metrics=None) -> None:
        self._report(runner, metrics, 'test')

    def _start(self, runner, dataset) -> None:
        model = runner.model.module if is_model_wrapper(
            runner.model) else runner.model
        self._model = model if isinstance(model, Distiller) else None
        self._sums = torch.zeros(3, dtype=torch.float64)  # agree, kl, items
        if self._model is None:
            if not self._warned:
                warnings.warn(f'AgreementHook: {type(model).__name__} is not '
                              'a Distiller; no agreement is measured')
                self._warned = True
            return
        rescale = self.rescale_gt_boxes
        if rescale is None:
            rescale = (model.view.task in ('one_stage', 'two_stage')
                       and loads_boxes_after_resize(dataset))
        self._rescale = rescale

    def _measure(self, data_batch) -> None:
        model = self._model
        if model is None or data_batch is None:
            return
        with untouched(model.student), torch.no_grad():
            data = model.data_preprocessor(data_batch, False)
            samples = data['data_samples']
            if self._rescale:
                samples = [boxes_to_input_frame(s) for s in samples]
            _, items = model.loss_and_items(data['inputs'], samples)
        items = items.select(items.valid)
        student, teacher = items.student.float(), items.teacher.float()
        agree = decisions(student, items.activation) == decisions(
            teacher, items.activation)
        # A KL is >= 0; clamp float rounding where the two nearly agree.
        kl = kd_per_item(student, teacher, 1.0, items.activation).clamp(min=0)
        self._sums += torch.tensor(
            [agree.sum().item(), kl.double().sum().item(), agree.numel()],
            dtype=torch.float64)

    def _report(self, runner, metrics: Optional[Dict], mode: str) -> None:
        if self._model is None:
            return
        sums = self._sums.clone()
        all_reduce(sums)
        agree, kl, count = sums.tolist()
        if count == 0:
            warnings.warn(f'AgreementHook: no valid item in the {mode} set')
            return
        values = dict(zip(KEYS, (100.0 * agree / count, kl / count)))
        if metrics is not None:
            metrics.update(values)
        for key, value in values.items():
            runner.message_hub.update_scalar(f'{mode}/{key}', value)
