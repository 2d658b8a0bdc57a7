"""Cost of a distillation training step, per task, against its floor.

The floor is what any teacher-student step must pay: the student's forward
and backward on its task loss plus the teacher's forward without gradient.
All three are measured in the same run on the same toy batch:

* ``student``: ``student.loss`` + backward;
* ``floor``:  ``student`` + the teacher's forward as far as the distillation
  losses need (its logits), under ``no_grad``;
* ``distill``: the Distiller's ``loss`` (student task losses, teacher, task
  view, distillation losses) + backward.

    python tools/benchmark/distill_step_time.py [--tasks ...]
        [--loss KDLoss "dict(type='KDLoss', adjust='ps')" ...]
        [--sizes 128 256 320] [--pair STUDENT TEACHER]
        [--repeats 20] [--batch 8] [--device cuda] [--clock cpu]
        [--threads 1] [--out results.json]

Reports, for every loss, task and image size, the median time of each, the
ratios distill/floor and distill/student, and, on CUDA, the peak memory of
each. The three steps are timed in turns (student, floor, distill, student,
...), so load from other processes falls on all three alike; ``--out`` keeps
every turn's wall and CPU seconds. On a CPU shared with other jobs (more
runnable processes than cores) multi-threaded steps wait for descheduled
threads and wall times swing by several times: ``--threads 1 --clock cpu``
(CPU seconds of this process) is then the stable measure.

``--sizes`` sets the side of the square detection images and the height of
the 1:2 segmentation images (default: each toy set's size); classification
keeps its 32x32 images. ``--loss`` takes registered loss names or Python
dict expressions. ``--pair`` replaces the toy pair of a single task by any
student and teacher model configs (files or upstream paths such as
``mmdet::retinanet/retinanet_r18_fpn_1x_coco.py``; random weights), e.g.

    python tools/benchmark/distill_step_time.py --tasks one_stage --batch 2 \\
        --pair mmdet::retinanet/retinanet_r18_fpn_1x_coco.py \\
               mmdet::retinanet/retinanet_r50_fpn_1x_coco.py \\
        --sizes 128 256 320 416 --loss KDLoss DKDLoss DTDLoss
"""
import argparse
import json
import os.path as osp
import statistics
import sys
import time
import warnings

import torch

# This checkout's package, whatever `pip install -e` points at.
sys.path.insert(0, osp.dirname(osp.dirname(osp.dirname(
    osp.abspath(__file__)))))
import mmkd_teach  # noqa: F401,E402
from mmkd_teach.registry import MODELS  # noqa: E402
from mmkd_teach.testing import BATCHES, distiller_cfg  # noqa: E402
from mmkd_teach.testing.batches import DEFAULT_SIZES  # noqa: E402

STEPS = ('student', 'floor', 'distill')


CLOCKS = {'wall': time.perf_counter, 'cpu': time.process_time}


def timed(steps, repeats, warmup, device, clock='wall'):
    """Median seconds of each of ``steps`` (name -> callable) on ``clock``,
    timed in turns, the peak CUDA memory (MiB) of each, and the per-turn
    seconds on every clock."""
    for step in steps.values():
        for _ in range(warmup):
            step()
    times = {c: {name: [] for name in steps} for c in CLOCKS}
    peaks = {name: None for name in steps}
    for _ in range(repeats):
        for name, step in steps.items():
            if device.type == 'cuda':
                torch.cuda.synchronize()
                torch.cuda.reset_peak_memory_stats()
            start = {c: now() for c, now in CLOCKS.items()}
            step()
            if device.type == 'cuda':
                torch.cuda.synchronize()
                peak = torch.cuda.max_memory_allocated() / 2**20
                peaks[name] = max(peaks[name] or 0, peak)
            for c, now in CLOCKS.items():
                times[c][name].append(now() - start[c])
    medians = {name: statistics.median(t) for name, t in times[clock].items()}
    return medians, peaks, times


def build(task, loss_cfg, pair, device):
    losses = dict(distill_losses=dict(distill=loss_cfg))
    if pair is None:
        cfg = distiller_cfg(task, **losses)
    else:
        cfg = dict(
            type='Distiller',
            student=pair[0],
            teacher=pair[1],
            task=task,
            **losses)
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')  # no teacher_ckpt: random weights
        model = MODELS.build(cfg).to(device)
    model.train()
    return model


