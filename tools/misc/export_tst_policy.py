"""Export the TST policy of a training checkpoint as JSON, for the
``mmkd_teach.TSTAugment`` pipeline transform.

    python tools/misc/export_tst_policy.py work_dirs/RUN/epoch_6.pth \
        --out tst_policy.json

(``TSTPhaseHook`` also writes ``<work_dir>/tst_policy.json`` after each search
phase and at the end of training.)
"""
import argparse
import json

import torch
from mmengine.config import Config

import mmkd_teach  # noqa: F401  (compatibility fixes)
from mmkd_teach.models.tst.export import policy_from_logits


def policy_options(checkpoint):
    """``num_ops`` and ``cutout_size`` from the config saved in the
    checkpoint (the defaults when it has none)."""
    options = dict(num_ops=4, cutout_size=0.2)
    text = checkpoint.get('meta', {}).get('cfg')
    if text:
        cfg = Config.fromstring(text, '.py')
        policy = (cfg.model.get('tst') or {}).get('policy') or {}
        options.update({k: policy[k] for k in options if k in policy})
    return options


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('checkpoint')
    parser.add_argument('--out', default='tst_policy.json')
    args = parser.parse_args()
    checkpoint = torch.load(args.checkpoint, map_location='cpu',
                            weights_only=False)
    state = checkpoint.get('state_dict', checkpoint)
    keys = ('tst.policy.prob_logits', 'tst.policy.magnitude_logits')
    missing = [k for k in keys if k not in state]
    if missing:
        raise SystemExit(f'{args.checkpoint} has no TST policy ({missing}): '
                         'was it trained with model.tst?')
    policy = policy_from_logits(state[keys[0]], state[keys[1]],
                                **policy_options(checkpoint))
    with open(args.out, 'w') as f:
        json.dump(policy, f, indent=1)
    print(f'wrote {args.out}')


if __name__ == '__main__':
    main()
