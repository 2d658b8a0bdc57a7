"""The toy table's outputs: a JSON record (every run, the summary, the
environment), a Markdown table and a PNG bar chart with error bars.

Values are percent (``suite.to_percent``); a row's value is the mean over
its seeds ± the sample standard deviation (one seed: the value alone). A
distilled student whose mean does not beat the student alone's is marked
``NOT_ABOVE_STUDENT``, one whose mean does not beat KD's ``NOT_ABOVE_KD``.
"""
import os
import os.path as osp
import platform
import statistics
import subprocess
import sys
import textwrap
import time
from typing import Dict, List, Optional, Sequence

from .suite import METHODS, REPO, TASKS, to_percent

NOT_ABOVE_STUDENT = '†'
NOT_ABOVE_KD = '‡'
AGREEMENT = ('agreement/top1', 'agreement/kl')


def run_record(run) -> dict:
    """One run as the JSON records it (``value`` None: not measured)."""
    metrics = run.metrics() or {}
    timing = run.timing()
    metric = TASKS[run.task].metric
    value = metrics.get(metric)
    record = dict(
        task=run.task, model=run.method, label=METHODS[run.method].label,
        seed=run.seed, config=osp.relpath(run.config, REPO), metric=metric,
        value=None if value is None else to_percent(run.task, value),
        train_s=timing.get('train_s'), test_s=timing.get('test_s'),
        work_dir=run.work_dir)
    for key in AGREEMENT:
        if key in metrics:
            record[key] = metrics[key]
    record['metrics'] = metrics  # everything tools/test.py wrote, as is
    return record


def mean_std(values: Sequence[float]) -> str:
    """``'71.80 ± 1.23'`` (sample std), one value: ``'71.80'``."""
    if not values:
        return '-'
    if len(values) == 1:
        return f'{values[0]:.2f}'
    return f'{statistics.mean(values):.2f} ± {statistics.stdev(values):.2f}'


def summarise(records: List[dict]) -> List[dict]:
    """One row per task x model (table order) with the per-seed values,
    their mean and std, the mean agreement and wall time, and the marks."""
    rows = []
    for task in TASKS:
        for method in METHODS:
            mine = [r for r in records
                    if r['task'] == task and r['model'] == method]
            if not mine:
                continue
            values = [r['value'] for r in mine if r['value'] is not None]
            walls = [r['train_s'] + r['test_s'] for r in mine
                     if r['train_s'] is not None and r['test_s'] is not None]
            row = dict(
                task=task, model=method, label=METHODS[method].label,
                kind=METHODS[method].kind, metric=mine[0]['metric'],
                seeds=[r['seed'] for r in mine],
                values=[r['value'] for r in mine],
                mean=statistics.mean(values) if values else None,
                std=statistics.stdev(values) if len(values) > 1 else None,
                text=mean_std(values),
                wall_s=statistics.mean(walls) if walls else None)
            for key in AGREEMENT:
                found = [r[key] for r in mine if key in r]
                if found:
                    row[key] = statistics.mean(found)
            rows.append(row)
    add_marks(rows)
    return rows


def add_marks(rows: List[dict]):
    """Set each row's ``marks``: distilled students whose mean is not above
    the student alone's (``NOT_ABOVE_STUDENT``) or KD's (``NOT_ABOVE_KD``)
    on the same task."""
    means = {(r['task'], r['model']): r['mean'] for r in rows}
    for row in rows:
        row['marks'] = ''
        if row['kind'] != 'distilled' or row['mean'] is None:
            continue
        student = means.get((row['task'], 'student'))
        kd = means.get((row['task'], 'kd'))
        if student is not None and row['mean'] <= student:
            row['marks'] += NOT_ABOVE_STUDENT
        if row['model'] != 'kd' and kd is not None and row['mean'] <= kd:
            row['marks'] += NOT_ABOVE_KD


