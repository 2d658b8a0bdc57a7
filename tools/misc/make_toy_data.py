"""Generate the toy data sets in the real formats, from a seed.

    python tools/misc/make_toy_data.py --out data/toy [--tasks det seg cls]
        [--seed 0] [--small]
"""
import argparse
import time

from mmkd_teach.toy_data import make_toy_data


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--out', default='data/toy')
    parser.add_argument('--tasks', nargs='+', default=['det', 'seg', 'cls'],
                        choices=['det', 'seg', 'cls'])
    parser.add_argument('--seed', type=int, default=0)
    parser.add_argument('--small', action='store_true',
                        help='a few images per set, for tests')
    args = parser.parse_args()
    start = time.time()
    written = make_toy_data(args.out, args.tasks, args.seed, args.small)
    for task, paths in written.items():
        for split, path in paths.items():
            print(f'{task} {split}: {path}')
    print(f'done in {time.time() - start:.1f} s')


if __name__ == '__main__':
    main()
