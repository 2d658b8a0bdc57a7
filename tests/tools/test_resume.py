"""Resume loses nothing: N epochs, stop, resume to 2N equals 2N straight,
learnable distillation parts and their own optimiser included."""
import pytest
import torch
from mmengine.hooks import Hook
from mmengine.runner import Runner

from mmkd_teach.registry import HOOKS

from tests.tools.toy_runs import save_random_teacher, toy_config
from tests.conftest import REPO

CONFIG = 'fitnet/fitnet_resnet18w16_to_resnet18w4_10e_toycls.py'


class Interrupted(Exception):
    pass


@HOOKS.register_module(force=True)
class InterruptAfterEpochHook(Hook):
    """Kills the run once epoch ``epoch`` is checkpointed."""
    priority = 'LOWEST'  # after the CheckpointHook

    def __init__(self, epoch):
        self.epoch = epoch

    def after_train_epoch(self, runner):
        if runner.epoch == self.epoch:
            raise Interrupted


def run(toy_data, work_dir, teacher, resume=False, interrupt=None):
    cfg = toy_config(CONFIG, 'cls', toy_data, work_dir, teacher,
                     max_epochs=2, val_interval=100)
    if interrupt:
        cfg.custom_hooks.append(
            dict(type='mmkd_teach.InterruptAfterEpochHook', epoch=interrupt))
    # No random augmentation (flip, crop): the pipeline's RNG is not part of
    # a checkpoint.
    cfg.train_dataloader.dataset.pipeline = [
        p for p in cfg.train_dataloader.dataset.pipeline
        if p['type'] not in ('RandomFlip', 'RandomCrop')
    ]
    cfg.default_hooks.checkpoint.max_keep_ckpts = 3
    cfg.resume = resume
    runner = Runner.from_cfg(cfg)
    runner.train()
    return runner


def test_resume_equals_uninterrupted(toy_data, tmp_path):
    teacher = save_random_teacher(f'{REPO}/configs/{CONFIG}',
                                  str(tmp_path / 'teacher.pth'))
    straight = run(toy_data, str(tmp_path / 'a'), teacher)
    with pytest.raises(Interrupted):
        run(toy_data, str(tmp_path / 'b'), teacher, interrupt=1)
    resumed = run(toy_data, str(tmp_path / 'b'), teacher, resume=True)
    assert resumed.iter == straight.iter

    a = torch.load(str(tmp_path / 'a' / 'epoch_2.pth'), weights_only=False)
    b = torch.load(str(tmp_path / 'b' / 'epoch_2.pth'), weights_only=False)
    assert a['state_dict'].keys() == b['state_dict'].keys()
    adapters = [k for k in a['state_dict'] if k.startswith('distill_losses')]
    assert adapters
    for key, value in a['state_dict'].items():
        assert torch.allclose(value.float(), b['state_dict'][key].float(),
                              atol=1e-6), key
    assert set(a['optimizer']) == {'student', 'distill_losses'}
    for name in ('student', 'distill_losses'):
        for sa, sb in zip(a['optimizer'][name]['state'].values(),
                          b['optimizer'][name]['state'].values()):
            for k in sa:
                if torch.is_tensor(sa[k]):
                    assert torch.allclose(sa[k], sb[k], atol=1e-6), (name, k)
