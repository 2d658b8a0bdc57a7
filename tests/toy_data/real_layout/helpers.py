"""The dataset settings of a shipped real config, pointed at a folder."""
import glob
import os.path as osp

from mmengine.config import Config

from tests.conftest import REPO


def real_dataset_cfg(suffix: str, split: str, data_root: str):
    """``{split}_dataloader.dataset`` of the first shipped KD config whose
    name ends in ``suffix``, with ``data_root`` replaced (the rest, the
    pipeline included, is the upstream config's own)."""
    path = sorted(glob.glob(osp.join(REPO, 'configs', 'kd', f'*{suffix}')))[0]
    cfg = Config.fromfile(path)
    dataset = cfg[f'{split}_dataloader'].dataset
    dataset.data_root = data_root
    return dataset
