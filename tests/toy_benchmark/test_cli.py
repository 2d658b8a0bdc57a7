"""The table command end to end on the small toy set (cls; teacher,
student alone, KD and the Generous Teacher chain; one seed; two iterations
per run), then resumed after one run lost its metrics and checkpoint: only
that run trains again, to the same digits, and the outputs agree."""
import glob
import json
import os
import os.path as osp
import subprocess
import sys

from toy_benchmark.suite import TASKS
from tests.conftest import REPO

ROWS = ['teacher', 'student', 'kd', 'gt-stage2', 'gt-stage3']


def run_dir(work, method):
    name = osp.splitext(osp.basename(TASKS['cls'].configs[method]))[0]
    return osp.join(work, 'seed0', name)


def table(tmp_path):
    cmd = [
        sys.executable, 'tools/benchmark/toy_table.py', '--tasks', 'cls',
        '--methods', 'kd', 'gt', '--seeds', '0', '--jobs', '2', '--data-root',
        str(tmp_path / 'data'), '--work-dir', str(tmp_path / 'work'),
        '--toy-data-options=--small', '--smoke'
    ]
    done = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True,
                          timeout=900)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return done.stdout


def outputs(work):
    with open(osp.join(work, 'toy_table.json')) as f:
        record = json.load(f)
    with open(osp.join(work, 'toy_table.md')) as f:
        md = f.read()
    assert osp.getsize(osp.join(work, 'toy_table.png')) > 1000
    return record, md


def files(work):
    """mtime of every run's metrics, timing and checkpoints."""
    found = {}
    for pattern in ('*/*/metrics.json', '*/*/*.pth', '*/*/timing.json'):
        for path in glob.glob(osp.join(work, pattern)):
            found[osp.relpath(path, work)] = os.stat(path).st_mtime_ns
    return found


def test_table_runs_and_resumes(tmp_path):
    out = table(tmp_path)
    # --toy-data-options and --smoke: folders with a hash suffix
    [data] = glob.glob(str(tmp_path / 'data-*'))
    [work] = glob.glob(str(tmp_path / 'work-*'))
    assert sorted(os.listdir(data)) == ['cls', 'make_toy_data.json']
    assert out.count('start ') == 2 * len(ROWS)

    record, md = outputs(work)
    runs = record['runs']
    assert [r['model'] for r in runs] == ROWS
    for run in runs:
        assert run['task'] == 'cls' and run['seed'] == 0
        assert run['metric'] == 'accuracy/top1'
        assert 0 <= run['value'] <= 100
        assert run['train_s'] > 0 and run['test_s'] > 0
        assert run['config'].startswith('configs/')
    env = record['environment']
    assert env['threads']['OMP_NUM_THREADS'] == '1' and env['jobs'] == 2
    assert env['distributions']['mmengine'] == '0.10.7'
    assert 'toy_table.py --tasks cls' in env['command']
    for row in record['table']:
        assert f'| {row["label"]} | accuracy/top1 (%) | {row["text"]}' in md
    assert f'Made by `{env["command"]}`' in md
    assert osp.isfile(osp.join(run_dir(work, 'gt-stage2'),
                               'student_final.pth'))

    # KD interrupted: its metrics and its checkpoint are gone
    kd = run_dir(work, 'kd')
    with open(osp.join(kd, 'last_checkpoint')) as f:
        os.remove(f.read().strip())
    os.remove(osp.join(kd, 'metrics.json'))
    before = files(work)
    out = table(tmp_path)
    started = [line for line in out.splitlines() if line.startswith('start')]
    assert started == ['start cls s0 kd train', 'start cls s0 kd test']
    after = files(work)
    for path, mtime in before.items():
        if not osp.join(work, path).startswith(kd + os.sep):
            assert after[path] == mtime, f'{path} was written again'
    again, md_again = outputs(work)
    # the same digits after training KD again from scratch
    assert [r['value'] for r in again['runs']] == [r['value'] for r in runs]
    assert [r['text'] + r['marks'] for r in again['table']] == \
        [r['text'] + r['marks'] for r in record['table']]
    strip = [line.rsplit('|', 2)[0] for line in md.splitlines()[:7]]
    assert [line.rsplit('|', 2)[0]
            for line in md_again.splitlines()[:7]] == strip


def test_chart_title_leaves_out_the_out_dir():
    from toy_benchmark.cli import without_out_dir
    assert without_out_dir(['--tasks', 'cls', '--out-dir', '/x', '--jobs',
                            '2']) == ['--tasks', 'cls', '--jobs', '2']
    assert without_out_dir(['--out-dir=/x', '--smoke']) == ['--smoke']
    assert without_out_dir(['--work-dir', 'w']) == ['--work-dir', 'w']
