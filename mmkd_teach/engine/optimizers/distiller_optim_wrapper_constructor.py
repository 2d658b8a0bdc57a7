"""Separate optimisers for the student and the learnable distillation parts.

``optim_wrapper=dict(constructor='DistillerOptimWrapperConstructor',
student=dict(optimizer=...), distill_losses=dict(optimizer=...))`` builds an
:class:`OptimWrapperDict` with one wrapper per named submodule of the
distiller (built by mmengine's default constructor, so ``paramwise_cfg``
works per key). Every trainable parameter must belong to one of them.
"""
from mmengine.model import is_model_wrapper
from mmengine.optim import DefaultOptimWrapperConstructor, OptimWrapperDict

from mmkd_teach.registry import OPTIM_WRAPPER_CONSTRUCTORS


@OPTIM_WRAPPER_CONSTRUCTORS.register_module()
class DistillerOptimWrapperConstructor:

    def __init__(self, optim_wrapper_cfg: dict, paramwise_cfg=None):
        if paramwise_cfg is not None:
            raise ValueError('DistillerOptimWrapperConstructor: put '
                             '`paramwise_cfg` inside each submodule key')
        self.cfgs = dict(optim_wrapper_cfg)

    def __call__(self, model) -> OptimWrapperDict:
        if is_model_wrapper(model):
            model = model.module
        wrappers, covered = {}, set()
        for key, cfg in self.cfgs.items():
            module = getattr(model, key, None)
            if module is None:
                raise KeyError(f'optim_wrapper.{key}: the model has no '
                               f'submodule {key!r}')
            cfg = dict(cfg)
            paramwise = cfg.pop('paramwise_cfg', None)
            wrappers[key] = DefaultOptimWrapperConstructor(cfg, paramwise)(
                module)
            covered.update(id(p) for p in module.parameters())
        orphans = [
            name for name, p in model.named_parameters()
            if p.requires_grad and id(p) not in covered
        ]
        if orphans:
            raise ValueError('optim_wrapper: these trainable parameters have '
                             f'no optimiser: {orphans[:5]} (add a key for '
                             'their submodule)')
        return OptimWrapperDict(**wrappers)
