"""Cost of TST's steps against a plain KD step, per task (one run).

* ``kd``: the Distiller's ``loss`` with KD (no TST) + backward;
* ``distill``: the same Distiller with TST in its distillation stage (the
  student sees ``[A(x); x]``) + backward;
* ``search``: TST's search step: augmented batch, the student (eval mode)
  and the teacher forward, the search loss, its gradient to the policy and
  the policy's SGD step.

    python tools/benchmark/tst_step_time.py [--tasks cls seg ...]
        [--batch 8] [--repeats 10] [--threads 1] [--clock cpu]
        [--out results.json]

Reports the median seconds and the ratios search/kd (TST's target <= 3)
and distill/kd (target <= 2.2). The steps are timed in turns (see
distill_step_time.py for the clocks and why ``--threads 1 --clock cpu`` is
the stable measure on a shared CPU).
"""
import argparse
import importlib.util
import json
import os.path as osp
import sys
import warnings

import torch

REPO = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
sys.path.insert(0, REPO)
import mmkd_teach  # noqa: F401,E402
from mmkd_teach.engine.optimizers import \
    DistillerOptimWrapperConstructor  # noqa: E402
from mmkd_teach.registry import MODELS  # noqa: E402
from mmkd_teach.testing import BATCHES, distiller_cfg  # noqa: E402

_spec = importlib.util.spec_from_file_location(
    'distill_step_time', osp.join(osp.dirname(__file__),
                                  'distill_step_time.py'))
_step_time = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_step_time)

KD = dict(type='KDLoss', temperature=4.0)


def build(task, device, tst):
    cfg = distiller_cfg(task, distill_losses=dict(kd=KD),
                        **(dict(tst=dict(type='TST')) if tst else {}))
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')  # random teacher weights
        model = MODELS.build(cfg).to(device)
    return model.train()


def measure(task, batch, repeats, warmup, device, clock):
    kd_model = build(task, device, tst=False)
    tst_model = build(task, device, tst=True)
    wrappers = DistillerOptimWrapperConstructor(
        dict(student=dict(optimizer=dict(type='SGD', lr=0.01)),
             tst=dict(optimizer=dict(type='SGD', lr=0.01, momentum=0.9))))(
                 tst_model)
    inputs, samples = BATCHES[task](batch)
    data = dict(inputs=list(inputs), data_samples=samples)
    pre = kd_model.data_preprocessor(dict(data), True)

    def backward(model, losses):
        total, _ = model.parse_losses(losses)
        total.backward()
        model.zero_grad(set_to_none=True)

    def kd_step():
        backward(kd_model, kd_model.loss(pre['inputs'], pre['data_samples']))

    def distill_step():
        tst_model.tst.phase = 'distill'
        backward(tst_model, tst_model.loss(pre['inputs'],
                                           pre['data_samples']))

    def search_step():
        tst_model.tst.phase = 'search'
        tst_model.train_step(dict(data), wrappers)
        tst_model.tst.phase = 'distill'

    steps = dict(kd=kd_step, distill=distill_step, search=search_step)
    seconds, _, times = _step_time.timed(steps, repeats, warmup, device,
                                         clock)
    return dict(seconds=seconds, times=times,
                ratios={'search/kd': seconds['search'] / seconds['kd'],
                        'distill/kd': seconds['distill'] / seconds['kd']})


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--tasks', nargs='+', default=list(BATCHES))
    parser.add_argument('--batch', type=int, default=8)
    parser.add_argument('--repeats', type=int, default=10)
    parser.add_argument('--warmup', type=int, default=2)
    parser.add_argument('--device', default='cpu')
    parser.add_argument('--threads', type=int)
    parser.add_argument('--clock', choices=sorted(_step_time.CLOCKS),
                        default='wall')
    parser.add_argument('--out')
    args = parser.parse_args()
    if args.threads:
        torch.set_num_threads(args.threads)
    device = torch.device(args.device)
    results = {}
    print(f"{'task':10s} {'kd s':>8s} {'distill s':>10s} {'search s':>9s} "
          f"{'distill/kd':>10s} {'search/kd':>9s}")
    for task in args.tasks:
        torch.manual_seed(0)
        r = measure(task, args.batch, args.repeats, args.warmup, device,
                    args.clock)
        results[task] = r
        s = r['seconds']
        print(f"{task:10s} {s['kd']:8.3f} {s['distill']:10.3f} "
              f"{s['search']:9.3f} {r['ratios']['distill/kd']:10.2f} "
              f"{r['ratios']['search/kd']:9.2f}", flush=True)
    if args.out:
        with open(args.out, 'w') as f:
            json.dump(results, f, indent=1)


if __name__ == '__main__':
    main()
