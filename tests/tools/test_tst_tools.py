"""TST's tools: policy export from a checkpoint, the policy plot and the
image grid."""
import importlib.util
import json
import os.path as osp

import mmcv
import numpy as np
import torch

from tests.conftest import REPO


def tool(rel):
    spec = importlib.util.spec_from_file_location(
        osp.basename(rel)[:-3], osp.join(REPO, 'tools', rel))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_export_plot_and_grid(tmp_path, monkeypatch):
    ckpt = str(tmp_path / 'run.pth')
    torch.save({
        'state_dict': {
            'tst.policy.prob_logits': torch.linspace(-3, 3, 14),
            'tst.policy.magnitude_logits': torch.zeros(11)
        },
        'meta': {'cfg': "model = dict(tst=dict(policy=dict(num_ops=3)))\n"}
    }, ckpt)
    policy = str(tmp_path / 'policy.json')
    monkeypatch.setattr('sys.argv', ['x', ckpt, '--out', policy])
    tool('misc/export_tst_policy.py').main()
    with open(policy) as f:
        exported = json.load(f)
    assert exported['num_ops'] == 3
    assert exported['operations'][13]['probability'] > 0.95

    log = str(tmp_path / 'tst_policy.jsonl')
    with open(log, 'w') as f:
        for i, phase in enumerate(['distill', 'search', 'search', 'distill']):
            f.write(json.dumps({
                'iter': i + 1, 'phase': phase,
                'probability': {'ShearX': 0.5 + 0.1 * i, 'Invert': 0.5},
                'magnitude': {'ShearX': 0.5 - 0.1 * i}}) + '\n')
    png = str(tmp_path / 'plot.png')
    monkeypatch.setattr('sys.argv', ['x', log, '--out', png])
    plotter = tool('analysis/plot_tst_policy.py')
    plotter.main()
    assert mmcv.imread(png).shape[2] == 3
    records = plotter.read(log)
    assert [(a, b) for a, b, _ in plotter.phases(records)] == [(2, 3)]
    table = plotter.phase_table(records)
    # ShearX's probability 0.6 -> 0.7 (drift (0.1 + 0) / 2 -> (0.2 + 0) / 2)
    assert '| 2-3 | 0.0500 -> 0.1000 | 0.1000 -> 0.2000 | ShearX +0.1000 |' \
        in table

    img = str(tmp_path / 'img.png')
    mmcv.imwrite(np.random.RandomState(0).randint(0, 255, (40, 50, 3),
                                                   np.uint8), img)
    grid = tool('analysis/tst_image_grid.py').grid(policy, [img, img],
                                                   samples=3, size=32)
    assert grid.shape == (2 * 36, 4 * 36, 3)
