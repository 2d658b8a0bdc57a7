"""Run jobs (commands in their own processes) in parallel, each once its
dependencies have finished, with a progress display watching them."""
import os
import signal
import subprocess
import time
from dataclasses import dataclass, field
from typing import Callable, Dict, List, Optional, Sequence

DONE, REUSED, FAILED, SKIPPED = 'done', 'reused', 'failed', 'skipped'


@dataclass
class Job:
    """One process to run.

    ``command()`` is called when the job starts (its inputs exist by then)
    and returns the argv; ``done()`` says, before anything runs, that the
    job's output is already there (the job is reused); ``deps`` are names of
    jobs that must have succeeded first. ``progress`` is a json file the
    process keeps at ``{"iter": done, "total": total}`` (see
    ``mmkd_teach.ProgressHook``); ``iters`` is the estimated total before it
    starts and ``cost`` names the jobs that run at the same speed (both for
    the time-left estimate). ``on_success()`` runs after a zero exit code
    (an exception there fails the job); ``on_time(seconds)`` gets the time
    spent in this attempt so far, every few seconds and at the end.
    ``group`` names the run the job belongs to (progress counts runs)."""
    name: str
    command: Callable[[], List[str]]
    deps: Sequence[str] = ()
    done: Callable[[], bool] = lambda: False
    log: Optional[str] = None
    progress: Optional[str] = None
    iters: int = 0
    cost: str = ''
    group: str = ''
    label: str = ''
    env: Optional[Dict[str, str]] = None
    cwd: Optional[str] = None
    on_success: Optional[Callable[[], None]] = None
    on_time: Optional[Callable[[float], None]] = None
    history: Optional[tuple] = None  # (seconds, iters) of a past attempt
    status: str = ''
    error: str = ''
    seconds: float = 0.0
    extra: dict = field(default_factory=dict)


def descendants(jobs: Sequence[Job]) -> Dict[str, int]:
    """How many jobs (transitively) wait for each job."""
    children = {job.name: [] for job in jobs}
    for job in jobs:
        for dep in job.deps:
            children[dep].append(job.name)

    def below(name, seen):
        for child in children[name]:
            if child not in seen:
                seen.add(child)
                below(child, seen)
        return seen

    return {name: len(below(name, set())) for name in children}


def priority_order(jobs: Sequence[Job]) -> List[Job]:
    """Jobs that unblock more jobs first (teachers before students), else
    in the given order."""
    count = descendants(jobs)
    index = {job.name: i for i, job in enumerate(jobs)}
    return sorted(jobs, key=lambda j: (-count[j.name], index[j.name]))


class _Running:

    def __init__(self, job: Job):
        self.job = job
        argv = job.command()
        self.start = time.monotonic()
        self.last_account = self.start
        self.log = open(job.log, 'a') if job.log else subprocess.DEVNULL
        if job.log:
            self.log.write(f'\n$ {" ".join(argv)}\n')
            self.log.flush()
        self.proc = subprocess.Popen(
            argv, stdout=self.log, stderr=subprocess.STDOUT, env=job.env,
            cwd=job.cwd, start_new_session=True)

    def elapsed(self) -> float:
        return time.monotonic() - self.start

    def close(self):
        if self.log is not subprocess.DEVNULL:
            self.log.close()

    def stop(self):
        """Terminate the process (and anything it started)."""
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()


def _tail(path: Optional[str], lines: int = 20) -> str:
    if not path or not os.path.exists(path):
        return ''
    with open(path, errors='replace') as f:
        return ''.join(f.readlines()[-lines:])


def run_jobs(jobs: Sequence[Job], parallel: int, progress=None,
             poll: float = 0.5, account_every: float = 5.0) -> List[Job]:
    """Run ``jobs`` with at most ``parallel`` at once; return them with
    ``status`` set (done, reused, failed or skipped: a dependency failed).
    ``progress`` (optional) gets ``start(jobs, order, parallel)``,
    ``job_started(job)``, ``job_finished(job)``, ``tick(running)`` with
    ``{name: seconds elapsed}`` and ``close()``. On an exception (Ctrl-C)
    the running processes are terminated and their time accounted."""
    names = {job.name for job in jobs}
    if len(names) != len(jobs):
        raise ValueError('job names must be unique')
    for job in jobs:
        missing = set(job.deps) - names
        if missing:
            raise ValueError(f'{job.name} depends on unknown {missing}')
        job.status, job.error, job.seconds = '', '', 0.0
        if job.done():
            job.status = REUSED
    order = priority_order(jobs)
    by_name = {job.name: job for job in jobs}
    running: Dict[str, _Running] = {}
    if progress is not None:
        progress.start(jobs, order, parallel)

    def account(r: _Running, final=False):
        now = time.monotonic()
        if r.job.on_time and (final or now - r.last_account >= account_every):
            r.last_account = now
            r.job.on_time(r.elapsed())

    def finish(r: _Running, code: int):
        job = r.job
        job.seconds = r.elapsed()
        account(r, final=True)
        r.close()
        job.status = DONE if code == 0 else FAILED
        if code != 0:
            job.error = f'exit code {code}\n{_tail(job.log)}'
        elif job.on_success:
            try:
                job.on_success()
            except Exception as e:  # noqa: BLE001 (the job failed)
                job.status, job.error = FAILED, f'{type(e).__name__}: {e}'
        if progress is not None:
            progress.job_finished(job)

    try:
        while True:
            for name, r in list(running.items()):
                code = r.proc.poll()
                if code is not None:
                    del running[name]
                    finish(r, code)
            for job in order:
                if job.status:
                    continue
                deps = [by_name[d].status for d in job.deps]
                if any(s in (FAILED, SKIPPED) for s in deps):
                    job.status = SKIPPED
                    job.error = 'a job it needs failed: ' + ', '.join(
                        d for d in job.deps
                        if by_name[d].status in (FAILED, SKIPPED))
                    if progress is not None:
                        progress.job_finished(job)
                    continue
                if len(running) >= parallel or not all(
                        s in (DONE, REUSED) for s in deps):
                    continue
                job.status = 'running'
                try:
                    running[job.name] = _Running(job)
                except Exception as e:  # noqa: BLE001 (cannot start)
                    job.status, job.error = FAILED, f'{type(e).__name__}: {e}'
                    if progress is not None:
                        progress.job_finished(job)
                    continue
                if progress is not None:
                    progress.job_started(job)
            if not running and all(job.status for job in jobs):
                break
            for r in running.values():
                account(r)
            if progress is not None:
                progress.tick({n: r.elapsed() for n, r in running.items()})
            time.sleep(poll)
    finally:
        for r in running.values():
            r.stop()
            account(r, final=True)
            r.close()
            r.job.status = ''
        if progress is not None:
            progress.close()
    return list(jobs)
