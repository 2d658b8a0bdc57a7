"""``--amp`` on every task: the toy KD configs switched by ``use_amp`` train
2 iterations with the student under autocast and finite losses. On CPU
(this suite) mmengine's AmpOptimWrapper refuses to start, so its device
check is patched: the run is CPU autocast in bfloat16 (GradScaler is
CUDA-only and steps unscaled), the same code path as on a GPU but for the
scaling. The two-stage detector cannot run so on CPU: mmcv's nms and
RoIAlign have no bfloat16 kernel (and no CPU float16 one); its AMP is
float16 on CUDA, as mmdet's own ``*_amp-1x`` configs. Separate optimisers
are refused with a clear message."""
import pytest
import torch
from mmengine.config import Config
from mmengine.runner import Runner

from mmkd_teach.engine.amp import use_amp
from tests.conftest import REPO
from tests.tools.toy_runs import (RecordLossHook, save_random_teacher,
                                  toy_config)

PAIRS = {
    'cls': 'resnet18w16_to_resnet18w4_960i_toycls',
    'seg': 'pspnet-r18w32-d8_to_pspnet-r18w8-d8_1200i_toyseg',
    'one_stage': 'retinanet-r18w32_to_retinanet-r18w8_6e_toydet',
}


@pytest.mark.parametrize('task', list(PAIRS))
def test_amp_trains_every_task(task, toy_data, tmp_path, monkeypatch):
    from mmengine.optim.optimizer import amp_optimizer_wrapper
    monkeypatch.setattr(amp_optimizer_wrapper, 'is_cuda_available',
                        lambda: True)
    rel = f'kd/kd_{PAIRS[task]}.py'
    teacher = save_random_teacher(f'{REPO}/configs/{rel}',
                                  str(tmp_path / 'teacher.pth'))
    cfg = toy_config(rel, task, toy_data, str(tmp_path / 'run'), teacher,
                     batch=2)
    cfg.train_cfg = dict(type='IterBasedTrainLoop', max_iters=2,
                         val_begin=3, val_interval=1)
    cfg.param_scheduler = []
    cfg.default_hooks.checkpoint = dict(type='mmkd_teach.SafeCheckpointHook',
                                        interval=100, save_last=False)
    use_amp(cfg, 'bfloat16')
    runner = Runner.from_cfg(cfg)
    dtypes = []
    runner.model.student.backbone.register_forward_hook(
        lambda module, args, out: dtypes.append(out[-1].dtype))
    RecordLossHook.history.clear()
    runner.train()
    assert type(runner.optim_wrapper).__name__ == 'AmpOptimWrapper'
    assert dtypes and set(dtypes) == {torch.bfloat16}
    history = RecordLossHook.history
    assert len(history) == 2
    for step in history:
        assert any(k.startswith('loss_kd') for k in step)
        assert all(torch.isfinite(torch.tensor(v)) for v in step.values())


def test_amp_refuses_separate_optimisers():
    cfg = Config.fromfile(f'{REPO}/configs/fitnet/'
                          'fitnet_resnet18w16_to_resnet18w4_960i_toycls.py')
    with pytest.raises(ValueError, match='separate optimisers'):
        use_amp(cfg)
    with pytest.raises(ValueError, match='amp-dtype'):
        use_amp(Config(dict(optim_wrapper=dict())), 'float8')


def test_amp_float16_scales_bfloat16_does_not():
    cfg = Config(dict(optim_wrapper=dict(optimizer=dict(type='SGD'))))
    assert use_amp(cfg).optim_wrapper.loss_scale == 'dynamic'
    cfg = Config(dict(optim_wrapper=dict(optimizer=dict(type='SGD'))))
    wrapper = use_amp(cfg, 'bfloat16').optim_wrapper
    assert wrapper.dtype == 'bfloat16' and wrapper.loss_scale == 1.0
