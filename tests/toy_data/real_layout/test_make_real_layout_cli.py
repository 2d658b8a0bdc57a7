"""``make_toy_data.py --layout real`` writes the three layouts under OUT and
refuses a non-empty folder (a real data set may be there)."""
import os.path as osp
import runpy
import sys

import pytest

from tests.conftest import REPO

TOOL = osp.join(REPO, 'tools', 'misc', 'make_toy_data.py')


def run(monkeypatch, *args):
    monkeypatch.setattr(sys, 'argv', [TOOL, *args])
    runpy.run_path(TOOL, run_name='__main__')


def test_writes_the_layouts_and_refuses_to_overwrite(tmp_path, monkeypatch):
    out = str(tmp_path / 'data')
    run(monkeypatch, '--layout', 'real', '--out', out)
    for rel in ('coco/annotations/instances_train2017.json',
                'coco/annotations/instances_val2017.json',
                'cityscapes/gtFine/val', 'imagenet/meta/val.txt'):
        assert osp.exists(osp.join(out, rel)), rel
    with pytest.raises(SystemExit, match='not empty'):
        run(monkeypatch, '--layout', 'real', '--out', out)
    run(monkeypatch, '--layout', 'real', '--out', out, '--overwrite')
