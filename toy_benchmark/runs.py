"""The runs of a toy table and the two jobs of each run: ``tools/train.py
CONFIG --resume`` then ``tools/test.py CONFIG CHECKPOINT --out
metrics.json``, each in its own process with one thread, in
``WORK_DIR/seed<seed>/<config name>/``.

A run is done when its ``metrics.json`` exists (written under another name
and renamed once the test succeeded); its training is done when
``timing.json`` says so and mmengine's ``last_checkpoint`` names an existing
file. ``timing.json`` also accumulates the train and test wall time over
interrupted attempts.
"""
import json
import os
import os.path as osp
import sys
from dataclasses import dataclass
from typing import Callable, Dict, List, Optional

from .estimate import iterations
from .runner import Job
from .suite import (METHODS, REPO, TASKS, config_path, data_options,
                    smoke_options)

# Results must not depend on how many runs share the machine or on its core
# count: one intra-op thread per run (torch reads OMP_NUM_THREADS at start,
# which is torch.set_num_threads(1)), fixed str hashing.
THREADS = 1
CHILD_ENV = {
    'OMP_NUM_THREADS': str(THREADS),
    'MKL_NUM_THREADS': str(THREADS),
    'OPENBLAS_NUM_THREADS': str(THREADS),
    'PYTHONHASHSEED': '0',
}


def child_env() -> Dict[str, str]:
    path = os.environ.get('PYTHONPATH', '')
    return dict(os.environ, **CHILD_ENV,
                PYTHONPATH=REPO + (os.pathsep + path if path else ''))


def _read_json(path: str, default=None):
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError):
        return default


def _write_json(path: str, data):
    tmp = f'{path}.tmp'
    with open(tmp, 'w') as f:
        json.dump(data, f, indent=1)
    os.replace(tmp, path)


@dataclass
class Run:
    """One model trained and tested: ``task`` x ``method`` (a row of
    ``suite.METHODS``) x ``seed``. ``options``: its ``--cfg-options``
    (data, seed, shrinking, the user's), without the teacher checkpoint,
    which ``teacher`` (the run that trains it) provides."""
    task: str
    method: str
    seed: int
    work_dir: str
    options: List[str]
    teacher: Optional['Run'] = None

    @property
    def name(self) -> str:
        return f'{self.task}/seed{self.seed}/{self.method}'

    @property
    def config(self) -> str:
        return config_path(self.task, self.method)

    @property
    def metrics_file(self) -> str:
        return osp.join(self.work_dir, 'metrics.json')

    @property
    def timing_file(self) -> str:
        return osp.join(self.work_dir, 'timing.json')

    def timing(self) -> dict:
        return _read_json(self.timing_file, {})

    def update_timing(self, **values):
        timing = self.timing()
        timing.update(values)
        _write_json(self.timing_file, timing)

    def metrics(self) -> Optional[dict]:
        return _read_json(self.metrics_file)

    def final_checkpoint(self) -> Optional[str]:
        """The checkpoint mmengine's ``last_checkpoint`` names, if it
        exists."""
        try:
            with open(osp.join(self.work_dir, 'last_checkpoint')) as f:
                path = f.read().strip()
        except OSError:
            return None
        return path if osp.isfile(path) else None

    def trained(self) -> bool:
        return bool(self.timing().get('train_done')
                    and self.final_checkpoint())

    def teacher_checkpoint(self) -> Optional[str]:
        """The file this run's teacher run provides (None: no teacher)."""
        if self.teacher is None:
            return None
        method = METHODS[self.method]
        if method.teacher_file:
            path = osp.join(self.teacher.work_dir, method.teacher_file)
        else:
            path = self.teacher.final_checkpoint()
        if not path or not osp.isfile(path):
            raise FileNotFoundError(
                f'{self.name} needs the teacher file of {self.teacher.name} '
                f'({path or "no last_checkpoint in " + self.teacher.work_dir})'
                f'; delete {self.teacher.metrics_file} to train it again')
        return path

    def all_options(self) -> List[str]:
        ckpt = self.teacher_checkpoint()
        return self.options + ([f'model.teacher_ckpt={ckpt}'] if ckpt else [])


def plan(tasks: List[str], methods: List[str], seeds: List[int],
         work_dir: str, data_root: str, smoke: bool = False,
         cfg_options: Optional[List[str]] = None) -> List[Run]:
    """Every run of the table, teachers before the runs they teach.
    ``methods``: rows as ``suite.resolve_methods`` returns them."""
    runs = []
    for task in tasks:
        for seed in seeds:
            options = (data_options(task, data_root) +
                       [f'randomness.seed={seed}'] +
                       (smoke_options(task) if smoke else []) +
                       list(cfg_options or []))
            by_method = {}
            for method in methods:
                config = TASKS[task].configs[method]
                name = osp.splitext(osp.basename(config))[0]
                teacher = METHODS[method].teacher
                by_method[method] = Run(
                    task, method, seed,
                    osp.join(work_dir, f'seed{seed}', name), options,
                    by_method[teacher] if teacher else None)
                runs.append(by_method[method])
    return runs


