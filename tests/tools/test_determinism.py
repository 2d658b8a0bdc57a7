"""CPU runs are deterministic: the same config and seed give bit-identical
weights and losses (a one-stage KD run with the toy pipeline's random flip,
in two fresh Runners); another seed gives other weights."""
import torch
from mmengine.runner import Runner

from tests.conftest import REPO
from tests.tools.toy_runs import (RecordLossHook, save_random_teacher,
                                  toy_config)

CONFIG = 'kd/kd_retinanet-r18w32_to_retinanet-r18w8_6e_toydet.py'


def train(toy_data, work_dir, teacher, seed):
    cfg = toy_config(CONFIG, 'one_stage', toy_data, work_dir, teacher,
                     max_epochs=1, val_interval=100)
    assert any(p['type'] == 'RandomFlip'
               for p in cfg.train_dataloader.dataset.pipeline)
    cfg.randomness = dict(seed=seed)
    RecordLossHook.history.clear()
    runner = Runner.from_cfg(cfg)
    runner.train()
    return runner.model.state_dict(), list(RecordLossHook.history)


def test_same_seed_same_weights(toy_data, tmp_path):
    teacher = save_random_teacher(f'{REPO}/configs/{CONFIG}',
                                  str(tmp_path / 'teacher.pth'))
    first, first_losses = train(toy_data, str(tmp_path / 'a'), teacher, 3)
    again, again_losses = train(toy_data, str(tmp_path / 'b'), teacher, 3)
    other, _ = train(toy_data, str(tmp_path / 'c'), teacher, 4)
    assert first_losses == again_losses
    assert first.keys() == again.keys()
    for key, value in first.items():
        assert torch.equal(value, again[key]), key
    assert any(not torch.equal(value, other[key])
               for key, value in first.items()
               if value.is_floating_point())
