"""Read the config of a teacher or student model.

A model may be given as an inline dict, a local config file, or an upstream
config path such as ``'mmdet::retinanet/retinanet_r50_fpn_1x_coco.py'``.
A model read from a file is built in the file's ``default_scope`` (mmengine's
``_scope_`` key), so its types need no prefix.

mmengine's Runner hands a config's top-level ``data_preprocessor`` to the
model it builds when the model dict has none (mmpretrain's configs keep
their normalisation there); a model read from a file gets its file's the
same way, and then ``data_preprocessor`` (a distiller's, from the Runner).
"""
import copy
import os.path as osp
from typing import Optional, Union

from mmengine.config import Config, ConfigDict


def load_model_config(model: Union[str, dict], key: str,
                      data_preprocessor: Optional[dict] = None
                      ) -> ConfigDict:
    """Return the ``model`` dict of ``model`` (a dict or a config path).

    ``key`` names the distiller's config key (e.g. ``'teacher'``) for errors;
    ``data_preprocessor`` is used when the model has none (see above).
    """
    if isinstance(model, (dict, ConfigDict)):
        return _with_preprocessor(ConfigDict(model), data_preprocessor)
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
    model_cfg = _with_preprocessor(ConfigDict(cfg.model),
                                   cfg.get('data_preprocessor'))
    if cfg.get('default_scope') and '_scope_' not in model_cfg:
        model_cfg['_scope_'] = cfg.default_scope
    return _with_preprocessor(model_cfg, data_preprocessor)


def _with_preprocessor(model_cfg: ConfigDict,
                       data_preprocessor: Optional[dict]) -> ConfigDict:
    """``model_cfg`` with ``data_preprocessor`` where it has none (as the
    Runner does)."""
    if data_preprocessor is not None and \
            model_cfg.get('data_preprocessor') is None:
        model_cfg['data_preprocessor'] = copy.deepcopy(data_preprocessor)
    return model_cfg
