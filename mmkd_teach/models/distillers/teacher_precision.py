"""A cheaper teacher forward: autocast to bfloat16 or float16, and the
channels-last memory format (faster convolutions on tensor cores).

The teacher is frozen and only its outputs are used, under ``no_grad``, so
half precision costs it no master weights or loss scaling; the distillation
losses upcast half-precision logits to float32 before their softmax. The
student's forward is untouched (``--amp`` is the student's).

mmcv's compiled RoI ops take no bfloat16 (CPU and CUDA), are outside
autocast, and read their input as contiguous NCHW memory (a channels-last
map gives wrong values, silently): they run on contiguous float32 inputs
and hand back the dtype of their input (the RoI pooling is a small share of
a two-stage teacher).
"""
import contextlib

import torch
from torch import nn

TEACHER_PRECISIONS = dict(fp32=None, bf16=torch.bfloat16, fp16=torch.float16)


def _float32_ops() -> tuple:
    """The mmcv op modules that need float32 inputs."""
    try:
        from mmcv.ops import RoIAlign, RoIPool
    except ImportError:  # mmcv without compiled ops: none to feed
        return ()
    return RoIAlign, RoIPool


class _Float32Op:
    """Hooks that run ``module`` on contiguous float32 inputs and cast its
    output back to the dtype of its first input."""

    def __init__(self, module: nn.Module):
        self.dtype = None
        module.register_forward_pre_hook(self.before)
        module.register_forward_hook(self.after)

    def before(self, module, args):
        self.dtype = args[0].dtype
        return tuple(
            a.float().contiguous()
            if torch.is_tensor(a) and a.is_floating_point() else a
            for a in args)

    def after(self, module, args, output):
        return output.to(self.dtype)


class TeacherPrecision:
    """How the distiller runs its teacher.

    Args:
        precision: ``'bf16'`` or ``'fp16'``: the dtype the teacher's
            forward autocasts to (on the device of its weights; CPU
            autocast supports both), whether or not the step runs under
            ``--amp``; ``'fp32'``: no autocast of its own (the teacher runs
            as the student's step does, float32 or AMP's autocast).
        channels_last: convert the teacher's 4-d weights and its input batch
            to ``torch.channels_last``.
    """

    def __init__(self, precision: str = 'fp32', channels_last: bool = False):
        if precision not in TEACHER_PRECISIONS:
            raise ValueError(f'`model.teacher_precision` must be one of '
                             f'{list(TEACHER_PRECISIONS)}, got {precision!r}')
        if not isinstance(channels_last, bool):
            raise TypeError('`model.teacher_channels_last` must be True or '
                            f'False, got {channels_last!r}')
        self.dtype = TEACHER_PRECISIONS[precision]
        self.channels_last = channels_last

    def prepare(self, teacher: nn.Module) -> 'TeacherPrecision':
        """Convert ``teacher``'s weights to channels-last (if asked); feed
        its mmcv RoI ops contiguous float32 (see above)."""
        if self.channels_last:
            teacher.to(memory_format=torch.channels_last)
        if self.dtype is not None or self.channels_last:
            for module in teacher.modules():
                if isinstance(module, _float32_ops()):
                    _Float32Op(module)
        return self

    def inputs(self, inputs):
        """The batch as the teacher takes it."""
        if self.channels_last and isinstance(inputs, torch.Tensor) and \
                inputs.dim() == 4:
            return inputs.contiguous(memory_format=torch.channels_last)
        return inputs

    def forward(self, teacher: nn.Module,
                grad_to_inputs: bool = False) -> contextlib.ExitStack:
        """The context of a teacher forward: ``no_grad`` (unless the
        gradient must reach the inputs through the frozen teacher, as in
        TST's search), and autocast to the chosen dtype on the device of
        ``teacher``'s weights."""
        stack = contextlib.ExitStack()
        if not grad_to_inputs:
            stack.enter_context(torch.no_grad())
        if self.dtype is not None:
            device = next(teacher.parameters()).device.type
            stack.enter_context(torch.autocast(device, dtype=self.dtype))
        return stack
