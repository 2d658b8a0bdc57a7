"""Generous Teacher on a toy task over several seeds: the standard teacher,
the generous teacher, and the student distilled (KD) from each.

    python tools/quickstart.py --tasks cls --methods kd --seeds 0 1 2 \
        --work-dir work_dirs/tables            # standard teachers, KD students
    python tools/analysis/generous_teacher_table.py --task cls \
        --seeds 0 1 2 --work-dir work_dirs/tables

Stages 2 and 3 run through tools/generous_teacher_pipeline.py with the
quick start's teacher as stage 1; every model is scored by tools/test.py.
"""
import argparse
import json
import os.path as osp
import statistics
import subprocess
import sys

REPO = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
sys.path.insert(0, osp.join(REPO, 'tools'))
from quickstart import DATA, TASKS, run  # noqa: E402

GT = {
    'cls': ('resnet18w32', 'resnet18w32-generous', 'resnet18w8', '10e_toycls'),
    'seg': ('pspnet-r18w32-d8', 'pspnet-r18w32-generous-d8',
            'pspnet-r18w8-d8', '600i_toyseg'),
    'one_stage': ('retinanet-r18w32', 'retinanet-r18w32-generous',
                  'retinanet-r18w8', '12e_toydet'),
    'two_stage': ('faster-rcnn-r18w32', 'faster-rcnn-r18w32-generous',
                  'faster-rcnn-r18w8', '12e_toydet'),
}


def test(config, ckpt, work_dir, options):
    out = osp.join(work_dir, 'metrics.json')
    if not osp.exists(out):
        run(['tools/test.py', config, ckpt, '--work-dir', work_dir, '--out',
             out, '--cfg-options'] + options, osp.join(work_dir, 'test.log'))
    with open(out) as f:
        return json.load(f)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--task', default='cls', choices=sorted(GT))
    parser.add_argument('--seeds', nargs='+', type=int, default=[0, 1, 2])
    parser.add_argument('--data-root', default='data/toy')
    parser.add_argument('--work-dir', default='work_dirs/tables')
    args = parser.parse_args()
    teacher, student, final, metric, pair = TASKS[args.task]
    tname, gname, sname, tag = GT[args.task]
    stage2 = f'configs/generous_teacher/gt-stage2_{tname}_to_{gname}_{tag}.py'
    stage3 = f'configs/generous_teacher/gt-stage3_{gname}_to_{sname}_{tag}.py'
    root = osp.join(args.data_root, DATA[args.task]) + '/'
    options = [f'{k}.dataset.data_root={root}' for k in
               ('train_dataloader', 'val_dataloader', 'test_dataloader')]
    if DATA[args.task] == 'det':
        ann = root + 'annotations/instances_val.json'
        options += [f'val_evaluator.ann_file={ann}',
                    f'test_evaluator.ann_file={ann}']
    rows = {}
    for seed in args.seeds:
        base = osp.join(args.work_dir, f'seed{seed}')
        seeded = options + [f'randomness.seed={seed}']
        standard = osp.join(base, teacher, final)
        gt_dir = osp.join(base, f'generous_teacher_{args.task}')
        subprocess.run([
            sys.executable, 'tools/generous_teacher_pipeline.py',
            f'configs/toy/{teacher}.py', stage2, stage3, '--work-dir', gt_dir,
            '--stage1-ckpt', standard, '--cfg-options'
        ] + seeded, cwd=REPO, check=True, stdout=subprocess.DEVNULL)
        scores = {
            'standard teacher':
            test(f'configs/toy/{teacher}.py', standard,
                 osp.join(gt_dir, 'test_standard'), seeded),
            'generous teacher':
            test(f'configs/toy/{teacher}.py',
                 osp.join(gt_dir, 'stage2', 'student_final.pth'),
                 osp.join(gt_dir, 'test_generous'), seeded),
            'student + KD from standard':
            test(f'configs/kd/kd_{pair}.py',
                 osp.join(base, f'kd_{pair}', final),
                 osp.join(gt_dir, 'test_kd_standard'),
                 seeded + [f'model.teacher_ckpt={standard}']),
            'student + KD from generous':
            test(f'configs/toy/{student}.py',
                 osp.join(gt_dir, 'stage3', 'student_final.pth'),
                 osp.join(gt_dir, 'test_kd_generous'), seeded),
        }
        for name, metrics in scores.items():
            value = metrics[metric]
            rows.setdefault(name, []).append(
                value * 100 if metric.startswith('coco') else value)
    print(f'| model | {metric} (mean ± std over seeds {args.seeds}) | '
          'per seed |')
    print('| --- | --- | --- |')
    for name, values in rows.items():
        spread = statistics.stdev(values) if len(values) > 1 else 0.0
        print(f'| {name} | {statistics.mean(values):.2f} ± {spread:.2f} | '
              f'{", ".join(f"{v:.2f}" for v in values)} |')


if __name__ == '__main__':
    main()
