"""Separate optimisers for the student and the learnable distillation parts.

``optim_wrapper=dict(constructor='DistillerOptimWrapperConstructor',
student=dict(optimizer=...), distill_losses=dict(optimizer=...))`` builds an
:class:`OptimWrapperDict` with one wrapper per named submodule of the
distiller (built by mmengine's default constructor, so ``paramwise_cfg``
works per key). Every trainable parameter must belong to one of them.

A key may name a nested submodule with ``module``, e.g. SoKD's feature
policy ``sokd_augment=dict(module='distill_losses.sokd.augment',
optimizer=dict(type='Adam', ...))``: its parameters are then left out of
every wrapper of an enclosing module (``distill_losses`` above), so each
parameter has exactly one optimiser.
"""
from mmengine.model import is_model_wrapper
from mmengine.optim import DefaultOptimWrapperConstructor, OptimWrapperDict

from mmkd_teach.registry import OPTIM_WRAPPER_CONSTRUCTORS


def _submodule(model, key: str, path: str):
    module = model
    for part in path.split('.'):
        if part not in module._modules:
            raise KeyError(f'optim_wrapper.{key}: the model has no '
                           f'submodule {path!r}')
        module = module._modules[part]
    return module


def _drop_params(wrapper, excluded: set) -> None:
    """Remove ``excluded`` parameters from a freshly built optimiser (no
    state yet) and drop the parameter groups left empty."""
    groups = wrapper.optimizer.param_groups
    for group in groups:
        group['params'] = [p for p in group['params'] if id(p) not in excluded]
    groups[:] = [g for g in groups if g['params']]


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
        paths = {
            key: (cfg.get('module', key) if isinstance(cfg, dict) else key)
            for key, cfg in self.cfgs.items()
        }
        modules = {key: _submodule(model, key, path)
                   for key, path in paths.items()}
        wrappers, covered = {}, set()
        for key, cfg in self.cfgs.items():
            module = modules[key]
            cfg = dict(cfg)
            cfg.pop('module', None)
            paramwise = cfg.pop('paramwise_cfg', None)
            wrapper = DefaultOptimWrapperConstructor(cfg, paramwise)(module)
            nested = {
                id(p)
                for other, path in paths.items()
                if other != key and path.startswith(paths[key] + '.')
                for p in modules[other].parameters()
            }
            if nested:
                _drop_params(wrapper, nested)
                if not wrapper.optimizer.param_groups:
                    raise ValueError(
                        f'optim_wrapper.{key}: every parameter of '
                        f'{paths[key]!r} has a nested key; remove this one')
            wrappers[key] = wrapper
            owned = {id(p) for p in module.parameters()} - nested
            twice = owned & covered
            if twice:
                raise ValueError(f'optim_wrapper.{key}: {len(twice)} '
                                 'parameters already have an optimiser (two '
                                 'keys name the same module)')
            covered |= owned
        orphans = [
            name for name, p in model.named_parameters()
            if p.requires_grad and id(p) not in covered
        ]
        if orphans:
            raise ValueError('optim_wrapper: these trainable parameters have '
                             f'no optimiser: {orphans[:5]} (add a key for '
                             'their submodule)')
        return OptimWrapperDict(**wrappers)
