"""What the benchmark shows while it runs: which runs are going, their
iteration out of their total, and the time left for the whole command.

Time left: every job is modelled as ``startup + iters * rate + tail``
(process start to its first iteration, the iterations, the end of training
or testing to the process exit). ``iters`` comes from the job (estimated from
its config before it starts, then what its ``ProgressHook`` file reports);
``rate`` (seconds per iteration), ``startup`` and ``tail`` are measured on
the jobs that run, per cost class (``task/method/phase``), falling back to
the task's classes of that phase, then to every class of that phase (and,
at each level, to the finished attempts recorded in the work dirs, e.g. an
earlier seed's), then to fixed priors. The
remaining jobs are then scheduled on paper exactly as the runner schedules
them (same priority order, same number of parallel slots, dependencies
respected); the time left is when that schedule ends.
"""
import itertools
import json
import shutil
import sys
import time
from typing import Dict, List, Optional, Sequence

from .runner import DONE, FAILED, REUSED, SKIPPED, Job

PRIOR_RATE = {'train': 0.2, 'test': 0.1}  # seconds per iteration
PRIOR_STARTUP, PRIOR_TAIL = 8.0, 2.0  # seconds


def fmt_duration(seconds: float) -> str:
    """45s, 3m05s, 2h07m."""
    seconds = max(0, int(round(seconds)))
    if seconds < 60:
        return f'{seconds}s'
    if seconds < 3600:
        return f'{seconds // 60}m{seconds % 60:02d}s'
    return f'{seconds // 3600}h{seconds % 3600 // 60:02d}m'


def read_progress(path: Optional[str]) -> Optional[dict]:
    """The ``{"phase", "iter", "total"}`` a ProgressHook wrote, or None."""
    if not path:
        return None
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def _fallbacks(cost: str) -> List[str]:
    parts = cost.split('/')
    return [cost, f'{parts[0]}/*/{parts[-1]}', f'*/*/{parts[-1]}']


class Estimator:
    """Per cost class: seconds per iteration, startup and tail seconds, as
    measured on each job (a running job's rate is updated as it goes).
    Lookup: this class, then the task's classes of this phase, then every
    class of this phase, the mean over their jobs; at each level what was
    measured in this command first, then past attempts
    (``observe_history``); then the priors."""

    def __init__(self):
        # level name -> key -> {job: value}
        self.seen: Dict[str, Dict[str, Dict[str, float]]] = {}
        self.history: Dict[str, Dict[str, Dict[str, float]]] = {}
        self._ids = itertools.count()

    def _put(self, table, cost, key, value, source):
        source = source or f'#{next(self._ids)}'
        for name in _fallbacks(cost):
            table.setdefault(name, {}).setdefault(key, {})[source] = value

    def observe(self, cost: str, key: str, value: float, source: str = ''):
        """``source`` (the job) replaces its own earlier value."""
        self._put(self.seen, cost, key, value, source)

    def observe_history(self, cost: str, seconds: float, iters: int,
                        source: str = ''):
        """A finished attempt of ``iters`` iterations in ``seconds``."""
        if iters:
            rate = max(seconds - PRIOR_STARTUP - PRIOR_TAIL,
                       0.5 * seconds) / iters
            self._put(self.history, cost, 'rate', rate, source)

    def get(self, cost: str, key: str) -> float:
        for name in _fallbacks(cost):
            for table in (self.seen, self.history):
                values = table.get(name, {}).get(key)
                if values:
                    return sum(values.values()) / len(values)
        if key == 'rate':
            return PRIOR_RATE.get(cost.split('/')[-1], 0.2)
        return PRIOR_STARTUP if key == 'startup' else PRIOR_TAIL

    def duration(self, job: Job) -> float:
        return (self.get(job.cost, 'startup') + self.get(job.cost, 'tail')
                + job.iters * self.get(job.cost, 'rate'))


def makespan(order: Sequence[Job], running: Dict[str, float],
             pending: Dict[str, float], finished: set,
             parallel: int) -> float:
    """When the runner's schedule ends: ``running`` and ``pending`` map job
    names to their seconds left (running jobs hold slots from now);
    ``finished`` jobs satisfy dependencies. Pending jobs start in ``order``
    as slots free up and their dependencies end."""
    ends = dict(running)
    todo = [job for job in order if job.name in pending]
    now, end = 0.0, max(ends.values(), default=0.0)
    while todo:
        busy = sum(1 for t in ends.values() if t > now)
        ready = [
            job for job in todo if all(
                d in finished or (d in ends and ends[d] <= now)
                for d in job.deps)
        ]
        if ready and busy < parallel:
            job = ready[0]
            ends[job.name] = now + pending[job.name]
            end = max(end, ends[job.name])
            todo.remove(job)
            continue
        later = [t for t in ends.values() if t > now]
        if not later:  # the rest waits on jobs that will not run
            break
        now = min(later)
    return end


