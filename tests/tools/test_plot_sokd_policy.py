"""tools/analysis/plot_sokd_policy.py reads a run's scalars.json and writes
a PNG of the policy."""
import json
import os.path as osp
import sys

from tests.conftest import REPO

sys.path.insert(0, osp.join(REPO, 'tools', 'analysis'))
import plot_sokd_policy  # noqa: E402


def test_reads_the_policy_and_writes_a_png(tmp_path):
    vis = tmp_path / '20260101_000000' / 'vis_data'
    vis.mkdir(parents=True)
    with open(vis / 'scalars.json', 'w') as f:
        for step in (10, 20, 30):
            f.write(json.dumps({
                'loss': 1.0, 'step': step,
                'sokd/weight/ShearX+Rotate': 0.5 + step / 100,
                'sokd/weight/Rotate+ShearX': 0.5 - step / 100,
                'sokd/probability/Rotate': 0.5,
                'sokd/magnitude/Rotate': 0.4,
                'sokd/searching': float(step < 30)}) + '\n')
    groups = plot_sokd_policy.read_policy(
        plot_sokd_policy.find_scalars(str(tmp_path)))
    assert groups['weight']['ShearX+Rotate'] == ([10, 20, 30],
                                                 [0.6, 0.7, 0.8])
    assert groups['searching']['searching'][1] == [1.0, 1.0, 0.0]
    assert plot_sokd_policy.main([str(tmp_path)]) == 0
    with open(tmp_path / 'sokd_policy.png', 'rb') as f:
        assert f.read(8) == b'\x89PNG\r\n\x1a\n'
