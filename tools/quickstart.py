"""The whole toy pipeline: generate data, train a teacher, train the student
alone, distil the student, evaluate every model with the real metric and print
a table. Nothing is downloaded.

    python tools/quickstart.py                       # classification only
    python tools/quickstart.py --tasks cls seg one_stage two_stage \
        --methods kd dkd preparing_lessons/ka-dtd --seeds 0 1 2

A method ``NAME`` runs ``configs/NAME/NAME_<pair>.py``; ``FOLDER/NAME`` runs
``configs/FOLDER/NAME_<pair>.py``.

Each step is an ordinary ``tools/train.py`` / ``tools/test.py`` run in its
own process; finished steps are skipped when the command is run again.
"""
import argparse
import json
import os
import os.path as osp
import statistics
import subprocess
import sys
import time

REPO = osp.dirname(osp.dirname(osp.abspath(__file__)))

# task -> (teacher config, student config, final checkpoint, metric key,
#          distillation config per method)
TASKS = {
    'cls': ('resnet18w32_10e_toycls', 'resnet18w8_10e_toycls', 'epoch_10.pth',
            'accuracy/top1', 'resnet18w32_to_resnet18w8_10e_toycls'),
    'seg': ('pspnet_r18w32-d8_600i_toyseg', 'pspnet_r18w8-d8_600i_toyseg',
            'iter_600.pth', 'mIoU',
            'pspnet-r18w32-d8_to_pspnet-r18w8-d8_600i_toyseg'),
    'one_stage': ('retinanet_r18w32_12e_toydet', 'retinanet_r18w8_12e_toydet',
                  'epoch_12.pth', 'coco/bbox_mAP',
                  'retinanet-r18w32_to_retinanet-r18w8_12e_toydet'),
    'two_stage': ('faster-rcnn_r18w32_12e_toydet',
                  'faster-rcnn_r18w8_12e_toydet', 'epoch_12.pth',
                  'coco/bbox_mAP',
                  'faster-rcnn-r18w32_to_faster-rcnn-r18w8_12e_toydet'),
}
DATA = {'cls': 'cls', 'seg': 'seg', 'one_stage': 'det', 'two_stage': 'det'}


def run(cmd, log):
    """Run a tool in its own process; its output goes to ``log``."""
    os.makedirs(osp.dirname(log), exist_ok=True)
    env = dict(os.environ, PYTHONPATH=REPO + os.pathsep +
               os.environ.get('PYTHONPATH', ''))
    with open(log, 'w') as f:
        code = subprocess.call([sys.executable] + cmd, cwd=REPO, stdout=f,
                               stderr=subprocess.STDOUT, env=env)
    if code != 0:
        with open(log) as f:
            tail = ''.join(f.readlines()[-30:])
        raise SystemExit(f'failed ({code}): {" ".join(cmd)}\n{tail}')


def train_and_test(config, work_dir, checkpoint, options):
    """Train ``config`` into ``work_dir`` unless done; return its metrics."""
    ckpt = osp.join(work_dir, checkpoint)
    metrics_file = osp.join(work_dir, 'metrics.json')
    if not osp.exists(ckpt):
        run(['tools/train.py', config, '--work-dir', work_dir,
             '--cfg-options'] + options, osp.join(work_dir, 'train.log'))
    if not osp.exists(metrics_file):
        run(['tools/test.py', config, ckpt, '--work-dir', work_dir, '--out',
             metrics_file, '--cfg-options'] + options,
            osp.join(work_dir, 'test.log'))
    with open(metrics_file) as f:
        return json.load(f)


def summarise(values):
    if len(values) == 1:
        return f'{values[0]:.2f}'
    return f'{statistics.mean(values):.2f} ± {statistics.stdev(values):.2f}'


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--tasks', nargs='+', default=['cls'],
                        choices=sorted(TASKS))
    parser.add_argument('--methods', nargs='+',
                        default=['kd', 'preparing_lessons/ka-dtd'])
    parser.add_argument('--seeds', nargs='+', type=int, default=[0])
    parser.add_argument('--data-root', default='data/toy')
    parser.add_argument('--work-dir', default='work_dirs/quickstart')
    parser.add_argument('--out', help='also write the table as json here')
    args = parser.parse_args()
    start = time.time()

    needed = sorted({DATA[t] for t in args.tasks})
    missing = [d for d in needed
               if not osp.isdir(osp.join(REPO, args.data_root, d))]
    if missing:
        print(f'generating toy data: {missing}', flush=True)
        run(['tools/misc/make_toy_data.py', '--out', args.data_root,
             '--tasks'] + missing + ['--seed', '0'],
            osp.join(REPO, args.work_dir, 'make_toy_data.log'))

    rows = []
    for task in args.tasks:
        teacher, student, final, metric, pair = TASKS[task]
        data_root = osp.join(args.data_root, DATA[task]) + '/'
        data_options = [
            f'train_dataloader.dataset.data_root={data_root}',
            f'val_dataloader.dataset.data_root={data_root}',
            f'test_dataloader.dataset.data_root={data_root}'
        ]
        if DATA[task] == 'det':
            ann = data_root + 'annotations/instances_val.json'
            data_options += [f'val_evaluator.ann_file={ann}',
                             f'test_evaluator.ann_file={ann}']
        results = {}
        for seed in args.seeds:
            options = data_options + [f'randomness.seed={seed}']
            base = osp.join(args.work_dir, f'seed{seed}')
            teacher_dir = osp.join(base, teacher)
            print(f'[{task} seed {seed}] teacher', flush=True)
            runs = {
                'teacher': train_and_test(f'configs/toy/{teacher}.py',
                                          teacher_dir, final, options),
            }
            print(f'[{task} seed {seed}] student alone', flush=True)
            runs['student alone'] = train_and_test(
                f'configs/toy/{student}.py', osp.join(base, student), final,
                options)
            for method in args.methods:
                folder, _, short = method.rpartition('/')
                name = f'{short}_{pair}'
                config = f'configs/{folder or short}/{name}.py'
                print(f'[{task} seed {seed}] student + {short}', flush=True)
                runs[f'student + {short.upper()}'] = train_and_test(
                    config, osp.join(base, name), final,
                    options + [
                        'model.teacher_ckpt=' + osp.join(teacher_dir, final)
                    ])
            for model, metrics in runs.items():
                value = metrics[metric]
                # mmdet reports mAP in [0, 1]; show every metric in percent.
                value = value * 100 if metric.startswith('coco') else value
                results.setdefault(model, []).append(value)
        for model, values in results.items():
            rows.append((task, model, metric, summarise(values), values))

    widths = [10, 16, 14, 14]
    header = ('task', 'model', 'metric', f'value ({len(args.seeds)} seed'
              f'{"s" if len(args.seeds) > 1 else ""})')
    print()
    print(' | '.join(h.ljust(w) for h, w in zip(header, widths)))
    print('-+-'.join('-' * w for w in widths))
    for row in rows:
        print(' | '.join(str(c).ljust(w) for c, w in zip(row[:4], widths)))
    print(f'\n{time.time() - start:.0f} s in all; logs in {args.work_dir}')
    if args.out:
        with open(args.out, 'w') as f:
            json.dump([dict(task=r[0], model=r[1], metric=r[2], values=r[4])
                       for r in rows], f, indent=1)


if __name__ == '__main__':
    main()
