"""The SoKD loss terms of a config at initialisation, on one synthetic batch.

Builds each config's Distiller with a randomly initialised teacher (seeded),
runs one loss step on a batch of ``mmkd_teach.testing.BATCHES`` and prints
``loss_feat``, ``loss_dam`` (L_D), ``loss_da`` (L_DA) and ``loss_aug``: the
scales that the weights of configs/sokd/README.md ("Dense defaults") were
set from. Example::

    python tools/analysis/sokd_initial_losses.py \\
        cls=configs/sokd/fitnet-sokd_resnet18w16_to_resnet18w4_960i_toycls.py
"""
import argparse

import torch
from mmengine.config import Config
from mmengine.logging import MessageHub

import mmkd_teach  # noqa: F401  (registers everything)
from mmkd_teach.registry import MODELS
from mmkd_teach.testing import BATCHES

TERMS = ('loss_feat', 'loss_dam', 'loss_da', 'loss_aug')


def initial_terms(config: str, task: str, seed: int = 0) -> dict:
    cfg = Config.fromfile(config)
    cfg.model.teacher_ckpt = None
    torch.manual_seed(seed)
    model = MODELS.build(cfg.model)
    model.train()
    inputs, samples = BATCHES[task](2)
    data = model.data_preprocessor(
        dict(inputs=list(inputs), data_samples=samples), True)
    losses = model(**data, mode='loss')
    return {term: float(value) for key, value in losses.items()
            for term in TERMS if key.endswith('.' + term)}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('configs', nargs='+', metavar='TASK=CONFIG',
                        help=f'task of {sorted(BATCHES)} and a SoKD config')
    parser.add_argument('--seed', type=int, default=0)
    args = parser.parse_args()
    MessageHub.get_instance('sokd_initial_losses')
    print('| config | ' + ' | '.join(TERMS) + ' |')
    print('|---' * (len(TERMS) + 1) + '|')
    for item in args.configs:
        task, _, config = item.partition('=')
        if task not in BATCHES or not config:
            parser.error(f'{item!r}: give TASK=CONFIG, TASK one of '
                         f'{sorted(BATCHES)}')
        terms = initial_terms(config, task, args.seed)
        print(f'| {config} | ' + ' | '.join(
            f'{terms[t]:.3f}' for t in TERMS) + ' |')


if __name__ == '__main__':
    main()
