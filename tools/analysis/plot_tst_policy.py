"""Plot a TST policy's probabilities and magnitudes over training (PNG).

    python tools/analysis/plot_tst_policy.py work_dirs/RUN/tst_policy.jsonl \
        --out tst_policy.png

Reads the lines ``TSTPhaseHook`` appends (iteration, phase, probabilities,
magnitudes); search iterations are shaded.
"""
import argparse
import json

import matplotlib

matplotlib.use('Agg')
import matplotlib.pyplot as plt  # noqa: E402


def read(path):
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip()]


def plot(records, out):
    iters = [r['iter'] for r in records]
    fig, axes = plt.subplots(2, 1, figsize=(10, 8), sharex=True)
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
    axes[1].set_xlabel('iteration (search phases shaded)')
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
    print(f'wrote {args.out}')


if __name__ == '__main__':
    main()
