"""The scheduler, with fake jobs (short python processes that record when
they start and end): dependency order, parallel slots, reuse, failures."""
import json
import os.path as osp
import sys

from toy_benchmark.runner import (DONE, FAILED, REUSED, SKIPPED, Job,
                                         priority_order, run_jobs)

SCRIPT = ('import json, sys, time; start = time.time(); '
          'time.sleep(float(sys.argv[2])); '
          'json.dump([start, time.time()], open(sys.argv[1], "w")); '
          'sys.exit(int(sys.argv[3]))')


def fake(tmp_path, name, deps=(), seconds=0.3, code=0, done=False):
    stamp = str(tmp_path / f'{name}.json')
    return Job(name=name, deps=deps, done=lambda: done,
               command=lambda: [sys.executable, '-c', SCRIPT, stamp,
                                str(seconds), str(code)],
               log=str(tmp_path / f'{name}.log'))


def times(tmp_path, name):
    path = tmp_path / f'{name}.json'
    return json.loads(path.read_text()) if path.exists() else None


def test_dependencies_and_parallel_slots(tmp_path):
    # teacher -> (kd, gt2 -> gt3); student alone independent
    jobs = [
        fake(tmp_path, 'student'),
        fake(tmp_path, 'kd', deps=('teacher', )),
        fake(tmp_path, 'gt3', deps=('gt2', )),
        fake(tmp_path, 'gt2', deps=('teacher', )),
        fake(tmp_path, 'teacher'),
    ]
    # teacher first: it unblocks the most jobs
    assert [j.name for j in priority_order(jobs)][:2] == ['teacher', 'gt2']
    run_jobs(jobs, parallel=2, poll=0.02)
    assert all(j.status == DONE for j in jobs)
    t = {j.name: times(tmp_path, j.name) for j in jobs}
    for job in jobs:
        for dep in job.deps:
            assert t[job.name][0] >= t[dep][1], (job.name, dep)
    # never more than two at once; at some point two overlap
    events = sorted([(s, 1) for s, _ in t.values()] +
                    [(e, -1) for _, e in t.values()])
    running = peak = 0
    for _, step in events:
        running += step
        peak = max(peak, running)
    assert peak == 2


def test_one_slot_runs_one_at_a_time(tmp_path):
    jobs = [fake(tmp_path, n, seconds=0.1) for n in 'abc']
    run_jobs(jobs, parallel=1, poll=0.02)
    spans = sorted(times(tmp_path, n) for n in 'abc')
    assert all(b[0] >= a[1] for a, b in zip(spans, spans[1:]))


def test_reused_failed_and_skipped(tmp_path):
    calls = []
    jobs = [
        fake(tmp_path, 'teacher', done=True),  # its output exists
        fake(tmp_path, 'kd', deps=('teacher', ), seconds=0.05),
        fake(tmp_path, 'gt2', deps=('teacher', ), seconds=0.05, code=3),
        fake(tmp_path, 'gt3', deps=('gt2', )),
        fake(tmp_path, 'gt3-test', deps=('gt3', )),
    ]
    jobs[1].on_success = lambda: calls.append('kd')
    jobs[1].on_time = lambda seconds: calls.append(seconds)
    run_jobs(jobs, parallel=2, poll=0.02)
    status = {j.name: j.status for j in jobs}
    assert status == dict(teacher=REUSED, kd=DONE, gt2=FAILED, gt3=SKIPPED,
                          **{'gt3-test': SKIPPED})
    assert times(tmp_path, 'teacher') is None  # reused: not run
    assert times(tmp_path, 'gt3') is None
    assert 'exit code 3' in jobs[2].error
    assert 'gt2' in jobs[3].error
    assert calls[-1] == 'kd' and calls[-2] > 0  # time accounted, then success
    assert osp.isfile(tmp_path / 'kd.log')


def test_a_job_that_cannot_start_fails(tmp_path):
    def missing():
        raise FileNotFoundError('teacher checkpoint')

    jobs = [Job(name='a', command=missing),
            fake(tmp_path, 'b', deps=('a', )), fake(tmp_path, 'c')]
    run_jobs(jobs, parallel=2, poll=0.02)
    assert [j.status for j in jobs] == [FAILED, SKIPPED, DONE]
    assert 'teacher checkpoint' in jobs[0].error
