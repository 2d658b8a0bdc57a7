"""Generate the toy data sets in the real formats, from a seed.

    python tools/misc/make_toy_data.py --out data/toy [--tasks det seg cls]
        [--seed 0] [--small] [--hard] [--set det.clutter=0.5 ...]
    python tools/misc/make_toy_data.py --layout real [--out data] [--seed 0]

det: COCO (det/annotations/instances_{train,val}.json, det/{train,val}/*.png)
seg: Cityscapes (seg/leftImg8bit/{train,val}/toycity/*_leftImg8bit.png,
     seg/gtFine/{train,val}/toycity/*_gtFine_labelTrainIds.png)
cls: mmpretrain folders (cls/{train,val}/<class>/*.png, cls/meta/{train,val}.txt,
     cls/classes.txt)
The same seed and options give byte-identical files. Classes are carried by
shape, texture and layout; colours are drawn independently of the class in
every set. ``--hard`` draws more classes, smaller objects and clutter
(``HARD`` in mmkd_teach/toy_data); ``--set TASK.OPTION=VALUE`` sets one
option of a task's maker (see its docstring), after ``--hard``.

``--layout real`` writes small sets in the real data sets' own layouts and
class names instead (mmkd_teach/toy_data/real_layout): OUT/coco,
OUT/cityscapes and OUT/imagenet, where the real-pair configs look for them
with the default ``--out data``. It refuses to write into a non-empty folder
(a real data set may be there) unless ``--overwrite``.
"""
import argparse
import copy
import os
import os.path as osp
import time

from mmkd_teach.toy_data import HARD, SMALL, make_toy_data
from mmkd_teach.toy_data.real_layout import LAYOUTS, make_real_layout


def parse_options(hard, settings):
    """``{task: {option: value}}`` from ``--hard`` and ``--set`` items."""
    options = copy.deepcopy(HARD) if hard else {}
    for item in settings:
        key, sep, value = item.partition('=')
        task, dot, option = key.partition('.')
        if not (sep and dot and task in ('det', 'seg', 'cls') and option):
            raise SystemExit(f'--set wants TASK.OPTION=VALUE with TASK in '
                             f'det, seg, cls; got {item!r}')
        options.setdefault(task, {})[option] = (
            int(value) if value.lstrip('-').isdigit() else float(value))
    return options


def write_real_layout(out, seed, overwrite):
    """The ``--layout real`` sets under ``out``, refusing non-empty
    folders unless ``overwrite``."""
    for name in LAYOUTS:
        folder = osp.join(out, name)
        if not overwrite and osp.isdir(folder) and os.listdir(folder):
            raise SystemExit(f'{folder} is not empty (a real data set?); '
                             'pass --overwrite or another --out')
    return make_real_layout(out, seed=seed)


def main():
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog='\n'.join(__doc__.strip().splitlines()[4:]))
    parser.add_argument('--out',
                        help='default: data/toy, or data for --layout real')
    parser.add_argument(
        '--layout', choices=['toy', 'real'], default='toy',
        help='real: COCO, Cityscapes and ImageNet layouts, real classes')
    parser.add_argument('--overwrite', action='store_true',
                        help='--layout real: write into non-empty folders')
    parser.add_argument('--tasks', nargs='+', default=['det', 'seg', 'cls'],
                        choices=['det', 'seg', 'cls'])
    parser.add_argument('--seed', type=int, default=0)
    parser.add_argument(
        '--small', action='store_true',
        help='a few images per set, for tests (train/val: ' + ', '.join(
            f'{task} {s["num_train"]}/{s["num_val"]}'
            for task, s in SMALL.items()) + ')')
    parser.add_argument('--hard', action='store_true',
                        help='the harder variant of every set')
    parser.add_argument('--set', nargs='+', default=[],
                        metavar='TASK.OPTION=VALUE',
                        help='e.g. det.num_classes=5 cls.clutter=0.5')
    args = parser.parse_args()
    start = time.time()
    if args.layout == 'real':
        written = write_real_layout(args.out or 'data', args.seed,
                                    args.overwrite)
    else:
        written = toy_layout(args)
    for task, paths in written.items():
        for key, path in paths.items():
            print(f'{task} {key}: {path}')
    print(f'done in {time.time() - start:.1f} s')


def toy_layout(args):
    """The toy sets of ``--tasks`` with their options."""
    options = parse_options(args.hard, args.set)
    try:
        return make_toy_data(args.out or 'data/toy', args.tasks, args.seed,
                             args.small, options)
    except (TypeError, ValueError) as error:
        raise SystemExit(f'bad toy data option: {error}')


if __name__ == '__main__':
    main()