def _git(*args) -> Optional[str]:
    try:
        return subprocess.run(['git', *args], cwd=REPO, capture_output=True,
                              text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None


def environment(command: str, jobs: int, threads: Dict[str, str]) -> dict:
    """Python, every installed distribution's version, the git commit and
    whether the tree is dirty, the command line, jobs and threads."""
    from importlib import metadata
    dists = {}
    for dist in metadata.distributions():
        name = dist.metadata['Name']
        if name:
            dists[name] = dist.version
    status = _git('status', '--porcelain')
    return dict(
        python=sys.version.split()[0], implementation=platform.
        python_implementation(), platform=platform.platform(),
        cpu_count=os.cpu_count(),
        command=command, jobs=jobs,
        threads=dict(threads), git_commit=_git('rev-parse', 'HEAD'),
        git_dirty=None if status is None else bool(status),
        distributions=dict(sorted(dists.items(), key=lambda kv:
                                  kv[0].lower())))


def fmt_seconds(seconds: Optional[float]) -> str:
    if seconds is None:
        return '-'
    seconds = int(round(seconds))
    if seconds < 60:
        return f'{seconds} s'
    if seconds < 3600:
        return f'{seconds // 60} min {seconds % 60:02d} s'
    return f'{seconds // 3600} h {seconds % 3600 // 60:02d} min'


def markdown(rows: List[dict], seeds: List[int], env: dict) -> str:
    """The table: one row per task x model."""
    agreement = any(AGREEMENT[0] in r or AGREEMENT[1] in r for r in rows)
    head = ['task', 'model', 'metric', 'mean ± std'] + [
        f'seed {s}' for s in seeds
    ] + (['agreement top-1 (%) / KL'] if agreement else []) + ['wall time']
    lines = ['| ' + ' | '.join(head) + ' |',
             '|' + ' --- |' * len(head)]
    for row in rows:
        by_seed = dict(zip(row['seeds'], row['values']))
        cells = [row['task'], row['label'], row['metric'] + ' (%)',
                 row['text'] + row['marks']]
        cells += ['-' if by_seed.get(s) is None else f'{by_seed[s]:.2f}'
                  for s in seeds]
        if agreement:
            top1, kl = row.get(AGREEMENT[0]), row.get(AGREEMENT[1])
            cells.append('' if top1 is None and kl is None else
                         f'{"-" if top1 is None else f"{top1:.2f}"} / '
                         f'{"-" if kl is None else f"{kl:.4f}"}')
        cells.append(fmt_seconds(row['wall_s']))
        lines.append('| ' + ' | '.join(cells) + ' |')
    spread = (f'mean ± sample standard deviation over {len(seeds)} seeds'
              if len(seeds) > 1 else 'one seed')
    threads = env['threads'].get('OMP_NUM_THREADS', '?')
    commit = (env.get('git_commit') or 'unknown')[:12]
    dirty = ' (dirty tree)' if env.get('git_dirty') else ''
    missing = any(v is None for r in rows for v in r['values'])
    lines += [
        '',
        f'{NOT_ABOVE_STUDENT} does not beat the student alone (mean); '
        f'{NOT_ABOVE_KD} does not beat KD (mean).' + (
            ' -: not measured (the run failed or did not finish, or its '
            'metrics have no such key, e.g. a detector with no detections).'
            if missing else ''),
        f'Percent (coco/bbox_mAP x 100); {spread}; wall time: train + test '
        f'of one run, mean over seeds ({env["jobs"]} runs in parallel, '
        f'{threads} thread each).',
        '',
        f'Made by `{env["command"]}` at commit {commit}{dirty}.',
    ]
    return '\n'.join(lines) + '\n'


def bar_chart(rows: List[dict], path: str, title: str = 'toy benchmark'):
    """One panel per task, one bar per model, error bars = std."""
    import matplotlib
    matplotlib.use('Agg')
    import matplotlib.pyplot as plt
    tasks = [t for t in TASKS if any(r['task'] == t for r in rows)]
    fig, axes = plt.subplots(
        1, len(tasks), figsize=(max(4.0, 1.0 + 0.55 * max(
            sum(r['task'] == t for r in rows) for t in tasks)) * len(tasks),
                                4.2), squeeze=False)
    for ax, task in zip(axes[0], tasks):
        mine = [r for r in rows if r['task'] == task]
        means = [r['mean'] if r['mean'] is not None else 0.0 for r in mine]
        errs = [r['std'] or 0.0 for r in mine]
        colours = ['#999999' if r['kind'] == 'teacher' else
                   '#4c72b0' if r['kind'] == 'student' else '#dd8452'
                   for r in mine]
        ax.bar(range(len(mine)), means, yerr=errs, capsize=3,
               color=colours)
        ax.set_xticks(range(len(mine)))
        ax.set_xticklabels(
            [(METHODS[r['model']].short or r['label']) + r['marks']
             for r in mine], rotation=45, ha='right', fontsize=8)
        ax.set_title(task)
        ax.set_ylabel(f'{mine[0]["metric"]} (%)')
        finite = [m for m, r in zip(means, mine) if r['mean'] is not None]
        if finite:
            low = min(finite) - 2 * max(errs + [1.0])
            ax.set_ylim(max(0.0, low), max(finite) + 2 * max(errs + [1.0]))
        for i, row in enumerate(mine):
            if row['mean'] is None:
                ax.text(i, ax.get_ylim()[0], 'n/a', ha='center',
                        va='bottom', fontsize=8)
    width = fig.get_size_inches()[0]
    fig.suptitle('\n'.join(textwrap.wrap(title, int(width * 15))),
                 fontsize=7)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


def created() -> str:
    return time.strftime('%Y-%m-%dT%H:%M:%S%z')
