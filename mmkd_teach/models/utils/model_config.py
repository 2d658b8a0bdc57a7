"""Read the config of a teacher or student model.

A model may be given as an inline dict, a local config file, or an upstream
config path such as ``'mmdet::retinanet/retinanet_r50_fpn_1x_coco.py'``.
A model read from a file is built in the file's ``default_scope`` (mmengine's
``_scope_`` key), so its types need no prefix.
"""
import os.path as osp
from typing import Union

from mmengine.config import Config, ConfigDict


def load_model_config(model: Union[str, dict], key: str) -> ConfigDict:
    """Return the ``model`` dict of ``model`` (a dict or a config path).

    ``key`` names the distiller's config key (e.g. ``'teacher'``) for errors.
    """
    if isinstance(model, (dict, ConfigDict)):
        return ConfigDict(model)
    if not isinstance(model, str):
        raise TypeError(f'model.{key}: must be a model dict or a config path, '
                        f'got {type(model).__name__}')
    if '::' in model:
        from mmengine.hub import get_config
        cfg = get_config(model)
    elif osp.isfile(model):
        cfg = Config.fromfile(model)
    else:
        raise FileNotFoundError(
            f'model.{key}: config file {model!r} does not exist (give a model '
            "dict, a local .py config or an upstream path like "
            "'mmdet::retinanet/retinanet_r50_fpn_1x_coco.py')")
    if 'model' not in cfg:
        raise KeyError(f'model.{key}: config {model!r} has no `model` key '
                       '(give a config file that defines a model)')
    model_cfg = ConfigDict(cfg.model)
    if cfg.get('default_scope') and '_scope_' not in model_cfg:
        model_cfg['_scope_'] = cfg.default_scope
    return model_cfg
