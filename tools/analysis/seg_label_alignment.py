"""How often a trained segmentor looks wrong at its logit resolution,
depending on where the label of each logit cell is read.

    python tools/analysis/seg_label_alignment.py CONFIG CHECKPOINT \
        [--batches 6] [--cfg-options ...]

Prints the fraction of labelled cells whose argmax differs from the label
read at the cell's corner (``nearest``), at its centre (``nearest-exact``,
what mmkd_teach's segmentation view reads) and, for reference, at full
resolution (logits upsampled bilinearly, as mmseg scores them). Label-aware
losses (Knowledge Adjustment, DKD's target split, Generous Teacher) act on
the cells the teacher gets wrong, so a misread label changes what they teach.
"""
import argparse

import torch
import torch.nn.functional as F
from mmengine.config import Config, DictAction
from mmengine.runner import Runner, load_checkpoint, set_random_seed

import mmkd_teach  # noqa: F401  (compat fixes)
from mmkd_teach.models.task_views.segmentation import labels_at, pixels
from mmseg.registry import MODELS
from mmseg.utils import register_all_modules


def wrong_fractions(model, loader, batches):
    """{reading: fraction of labelled cells the model gets wrong}; the
    centre reading is the segmentation view's own ``labels_at``."""
    counts = {}
    ignore = model.decode_head.ignore_index
    with torch.no_grad():
        for i, batch in enumerate(loader):
            if i == batches:
                break
            data = model.data_preprocessor(batch, True)
            logits = model.decode_head(model.extract_feat(data['inputs']))
            gt = torch.stack([s.gt_sem_seg.data for s in data['data_samples']])
            size = logits.shape[-2:]
            full = F.interpolate(logits, gt.shape[-2:], mode='bilinear',
                                 align_corners=False)
            readings = {
                'corner (nearest)': (logits, F.interpolate(
                    gt.float(), size, mode='nearest').long().view(-1)),
                'centre (nearest-exact)': (logits, labels_at(gt, size)),
                'full resolution': (full, gt.long().view(-1))}
            for name, (scores, labels) in readings.items():
                valid = labels != ignore
                wrong = (pixels(scores).argmax(1) != labels) & valid
                total = counts.setdefault(name, [0, 0])
                total[0] += wrong.sum().item()
                total[1] += valid.sum().item()
    return {name: w / max(n, 1) for name, (w, n) in counts.items()}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('config')
    parser.add_argument('checkpoint')
    parser.add_argument('--batches', type=int, default=6,
                        help='training batches to read (default 6)')
    parser.add_argument('--cfg-options', nargs='+', action=DictAction)
    args = parser.parse_args()
    register_all_modules(init_default_scope=True)
    cfg = Config.fromfile(args.config)
    if args.cfg_options:
        cfg.merge_from_dict(args.cfg_options)
    # the train pipeline's random transforms draw from Python, numpy and
    # torch; seed all three so the figures repeat
    set_random_seed(0)
    model = MODELS.build(cfg.model)
    load_checkpoint(model, args.checkpoint, map_location='cpu')
    model.eval()
    loader_cfg = cfg.train_dataloader.copy()
    loader_cfg.update(num_workers=0, persistent_workers=False)
    loader = Runner.build_dataloader(loader_cfg, seed=0)
    for name, fraction in wrong_fractions(model, loader,
                                          args.batches).items():
        print(f'{name:24s} {100 * fraction:6.2f} % of labelled cells wrong')


if __name__ == '__main__':
    main()
