"""Time left: the schedule simulated on paper, the per-class speed model,
and the status output when stdout is not a terminal."""
import io
import sys

from toy_benchmark.progress import (PRIOR_RATE, Estimator, Progress,
                                           fmt_duration, makespan)
from toy_benchmark.runner import DONE, Job, run_jobs


def job(name, deps=()):
    return Job(name=name, command=lambda: [], deps=deps)


def test_makespan_respects_slots_and_dependencies():
    order = [job('t'), job('kd', ('t', )), job('s'), job('gt3', ('kd', ))]
    pending = {'t': 10.0, 'kd': 5.0, 's': 4.0, 'gt3': 1.0}
    # one slot: everything in sequence
    assert makespan(order, {}, pending, set(), 1) == 20.0
    # two slots: t | s, then kd after t, gt3 after kd
    assert makespan(order, {}, pending, set(), 2) == 16.0
    # t already running with 3 s left, s done
    assert makespan(order, {'t': 3.0}, {'kd': 5.0, 'gt3': 1.0}, {'s'},
                    2) == 9.0
    # a job whose dependency will not run does not hang the estimate
    assert makespan([job('x', ('failed', ))], {}, {'x': 1.0}, set(), 2) == 0


def test_estimator_falls_back_from_class_to_task_to_phase():
    est = Estimator()
    assert est.get('cls/kd/train', 'rate') == PRIOR_RATE['train']
    est.observe('cls/teacher/train', 'rate', 0.5)
    assert est.get('cls/teacher/train', 'rate') == 0.5
    assert est.get('cls/kd/train', 'rate') == 0.5  # same task and phase
    assert est.get('seg/kd/train', 'rate') == 0.5  # same phase
    assert est.get('seg/kd/test', 'rate') == PRIOR_RATE['test']
    est.observe('cls/teacher/train', 'rate', 0.7, source='cls/teacher')
    est.observe('cls/teacher/train', 'rate', 0.9, source='cls/teacher')
    assert est.get('cls/teacher/train', 'rate') == 0.7  # (0.5 + 0.9) / 2
    est.observe('seg/kd/train', 'rate', 2.0)
    assert est.get('seg/kd/train', 'rate') == 2.0
    assert est.get('cls/kd/train', 'rate') == 0.7  # cls classes only
    est.observe_history('two_stage/kd/train', 1000.0, 100)
    assert 5.0 < est.get('two_stage/kd/train', 'rate') < 10.0


def test_fmt_duration():
    assert fmt_duration(4.4) == '4s'
    assert fmt_duration(185) == '3m05s'
    assert fmt_duration(7620) == '2h07m'


def test_plain_lines_when_not_a_terminal(tmp_path):
    out = io.StringIO()
    progress_file = tmp_path / 'p.json'
    script = ('import json, sys, time\n'
              'for i in range(4):\n'
              '    json.dump({"phase": "train", "iter": i, "total": 3}, '
              'open(sys.argv[1], "w"))\n'
              '    time.sleep(0.1)\n')
    jobs = [Job(name='a', command=lambda: [sys.executable, '-c', script,
                                           str(progress_file)],
                progress=str(progress_file), iters=3, cost='cls/kd/train',
                group='cls/seed0/kd', label='cls s0 kd train')]
    run_jobs(jobs, 1, Progress(stream=out, tty=False, every=0.0), poll=0.05)
    lines = out.getvalue().splitlines()
    assert jobs[0].status == DONE
    assert lines[0].startswith('1 runs (0 reused), 1 jobs to run')
    assert 'start cls s0 kd train' in lines
    assert any(line.startswith('done  cls s0 kd train in') for line in lines)
    status = [line for line in lines if line.startswith('[0/1 runs]')]
    assert status and all(line.endswith(' left') for line in status)
    assert any('cls s0 kd train 2/3' in line or 'cls s0 kd train 1/3' in line
               for line in status)
    assert '\r' not in out.getvalue()


def test_one_rewritten_line_on_a_terminal(tmp_path):
    out = io.StringIO()
    jobs = [Job(name='a', command=lambda: [sys.executable, '-c',
                                           'import time; time.sleep(0.3)'],
                group='g', label='a')]
    run_jobs(jobs, 1, Progress(stream=out, tty=True), poll=0.05)
    text = out.getvalue()
    assert text.count('\n') == 1  # only the opening line is permanent
    assert text.count('\r') > 2 and 'a starting' in text
