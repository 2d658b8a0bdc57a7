"""Hooks that stop a ``tools/train.py`` run at a known point and wait there
to be killed (the resume tests load them with ``custom_imports``). They draw
no random numbers: the run is the same up to that point."""
import os
import time

from mmengine.fileio import LocalBackend
from mmengine.hooks import Hook

from mmkd_teach.registry import HOOKS


def wait_to_be_killed(marker):
    with open(marker, 'w') as f:
        f.write(str(os.getpid()))
    time.sleep(3600)


@HOOKS.register_module(force=True)
class WaitAfterIterHook(Hook):
    """Waits once iteration ``iter`` (1-based, as logged) is done."""
    priority = 'LOWEST'

    def __init__(self, marker, iter):
        self.marker, self.iter = marker, iter

    def after_train_iter(self, runner, batch_idx, data_batch=None,
                         outputs=None):
        if runner.iter + 1 == self.iter:
            wait_to_be_killed(self.marker)


@HOOKS.register_module(force=True)
class WaitInWriteHook(Hook):
    """Waits in the middle of writing the checkpoint whose file name starts
    with ``name``: half of its bytes are on disk."""

    def __init__(self, marker, name):
        put = LocalBackend.put

        def half_put(backend, obj, filepath):
            if os.path.basename(str(filepath)).startswith(name):
                with open(filepath, 'wb') as f:
                    f.write(obj[:len(obj) // 2])
                wait_to_be_killed(marker)
            return put(backend, obj, filepath)

        LocalBackend.put = half_put
