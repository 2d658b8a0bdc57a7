"""Checks of a Distiller's config values, before anything is built.

Every error names the config key (``model.<key>``) and says what would be
right. The loss classes check their own options (losses/options.py); here
their errors are re-raised under ``model.distill_losses.<name>.<option>``.
Checkpoint files are checked when they are loaded: that they are
checkpoints at all, then that their state dict fits the built model.
"""
import difflib
import os.path as osp
import re
from typing import Dict, Optional

from mmengine.runner.checkpoint import _load_checkpoint
from torch import nn

from mmkd_teach.registry import MODELS
from ..losses.options import keyword_options
from ..task_views import VIEWS
from ..utils.finite_losses import NONFINITE_ACTIONS

LOSS_NAME = re.compile(r'^[A-Za-z_][A-Za-z0-9_]*$')
#: checkpoint paths with these prefixes are not local files
REMOTE = ('http://', 'https://', 's3://', 'open-mmlab://', 'openmmlab://',
          'torchvision://', 'mmcls://', 'pavi://')


def _type_name(value) -> str:
    return type(value).__name__


def check_model(value, key: str) -> None:
    """``model.student`` / ``model.teacher``: a model dict or a config path
    (the file itself is read by ``load_model_config``)."""
    if not isinstance(value, (dict, str)):
        raise TypeError(f'model.{key}: must be a model dict or a config path '
                        "such as 'mmdet::retinanet/retinanet_r50_fpn_1x_coco"
                        f".py', got {_type_name(value)} {value!r}")


def check_checkpoint_path(path, key: str) -> None:
    """``None``, a URL, or a local file that exists."""
    if path is None:
        return
    if not isinstance(path, str) or not path:
        raise TypeError(f'model.{key}: must be None or the path (or URL) of a '
                        f'checkpoint, got {_type_name(path)} {path!r}')
    if path.startswith(REMOTE):
        return
    if not osp.isfile(osp.expanduser(path)):
        raise FileNotFoundError(
            f'model.{key}: no file {path!r} (relative paths are from the '
            'directory you run in); give an existing .pth file'
            + (', or None to distil from a random teacher (tests only)'
               if key == 'teacher_ckpt' else ', or None'))


def check_choices(task, nonfinite_loss) -> None:
    tasks = ('auto', ) + tuple(sorted(VIEWS))
    if task not in tasks:
        raise ValueError(f'model.task: must be one of {tasks}, got {task!r}')
    if nonfinite_loss not in NONFINITE_ACTIONS:
        raise ValueError(f'model.nonfinite_loss: must be one of '
                         f'{NONFINITE_ACTIONS}, got {nonfinite_loss!r}')


def check_losses_dict(distill_losses) -> Dict[str, dict]:
    """``model.distill_losses``: ``None`` or ``{name: loss config}`` with
    registered loss types; returns the dict (``{}`` for None)."""
    if distill_losses is None:
        return {}
    if not isinstance(distill_losses, dict):
        raise TypeError(
            'model.distill_losses: must be a dict {name: loss config}, e.g. '
            "dict(kd=dict(type='KDLoss', temperature=4.0)), got "
            f'{_type_name(distill_losses)} {distill_losses!r}')
    for name, cfg in distill_losses.items():
        if not isinstance(name, str) or not LOSS_NAME.match(name):
            raise ValueError(
                f'model.distill_losses: loss name {name!r} must be an '
                "identifier (letters, digits, '_'), e.g. 'kd'")
        key = f'model.distill_losses.{name}'
        if not isinstance(cfg, dict):
            raise TypeError(f"{key}: must be a loss config dict(type=..., "
                            f'...), got {_type_name(cfg)} {cfg!r}')
        if 'type' not in cfg:
            raise KeyError(f"{key}.type: missing; name a loss, e.g. "
                           f"type='KDLoss' (registered: {_loss_types()})")
        loss_class(name, cfg['type'])
    return dict(distill_losses)


def _loss_types():
    MODELS.import_from_location()
    return sorted(k for k in MODELS.module_dict if k.endswith('Loss'))


def loss_class(name: str, loss_type) -> type:
    """The class of ``model.distill_losses.<name>.type``."""
    key = f'model.distill_losses.{name}.type'
    if isinstance(loss_type, type):
        return loss_type
    if not isinstance(loss_type, str):
        raise TypeError(f'{key}: must be a loss name such as \'KDLoss\', got '
                        f'{_type_name(loss_type)} {loss_type!r}')
    cls = MODELS.get(loss_type)
    if cls is None:
        near = difflib.get_close_matches(
            loss_type.split('.')[-1], _loss_types(), n=3)
        raise KeyError(f'{key}: {loss_type!r} is not a registered loss'
                       + (f'; did you mean {near}?' if near else '') +
                       f' (registered: {_loss_types()})')
    return cls


def check_options(key: str, cls: type, options: dict) -> None:
    """A TypeError naming ``<key>.<option>`` (and the closest real option)
    for each option of ``options`` that ``cls`` does not take."""
    known = keyword_options(cls)
    if known is None:
        return
    for option in options:
        if option not in known:
            near = difflib.get_close_matches(option, known, n=1)
            raise TypeError(
                f'{key}.{option}: {cls.__name__} has no option '
                f'{option!r}' + (f'; did you mean {near[0]!r}?'
                                 if near else '') +
                f' (its options: {sorted(known)})')


