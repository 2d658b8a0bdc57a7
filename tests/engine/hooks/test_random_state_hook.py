"""RandomStateHook: reading the states changes nothing; restoring them
replays the same draws (generators, sampler and worker seeds, a distillation
part's own generator), after the iteration loop's skip."""
import functools
import random
from types import SimpleNamespace

import numpy as np
import torch
from torch import nn

from mmkd_teach.engine.hooks import RandomStateHook
from mmkd_teach.engine.hooks.random_state_hook import collect_random_states


class PolicyWithGenerator(nn.Module):
    """A distillation part with its own generator."""

    def __init__(self):
        super().__init__()
        self.generator = torch.Generator().manual_seed(7)

    def get_random_state(self):
        return self.generator.get_state()

    def set_random_state(self, state):
        self.generator.set_state(state)


def draws(runner):
    return (random.random(), float(np.random.rand()), float(torch.rand(1)),
            float(torch.rand(1, generator=runner.model.policy.generator)))


def fake_runner(**loop):
    loader = SimpleNamespace(
        sampler=SimpleNamespace(seed=1), persistent_workers=False,
        worker_init_fn=functools.partial(print, seed=5))
    return SimpleNamespace(
        model=nn.ModuleDict(dict(policy=PolicyWithGenerator())), _resume=True,
        train_loop=SimpleNamespace(dataloader=loader, iter=0, **loop))


def test_save_and_restore_at_epoch_start():
    runner, hook = fake_runner(), RandomStateHook()
    checkpoint = {}
    hook.before_save_checkpoint(runner, checkpoint)
    after_reading = draws(runner)
    hook.before_save_checkpoint(runner, {})  # reads only: no draw
    runner.train_loop.dataloader.sampler.seed = 2  # a new run's seeds
    runner.train_loop.dataloader.worker_init_fn = functools.partial(
        print, seed=6)
    hook.after_load_checkpoint(runner, checkpoint)
    hook.before_train_epoch(runner)
    assert draws(runner) == after_reading
    assert runner.train_loop.dataloader.sampler.seed == 1
    assert runner.train_loop.dataloader.worker_init_fn.keywords['seed'] == 5


def test_fresh_run_restores_nothing():
    runner, hook = fake_runner(), RandomStateHook()
    old = collect_random_states(runner)
    draws(runner)
    runner._resume = False  # load_from: weights only, a fresh run
    hook.after_load_checkpoint(runner, dict(random_states=old))
    numpy_state, torch_state = np.random.get_state()[1], torch.get_rng_state()
    hook.before_train_epoch(runner)
    assert np.array_equal(np.random.get_state()[1], numpy_state)
    assert torch.equal(torch.get_rng_state(), torch_state)


def test_iteration_loop_restores_after_its_skip():
    batches = iter(lambda: float(np.random.rand()), None)
    runner = fake_runner(dataloader_iterator=batches)
    hook = RandomStateHook()
    for _ in range(2):  # two iterations trained, then a checkpoint
        next(batches)
    checkpoint = {}
    hook.before_save_checkpoint(runner, checkpoint)
    expected = [next(batches) for _ in range(2)]

    np.random.seed(123)  # the resumed process starts afresh
    loop = runner.train_loop
    loop.iter = 2
    hook.after_load_checkpoint(runner, checkpoint)
    hook.before_train_epoch(runner)
    skipped = [next(loop.dataloader_iterator) for _ in range(2)]
    assert skipped != expected[:2]
    assert [next(loop.dataloader_iterator) for _ in range(2)] == expected
    assert loop.dataloader_iterator is batches  # handed back
