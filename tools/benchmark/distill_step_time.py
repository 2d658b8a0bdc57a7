"""Cost of a distillation training step, per task, against its floor.

The floor is what any teacher-student step must pay: the student's forward
and backward on its task loss plus the teacher's forward without gradient.
All three are measured in the same run on the same toy batch:

* ``student``: ``student.loss`` + backward;
* ``floor``:  ``student`` + the teacher's forward as far as the distillation
  losses need (its logits), under ``no_grad``;
* ``distill``: the Distiller's ``loss`` (student task losses, teacher, task
  view, distillation losses) + backward.

    python tools/benchmark/distill_step_time.py [--tasks ...] [--loss KDLoss]
        [--repeats 20] [--batch 8] [--device cuda] [--out results.json]

Reports the median time of each, the ratios distill/floor and
distill/student, and, on CUDA, the peak memory of each.
"""
import argparse
import json
import statistics
import time

import torch

import mmkd_teach  # noqa: F401
from mmkd_teach.registry import MODELS
from mmkd_teach.testing import BATCHES, distiller_cfg


def timed(step, repeats, device):
    """Median seconds of ``step()`` and its peak CUDA memory (MiB)."""
    for _ in range(3):  # warm-up
        step()
    times = []
    if device.type == 'cuda':
        torch.cuda.synchronize()
        torch.cuda.reset_peak_memory_stats()
    for _ in range(repeats):
        start = time.perf_counter()
        step()
        if device.type == 'cuda':
            torch.cuda.synchronize()
        times.append(time.perf_counter() - start)
    peak = (torch.cuda.max_memory_allocated() / 2**20
            if device.type == 'cuda' else None)
    return statistics.median(times), peak


def measure(task, loss_cfg, batch, repeats, device):
    model = MODELS.build(
        distiller_cfg(task, distill_losses=dict(distill=loss_cfg))).to(device)
    model.train()
    inputs, samples = BATCHES[task](batch)
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

    results = {}
    for name, step in (('student', student_step), ('floor', floor_step),
                       ('distill', distill_step)):
        seconds, peak = timed(step, repeats, device)
        results[name] = dict(seconds=seconds, peak_mib=peak)
    results['distill/floor'] = (
        results['distill']['seconds'] / results['floor']['seconds'])
    results['distill/student'] = (
        results['distill']['seconds'] / results['student']['seconds'])
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--tasks', nargs='+', default=list(BATCHES))
    parser.add_argument(
        '--loss',
        default="dict(type='KDLoss', temperature=4.0)",
        help='distillation loss config, as a Python dict expression')
    parser.add_argument('--batch', type=int, default=8)
    parser.add_argument('--repeats', type=int, default=20)
    parser.add_argument('--device', default='cpu')
    parser.add_argument('--out', help='write the results as json here')
    args = parser.parse_args()
    device = torch.device(args.device)
    loss_cfg = eval(args.loss, {'dict': dict})

    print(f'device {device}, batch {args.batch}, loss {loss_cfg}, median of '
          f'{args.repeats} steps')
    header = ('task', 'student s', 'floor s', 'distill s', 'distill/floor',
              'distill/student', 'peak MiB (s/f/d)')
    print(' | '.join(header))
    all_results = {}
    for task in args.tasks:
        torch.manual_seed(0)
        r = measure(task, loss_cfg, args.batch, args.repeats, device)
        all_results[task] = r
        peaks = '/'.join(
            f"{r[k]['peak_mib']:.0f}" if r[k]['peak_mib'] is not None else
            'n/a' for k in ('student', 'floor', 'distill'))
        print(f"{task} | {r['student']['seconds']:.4f} | "
              f"{r['floor']['seconds']:.4f} | {r['distill']['seconds']:.4f} | "
              f"{r['distill/floor']:.3f} | {r['distill/student']:.3f} | "
              f'{peaks}', flush=True)
    if args.out:
        with open(args.out, 'w') as f:
            json.dump(
                dict(device=str(device), batch=args.batch, loss=loss_cfg,
                     results=all_results), f, indent=1)


if __name__ == '__main__':
    main()