class Progress:
    """A one-line status rewritten with '\\r' on a terminal; otherwise a
    plain line when a job starts or ends and the status every ``every``
    seconds at most. Logs of the runs themselves go to their log files."""

    def __init__(self, stream=None, tty: Optional[bool] = None,
                 every: float = 30.0):
        self.stream = stream or sys.stdout
        self.tty = self.stream.isatty() if tty is None else tty
        self.every = every
        self.estimator = Estimator()
        self.last_print = 0.0
        self.width = 0
        self.seen: Dict[str, dict] = {}
        self.begin = time.monotonic()

    # ---- runner callbacks -------------------------------------------------
    def start(self, jobs: Sequence[Job], order: Sequence[Job], parallel: int):
        self.jobs, self.order = list(jobs), list(order)
        self.parallel = parallel
        self.by_name = {job.name: job for job in jobs}
        for job in jobs:
            if job.history:
                self.estimator.observe_history(job.cost, *job.history,
                                               source=job.name)
        runs = {job.group for job in jobs}
        reused = {job.group for job in jobs} - {
            job.group for job in jobs if job.status != REUSED}
        todo = sum(1 for job in jobs if job.status != REUSED)
        self._line(f'{len(runs)} runs ({len(reused)} reused), {todo} jobs '
                   f'to run, {parallel} at a time; about '
                   f'{fmt_duration(self.eta({}))} in all', permanent=True)

    def job_started(self, job: Job):
        self.seen[job.name] = {}
        if not self.tty:
            self._line(f'start {job.label or job.name}', permanent=True)

    def job_finished(self, job: Job):
        seen = self.seen.pop(job.name, {})
        if job.status == DONE:
            if 'at_total' in seen:
                self.estimator.observe(job.cost, 'tail',
                                       job.seconds - seen['at_total'],
                                       job.name)
            elif 'first' not in seen:
                # no iteration seen: all of it was start-up and tail
                self.estimator.observe(job.cost, 'startup', job.seconds,
                                       job.name)
        name = job.label or job.name
        if job.status == DONE:
            text = f'done  {name} in {fmt_duration(job.seconds)}'
        elif job.status == FAILED:
            text = f'FAILED {name}: {job.error.splitlines()[0]}' + (
                f' (log: {job.log})' if job.log else '')
        else:
            text = f'{job.status} {name}: {job.error}'
        if not self.tty or job.status in (FAILED, SKIPPED):
            self._line(text, permanent=True)

    def tick(self, running: Dict[str, float]):
        parts = []
        for name, elapsed in running.items():
            job = self.by_name[name]
            state = read_progress(job.progress)
            seen = self.seen.setdefault(name, {})
            if state is not None:
                done, total = state.get('iter', 0), state.get('total', 0)
                if total:
                    job.iters = total
                if 'first' not in seen:
                    seen['first'] = (elapsed, done)
                    self.estimator.observe(job.cost, 'startup', elapsed,
                                           name)
                elif done > seen['first'][1] and seen.get('last') != done:
                    t0, i0 = seen['first']
                    seen['rate'] = (elapsed - t0) / (done - i0)
                    seen['last'] = done
                    self.estimator.observe(job.cost, 'rate', seen['rate'],
                                           name)
                if total and done >= total and 'at_total' not in seen:
                    seen['at_total'] = elapsed
                parts.append(f'{job.label or name} {done}/{total}')
            else:
                parts.append(f'{job.label or name} starting')
        now = time.monotonic()
        if self.tty or now - self.last_print >= self.every:
            self.last_print = now
            done_runs = sum(
                1 for g in {j.group for j in self.jobs}
                if all(j.status in (DONE, REUSED)
                       for j in self.jobs if j.group == g))
            runs = len({j.group for j in self.jobs})
            line = (f'[{done_runs}/{runs} runs] ' + ', '.join(parts) +
                    f' | {fmt_duration(self.eta(running))} left')
            self._line(line, permanent=not self.tty)

    def close(self):
        if self.tty and self.width:
            self.stream.write('\r' + ' ' * self.width + '\r')
            self.width = 0
        self.stream.flush()

    # ---- estimate ---------------------------------------------------------
    def remaining(self, job: Job, elapsed: Optional[float]) -> float:
        """Seconds left of ``job`` (``elapsed`` set when it runs)."""
        est = self.estimator
        if elapsed is None:
            return est.duration(job)
        seen = self.seen.get(job.name, {})
        tail = est.get(job.cost, 'tail')
        if 'first' not in seen:
            return max(est.get(job.cost, 'startup') - elapsed, 0.0) + (
                job.iters * est.get(job.cost, 'rate') + tail)
        if 'at_total' in seen:
            return max(tail - (elapsed - seen['at_total']), 0.0)
        rate = seen.get('rate', est.get(job.cost, 'rate'))
        done = seen.get('last', seen['first'][1])
        return max(job.iters - done, 0) * rate + tail

    def eta(self, running: Dict[str, float]) -> float:
        finished = {j.name for j in self.jobs if j.status in (DONE, REUSED)}
        left = {name: self.remaining(self.by_name[name], elapsed)
                for name, elapsed in running.items()}
        pending = {
            job.name: self.remaining(job, None)
            for job in self.jobs if not job.status
        }
        return makespan(self.order, left, pending, finished, self.parallel)

    def _line(self, text: str, permanent: bool):
        if self.tty:
            width = shutil.get_terminal_size((120, 20)).columns - 1
            text = text[:width]
            pad = ' ' * max(self.width - len(text), 0)
            if permanent:
                self.stream.write('\r' + text + pad + '\n')
                self.width = 0
            else:
                self.stream.write('\r' + text + pad)
                self.width = len(text)
        else:
            self.stream.write(text + '\n')
        self.stream.flush()
