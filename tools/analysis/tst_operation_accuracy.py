"""What TST's search sees: for each of its 14 operations at the policy's
magnitude, the teacher's and the student's accuracy on transformed
validation images (docs/methods/tst.md).

    python tools/analysis/tst_operation_accuracy.py CONFIG [CHECKPOINT] \\
        [--policy WORK_DIR/tst_policy.json | --magnitude 0.5] \\
        [--batches N] [--out ops.json] [--cfg-options k=v ...]

CONFIG is a distillation config (its teacher is read from ``teacher_ckpt``);
CHECKPOINT a distiller checkpoint or a student-only one (without it the
student is the config's). Classification: top-1; segmentation: pixel
accuracy against label maps that follow the geometric operations. The real
operations are applied (mmkd_teach/models/tst/operations.py), each alone, at
``+m`` and ``-m`` for the signed ones. A row where both models drop far
below ``none`` is an operation that does not keep the label on these
images; a row where the teacher holds and the student drops is what TST's
search looks for.
"""
import argparse
import json
from typing import Dict, List, Optional, Tuple

import torch
from mmengine.config import Config, DictAction
from mmengine.registry import init_default_scope
from mmengine.runner import Runner

import mmkd_teach  # noqa: F401  (compatibility fixes, registries)
from mmkd_teach.models.distillers.config_checks import load_checkpoint_state
from mmkd_teach.models.tst import operations
from mmkd_teach.models.tst.data_samples import warp_data_samples
from mmkd_teach.models.tst.export import load_policy
from mmkd_teach.models.tst.tst import preprocessor_is_bgr, to_unit
from mmkd_teach.registry import MODELS

TASKS = ('cls', 'seg')


def build_distiller(cfg: Config, checkpoint: Optional[str] = None):
    """The distiller of ``cfg`` in eval mode, ``checkpoint`` loaded into its
    student (a distiller's ``student.*`` keys or a plain student state)."""
    model = MODELS.build(cfg.model)
    if checkpoint:
        state = load_checkpoint_state(checkpoint, 'checkpoint')
        prefix = 'student.'
        if any(k.startswith(prefix) for k in state):
            state = {k[len(prefix):]: v for k, v in state.items()
                     if k.startswith(prefix)}
        model.student.load_state_dict(state)
    if model.view.task not in TASKS:
        raise SystemExit(f'{model.view.task}: this tool scores '
                         f'{" and ".join(TASKS)} only')
    return model.eval()


def magnitudes(policy: Optional[str], magnitude: float) -> Dict[str, float]:
    """The magnitude in [0, 1] of each learned operation: the policy's, or
    ``magnitude`` for all."""
    if policy is None:
        return {name: magnitude for name in operations.LEARNED}
    return {op['name']: op['magnitude']
            for op in load_policy(policy)['operations']
            if op['magnitude'] is not None}


def variants(mags: Dict[str, float]) -> List[Tuple[str, str, float]]:
    """``(row label, operation or None, signed magnitude)``: no operation
    first, then every operation (both signs of the signed ones)."""
    rows = [('none', None, 0.0)]
    for op in operations.OPERATIONS:
        if op.kind == 'fixed':
            rows.append((op.name, op.name, 0.0))
        elif op.signed:
            m = mags[op.name]
            rows += [(f'{op.name} +{m:.2f}', op.name, m),
                     (f'{op.name} -{m:.2f}', op.name, -m)]
        else:
            rows.append((f'{op.name} {mags[op.name]:.2f}', op.name,
                         mags[op.name]))
    return rows


def ignore_index(model) -> int:
    """The label of pixels that count for nothing (the student's decode
    head's; 255 without one)."""
    return getattr(getattr(model.student, 'decode_head', None),
                   'ignore_index', 255)


