"""Run every shipped real-pair config (COCO, Cityscapes, ImageNet; every
method) for 2 training iterations and one evaluation, on CPU, on small sets
in the real layouts (``make_toy_data.py --layout real``), with the input
scale divided by ``--divisor`` and random teachers; print pass/fail and the
time of each, exit 1 if any fails.

    python tools/misc/smoke_real_configs.py [--data DIR] [--only SUBSTR ...]
        [--divisor 8] [--json OUT.json]

Without ``--data`` the sets are generated in a temporary folder. Each config
runs in this process, one after the other (the setup: see
mmkd_teach/testing/real_smoke.py).
"""
import argparse
import json
import os.path as osp
import sys
import tempfile
import time

import mmkd_teach  # noqa: F401  (compatibility fixes, registries)
from mmkd_teach.testing.real_smoke import real_configs, run_smoke
from mmkd_teach.toy_data.real_layout import make_real_layout

REPO = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))


def main():
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0],
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('--data', help='the --layout real sets (default: '
                        'generated in a temporary folder)')
    parser.add_argument('--only', nargs='+', default=[],
                        help='run the configs whose path contains one of '
                        'these')
    parser.add_argument('--divisor', type=int, default=8,
                        help='input scales (resize, crop, pad) divided by')
    parser.add_argument('--json', help='write the results here')
    args = parser.parse_args()
    paths = [p for p in real_configs(REPO)
             if not args.only or any(s in p for s in args.only)]
    if not paths:
        raise SystemExit('no config matches --only')
    start = time.time()
    with tempfile.TemporaryDirectory(prefix='real_layout_') as tmp:
        data = args.data or tmp
        if not args.data:
            make_real_layout(data)
        results = []
        for i, path in enumerate(paths, 1):
            result = run_smoke(path, data, args.divisor)
            results.append(result)
            status = 'PASS' if result['ok'] else 'FAIL'
            first = next(iter(result.get('metrics', {}).items()), None)
            metric = f'  ({first[0]} {first[1]:.3g})' if first else ''
            print(f'[{i}/{len(paths)}] {status} {result["seconds"]:6.1f} s '
                  f'{osp.relpath(path, REPO)}{metric}', flush=True)
            if not result['ok']:
                print('    ' + result['error'].replace('\n', '\n    '),
                      flush=True)
    passed = sum(r['ok'] for r in results)
    print(f'{passed}/{len(results)} passed in {time.time() - start:.0f} s')
    if args.json:
        with open(args.json, 'w') as f:
            json.dump(results, f, indent=1)
    sys.exit(0 if passed == len(results) else 1)


if __name__ == '__main__':
    main()
