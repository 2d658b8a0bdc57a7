"""Generate the toy data sets in the real formats, from a seed.

    python tools/misc/make_toy_data.py --out data/toy [--tasks det seg cls]
        [--seed 0] [--small]

det: COCO (det/annotations/instances_{train,val}.json, det/{train,val}/*.png)
seg: Cityscapes (seg/leftImg8bit/{train,val}/toycity/*_leftImg8bit.png,
     seg/gtFine/{train,val}/toycity/*_gtFine_labelTrainIds.png)
cls: mmpretrain folders (cls/{train,val}/<class>/*.png, cls/meta/{train,val}.txt,
     cls/classes.txt)
The same seed gives byte-identical files.
"""
import argparse
import time

from mmkd_teach.toy_data import SMALL, make_toy_data


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
    args = parser.parse_args()
    start = time.time()
    written = make_toy_data(args.out, args.tasks, args.seed, args.small)
    for task, paths in written.items():
        for key, path in paths.items():
            print(f'{task} {key}: {path}')
    print(f'done in {time.time() - start:.1f} s')


if __name__ == '__main__':
    main()
