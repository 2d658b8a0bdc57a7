"""A NaN/inf loss term stops the step before the optimiser (naming the term
and the iteration), or skips it with ``nonfinite_loss='skip'``."""
import copy

import pytest
import torch
from mmengine.logging import MessageHub
from mmengine.optim import OptimWrapper
from torch import nn

from mmkd_teach.models.utils.finite_losses import NonFiniteLossError
from mmkd_teach.registry import MODELS
from mmkd_teach.testing import BATCHES
from tests.conftest import distiller_cfg


@MODELS.register_module(force=True)
class NaNLoss(nn.Module):
    """Test double: a KD-like term that is NaN."""
    input_kind = 'logits'

    def forward(self, items):
        return items.student.sum() * float('nan')


def step(action):
    torch.manual_seed(0)
    model = MODELS.build(distiller_cfg(
        'cls', nonfinite_loss=action, distill_losses=dict(bad=dict(
            type='NaNLoss'))))
    model.train()
    wrapper = OptimWrapper(torch.optim.SGD(model.parameters(), lr=0.1,
                                           momentum=0.9))
    before = copy.deepcopy(model.state_dict())
    MessageHub.get_current_instance().update_info('iter', 41)
    inputs, samples = BATCHES['cls']()
    try:
        return model.train_step(
            dict(inputs=list(inputs), data_samples=samples), wrapper)
    finally:
        assert not wrapper.optimizer.state  # no step taken
        if action == 'skip':  # BatchNorm statistics included
            for key, value in model.state_dict().items():
                assert torch.equal(value, before[key]), key


def test_raise_names_term_and_iteration():
    with pytest.raises(NonFiniteLossError,
                       match=r'iteration 42 .*loss_bad=nan'):
        step('raise')


def test_skip():
    log_vars = step('skip')
    assert torch.isnan(log_vars['loss_bad'])  # logged as it was


def test_option_checked():
    with pytest.raises(ValueError, match='nonfinite_loss'):
        MODELS.build(distiller_cfg('cls', nonfinite_loss='ignore'))
