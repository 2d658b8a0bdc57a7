"""How many iterations a run will train and test, read from its config with
the run's ``--cfg-options`` applied, before it starts (for the time-left
estimate; the running job's ProgressHook then reports the real numbers)."""
import argparse
import contextlib
import io
import warnings
from typing import Dict, List, Optional, Tuple

_LOADERS: Dict[str, int] = {}


def parse_options(options: List[str]) -> dict:
    """``['k=v', ...]`` parsed as ``tools/train.py --cfg-options`` does."""
    from mmengine.config import DictAction
    parser = argparse.ArgumentParser()
    parser.add_argument('--o', nargs='+', action=DictAction, default={})
    return parser.parse_args(['--o', *options] if options else []).o


def loader_length(cfg, key: str) -> int:
    """Batches per epoch of ``cfg[key]`` (a dataloader config), from the
    dataloader the Runner would build (cached on the config's text)."""
    cache = repr((cfg.get('default_scope'), cfg[key]))
    if cache not in _LOADERS:
        from mmengine.registry import DefaultScope, init_default_scope
        from mmengine.runner import Runner
        scope = cfg.get('default_scope') or 'mmengine'
        with contextlib.redirect_stdout(io.StringIO()), \
                warnings.catch_warnings():
            warnings.simplefilter('ignore')
            init_default_scope(scope)
            with DefaultScope.overwrite_default_scope(scope):
                loader = Runner.build_dataloader(cfg[key], seed=0)
        _LOADERS[cache] = len(loader)
    return _LOADERS[cache]


def iterations(config: str, options: List[str]) -> Tuple[Optional[int],
                                                          Optional[int]]:
    """``(train iterations, test batches)`` of ``config`` under ``options``;
    None where they cannot be worked out."""
    try:
        import mmkd_teach  # noqa: F401  (registries, compatibility fixes)
        from mmengine.config import Config
        cfg = Config.fromfile(config)
        cfg.merge_from_dict(parse_options(options))
    except Exception:  # noqa: BLE001 (an estimate only)
        return None, None
    train = test = None
    try:
        loop = cfg.train_cfg
        if 'max_iters' in loop:
            train = int(loop['max_iters'])
        else:
            train = int(loop['max_epochs']) * loader_length(
                cfg, 'train_dataloader')
    except Exception:  # noqa: BLE001
        pass
    try:
        test = loader_length(cfg, 'test_dataloader')
    except Exception:  # noqa: BLE001
        pass
    return train, test
