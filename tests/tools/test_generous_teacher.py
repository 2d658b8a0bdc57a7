"""Generous Teacher: stage 2 trains on every task kind and its export is a
teacher for stage 3; the three-stage command runs end to end and resumes."""
import json
import os
import os.path as osp
import shutil
import subprocess
import sys

import pytest
from mmengine.config import Config
from mmengine.registry import DefaultScope

from mmkd_teach.registry import MODELS
from tests.conftest import REPO
from tests.tools.test_train import train_briefly
from tests.tools.toy_runs import DATA

STAGES = {
    'cls': ('resnet18w16', 'resnet18w16-generous', 'resnet18w4',
            '960i_toycls'),
    'seg': ('pspnet-r18w32-d8', 'pspnet-r18w32-generous-d8',
            'pspnet-r18w8-d8', '1200i_toyseg'),
    'one_stage': ('retinanet-r18w32', 'retinanet-r18w32-generous',
                  'retinanet-r18w8', '6e_toydet'),
    'two_stage': ('faster-rcnn-r18w32', 'faster-rcnn-r18w32-generous',
                  'faster-rcnn-r18w8', '6e_toydet'),
}


def stage_config(stage, task):
    teacher, generous, student, tag = STAGES[task]
    name = {
        1: f'gt-stage1_{teacher}_{tag}',
        2: f'gt-stage2_{teacher}_to_{generous}_{tag}',
        3: f'gt-stage3_{generous}_to_{student}_{tag}',
    }[stage]
    return f'generous_teacher/{name}.py'


@pytest.mark.parametrize('task', list(STAGES))
def test_stage2_trains_and_feeds_stage3(task, toy_data, tmp_path):
    runner, history, _ = train_briefly(stage_config(2, task), task, toy_data,
                                       tmp_path)
    losses = [h['loss_generous'] for h in history]
    assert all(v >= 0 for v in losses) and any(v > 0 for v in losses)
    exported = str(tmp_path / 'run' / 'student_final.pth')
    stage3 = Config.fromfile(osp.join(REPO, 'configs', stage_config(3, task)))
    stage3.model.teacher_ckpt = exported
    with DefaultScope.overwrite_default_scope(stage3.default_scope):
        model = MODELS.build(stage3.model)  # strict: the export must fit
    generous = runner.model.student.state_dict()
    for key, value in model.teacher.state_dict().items():
        assert (value == generous[key]).all(), key


def test_pipeline_runs_and_resumes_after_stage2(toy_data, tmp_path):
    root = osp.join(toy_data, DATA['cls']) + '/'
    work = str(tmp_path / 'gt')
    cmd = [
        sys.executable, 'tools/generous_teacher_pipeline.py',
        *(osp.join('configs', stage_config(s, 'cls')) for s in (1, 2, 3)),
        '--work-dir', work, '--cfg-options', 'train_cfg.max_iters=15',
        'train_cfg.val_interval=100'
    ] + [
        f'{k}.dataset.data_root={root}'
        for k in ('train_dataloader', 'val_dataloader', 'test_dataloader')
    ]
    env = dict(os.environ, PYTHONPATH=REPO)

    def pipeline():
        done = subprocess.run(cmd, cwd=REPO, env=env, capture_output=True,
                              text=True, timeout=600)
        assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-3000:]
        return done.stdout

    out = pipeline()
    with open(osp.join(work, 'pipeline.json')) as f:
        state = json.load(f)
    assert set(state) == {'stage1', 'stage2', 'stage3'}
    assert state['stage1'].endswith('iter_15.pth')
    for stage in ('stage2', 'stage3'):
        assert osp.isfile(state[stage])
    assert '+ ' in out

    # Interrupted after stage 2: only stage 3 runs again.
    stage2_time = os.path.getmtime(state['stage2'])
    del state['stage3']
    with open(osp.join(work, 'pipeline.json'), 'w') as f:
        json.dump(state, f)
    shutil.rmtree(osp.join(work, 'stage3'))
    out = pipeline()
    assert out.count('tools/train.py') == 1
    assert 'stage3 done' in out and 'stage2 done' not in out
    assert os.path.getmtime(state['stage2']) == stage2_time
    assert osp.isfile(osp.join(work, 'stage3', 'student_final.pth'))
