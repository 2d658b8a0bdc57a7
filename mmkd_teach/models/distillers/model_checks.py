"""Checks of the built teacher and student against the task and the losses.

* :func:`resolve_task`: the teacher and the student are the same kind of
  model (classifier, segmentor, one- or two-stage detector) and have the
  head that the task view reads;
* :func:`check_feature_taps`: a feature loss's taps are module names of its
  model and, when the loss declares ``student_channels`` /
  ``teacher_channels`` (one per tap), the tapped modules output
  ``(N, C, H, W)`` maps with that ``C``. The outputs are measured by a dry
  forward of a zero image in eval mode without gradient (the models'
  buffers, modes and random states are left as they were).
"""
from typing import Dict, List, Sequence

import torch
from torch import Tensor, nn

from ..task_views import HEADS, infer_task
from ..utils import check_module_names

#: side of the zero image of the dry forward
DRY_SIZE = 64


def _kind(model: nn.Module, key: str) -> str:
    try:
        return infer_task(model)
    except TypeError as error:
        raise TypeError(f'model.{key}: {error}') from None


def resolve_task(task: str, student: nn.Module, teacher: nn.Module) -> str:
    """The task view's name for ``model.task`` (``'auto'`` or a view)."""
    if task == 'auto':
        s_task = _kind(student, 'student')
        t_task = _kind(teacher, 'teacher')
        if s_task != t_task:
            raise ValueError(
                f'model.teacher: the teacher ({type(teacher).__name__}, a '
                f'{t_task!r} model) cannot teach the student '
                f'({type(student).__name__}, a {s_task!r} model): give a '
                'teacher of the same kind as the student')
        return s_task
    for key, model in (('student', student), ('teacher', teacher)):
        if not hasattr(model, HEADS[task]):
            raise ValueError(
                f'model.task: {task!r} needs models with a {HEADS[task]}; '
                f'the {key} {type(model).__name__} has none (it looks like a '
                f"{_kind(model, key)!r} model); set task='auto' or to the "
                'kind of both models')
    return task


def tap_outputs(model: nn.Module, names: Sequence[str],
                prefixes: Sequence[str]) -> Dict[str, object]:
    """The outputs of the modules ``names`` on a dry forward of one zero
    image (``extract_feat`` when every name is under ``prefixes``, else the
    ``'tensor'`` forward). Modules the forward does not reach, or a forward
    that fails on a zero image, give no output."""
    modules = dict(model.named_modules())
    outputs = {}
    handles = [
        modules[n].register_forward_hook(
            lambda m, a, out, n=n: outputs.setdefault(n, out))
        for n in names
    ]
    modes = {m: m.training for m in model.modules()}
    channels = getattr(getattr(model, 'backbone', None), 'in_channels', 3)
    image = torch.zeros(1, channels if isinstance(channels, int) else 3,
                        DRY_SIZE, DRY_SIZE)
    try:
        model.eval()
        with torch.no_grad():
            if all(n.startswith(tuple(prefixes)) for n in names):
                model.extract_feat(image)
            else:
                model(image, None, mode='tensor')
    except Exception:  # a model that needs real inputs: checked at run time
        pass
    finally:
        for handle in handles:
            handle.remove()
        for module, training in modes.items():
            module.training = training
    return outputs


def _check_channels(name: str, side: str, taps: List[str],
                    declared: List[int], outputs: Dict[str, object]) -> None:
    for tap, count in zip(taps, declared):
        if tap not in outputs:
            continue
        out = outputs[tap]
        key = f'model.distill_losses.{name}'
        if not isinstance(out, Tensor) or out.dim() != 4:
            what = (f'a {tuple(out.shape)} tensor' if isinstance(out, Tensor)
                    else f'a {type(out).__name__}')
            raise ValueError(
                f'{key}.{side}_taps: {side} module {tap!r} outputs {what}, '
                'not one (N, C, H, W) feature map; tap a module that does '
                "(e.g. 'backbone.layer4' or 'neck.fpn_convs.0')")
        if out.shape[1] != count:
            raise ValueError(
                f'{key}.{side}_channels: {count} does not match the '
                f'{out.shape[1]} channels of {side} tap {tap!r} (set it to '
                f'{out.shape[1]})')


def check_feature_taps(name: str, loss: nn.Module, student: nn.Module,
                       teacher: nn.Module, prefixes: Sequence[str]) -> None:
    """The taps of the feature loss ``model.distill_losses.<name>``."""
    for side, model in (('student', student), ('teacher', teacher)):
        taps = getattr(loss, f'{side}_taps', None)
        key = f'model.distill_losses.{name}.{side}_taps'
        if not isinstance(taps, list) or not taps:
            raise TypeError(f'{key}: a feature loss ({type(loss).__name__}) '
                            'must name the modules it reads as a non-empty '
                            'list')
        check_module_names(model, taps, key)
        declared = getattr(loss, f'{side}_channels', None)
        if declared is not None:
            _check_channels(name, side, taps, declared,
                            tap_outputs(model, taps, prefixes))
