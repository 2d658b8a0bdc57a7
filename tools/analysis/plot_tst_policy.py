"""Plot a TST policy's probabilities and magnitudes over training (PNG)
and print how far each search phase moved it.

    python tools/analysis/plot_tst_policy.py work_dirs/RUN/tst_policy.jsonl \
        --out tst_policy.png

Reads the lines ``TSTPhaseHook`` appends (iteration, phase, probabilities,
magnitudes); search iterations are shaded. The drift is the mean absolute
change of the probabilities (of the magnitudes) from the initial policy,
where every one is 0.5 (``TSTPolicy.drift``).
"""
import argparse
import json

import matplotlib

matplotlib.use('Agg')
import matplotlib.pyplot as plt  # noqa: E402

from mmkd_teach.models.tst.policy import drift as policy_drift  # noqa: E402


def read(path):
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip()]


def drift(record, key):
    """The drift of ``record[key]`` (probabilities or magnitudes) from the
    initial policy (mmkd_teach/models/tst/policy.py)."""
    return policy_drift(record[key].values())


def phases(records):
    """``[(first iteration, last iteration, records)]`` of each run of
    consecutive search records."""
    runs, current = [], []
    for r in records:
        if r['phase'] == 'search':
            current.append(r)
        elif current:
            runs.append(current)
            current = []
    if current:
        runs.append(current)
    return [(run[0]['iter'], run[-1]['iter'], run) for run in runs]


def phase_table(records) -> str:
    """Markdown: for each search phase, the drift at its first and last
    record and the largest single change of a probability / magnitude."""
    lines = ['| search phase (iterations) | probability drift | magnitude '
             'drift | largest probability change | largest magnitude change '
             '|', '| --- | --- | --- | --- | --- |']
    for first, last, run in phases(records):
        cells = [f'{first}-{last}']
        for key in ('probability', 'magnitude'):
            cells.append(f'{drift(run[0], key):.4f} -> '
                         f'{drift(run[-1], key):.4f}')
        for key in ('probability', 'magnitude'):
            change = {n: run[-1][key][n] - run[0][key][n]
                      for n in run[0][key]}
            name = max(change, key=lambda n: abs(change[n]))
            cells.append(f'{name} {change[name]:+.4f}')
        lines.append('| ' + ' | '.join(cells) + ' |')
    return '\n'.join(lines)


def plot(records, out):
    iters = [r['iter'] for r in records]
    fig, axes = plt.subplots(3, 1, figsize=(10, 10), sharex=True)
    for ax, key, title in ((axes[0], 'probability', 'probability'),
                           (axes[1], 'magnitude', 'magnitude (0-1)')):
        names = list(records[0][key])
        cmap = plt.get_cmap('tab20')
        for i, name in enumerate(names):
            ax.plot(iters, [r[key][name] for r in records], label=name,
                    color=cmap(i % 20))
        ax.set_ylabel(title)
        ax.set_ylim(0, 1)
        for r, nxt in zip(records, records[1:]):
            if r['phase'] == 'search':
                ax.axvspan(r['iter'], nxt['iter'], color='0.9', lw=0)
        ax.legend(fontsize=7, ncol=7, loc='upper center',
                  bbox_to_anchor=(0.5, 1.18))
    for key in ('probability', 'magnitude'):
        axes[2].plot(iters, [drift(r, key) for r in records], label=key)
    axes[2].set_ylabel('drift from the initial policy')
    axes[2].legend(fontsize=7)
    for r, nxt in zip(records, records[1:]):
        if r['phase'] == 'search':
            axes[2].axvspan(r['iter'], nxt['iter'], color='0.9', lw=0)
    axes[2].set_xlabel('iteration (search phases shaded)')
    fig.tight_layout()
    fig.savefig(out, dpi=100)
    plt.close(fig)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('log', help='<work_dir>/tst_policy.jsonl')
    parser.add_argument('--out', default='tst_policy.png')
    args = parser.parse_args()
    records = read(args.log)
    if not records:
        raise SystemExit(f'{args.log} has no records')
    plot(records, args.out)
    print(phase_table(records))
    print(f'wrote {args.out}')


if __name__ == '__main__':
    main()
