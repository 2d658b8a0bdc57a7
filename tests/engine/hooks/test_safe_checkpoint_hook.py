"""SafeCheckpointHook: a kill in the middle of a checkpoint write leaves the
previous checkpoint, and last_checkpoint naming it, intact."""
import collections
import os
from types import SimpleNamespace

import pytest
import torch
from mmengine.fileio import LocalBackend
from mmengine.logging import MessageHub

from mmkd_teach.engine import find_last_complete_checkpoint
from mmkd_teach.engine.hooks import SafeCheckpointHook


class Killed(Exception):
    pass


def fake_runner(work_dir, kill_in_write=False):
    def save_checkpoint(out_dir, filename, *args, **kwargs):
        data = {'state_dict': {'w': torch.ones(1000)}}
        path = os.path.join(out_dir, filename)
        torch.save(data, path)
        if kill_in_write:  # half of the file is on disk
            with open(path, 'r+b') as f:
                f.truncate(os.path.getsize(path) // 2)
            raise Killed

    return SimpleNamespace(
        work_dir=work_dir, save_checkpoint=save_checkpoint,
        message_hub=MessageHub.get_instance('test_safe_checkpoint_hook'))


def saver(work_dir):
    hook = SafeCheckpointHook(interval=1, max_keep_ckpts=1)
    hook.out_dir, hook.file_backend = work_dir, LocalBackend()
    hook.keep_ckpt_ids = collections.deque()
    hook.filename_tmpl = 'epoch_{}.pth'
    return hook


def test_kill_in_write_keeps_previous(tmp_path):
    work_dir = str(tmp_path)
    hook = saver(work_dir)
    hook._save_checkpoint_with_step(fake_runner(work_dir), 1, {})
    with pytest.raises(Killed):
        hook._save_checkpoint_with_step(
            fake_runner(work_dir, kill_in_write=True), 2, {})
    first = os.path.join(work_dir, 'epoch_1.pth')
    assert torch.load(first)['state_dict']['w'].sum() == 1000
    assert open(os.path.join(work_dir, 'last_checkpoint')).read() == first
    assert find_last_complete_checkpoint(work_dir) == first
    assert not os.path.exists(os.path.join(work_dir, 'epoch_2.pth'))


def test_old_checkpoints_removed_after_the_new_one_is_complete(tmp_path):
    work_dir = str(tmp_path)
    hook = saver(work_dir)
    for step in (1, 2):
        hook._save_checkpoint_with_step(fake_runner(work_dir), step, {})
    assert sorted(os.listdir(work_dir)) == ['epoch_2.pth', 'last_checkpoint']
    assert find_last_complete_checkpoint(work_dir).endswith('epoch_2.pth')