def measure(model, task, batch, size, repeats, warmup, device,
            clock='wall'):
    inputs, samples = BATCHES[task](batch, size)
    data = model.data_preprocessor(
        dict(inputs=list(inputs), data_samples=samples), True)
    student, teacher, view = model.student, model.teacher, model.view

    def backward(losses):
        total, _ = model.parse_losses(losses)
        total.backward()
        model.zero_grad(set_to_none=True)

    inputs, samples = data['inputs'], data['data_samples']

    def student_step():
        backward(student.loss(inputs, samples))

    def floor_step():
        with view.recording(student) as record:
            losses = student.loss(inputs, samples)
        with torch.no_grad():
            view.teacher_logits(teacher, inputs, record)
        backward(losses)

    def distill_step():
        backward(model.loss(inputs, samples))

    steps = dict(student=student_step, floor=floor_step, distill=distill_step)
    seconds, peaks, times = timed(steps, repeats, warmup, device, clock)
    results = {
        name: dict(seconds=seconds[name], peak_mib=peaks[name])
        for name in STEPS
    }
    results['distill/floor'] = seconds['distill'] / seconds['floor']
    results['distill/student'] = seconds['distill'] / seconds['student']
    results['times'] = times
    return results


def loss_config(text):
    """A registered loss name (``KDLoss``) or a dict expression."""
    if text.isidentifier():
        return dict(type=text)
    return eval(text, {'dict': dict})


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--tasks', nargs='+', default=list(BATCHES))
    parser.add_argument(
        '--loss',
        nargs='+',
        default=["dict(type='KDLoss', temperature=4.0)"],
        help='distillation loss configs: registered names (KDLoss) or '
        'Python dict expressions, each measured on its own')
    parser.add_argument(
        '--sizes',
        nargs='+',
        type=int,
        help='image sizes of the detection and segmentation batches '
        '(default: the toy sets\' 128 and 64)')
    parser.add_argument(
        '--pair',
        nargs=2,
        metavar=('STUDENT', 'TEACHER'),
        help='student and teacher model configs replacing the toy pair '
        '(give a single task in --tasks)')
    parser.add_argument('--batch', type=int, default=8)
    parser.add_argument('--repeats', type=int, default=20)
    parser.add_argument('--warmup', type=int, default=3)
    parser.add_argument('--device', default='cpu')
    parser.add_argument(
        '--threads',
        type=int,
        help='torch.set_num_threads (default: torch\'s own choice)')
    parser.add_argument(
        '--clock',
        choices=sorted(CLOCKS),
        default='wall',
        help='wall: elapsed time; cpu: CPU time of this process (all its '
        'threads; on a CPU shared with other jobs it counts less of their '
        'load than wall time does)')
    parser.add_argument('--out', help='write the results as json here')
    args = parser.parse_args()
    if args.pair and len(args.tasks) != 1:
        parser.error('--pair needs a single task in --tasks')
    device = torch.device(args.device)
    if args.threads:
        torch.set_num_threads(args.threads)
    loss_cfgs = [loss_config(text) for text in args.loss]

    header = ('task', 'size', 'student s', 'floor s', 'distill s',
              'distill/floor', 'distill/student', 'peak MiB (s/f/d)')
    all_results = []
    for loss_cfg in loss_cfgs:
        print(f'device {device}, batch {args.batch}, loss {loss_cfg}, median '
              f'of {args.repeats} steps ({args.clock} clock, '
              f'{torch.get_num_threads()} threads)' +
              (f', pair {args.pair[0]} <- {args.pair[1]}' if args.pair else
               ''))
        print(' | '.join(header))
        for task in args.tasks:
            torch.manual_seed(0)
            model = build(task, loss_cfg, args.pair, device)
            sizes = (args.sizes if args.sizes and task != 'cls' else
                     [DEFAULT_SIZES[task]])
            for size in sizes:
                r = measure(model, task, args.batch, size, args.repeats,
                            args.warmup, device, args.clock)
                all_results.append(dict(task=task, size=size, loss=loss_cfg,
                                        **r))
                peaks = '/'.join(
                    f"{r[k]['peak_mib']:.0f}" if r[k]['peak_mib'] is not None
                    else 'n/a' for k in STEPS)
                print(f"{task} | {size} | {r['student']['seconds']:.4f} | "
                      f"{r['floor']['seconds']:.4f} | "
                      f"{r['distill']['seconds']:.4f} | "
                      f"{r['distill/floor']:.3f} | "
                      f"{r['distill/student']:.3f} | {peaks}",
                      flush=True)
            del model
    if args.out:
        with open(args.out, 'w') as f:
            json.dump(
                dict(device=str(device), batch=args.batch,
                     repeats=args.repeats, clock=args.clock,
                     threads=torch.get_num_threads(), pair=args.pair,
                     results=all_results), f, indent=1)


if __name__ == '__main__':
    main()
