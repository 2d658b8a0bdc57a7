"""DAM's peaks and box masks on hand-made heatmaps, and its head."""
import pytest
import torch

from mmkd_teach.models.augment import (DistinctiveAreaHead, box_masks,
                                       find_peaks)


def heatmap_with(peaks, h=8, w=8):
    hm = torch.zeros(1, 1, h, w)
    for y, x, v in peaks:
        hm[0, 0, y, x] = v
    return hm


def test_known_peaks_in_score_order():
    hm = heatmap_with([(1, 1, 0.9), (5, 6, 0.7), (6, 2, 0.5)])
    scores, index, valid = find_peaks(hm, 3)
    assert scores[0].tolist() == pytest.approx([0.9, 0.7, 0.5])
    assert index[0].tolist() == [1 * 8 + 1, 5 * 8 + 6, 6 * 8 + 2]
    assert valid.all()


def test_neighbours_are_suppressed():
    # 0.8 next to 0.9 is not a peak; 0.6 two pixels away is
    hm = heatmap_with([(3, 3, 0.9), (3, 4, 0.8), (3, 6, 0.6)])
    scores, index, valid = find_peaks(hm, 2)
    assert index[0].tolist() == [3 * 8 + 3, 3 * 8 + 6]
    assert valid.all()


def test_k_larger_than_the_peaks_and_the_map():
    hm = heatmap_with([(2, 2, 0.9)], h=4, w=8)
    _, index, valid = find_peaks(hm, 5)
    assert valid[0].tolist() == [True, False, False, False, False]
    _, index, valid = find_peaks(hm, 100)  # more than H * W
    assert index.shape[1] == 32 and int(valid.sum()) == 1
    with pytest.raises(ValueError, match='k must be > 0'):
        find_peaks(hm, 0)


def test_box_masks_from_centre_offset_and_size():
    hm = heatmap_with([(2, 3, 0.9), (6, 6, 0.5)])
    size = torch.zeros(1, 2, 8, 8)
    size[0, :, 2, 3] = torch.tensor([3., 1.])  # 3 wide, 1 high
    offset = torch.full((1, 2, 8, 8), 0.5)  # centres on pixel centres
    masks = box_masks(hm, size, offset, k=3)
    assert masks.shape == (1, 3, 8, 8)
    first = torch.zeros(8, 8)
    first[2, 2:5] = 1
    assert torch.equal(masks[0, 0], first)
    second = torch.zeros(8, 8)
    second[6, 6] = 1  # size below one pixel: the peak's pixel
    assert torch.equal(masks[0, 1], second)
    assert masks[0, 2].sum() == 0  # no third peak: empty


def test_head_outputs():
    head = DistinctiveAreaHead(16, 8)
    out = head(torch.randn(2, 16, 6, 7))
    assert out['heatmap'].shape == (2, 1, 6, 7)
    assert ((out['heatmap'] > 0) & (out['heatmap'] < 1)).all()
    assert out['size'].shape == out['offset'].shape == (2, 2, 6, 7)


def test_head_is_three_conv3x3_relu_conv1x1_branches():
    """The fused 3x3 conv computes the three branches of the DAM
    (docs/methods/sokd.md)."""
    torch.manual_seed(0)
    head = DistinctiveAreaHead(16, 8)
    x = torch.randn(2, 16, 6, 7)
    out = head(x)
    weights = head.hidden.weight.split(8)
    biases = head.hidden.bias.split(8)
    for slot, key in enumerate(('heatmap', 'size', 'offset')):
        hidden = torch.relu(torch.nn.functional.conv2d(
            x, weights[slot], biases[slot], padding=1))
        branch = getattr(head, key)(hidden)
        if key == 'heatmap':
            branch = torch.sigmoid(branch)
        assert torch.allclose(out[key], branch, atol=1e-6)
    assert head.heatmap.bias.item() == pytest.approx(-2.1972, abs=1e-4)
