"""Generate the toy data sets in the real formats, from a seed.

    python tools/misc/make_toy_data.py --out data/toy [--tasks det seg cls]
        [--seed 0] [--small] [--hard] [--set det.clutter=0.5 ...]

det: COCO (det/annotations/instances_{train,val}.json, det/{train,val}/*.png)
seg: Cityscapes (seg/leftImg8bit/{train,val}/toycity/*_leftImg8bit.png,
     seg/gtFine/{train,val}/toycity/*_gtFine_labelTrainIds.png)
cls: mmpretrain folders (cls/{train,val}/<class>/*.png, cls/meta/{train,val}.txt,
     cls/classes.txt)
The same seed and options give byte-identical files. ``--hard`` draws more
classes, smaller objects, clutter and shared colours (``HARD`` in
mmkd_teach/toy_data); ``--set TASK.OPTION=VALUE`` sets one option of a
task's maker (see its docstring), after ``--hard``.
"""
import argparse
import copy
import time

from mmkd_teach.toy_data import HARD, SMALL, make_toy_data


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


def main():
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog='\n'.join(__doc__.strip().splitlines()[4:]))
    parser.add_argument('--out', default='data/toy')
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
    options = parse_options(args.hard, args.set)
    try:
        written = make_toy_data(args.out, args.tasks, args.seed, args.small,
                                options)
    except (TypeError, ValueError) as error:
        raise SystemExit(f'bad toy data option: {error}')
    for task, paths in written.items():
        for key, path in paths.items():
            print(f'{task} {key}: {path}')
    print(f'done in {time.time() - start:.1f} s')


if __name__ == '__main__':
    main()
