"""Build TST's operation approximators (mmkd_teach/models/tst/pretrained.py).

    python tools/misc/build_tst_approximators.py [--out PATH] [--steps N]

Deterministic for a seed (one CPU thread); about 10 minutes on a busy 2-core
CPU. It prints each approximator's error against the real operation and the
checksum to put in ``pretrained.SHA256`` when the shipped file is rebuilt.
"""
import argparse
import os
import os.path as osp
import time

import torch

from mmkd_teach.models.tst import pretrained


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--out', default=pretrained.WEIGHTS)
    parser.add_argument('--steps', type=int, default=1000)
    parser.add_argument('--seed', type=int, default=0)
    args = parser.parse_args()
    torch.set_num_threads(1)
    start = time.time()
    models = pretrained.build_approximators(args.steps, args.seed, log=print)
    state = pretrained.state_of(models)
    os.makedirs(osp.dirname(osp.abspath(args.out)), exist_ok=True)
    torch.save(state, args.out)
    for name, (err, base) in pretrained.approximation_errors(models).items():
        print(f'{name:12s} mse {err:.6f}  (identity {base:.6f})')
    print(f'wrote {args.out} in {time.time() - start:.0f} s; '
          f'sha256 {pretrained.checksum(state)}')


if __name__ == '__main__':
    main()
