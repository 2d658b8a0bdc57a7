"""Plot SoKD's learned feature-augmentation policy over training, from the
scalars SoKDLoss logs (``train/sokd/...`` in the MessageHub, i.e. the
``sokd/...`` keys of a work dir's ``vis_data/scalars.json``).

    python tools/analysis/plot_sokd_policy.py WORK_DIR [--out policy.png]
        [--prefix sokd] [--top 8]

Three panels against the training iteration: the sub-policy weights
(softmax; the ``--top`` largest at the end, the rest in grey), the operation
probabilities (sigmoid of the gate logits) and the magnitudes in [0, 1]. The
search window (``sokd/searching`` = 1) is shaded. Values are logged in the
forward pass, before that iteration's optimiser step. WORK_DIR may be the run's
work dir (its latest ``*/vis_data/scalars.json`` is read) or the json file.
"""
import argparse
import glob
import json
import os.path as osp
import sys
from collections import defaultdict
from typing import Dict, List, Tuple

Series = Dict[str, Tuple[List[int], List[float]]]


def find_scalars(path: str) -> str:
    if osp.isfile(path):
        return path
    found = sorted(glob.glob(osp.join(path, '*', 'vis_data', 'scalars.json')))
    if not found:
        raise SystemExit(f'no */vis_data/scalars.json under {path!r}')
    return found[-1]  # timestamped folders: the latest run


def read_policy(path: str, prefix: str = 'sokd') -> Dict[str, Series]:
    """``{'weight'|'probability'|'magnitude'|'searching': {name: (steps,
    values)}}`` from a scalars.json (one JSON object per line)."""
    groups: Dict[str, Series] = defaultdict(dict)
    with open(path) as f:
        for line in f:
            record = json.loads(line)
            step = record.get('step', record.get('iter'))
            for key, value in record.items():
                if not key.startswith(prefix + '/'):
                    continue
                parts = key[len(prefix) + 1:].split('/', 1)
                group, name = (parts + [parts[0]])[:2]
                steps, values = groups[group].setdefault(name, ([], []))
                steps.append(step)
                values.append(value)
    return groups


def plot(groups: Dict[str, Series], out: str, top: int = 8) -> None:
    import matplotlib
    matplotlib.use('Agg')
    import matplotlib.pyplot as plt
    panels = [('weight', 'sub-policy weight'),
              ('probability', 'operation probability'),
              ('magnitude', 'magnitude')]
    fig, axes = plt.subplots(1, 3, figsize=(16, 4.5))
    searching = groups.get('searching', {}).get('searching')
    for ax, (group, title) in zip(axes, panels):
        series = groups.get(group, {})
        ranked = sorted(series, key=lambda n: series[n][1][-1], reverse=True)
        for rank, name in enumerate(ranked):
            steps, values = series[name]
            if group == 'weight' and rank >= top:
                ax.plot(steps, values, color='0.8', linewidth=0.6)
            else:
                ax.plot(steps, values, label=name, linewidth=1.2)
        if searching:
            steps, flags = searching
            inside = [s for s, v in zip(steps, flags) if v > 0.5]
            if inside:
                start = 0 if flags[0] > 0.5 else min(inside)
                ax.axvspan(start, max(inside), color='tab:blue',
                           alpha=0.08, label='search')
        ax.set_title(title)
        ax.set_xlabel('iteration')
        ax.legend(fontsize=6, loc='best')
    fig.tight_layout()
    fig.savefig(out, dpi=120)
    plt.close(fig)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('work_dir')
    parser.add_argument('--out', help='PNG path (default: '
                        'WORK_DIR/sokd_policy.png)')
    parser.add_argument('--prefix', default='sokd',
                        help='SoKDLoss log_prefix (default: %(default)s)')
    parser.add_argument('--top', type=int, default=8,
                        help='sub-policies named in the legend')
    args = parser.parse_args(argv)
    path = find_scalars(args.work_dir)
    groups = read_policy(path, args.prefix)
    if not groups:
        raise SystemExit(f'{path}: no {args.prefix}/... scalars (was the '
                         'run a SoKD config with log_interval > 0?)')
    out = args.out or osp.join(
        args.work_dir if osp.isdir(args.work_dir) else osp.dirname(path),
        'sokd_policy.png')
    plot(groups, out, args.top)
    print(f'wrote {out}')
    return 0


if __name__ == '__main__':
    sys.exit(main())
