"""ExportStudentHook writes the student-only file through a temporary
file (a kill leaves no half file)."""
import logging
import os
from types import SimpleNamespace

import torch
from torch import nn

from mmkd_teach.engine.hooks import ExportStudentHook


def test_writes_student_only(tmp_path):
    model = nn.ModuleDict(
        dict(student=nn.Linear(2, 2), adapter=nn.Linear(2, 1)))
    runner = SimpleNamespace(rank=0, model=model, work_dir=str(tmp_path),
                             epoch=3, iter=30, logger=logging.getLogger())
    ExportStudentHook().after_train(runner)
    assert os.listdir(tmp_path) == ['student_final.pth']
    saved = torch.load(tmp_path / 'student_final.pth')
    assert set(saved['state_dict']) == {'weight', 'bias'}
    assert saved['meta'] == dict(epoch=3, iter=30)
