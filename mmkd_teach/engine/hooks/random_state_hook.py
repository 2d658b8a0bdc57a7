"""Save every random state of a run in its checkpoints and restore it on
resume, so that a killed and resumed run ends where the uninterrupted run
ends (weights, optimiser states, logged losses)."""
import functools
import logging
import random

import numpy as np
import torch
from mmengine.hooks import Hook
from mmengine.logging import print_log
from mmengine.model import is_model_wrapper

from mmkd_teach.registry import HOOKS

KEY = 'random_states'


def _model(runner):
    return runner.model.module if is_model_wrapper(
        runner.model) else runner.model


def collect_random_states(runner) -> dict:
    """The states of the global generators (Python, numpy, torch, CUDA), of
    the train dataloader's sampler and worker seed, and of every model module
    with ``get_random_state()`` (a distillation part that owns a generator).
    Reads only: draws nothing."""
    loader = runner.train_loop.dataloader
    init_fn = loader.worker_init_fn
    return dict(
        python=random.getstate(),
        numpy=np.random.get_state(),
        torch=torch.get_rng_state(),
        cuda=(torch.cuda.get_rng_state_all()
              if torch.cuda.is_initialized() else None),
        sampler_seed=getattr(loader.sampler, 'seed', None),
        worker_seed=(init_fn.keywords.get('seed') if isinstance(
            init_fn, functools.partial) else None),
        modules={
            name: module.get_random_state()
            for name, module in _model(runner).named_modules()
            if hasattr(module, 'get_random_state')
        })


def restore_random_states(runner, states: dict) -> None:
    """Put back what :func:`collect_random_states` read."""
    random.setstate(states['python'])
    np.random.set_state(states['numpy'])
    torch.set_rng_state(states['torch'])
    if states['cuda'] is not None and torch.cuda.is_available():
        torch.cuda.set_rng_state_all(states['cuda'])
    loader = runner.train_loop.dataloader
    if states['sampler_seed'] is not None and hasattr(loader.sampler, 'seed'):
        loader.sampler.seed = states['sampler_seed']
    init_fn = loader.worker_init_fn
    if states['worker_seed'] is not None and isinstance(
            init_fn, functools.partial):
        loader.worker_init_fn = functools.partial(
            init_fn.func, *init_fn.args,
            **dict(init_fn.keywords, seed=states['worker_seed']))
    modules = dict(_model(runner).named_modules())
    for name, state in states['modules'].items():
        modules[name].set_random_state(state)


class _RestoreAfterSkip:
    """Stands in for an IterBasedTrainLoop's ``dataloader_iterator``: lets
    the loop's resume skip ``skip`` batches (which replays their random
    draws), then restores the states before the first new batch is loaded,
    and hands the loop its own iterator back."""

    def __init__(self, loop, skip, restore):
        self.loop, self.skip, self.restore = loop, skip, restore
        self.inner = loop.dataloader_iterator

    def __iter__(self):
        return self

    def __next__(self):
        if self.skip == 0:
            self.restore()
            self.loop.dataloader_iterator = self.inner
        self.skip -= 1
        return next(self.inner)


@HOOKS.register_module()
class RandomStateHook(Hook):
    """Puts the run's random states (see :func:`collect_random_states`) in
    every checkpoint under ``'random_states'`` and restores them when the run
    resumes: at the start of the resumed epoch (epoch-based loops, which
    restart at the saved epoch), or once the iteration-based loop has skipped
    the batches already trained.

    In a run that does not resume it only reads states: it draws, seeds and
    reorders nothing, so it cannot change a run's results. Exact for a
    single process (the checkpoint holds rank 0's states only) when nothing
    draws between a checkpoint and the next training batch: a validation
    run there draws from torch's generator (its dataloader's base seed), and
    ``persistent_workers`` keep their streams across epochs where resumed
    workers restart from their seeds. An epoch-based loop resumed from a
    checkpoint saved within an epoch restarts that epoch (mmengine), which
    no saved state can make exact: save such runs' checkpoints by epoch.
    """

    priority = 'VERY_HIGH'  # restore before other hooks draw

    def __init__(self):
        self._pending = None

    def before_save_checkpoint(self, runner, checkpoint: dict) -> None:
        checkpoint[KEY] = collect_random_states(runner)

    def after_load_checkpoint(self, runner, checkpoint: dict) -> None:
        if not runner._resume:
            return  # load_from: weights only, a fresh run
        self._pending = checkpoint.get(KEY)
        if self._pending is None:
            print_log('the checkpoint has no random states: resuming with '
                      'fresh ones (not exact)', logger='current',
                      level=logging.WARNING)
        if getattr(runner.train_loop.dataloader, 'persistent_workers',
                   False):
            print_log('persistent dataloader workers restart from their '
                      'seeds: the resumed run is not exact',
                      logger='current', level=logging.WARNING)

    def before_train_epoch(self, runner) -> None:
        if self._pending is None:
            return
        states, self._pending = self._pending, None
        loop = runner.train_loop
        if hasattr(loop, 'dataloader_iterator') and loop.iter > 0:
            loop.dataloader_iterator = _RestoreAfterSkip(
                loop, loop.iter, lambda: restore_random_states(runner, states))
        else:
            restore_random_states(runner, states)