def transform(model, inputs, samples, name: Optional[str], v: float):
    """The normalised batch with operation ``name`` applied at ``v`` and the
    samples whose label maps follow a geometric one."""
    if name is None:
        return inputs, samples
    preprocessor = model.data_preprocessor
    unit, back = to_unit(preprocessor, inputs,
                         preprocessor_is_bgr(preprocessor))
    out = back(operations.apply(name, unit, v))
    if operations.BY_NAME[name].kind == 'geometric':
        matrix = operations.geometric_matrix(name, v, inputs.shape[0])
        samples = warp_data_samples(samples, matrix.to(inputs),
                                    inputs.shape[-2:], ignore_index(model))
    return out, samples


def correct(task: str, predicted, ignore_index: int = 255) -> Tuple[int, int]:
    """``(right, counted)`` over a batch's predicted data samples."""
    right = total = 0
    for sample in predicted:
        if task == 'cls':
            right += int(sample.pred_label.view(-1)[0] ==
                         sample.gt_label.view(-1)[0])
            total += 1
        else:
            pred = sample.pred_sem_seg.data.view(-1)
            gt = sample.gt_sem_seg.data.view(-1).to(pred)
            keep = gt != ignore_index
            right += int((pred[keep] == gt[keep]).sum())
            total += int(keep.sum())
    return right, total


@torch.no_grad()
def operation_accuracy(model, loader, rows, batches: Optional[int] = None):
    """``[{operation, magnitude, teacher, student}]`` in percent."""
    task, ignore = model.view.task, ignore_index(model)
    counts = {label: {'teacher': [0, 0], 'student': [0, 0]}
              for label, _, _ in rows}
    for i, batch in enumerate(loader):
        if batches is not None and i >= batches:
            break
        data = model.data_preprocessor(batch, False)
        for label, name, v in rows:
            inputs, samples = transform(model, data['inputs'],
                                        data['data_samples'], name, v)
            for side in ('teacher', 'student'):
                net = getattr(model, side)
                predicted = net.predict(inputs,
                                        [s.clone() for s in samples])
                right, total = correct(task, predicted, ignore)
                counts[label][side][0] += right
                counts[label][side][1] += total
    return [dict(operation=label, magnitude=v,
                 **{side: 100.0 * r / max(t, 1)
                    for side, (r, t) in counts[label].items()})
            for label, _, v in rows]


def markdown(results: List[dict], task: str) -> str:
    metric = 'top-1' if task == 'cls' else 'pixel accuracy'
    base = results[0]
    lines = [f'| operation | teacher {metric} | student {metric} | '
             'teacher - none | student - none |', '| --- | --- | --- | --- | '
             '--- |']
    for r in results:
        lines.append(
            f"| {r['operation']} | {r['teacher']:.2f} | {r['student']:.2f} "
            f"| {r['teacher'] - base['teacher']:+.2f} | "
            f"{r['student'] - base['student']:+.2f} |")
    return '\n'.join(lines)


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('config')
    parser.add_argument('checkpoint', nargs='?')
    parser.add_argument('--policy', help='a tst_policy.json: its magnitudes')
    parser.add_argument(
        '--magnitude', type=float, default=0.5,
        help='the magnitude of every operation without --policy (default '
        '%(default)s: the initial policy)')
    parser.add_argument('--batches', type=int,
                        help='validation batches to use (default: all)')
    parser.add_argument('--out', help='write the rows to this JSON file')
    parser.add_argument('--cfg-options', nargs='+', action=DictAction)
    args = parser.parse_args(argv)
    if not 0 <= args.magnitude <= 1:
        parser.error('--magnitude must be in [0, 1]')
    return args


def main(argv=None) -> List[dict]:
    args = parse_args(argv)
    cfg = Config.fromfile(args.config)
    if args.cfg_options:
        cfg.merge_from_dict(args.cfg_options)
    init_default_scope(cfg.get('default_scope', 'mmengine'))
    model = build_distiller(cfg, args.checkpoint)
    loader = Runner.build_dataloader(cfg.val_dataloader)
    rows = variants(magnitudes(args.policy, args.magnitude))
    results = operation_accuracy(model, loader, rows, args.batches)
    print(markdown(results, model.view.task))
    if args.out:
        with open(args.out, 'w') as f:
            json.dump(results, f, indent=1)
    return results


if __name__ == '__main__':
    main()
