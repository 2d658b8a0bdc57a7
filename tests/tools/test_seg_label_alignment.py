"""tools/analysis/seg_label_alignment.py: the fraction of cells a segmentor
gets wrong for each way of reading the labels."""
import os.path as osp
import sys

import torch
import torch.nn.functional as F
from torch import nn

from tests.conftest import REPO

sys.path.insert(0, osp.join(REPO, 'tools', 'analysis'))
from seg_label_alignment import wrong_fractions  # noqa: E402


class CentreOracle(nn.Module):
    """A stride-8 'segmentor' whose logits are the one-hot of the label at
    the centre of each 8x8 cell of the image (the image is the label map)."""

    def __init__(self):
        super().__init__()
        self.decode_head = nn.Identity()
        self.decode_head.ignore_index = 255

    def data_preprocessor(self, batch, training):
        return batch

    def extract_feat(self, inputs):
        centre = inputs[:, 0, 4::8, 4::8].long()
        return F.one_hot(centre, 3).permute(0, 3, 1, 2).float()


def test_the_centre_reading_matches_a_model_right_at_the_centres():
    labels = torch.zeros(1, 1, 16, 16)
    labels[..., 0:2, :] = 1  # the top rows of each cell row differ
    labels[..., 8:10, :] = 2
    sample = type('Sample', (), {})()
    sample.gt_sem_seg = type('Pixels', (), {'data': labels[0]})()
    batch = dict(inputs=labels.repeat(1, 3, 1, 1), data_samples=[sample])
    fractions = wrong_fractions(CentreOracle(), [batch, batch], batches=1)
    assert fractions['centre (nearest-exact)'] == 0
    assert fractions['corner (nearest)'] == 1  # every cell reads row 0 or 8
    # every cell predicts class 0: wrong on rows 0-1 and 8-9 of 16
    assert fractions['full resolution'] == 0.25