def _build_checked(key: str, cls: type, options: dict) -> nn.Module:
    """``cls(**options)``, its option errors re-raised under ``key``."""
    check_options(key, cls, options)
    try:
        return cls(**options)
    except (TypeError, ValueError) as error:
        option = getattr(error, 'option', None)
        if option is None:
            raise type(error)(f'{key} ({cls.__name__}): {error}') from error
        raise type(error)(f'{key}.{option}: {error.problem} '
                          f'({cls.__name__})') from None


def build_loss(name: str, cfg: dict) -> nn.Module:
    """The loss of ``model.distill_losses.<name>`` (a checked config), its
    unknown options and bad values re-raised under the config key."""
    cls = loss_class(name, cfg['type'])
    options = {k: v for k, v in cfg.items() if k not in ('type', '_scope_')}
    return _build_checked(f'model.distill_losses.{name}', cls, options)


def build_tst(tst) -> Optional[nn.Module]:
    """``model.tst``: None (no TST) or ``dict(type='mmkd_teach.TST', ...)``
    (docs/methods/tst.md); its options and those of its ``policy`` checked
    by name before it is built (TST checks their values itself)."""
    if tst is None:
        return None
    key = 'model.tst'
    if not isinstance(tst, dict):
        raise TypeError(f"{key}: must be None or dict(type='mmkd_teach.TST', "
                        f'...), got {_type_name(tst)} {tst!r}')
    if 'type' not in tst:
        raise KeyError(f"{key}.type: missing; give type='mmkd_teach.TST' "
                       '(the learned augmentation of docs/methods/tst.md)')
    from ..tst import TST, TSTPolicy
    cls = tst['type'] if isinstance(tst['type'], type) else MODELS.get(
        tst['type'])
    if cls is None or not issubclass(cls, TST):
        raise KeyError(f"{key}.type: must be 'mmkd_teach.TST' (or a "
                       f'subclass), got {tst["type"]!r}')
    options = {k: v for k, v in tst.items() if k not in ('type', '_scope_')}
    policy = options.get('policy')
    if policy is not None:
        if not isinstance(policy, dict):
            raise TypeError(f'{key}.policy: must be None or a dict of '
                            f'{TSTPolicy.__name__} options, e.g. '
                            f'dict(num_ops=4), got {_type_name(policy)} '
                            f'{policy!r}')
        check_options(f'{key}.policy', TSTPolicy, policy)
    return _build_checked(key, cls, options)


def load_checkpoint_state(path: str, key: str) -> Dict:
    """The state dict of the checkpoint ``path`` of ``model.<key>``
    (``'module.'`` prefixes removed); an error naming the key if the file
    is not a checkpoint."""
    try:
        checkpoint = _load_checkpoint(path, map_location='cpu')
    except FileNotFoundError:
        check_checkpoint_path(path, key)  # names the key
        raise
    except Exception as error:  # UnpicklingError, EOFError, zip errors...
        raise ValueError(
            f'model.{key}: {path!r} is not a checkpoint ({_type_name(error)}: '
            f'{error}); give a .pth file written by torch.save, e.g. the '
            'epoch_N.pth of a training run') from error
    state = checkpoint
    if isinstance(checkpoint, dict) and 'state_dict' in checkpoint:
        state = checkpoint['state_dict']
    if not isinstance(state, dict) or not state or not all(
            hasattr(v, 'shape') for v in state.values()):
        raise ValueError(
            f'model.{key}: {path!r} holds no state dict (a dict of tensors, '
            "alone or under 'state_dict'); it holds a "
            f'{_type_name(checkpoint)}')
    return {k.removeprefix('module.'): v for k, v in state.items()}


def check_state_fits(state: Dict, model: nn.Module, path: str,
                     key: str) -> None:
    """A ValueError naming ``model.<key>`` and a few mismatching keys if
    ``state`` is not a state dict of ``model`` (strict, BatchNorm's
    ``num_batches_tracked`` aside)."""
    own = model.state_dict()
    missing = [
        k for k in own
        if k not in state and not k.endswith('num_batches_tracked')
    ]
    unexpected = [k for k in state if k not in own]
    wrong_shape = [
        f'{k}: checkpoint {tuple(state[k].shape)} vs model '
        f'{tuple(own[k].shape)}' for k in own
        if k in state and state[k].shape != own[k].shape
    ]
    if not (missing or unexpected or wrong_shape):
        return
    model_key = key.removesuffix('_ckpt')
    hint = ''
    if sum(k.startswith('student.') for k in state) > len(state) // 2:
        hint = (' It looks like a Distiller checkpoint: give the exported '
                'student_final.pth (ExportStudentHook) instead.')
    raise ValueError(
        f'model.{key}: {path!r} does not fit the `{model_key}` model '
        f'({type(model).__name__}): {len(missing)} missing keys '
        f'{missing[:3]}, {len(unexpected)} unexpected keys '
        f'{unexpected[:3]}, {len(wrong_shape)} shape mismatches '
        f'{wrong_shape[:3]}; give a checkpoint of the model that '
        f'`model.{model_key}` configures.{hint}')