class _Clock:
    """Keeps ``<phase>_s`` in timing.json at the seconds of the current
    attempt plus those of earlier attempts it goes on from (``resumed``:
    training resumed from a checkpoint; a test or a fresh start counts from
    zero)."""

    def __init__(self, run: Run, phase: str):
        self.run, self.key, self.base = run, f'{phase}_s', 0.0

    def start(self, resumed: bool = False):
        self.base = float(self.run.timing().get(self.key, 0.0)) \
            if resumed else 0.0
        self.run.update_timing(**{self.key: self.base})

    def __call__(self, seconds: float):
        self.run.update_timing(**{self.key: self.base + seconds})


def _train_command(run: Run, clock: _Clock, progress: str) -> Callable:

    def command():
        os.makedirs(run.work_dir, exist_ok=True)
        last = osp.join(run.work_dir, 'last_checkpoint')
        if osp.exists(last) and run.final_checkpoint() is None:
            os.remove(last)  # names a deleted file: start from scratch
        if osp.exists(progress):
            os.remove(progress)
        options = run.all_options()
        resumed = run.final_checkpoint() is not None
        if not resumed:
            run.update_timing(train_done=False)
        clock.start(resumed)
        return [sys.executable, osp.join(REPO, 'tools', 'train.py'),
                run.config, '--work-dir', run.work_dir, '--resume',
                '--progress', progress, '--cfg-options', *options]

    return command


def _test_command(run: Run, clock: _Clock, progress: str,
                  out: str) -> Callable:

    def command():
        ckpt = run.final_checkpoint()
        if ckpt is None:
            raise FileNotFoundError(f'{run.name}: no final checkpoint in '
                                    f'{run.work_dir}')
        if osp.exists(progress):
            os.remove(progress)
        options = run.all_options()
        clock.start()
        return [sys.executable, osp.join(REPO, 'tools', 'test.py'),
                run.config, ckpt, '--work-dir', run.work_dir, '--out', out,
                '--progress', progress, '--cfg-options', *options]

    return command


def _iterations(run: Run, cache: dict):
    key = (run.config, tuple(o for o in run.options
                             if not o.startswith('randomness.seed=')))
    if key not in cache:
        cache[key] = iterations(run.config, list(key[1]))
    return cache[key]


def make_jobs(runs: List[Run], estimate: bool = True) -> List[Job]:
    """The train and test jobs of ``runs``: a run's training waits for its
    teacher run's training, its test for its own training.
    ``estimate``: read iteration counts from the configs (slow-ish: builds
    the dataloaders once per config) for the time-left estimate."""
    jobs, cache = [], {}
    env = child_env()
    for run in runs:
        done = osp.exists(run.metrics_file)
        timing = run.timing()
        # iteration counts: from an earlier attempt, else from the config
        train_iters, test_iters = (timing.get('train_iters'),
                                   timing.get('test_iters'))
        if estimate and not done and not (train_iters and test_iters):
            train_iters, test_iters = _iterations(run, cache)
        train_progress = osp.join(run.work_dir, 'progress_train.json')
        test_progress = osp.join(run.work_dir, 'progress_test.json')
        metrics_tmp = osp.join(run.work_dir, 'metrics.json.partial')
        train_clock, test_clock = _Clock(run, 'train'), _Clock(run, 'test')

        def trained(run=run, progress=train_progress):
            total = (_read_json(progress) or {}).get('total')
            if run.final_checkpoint() is None:
                raise FileNotFoundError(
                    f'{run.name}: training ended without a checkpoint')
            run.update_timing(train_done=True, train_iters=total)

        def tested(run=run, tmp=metrics_tmp, progress=test_progress):
            os.replace(tmp, run.metrics_file)
            total = (_read_json(progress) or {}).get('total')
            run.update_timing(test_iters=total)

        label = f'{run.task} s{run.seed} {run.method}'
        jobs.append(Job(
            name=run.name + ':train',
            command=_train_command(run, train_clock, train_progress),
            deps=(run.teacher.name + ':train', ) if run.teacher else (),
            done=lambda run=run: osp.exists(run.metrics_file) or run.trained(),
            log=osp.join(run.work_dir, 'train.log'),
            progress=train_progress,
            iters=train_iters or 0,
            cost=f'{run.task}/{run.method}/train',
            group=run.name, label=label + ' train', env=env, cwd=REPO,
            on_success=trained, on_time=train_clock,
            history=((timing['train_s'], timing['train_iters'])
                     if timing.get('train_done') and timing.get('train_iters')
                     else None)))
        jobs.append(Job(
            name=run.name + ':test',
            command=_test_command(run, test_clock, test_progress,
                                  metrics_tmp),
            deps=(run.name + ':train', ),
            done=lambda run=run: osp.exists(run.metrics_file),
            log=osp.join(run.work_dir, 'test.log'),
            progress=test_progress,
            iters=test_iters or 0,
            cost=f'{run.task}/{run.method}/test',
            group=run.name, label=label + ' test', env=env, cwd=REPO,
            on_success=tested, on_time=test_clock,
            history=((timing['test_s'], timing['test_iters'])
                     if done and timing.get('test_iters') else None)))
    return jobs
