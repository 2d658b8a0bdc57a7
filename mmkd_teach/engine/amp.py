"""``tools/train.py --amp``: mmengine's ``AmpOptimWrapper`` for a config's
optimiser, on every task (the distillation losses upcast half-precision
logits themselves).

The student's forward and backward run under autocast (float16 with a
dynamic loss scale, or bfloat16, ``--amp-dtype``); the teacher runs in the
same autocast unless ``model.teacher_precision`` picks its own. mmengine's
AmpOptimWrapper needs a CUDA (or NPU/MLU/MUSA) device. Two-stage detectors
need float16: mmcv's nms and RoIAlign have no bfloat16 kernel.

Separate optimisers (``DistillerOptimWrapperConstructor``) are refused: one
loss scale must serve every optimiser of a step, and each AmpOptimWrapper
keeps its own.
"""
from mmengine.config import Config

AMP_DTYPES = ('float16', 'bfloat16')


def use_amp(cfg: Config, dtype: str = 'float16') -> Config:
    """Switch ``cfg.optim_wrapper`` to ``AmpOptimWrapper`` in ``dtype``."""
    if dtype not in AMP_DTYPES:
        raise ValueError(f'--amp-dtype must be one of {AMP_DTYPES}, got '
                         f'{dtype!r}')
    optim_wrapper = cfg.optim_wrapper
    constructor = str(optim_wrapper.get('constructor', ''))
    if constructor.split('.')[-1] == 'DistillerOptimWrapperConstructor':
        raise ValueError(
            '--amp with separate optimisers (optim_wrapper.constructor='
            f'{constructor!r}) is not supported: one loss scale must serve '
            'every optimiser of a step; use one optimiser (paramwise_cfg '
            'for per-part learning rates) or train without --amp')
    optim_wrapper.type = 'AmpOptimWrapper'
    optim_wrapper.dtype = dtype
    # bfloat16 has float32's range: nothing to scale
    optim_wrapper.setdefault('loss_scale',
                             'dynamic' if dtype == 'float16' else 1.0)
    return cfg
