"""The table's numbers: mean ± sample std, the footnote marks, the percent
conversion of a run's metrics, and the three outputs."""
import json

import pytest

from toy_benchmark import report
from toy_benchmark.report import (NOT_ABOVE_KD, NOT_ABOVE_STUDENT,
                                         markdown, mean_std, run_record,
                                         summarise)
from toy_benchmark.runs import Run


def test_mean_std():
    assert mean_std([71.8]) == '71.80'
    # sample std: sqrt(((1-2)^2 + 0 + (3-2)^2) / 2) = 1
    assert mean_std([1.0, 2.0, 3.0]) == '2.00 ± 1.00'
    assert mean_std([]) == '-'


def record(task, model, seed, value, **extra):
    return dict(task=task, model=model, seed=seed, value=value,
                metric='m', train_s=10.0, test_s=2.0, **extra)


def test_marks():
    records = [
        record('cls', 'teacher', 0, 80.0),
        record('cls', 'student', 0, 70.0), record('cls', 'student', 1, 72.0),
        record('cls', 'kd', 0, 74.0), record('cls', 'kd', 1, 76.0),
        # mean 71: beats the student alone (71 = 71 does not), not KD
        record('cls', 'dkd', 0, 71.0), record('cls', 'dkd', 1, 71.0),
        record('cls', 'dtd', 0, 72.0), record('cls', 'dtd', 1, 73.0),
        record('cls', 'ka-dtd', 0, 76.0), record('cls', 'ka-dtd', 1, 77.0),
        # a teacher row is never marked
        record('cls', 'gt-stage2', 0, 60.0),
        record('cls', 'gt-stage3', 0, 69.0), record('cls', 'gt-stage3', 1, 70),
        # KD below the student alone on another task
        record('seg', 'student', 0, 50.0), record('seg', 'kd', 0, 49.0),
    ]
    rows = {(r['task'], r['model']): r for r in summarise(records)}
    assert rows['cls', 'teacher']['marks'] == ''
    assert rows['cls', 'student']['marks'] == ''
    assert rows['cls', 'kd']['marks'] == ''
    assert rows['cls', 'dkd']['marks'] == NOT_ABOVE_STUDENT + NOT_ABOVE_KD
    assert rows['cls', 'dtd']['marks'] == NOT_ABOVE_KD
    assert rows['cls', 'ka-dtd']['marks'] == ''
    assert rows['cls', 'gt-stage2']['marks'] == ''
    assert rows['cls', 'gt-stage3']['marks'] == \
        NOT_ABOVE_STUDENT + NOT_ABOVE_KD
    assert rows['seg', 'kd']['marks'] == NOT_ABOVE_STUDENT
    assert rows['cls', 'kd']['text'] == '75.00 ± 1.41'
    assert rows['cls', 'teacher']['text'] == '80.00'
    assert rows['cls', 'teacher']['std'] is None
    assert rows['cls', 'kd']['wall_s'] == 12.0
    # table order: tasks, then rows as in suite.METHODS
    assert [k for k in rows][:3] == [('cls', 'teacher'), ('cls', 'student'),
                                     ('cls', 'kd')]


def test_run_record_converts_to_percent(tmp_path):
    work = tmp_path / 'run'
    work.mkdir()
    (work / 'metrics.json').write_text(json.dumps({
        'coco/bbox_mAP': 0.256, 'coco/bbox_mAP_50': 0.5,
        'agreement/top1': 91.5, 'agreement/kl': 0.0123}))
    (work / 'timing.json').write_text(json.dumps(
        {'train_s': 30.0, 'test_s': 4.0, 'train_done': True}))
    rec = run_record(Run('one_stage', 'kd', 1, str(work), []))
    assert rec['value'] == pytest.approx(25.6)
    assert rec['metric'] == 'coco/bbox_mAP'
    assert rec['config'].startswith('configs/kd/kd_retinanet')
    assert rec['agreement/top1'] == 91.5 and rec['agreement/kl'] == 0.0123
    assert (rec['train_s'], rec['test_s']) == (30.0, 4.0)
    seg = tmp_path / 'seg'
    seg.mkdir()
    (seg / 'metrics.json').write_text(json.dumps({'mIoU': 61.25}))
    assert run_record(Run('seg', 'student', 0, str(seg), []))['value'] == \
        61.25
    missing = run_record(Run('cls', 'teacher', 0, str(tmp_path / 'no'), []))
    assert missing['value'] is None and 'agreement/top1' not in missing


def test_markdown_and_chart(tmp_path):
    records = [
        record('cls', 'student', 0, 70.0), record('cls', 'student', 2, 72.0),
        record('cls', 'kd', 0, 69.0, **{'agreement/top1': 90.0,
                                        'agreement/kl': 0.5}),
        record('cls', 'kd', 2, None),
    ]
    rows = summarise(records)
    env = report.environment('python tools/benchmark/toy_table.py --smoke',
                             2, {'OMP_NUM_THREADS': '1'})
    assert env['python'] and env['distributions']['torch']
    assert env['jobs'] == 2 and 'git_dirty' in env
    text = markdown(rows, [0, 2], env)
    lines = text.splitlines()
    assert lines[0] == ('| task | model | metric | mean ± std | seed 0 | '
                        'seed 2 | agreement top-1 (%) / KL | wall time |')
    assert f'| cls | KD | m (%) | 69.00{NOT_ABOVE_STUDENT} | 69.00 | - | ' \
        '90.00 / 0.5000 | 12 s |' in lines
    assert '| cls | student alone | m (%) | 71.00 ± 1.41 | 70.00 | 72.00 |' \
        '  | 12 s |' in lines
    assert 'Made by `python tools/benchmark/toy_table.py --smoke`' in text
    png = tmp_path / 'chart.png'
    report.bar_chart(rows, str(png))
    assert png.read_bytes()[:8] == b'\x89PNG\r\n\x1a\n'
