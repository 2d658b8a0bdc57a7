"""Evaluate a checkpoint: ``python tools/test.py CONFIG CHECKPOINT
[--work-dir DIR] [--out FILE] [--cfg-options ...] [--launcher pytorch]
[--progress FILE]``. A distiller config evaluates its student; so does a
plain upstream config given a student-only checkpoint."""
import argparse
import json
import os
import os.path as osp

import mmkd_teach  # noqa: F401
from mmengine.config import Config, DictAction
from mmengine.runner import Runner

from mmkd_teach.compat import init_cpu_distributed, release_distributed


def parse_args():
    parser = argparse.ArgumentParser(description='Test with mmkd_teach')
    parser.add_argument('config', help='test config file path')
    parser.add_argument('checkpoint', help='checkpoint file')
    parser.add_argument('--work-dir', help='where to save the metrics')
    parser.add_argument(
        '--out', help='write the metrics to this json file as well')
    parser.add_argument(
        '--cfg-options', nargs='+', action=DictAction, help='overrides')
    parser.add_argument(
        '--launcher',
        choices=['none', 'pytorch', 'slurm', 'mpi'],
        default='none')
    parser.add_argument(
        '--progress', help='keep this json file at the batch done and the '
        'total (mmkd_teach.ProgressHook)')
    parser.add_argument('--local_rank', '--local-rank', type=int, default=0)
    args = parser.parse_args()
    if 'LOCAL_RANK' not in os.environ:
        os.environ['LOCAL_RANK'] = str(args.local_rank)
    return args


def evaluate(cfg: Config, out=None) -> None:
    """Build the Runner, test, and write the metrics to ``out`` (rank 0)."""
    runner = Runner.from_cfg(cfg)
    metrics = runner.test()
    if out and runner.rank == 0:
        with open(out, 'w') as f:
            json.dump({k: float(v) for k, v in metrics.items()}, f, indent=1)


def main():
    args = parse_args()
    cfg = Config.fromfile(args.config)
    cfg.launcher = args.launcher
    if args.cfg_options is not None:
        cfg.merge_from_dict(args.cfg_options)
    if args.work_dir is not None:
        cfg.work_dir = args.work_dir
    elif cfg.get('work_dir', None) is None:
        cfg.work_dir = osp.join('./work_dirs',
                                osp.splitext(osp.basename(args.config))[0])
    cfg.load_from = args.checkpoint
    if args.progress:
        cfg.custom_hooks = list(cfg.get('custom_hooks', [])) + [
            dict(type='mmkd_teach.ProgressHook', path=args.progress)
        ]
    init_cpu_distributed(cfg)
    try:
        evaluate(cfg, args.out)
    finally:
        release_distributed()  # gloo's threads end before the interpreter


if __name__ == '__main__':
    main()
