"""Each task view aligns teacher and student items with the student's own
labels (checked against a direct, independent computation)."""
import torch
import torch.nn.functional as F
from torch import nn

from mmkd_teach.registry import MODELS
from mmkd_teach.models.task_views import LogitItems
from mmkd_teach.models.task_views.segmentation import labels_at
from tests.conftest import distiller_cfg, preprocess


@MODELS.register_module(force=True)
class KeepItemsLoss(nn.Module):
    input_kind = 'logits'
    last = None

    def forward(self, items):
        KeepItemsLoss.last = items
        return items.student.sum() * 0


def run(pair):
    model = MODELS.build(
        distiller_cfg(pair, distill_losses=dict(keep=dict(type='KeepItemsLoss'))))
    model.train()
    data = preprocess(model, pair)
    model(**data, mode='loss')
    return model, data, KeepItemsLoss.last


def test_classification_items():
    model, data, items = run('cls')
    with torch.no_grad():
        teacher = model.teacher.head(model.teacher.extract_feat(data['inputs']))
    assert torch.allclose(items.teacher, teacher)
    assert items.labels.tolist() == [0, 1, 2, 3]
    assert items.valid.all()


def test_segmentation_items_follow_ignore_index():
    model, data, items = run('seg')
    gt = torch.stack([s.gt_sem_seg.data for s in data['data_samples']])
    h, w = 64 // 8, 128 // 8
    labels = gt[:, 0, 4::8, 4::8].reshape(-1)  # the centre of each 8x8 cell
    assert items.student.shape == (2 * h * w, 19)
    assert torch.equal(items.valid, labels != 255)
    assert torch.equal(items.labels[items.valid], labels[labels != 255])
    assert (items.labels[~items.valid] == -1).all()
    with torch.no_grad():
        t = model.teacher.decode_head(
            model.teacher.extract_feat(data['inputs']))
    assert torch.allclose(items.teacher,
                          t.permute(0, 2, 3, 1).reshape(-1, 19))


def test_segmentation_labels_are_read_at_the_cell_centres():
    # Each 8x8 cell: class 1, but its top-left 2x2 corner is class 5, which
    # is what plain nearest resizing would read.
    gt = torch.ones(1, 1, 16, 24, dtype=torch.long)
    gt[:, :, 0::8, 0::8] = gt[:, :, 1::8, 0::8] = 5
    gt[:, :, 0::8, 1::8] = gt[:, :, 1::8, 1::8] = 5
    assert labels_at(gt, (2, 3)).tolist() == [1] * 6
    assert F.interpolate(gt.float(), (2, 3)).unique().tolist() == [5.0]
    # Cells of an odd size: the centre pixel (index floor((i + 0.5) * 3)).
    gt = torch.arange(9).view(1, 1, 9, 1)
    assert labels_at(gt, (3, 1)).tolist() == [1, 4, 7]


def test_one_stage_items_use_the_students_assignment():
    model, data, items = run('one_stage')
    head = model.student.bbox_head
    c = head.num_classes  # the toy models' 5 shapes
    sizes = [(128 // s)**2 for s in (8, 16, 32, 64)]
    per_image = sum(sizes) * head.num_base_priors
    assert items.student.shape == (2 * per_image, c)
    assert items.activation == 'sigmoid'
    positives = (items.labels >= 0) & (items.labels < c)
    # Both boxes of both images got anchors of their own class.
    assert set(items.labels[positives].tolist()) == {0, 2}
    background = items.labels == c
    assert (positives | background | ~items.valid).all()
    # Teacher logits: the same anchors, in the same order.
    with torch.no_grad():
        scores = model.teacher.bbox_head(
            model.teacher.extract_feat(data['inputs']))[0]
    first = scores[0][0].permute(1, 2, 0).reshape(-1, c)
    assert torch.allclose(items.teacher[:first.shape[0]], first)


def test_two_stage_items_are_the_students_rois():
    model, data, items = run('two_stage')
    c = model.student.roi_head.bbox_head.num_classes
    assert items.student.shape[1] == c + 1  # the classes + background
    assert items.activation == 'softmax'
    assert ((items.labels >= 0) & (items.labels <= c)).all()
    assert (items.labels == c).any() and (items.labels < c).any()


def test_items_validate_shapes():
    import pytest
    with pytest.raises(ValueError, match='activation'):
        LogitItems(torch.zeros(2, 3), torch.zeros(2, 3),
                   torch.zeros(2, dtype=torch.long),
                   torch.ones(2, dtype=torch.bool), 'relu')
    with pytest.raises(ValueError, match=r'\(N, C\)'):
        LogitItems(torch.zeros(2, 3), torch.zeros(2, 4),
                   torch.zeros(2, dtype=torch.long),
                   torch.ones(2, dtype=torch.bool))
    items = LogitItems(torch.zeros(3, 3), torch.zeros(3, 3),
                       torch.tensor([0, 3, -1]),
                       torch.tensor([True, True, False]), 'sigmoid')
    assert items.target_mask().tolist() == [[True, False, False],
                                            [False] * 3, [False] * 3]
