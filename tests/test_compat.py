"""The compatibility fixes of mmkd_teach/compat.py."""
import os
import subprocess
import sys

import numpy as np
import pytest
import torch
from mmengine.config import Config
from mmengine.runner.checkpoint import _load_checkpoint

import mmkd_teach  # noqa: F401  (applies the fixes)
from mmkd_teach.compat import init_cpu_distributed
from tests.conftest import REPO


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


RELEASE_SCRIPT = '''
import os, sys
import torch, torch.distributed as dist
from torch import nn
from mmkd_teach.compat import release_distributed

def threads():
    return len(os.listdir('/proc/self/task'))

class Holder:  # a reference cycle, as the Runner and its hooks make
    def __init__(self):
        self.me = self
        self.model = nn.parallel.DistributedDataParallel(nn.Linear(4, 4))

torch.set_num_threads(1)
before = threads()
store = dist.FileStore(sys.argv[1], 1)
dist.init_process_group('gloo', store=store, rank=0, world_size=1)
holder = Holder()
holder.model(torch.ones(2, 4)).sum().backward()
during = threads()
del holder
if sys.argv[2] == 'release':
    release_distributed()
else:
    dist.destroy_process_group()
print(before, during, threads())
'''


@pytest.mark.parametrize('how', ['release', 'destroy only'])
def test_release_distributed_ends_gloo_threads(tmp_path, how):
    """release_distributed frees the gloo group held by an unreferenced
    DDP model in a reference cycle: its threads end before the interpreter
    finalises (a gloo thread alive then can abort the process). Destroying
    the group alone leaves them running."""
    done = subprocess.run(
        [sys.executable, '-c', RELEASE_SCRIPT, str(tmp_path / 'store'),
         how.split()[0]], cwd=REPO, capture_output=True, text=True,
        timeout=300, env=dict(os.environ, PYTHONPATH=REPO,
                              OMP_NUM_THREADS='1'))
    assert done.returncode == 0, done.stderr[-3000:]
    before, during, after = map(int, done.stdout.split()[-3:])
    assert during > before  # gloo's worker and device threads
    if how == 'release':
        assert after == before
    else:
        assert after > before
