"""A run whose distillation loss turns NaN stops at that iteration with the
term named; the last checkpoint before it stays complete and finite."""
import os.path as osp

import pytest
import torch
from mmengine.logging import MessageHub
from mmengine.runner import Runner
from torch import nn

from mmkd_teach.engine import find_last_complete_checkpoint
from mmkd_teach.models.utils.finite_losses import NonFiniteLossError
from mmkd_teach.registry import MODELS
from tests.conftest import REPO
from tests.tools.toy_runs import save_random_teacher, toy_config

CONFIG = 'kd/kd_resnet18w16_to_resnet18w4_960i_toycls.py'


@MODELS.register_module(force=True)
class NaNFromIterLoss(nn.Module):
    """Test double: a KD-like term that is NaN from iteration ``start``
    (1-based)."""
    input_kind = 'logits'

    def __init__(self, start):
        super().__init__()
        self.start = start

    def forward(self, items):
        it = MessageHub.get_current_instance().get_info('iter') + 1
        return items.student.pow(2).mean() * (
            float('nan') if it >= self.start else 1.0)


def test_nan_stops_the_run_and_keeps_the_checkpoint(toy_data, tmp_path):
    teacher = save_random_teacher(f'{REPO}/configs/{CONFIG}',
                                  str(tmp_path / 'teacher.pth'))
    cfg = toy_config(CONFIG, 'cls', toy_data, str(tmp_path), teacher,
                     batch=16, max_epochs=2, val_interval=100)
    cfg.model.distill_losses.kd = dict(type='NaNFromIterLoss', start=6)
    with pytest.raises(NonFiniteLossError,
                       match=r'iteration 6 \(epoch 2\): loss_kd=nan'):
        Runner.from_cfg(cfg).train()
    last = find_last_complete_checkpoint(str(tmp_path))
    assert last == osp.join(str(tmp_path), 'epoch_1.pth')
    state = torch.load(last, weights_only=False)['state_dict']
    assert all(torch.isfinite(v).all() for v in state.values()
               if v.is_floating_point())
