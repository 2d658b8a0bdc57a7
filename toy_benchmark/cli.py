"""The command line of the toy benchmark (``tools/benchmark/toy_table.py``)
and of its small preset, the quick start (``tools/quickstart.py``)."""
import argparse
import json
import os
import os.path as osp
import shlex
import signal
import sys
import time
from typing import List, Optional

from . import report
from .data import ensure_toy_data, normalise, suffixed
from .progress import Progress, fmt_duration
from .runner import DONE, FAILED, REUSED, SKIPPED, run_jobs
from .runs import CHILD_ENV, make_jobs, plan
from .suite import ALIASES, METHODS, TASKS, resolve_methods

PRESETS = {
    'toy_table': dict(
        prog='tools/benchmark/toy_table.py', tasks=list(TASKS),
        methods=[m for m in METHODS if m not in ('teacher', 'student')
                 and not METHODS[m].opt_in],
        seeds=[0, 1, 2]),
    'quickstart': dict(
        prog='tools/quickstart.py', tasks=['cls', 'seg'],
        methods=['kd', 'kd-ka', 'gt'], seeds=[0]),
    'generous_teacher': dict(
        prog='tools/analysis/generous_teacher_table.py', tasks=['cls'],
        methods=['kd', 'gt'], seeds=[0, 1, 2]),
}


def parse_args(argv: Optional[List[str]], preset: str, description: str):
    defaults = PRESETS[preset]
    parser = argparse.ArgumentParser(
        prog=defaults['prog'], description=description,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('--tasks', nargs='+', default=defaults['tasks'],
                        choices=list(TASKS), help='default: %(default)s')
    parser.add_argument(
        '--methods', nargs='+', default=defaults['methods'],
        metavar='METHOD', help='rows besides the teacher and the student '
        f'alone, from {", ".join(list(METHODS)[2:] + list(ALIASES))} '
        '(gt: both Generous Teacher stages); default: %(default)s')
    parser.add_argument('--seeds', nargs='+', type=int,
                        default=defaults['seeds'],
                        help='default: %(default)s')
    parser.add_argument(
        '--jobs', type=int, default=os.cpu_count() or 1,
        help='runs in parallel, one thread each (default: the CPU count, '
        '%(default)s); results do not depend on it')
    parser.add_argument('--data-root', default='data/toy',
                        help='toy data (generated where missing)')
    parser.add_argument('--work-dir', default='work_dirs/toy_table',
                        help='one folder per run, reused when run again')
    parser.add_argument(
        '--out-dir', help=f'where {preset}.json/.md/.png go (default: the '
        'work dir)')
    parser.add_argument(
        '--toy-data-options', default='', metavar='"OPTIONS"',
        help='passed verbatim to tools/misc/make_toy_data.py (e.g. harder '
        'data); data root and work dir get a hash suffix for them')
    parser.add_argument(
        '--cfg-options', nargs='+', default=[], metavar='K=V',
        help='forwarded to every train and test run (the work dir gets a '
        'hash suffix for them)')
    parser.add_argument(
        '--smoke', action='store_true',
        help='two training iterations per run, to check the pipeline '
        '(work dir with a hash suffix)')
    args = parser.parse_args(argv)
    args.prog = defaults['prog']
    try:
        args.rows = resolve_methods(args.methods)
    except ValueError as e:
        parser.error(str(e))
    if args.jobs < 1:
        parser.error('--jobs must be >= 1')
    return args


def _interrupt(signum, frame):
    """SIGTERM as Ctrl-C: the runs started are stopped, their time kept."""
    raise KeyboardInterrupt


def without_out_dir(argv: List[str]) -> List[str]:
    """``argv`` less ``--out-dir DIR`` / ``--out-dir=DIR``: where the files
    go does not change the table, so the chart's title leaves it out."""
    kept, skip = [], False
    for arg in argv:
        if skip:
            skip = False
        elif arg == '--out-dir':
            skip = True
        elif not arg.startswith('--out-dir='):
            kept.append(arg)
    return kept


def main(argv: Optional[List[str]] = None, preset: str = 'toy_table',
         description: str = '') -> int:
    """Generate the data, run what is missing, write and print the table;
    return the exit status (1 if a run failed, 130 if interrupted)."""
    argv = sys.argv[1:] if argv is None else list(argv)
    args = parse_args(argv, preset, description)
    begin = time.monotonic()
    toy_options = normalise(args.toy_data_options)
    data_root = suffixed(osp.abspath(args.data_root), toy_options)
    work_dir = suffixed(osp.abspath(args.work_dir), toy_options,
                        args.cfg_options, args.smoke)
    out_dir = osp.abspath(args.out_dir) if args.out_dir else work_dir
    os.makedirs(work_dir, exist_ok=True)
    os.makedirs(out_dir, exist_ok=True)
    command = shlex.join(['python', args.prog, *argv])
    settings = dict(
        tasks=args.tasks, methods=args.rows, seeds=args.seeds,
        jobs=args.jobs, data_root=data_root, work_dir=work_dir,
        toy_data_options=toy_options, cfg_options=args.cfg_options,
        smoke=args.smoke)
    with open(osp.join(work_dir, 'settings.json'), 'w') as f:
        json.dump(settings, f, indent=1)

    print(f'data: {data_root}\nruns: {work_dir}', flush=True)
    kinds = sorted({TASKS[t].data for t in args.tasks})
    missing = [k for k in kinds if not osp.isdir(osp.join(data_root, k))]
    if missing:
        print(f'generating toy data: {" ".join(missing)}', flush=True)
        ensure_toy_data(data_root, missing, toy_options,
                        log=osp.join(work_dir, 'make_toy_data.log'))

    runs = plan(args.tasks, args.rows, args.seeds, work_dir, data_root,
                args.smoke, args.cfg_options)
    print('reading the run lengths from the configs', flush=True)
    jobs = make_jobs(runs)
    previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        run_jobs(jobs, args.jobs, Progress())
    except KeyboardInterrupt:
        print('\ninterrupted: the same command goes on where it stopped',
              flush=True)
        return 130
    finally:
        signal.signal(signal.SIGTERM, previous)

    records = [report.run_record(run) for run in runs]
    rows = report.summarise(records)
    env = report.environment(command, args.jobs, CHILD_ENV)
    table = report.markdown(rows, args.seeds, env)
    stem = osp.join(out_dir, preset)
    with open(stem + '.json', 'w') as f:
        json.dump(dict(command=command, created=report.created(),
                       seconds=time.monotonic() - begin, settings=settings,
                       environment=env, runs=records, table=rows),
                  f, indent=1, ensure_ascii=False)
    with open(stem + '.md', 'w') as f:
        f.write(table)
    report.bar_chart(rows, stem + '.png',
                     title=shlex.join(['python', args.prog,
                                       *without_out_dir(argv)]))

    counts = {s: sum(j.status == s for j in jobs)
              for s in (DONE, REUSED, FAILED, SKIPPED)}
    print('\n' + table)
    print(f'{len(runs)} runs: {counts[DONE]} train/test jobs run, '
          f'{counts[REUSED]} reused, in '
          f'{fmt_duration(time.monotonic() - begin)}; written: {stem}.json, '
          '.md, .png', flush=True)
    failed = [j for j in jobs if j.status in (FAILED, SKIPPED)]
    for job in failed:
        print(f'{job.status}: {job.name}: {job.error.strip()[:2000]}')
    return 1 if failed else 0
