"""The exported policy as a pipeline transform: deterministic under a seed,
boxes, masks and maps consistent with the image."""
import json

import numpy as np
import pytest
import torch

from mmkd_teach.models.tst import TSTPolicy
from mmkd_teach.models.tst.export import load_policy, policy_dict, save_policy
from mmkd_teach.registry import TRANSFORMS


def geometric_only(policy):
    for op in policy['operations']:
        op['probability'] = float(op['kind'] == 'geometric')
    policy['num_ops'] = 14
    return policy


@pytest.fixture
def policy_file(tmp_path):
    policy = TSTPolicy()
    with torch.no_grad():
        policy.prob_logits.copy_(torch.linspace(-2, 2, 14))
        policy.magnitude_logits.copy_(torch.linspace(-1, 1, 11))
    path = str(tmp_path / 'policy.json')
    save_policy(policy, path)
    return path


def image(h=48, w=64, box=(10, 12, 30, 36)):
    img = np.full((h, w, 3), 40, np.uint8)
    x1, y1, x2, y2 = box
    img[y1:y2, x1:x2] = 255
    return img


def test_export_round_trip(policy_file):
    policy = load_policy(policy_file)
    assert [op['name'] for op in policy['operations']][:2] == [
        'ShearX', 'ShearY'
    ]
    assert policy['operations'][0]['probability'] == pytest.approx(
        1 / (1 + np.exp(2)))
    assert policy['operations'][-1]['magnitude'] is None  # Cutout
    with open(policy_file, 'w') as f:
        json.dump({'format': 'other'}, f)
    with pytest.raises(ValueError, match='not a TST policy'):
        load_policy(policy_file)


def test_deterministic_under_a_seed(policy_file):
    outs = []
    for seed in (0, 0, 1):
        t = TRANSFORMS.build(
            dict(type='mmkd_teach.TSTAugment', policy=policy_file, seed=seed))
        outs.append([t(dict(img=image()))['img'] for _ in range(6)])
    assert all(np.array_equal(a, b) for a, b in zip(outs[0], outs[1]))
    assert not all(np.array_equal(a, b) for a, b in zip(outs[0], outs[2]))


def test_boxes_masks_and_maps_follow_the_image(policy_file):
    from mmdet.structures.bbox import HorizontalBoxes
    from mmdet.structures.mask import BitmapMasks, PolygonMasks
    box = (10, 12, 30, 36)
    h, w = 48, 64
    policy = geometric_only(load_policy(policy_file))
    t = TRANSFORMS.build(
        dict(type='mmkd_teach.TSTAugment', policy=policy, seed=3,
             channel_order='rgb'))
    bitmap = np.zeros((1, h, w), np.uint8)
    bitmap[0, 12:36, 10:30] = 1
    seg = np.zeros((h, w), np.uint8)
    seg[12:36, 10:30] = 1
    polygon = [np.array([10, 12, 30, 12, 30, 36, 10, 36], np.float64)]
    for _ in range(4):
        results = t(
            dict(
                img=image(h, w, box),
                gt_bboxes=HorizontalBoxes(torch.tensor([box], dtype=torch.
                                                       float32)),
                gt_bboxes_labels=np.array([3]),
                gt_ignore_flags=np.array([False]),
                gt_masks=BitmapMasks(bitmap.copy(), h, w),
                gt_seg_map=seg.copy(),
                seg_fields=['gt_seg_map']))
        assert len(results['tst_ops']) == 5  # the 5 geometric operations
        bright = results['img'][..., 0] > 150
        ys, xs = bright.nonzero()
        moved = results['gt_bboxes'].tensor[0].numpy()
        # the box is the warped corners' min/max: it bounds the bright
        # region to within a pixel (bilinear edges)
        assert xs.min() >= moved[0] - 1 and xs.max() + 1 <= moved[2] + 1
        assert ys.min() >= moved[1] - 1 and ys.max() + 1 <= moved[3] + 1
        assert results['gt_bboxes_labels'].tolist() == [3]
        # the mask and the map are the image's warp (nearest vs bilinear)
        mask = results['gt_masks'].masks[0].astype(bool)
        assert (mask != bright).mean() < 0.03
        label = results['gt_seg_map']
        assert ((label == 1) != bright).mean() < 0.03
        assert np.array_equal(label == 1, mask)
        # polygons move vertex by vertex: the box is their clipped min/max
        results = t(
            dict(
                img=image(h, w, box),
                gt_bboxes=HorizontalBoxes(torch.tensor([box], dtype=torch.
                                                       float32)),
                gt_bboxes_labels=np.array([3]),
                gt_masks=PolygonMasks([[p.copy() for p in polygon]], h, w)))
        points = results['gt_masks'].masks[0][0].reshape(-1, 2)
        lo = np.clip(points.min(0), 0, [w, h])
        hi = np.clip(points.max(0), 0, [w, h])
        assert np.allclose(np.concatenate([lo, hi]),
                           results['gt_bboxes'].tensor[0].numpy(), atol=1e-3)


def test_policy_dict_matches_the_policy():
    policy = TSTPolicy(num_ops=3)
    d = policy_dict(policy)
    assert d['num_ops'] == 3
    assert all(op['probability'] == 0.5 for op in d['operations'])


@pytest.mark.parametrize('task', ['det', 'seg', 'cls'])
def test_in_the_toy_pipelines(task, toy_data, policy_file):
    """In the shipped toy data pipelines, before packing: the real dataset
    classes load, augment and pack the samples."""
    import os.path as osp

    from mmengine.config import Config
    from mmengine.registry import DATASETS, init_default_scope

    from tests.conftest import REPO
    cfg = Config.fromfile(
        osp.join(REPO, 'configs', '_base_', 'datasets', f'toy_{task}.py'))
    init_default_scope(cfg.default_scope)
    dataset = cfg.train_dataloader.dataset
    dataset.data_root = osp.join(toy_data, task) + '/'
    dataset.pipeline = list(dataset.pipeline[:-1]) + [
        dict(type='mmkd_teach.TSTAugment', policy=policy_file, seed=0),
        dataset.pipeline[-1]
    ]
    packed = DATASETS.build(dataset)[0]
    sample = packed['data_samples']
    if task == 'det':
        boxes = sample.gt_instances.bboxes
        boxes = boxes.tensor if hasattr(boxes, 'tensor') else boxes
        assert len(boxes) == len(sample.gt_instances.labels)
        assert (boxes[:, 2:] - boxes[:, :2] >= 1).all()
    if task == 'seg':
        assert sample.gt_sem_seg.data.shape[-2:] == packed['inputs'].shape[-2:]
