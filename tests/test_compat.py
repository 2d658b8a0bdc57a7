"""The compatibility fixes of mmkd_teach/compat.py."""
import numpy as np
import torch
from mmengine.config import Config
from mmengine.runner.checkpoint import _load_checkpoint

import mmkd_teach  # noqa: F401  (applies the fixes)
from mmkd_teach.compat import init_cpu_distributed


def test_mmengine_loads_full_checkpoints(tmp_path):
    # What mmengine itself saves: numpy values and plain objects in `meta`,
    # which torch >= 2.6's weights-only unpickler refuses.
    path = str(tmp_path / 'ckpt.pth')
    torch.save({'meta': {'seed': np.int64(3), 'hist': np.arange(3)},
                'state_dict': {'w': torch.ones(2)}}, path)
    loaded = _load_checkpoint(path, map_location='cpu')
    assert loaded['meta']['seed'] == 3
    assert torch.equal(loaded['state_dict']['w'], torch.ones(2))


def test_numpy_in1d_alias():
    assert np.in1d(np.array([1, 2, 3]), np.array([2])).tolist() == [
        False, True, False
    ]


def test_cpu_distributed_only_for_pytorch_launcher():
    cfg = Config(dict(launcher='none'))
    assert init_cpu_distributed(cfg) is False
    assert 'model_wrapper_cfg' not in cfg
