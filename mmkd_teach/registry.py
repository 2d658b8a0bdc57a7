"""mmkd_teach's registries: children of mmengine's root registries.

``locations`` lets mmengine import the modules that register into a registry
on first use, so ``default_scope='mmkd_teach'`` works without
``custom_imports``. Because these registries are children of the roots,
``mmdet.``/``mmseg.``/``mmpretrain.`` scoped types resolve from here, and
``mmkd_teach.`` scoped types resolve from configs whose default scope is an
upstream toolbox.
"""
from mmengine.registry import HOOKS as MMENGINE_HOOKS
from mmengine.registry import MODELS as MMENGINE_MODELS
from mmengine.registry import \
    OPTIM_WRAPPER_CONSTRUCTORS as MMENGINE_OPTIM_WRAPPER_CONSTRUCTORS
from mmengine.registry import TRANSFORMS as MMENGINE_TRANSFORMS
from mmengine.registry import Registry

MODELS = Registry(
    'model', parent=MMENGINE_MODELS, locations=['mmkd_teach.models'])
HOOKS = Registry(
    'hook', parent=MMENGINE_HOOKS, locations=['mmkd_teach.engine.hooks'])
OPTIM_WRAPPER_CONSTRUCTORS = Registry(
    'optimizer wrapper constructor',
    parent=MMENGINE_OPTIM_WRAPPER_CONSTRUCTORS,
    locations=['mmkd_teach.engine.optimizers'])
TRANSFORMS = Registry(
    'transform',
    parent=MMENGINE_TRANSFORMS,
    locations=['mmkd_teach.datasets.transforms'])
