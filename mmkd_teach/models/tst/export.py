"""The learned policy as JSON: what ``mmkd_teach.TSTAugment`` (the CPU
pipeline transform) and the plotting tools read.

``{"format": "mmkd_teach.tst_policy/1", "num_ops": 4, "cutout_size": 0.2,
"operations": [{"name", "kind", "signed", "probability", "magnitude"}]}``,
with ``probability = sigmoid(theta_p)`` and ``magnitude = sigmoid(theta_m)``
in [0, 1] (``null`` for the fixed operations).
"""
import json

import torch

from . import operations

FORMAT = 'mmkd_teach.tst_policy/1'


def policy_from_logits(prob_logits, magnitude_logits, num_ops: int = 4,
                       cutout_size: float = 0.2) -> dict:
    probs = torch.sigmoid(torch.as_tensor(prob_logits).float()).tolist()
    mags = dict(
        zip(operations.LEARNED,
            torch.sigmoid(torch.as_tensor(magnitude_logits).float()).tolist()))
    return {
        'format': FORMAT,
        'num_ops': int(num_ops),
        'cutout_size': float(cutout_size),
        'operations': [{
            'name': op.name,
            'kind': op.kind,
            'signed': op.signed,
            'probability': p,
            'magnitude': mags.get(op.name)
        } for op, p in zip(operations.OPERATIONS, probs)]
    }


def policy_dict(policy) -> dict:
    """The JSON dict of a :class:`TSTPolicy`."""
    return policy_from_logits(policy.prob_logits.detach().cpu(),
                              policy.magnitude_logits.detach().cpu(),
                              policy.num_ops, policy.cutout_size)


def save_policy(policy, path: str) -> None:
    with open(path, 'w') as f:
        json.dump(policy_dict(policy), f, indent=1)


def load_policy(path: str) -> dict:
    with open(path) as f:
        policy = json.load(f)
    if policy.get('format') != FORMAT:
        raise ValueError(f'{path!r} is not a TST policy ({FORMAT}); export '
                         'one with tools/misc/export_tst_policy.py')
    names = [op['name'] for op in policy['operations']]
    unknown = sorted(set(names) - set(operations.BY_NAME))
    if unknown:
        raise ValueError(f'{path!r}: unknown operations {unknown}')
    return policy
