"""Write a run's progress to a small JSON file, for a scheduler that watches
runs from outside their processes (``toy_benchmark``)."""
import json
import os
import time

from mmengine.dist import is_main_process
from mmengine.hooks import Hook

from mmkd_teach.registry import HOOKS


@HOOKS.register_module()
class ProgressHook(Hook):
    """Keeps ``path`` at ``{"phase": "train"|"test", "iter": done, "total":
    max}``; rewritten atomically (rank 0 only), at most every ``interval``
    seconds and at the start and end of each phase. It draws no random
    numbers and changes no state: it cannot change a run's results.
    ``tools/train.py`` and ``tools/test.py`` add it with ``--progress``."""

    priority = 'LOWEST'

    def __init__(self, path: str, interval: float = 1.0):
        self.path = path
        self.interval = interval
        self._last = 0.0

    def _write(self, phase, done, total, force=False):
        now = time.monotonic()
        if not is_main_process() or (not force
                                     and now - self._last < self.interval):
            return
        self._last = now
        tmp = f'{self.path}.tmp'
        with open(tmp, 'w') as f:
            json.dump(dict(phase=phase, iter=int(done), total=int(total)), f)
        os.replace(tmp, self.path)

    def before_train(self, runner) -> None:
        self._write('train', runner.iter, runner.max_iters, force=True)

    def after_train_iter(self, runner, batch_idx, data_batch=None,
                         outputs=None) -> None:
        done = runner.iter + 1  # the loop counts the iteration after hooks
        self._write('train', done, runner.max_iters,
                    force=done == runner.max_iters)

    def after_train(self, runner) -> None:
        self._write('train', runner.iter, runner.max_iters, force=True)

    def before_test(self, runner) -> None:
        self._total = len(runner.test_dataloader)
        self._write('test', 0, self._total, force=True)

    def after_test_iter(self, runner, batch_idx, data_batch=None,
                        outputs=None) -> None:
        self._write('test', batch_idx + 1, self._total,
                    force=batch_idx + 1 == self._total)
