"""Train a model (a distiller, a teacher or a plain student) with the
mmengine Runner: ``python tools/train.py CONFIG [--work-dir DIR] [--resume]
[--amp [--amp-dtype bfloat16]] [--cfg-options k=v ...] [--launcher pytorch]
[--progress FILE]``."""
import argparse
import os
import os.path as osp

import mmkd_teach  # noqa: F401  (compatibility fixes, registries)
from mmengine.config import Config, DictAction
from mmengine.runner import Runner

from mmkd_teach.compat import init_cpu_distributed, release_distributed
from mmkd_teach.engine import find_last_complete_checkpoint
from mmkd_teach.engine.amp import AMP_DTYPES, use_amp


def parse_args():
    parser = argparse.ArgumentParser(description='Train with mmkd_teach')
    parser.add_argument('config', help='train config file path')
    parser.add_argument('--work-dir', help='where to save logs and models')
    parser.add_argument(
        '--resume',
        nargs='?',
        type=str,
        const='auto',
        help='resume from the given checkpoint, or from the last complete '
        'one in the work dir when no path is given')
    parser.add_argument(
        '--amp', action='store_true',
        help='automatic mixed precision (a CUDA device; see '
        'mmkd_teach/engine/amp.py)')
    parser.add_argument('--amp-dtype', choices=AMP_DTYPES,
                        default='float16',
                        help='the autocast dtype of --amp')
    parser.add_argument(
        '--cfg-options',
        nargs='+',
        action=DictAction,
        help='override config settings, e.g. model.teacher_ckpt=t.pth')
    parser.add_argument(
        '--launcher',
        choices=['none', 'pytorch', 'slurm', 'mpi'],
        default='none',
        help='job launcher')
    parser.add_argument(
        '--progress',
        help='keep this json file at the iteration done and the total '
        '(mmkd_teach.ProgressHook; for tools that watch runs)')
    parser.add_argument('--local_rank', '--local-rank', type=int, default=0)
    args = parser.parse_args()
    if 'LOCAL_RANK' not in os.environ:
        os.environ['LOCAL_RANK'] = str(args.local_rank)
    return args


def build_config(args) -> Config:
    cfg = Config.fromfile(args.config)
    cfg.launcher = args.launcher
    if args.cfg_options is not None:
        cfg.merge_from_dict(args.cfg_options)
    if args.work_dir is not None:
        cfg.work_dir = args.work_dir
    elif cfg.get('work_dir', None) is None:
        cfg.work_dir = osp.join('./work_dirs',
                                osp.splitext(osp.basename(args.config))[0])
    if args.amp:
        try:
            use_amp(cfg, args.amp_dtype)
        except ValueError as error:
            raise SystemExit(str(error))
    if args.progress:
        cfg.custom_hooks = list(cfg.get('custom_hooks', [])) + [
            dict(type='mmkd_teach.ProgressHook', path=args.progress)
        ]
    if args.resume == 'auto':
        # None (nothing complete to resume from): a fresh run
        cfg.load_from = find_last_complete_checkpoint(cfg.work_dir)
        cfg.resume = cfg.load_from is not None
    elif args.resume is not None:
        cfg.resume = True
        cfg.load_from = args.resume
    return cfg


def train(cfg: Config) -> None:
    """Build the Runner and train (no reference to it outlives the call)."""
    Runner.from_cfg(cfg).train()


def main():
    args = parse_args()
    cfg = build_config(args)
    init_cpu_distributed(cfg)
    try:
        train(cfg)
    finally:
        release_distributed()  # gloo's threads end before the interpreter


if __name__ == '__main__':
    main()
