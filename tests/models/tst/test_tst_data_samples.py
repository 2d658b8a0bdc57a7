"""warp_data_samples moves the copies' label maps and boxes and leaves the
samples it was given as they were (TST trains on [A(x); x]: the clean half
keeps its own labels)."""
import torch
from mmdet.structures import DetDataSample
from mmengine.structures import InstanceData, PixelData
from mmseg.structures import SegDataSample

from mmkd_teach.models.tst import operations
from mmkd_teach.models.tst.data_samples import warp_data_samples


def seg_sample():
    labels = torch.zeros(1, 16, 16, dtype=torch.long)
    labels[:, :, :8] = 3
    sample = SegDataSample()
    sample.gt_sem_seg = PixelData(data=labels)
    return sample


def det_sample():
    sample = DetDataSample(metainfo=dict(img_shape=(16, 16)))
    sample.gt_instances = InstanceData(
        bboxes=torch.tensor([[2., 2., 6., 6.]]), labels=torch.tensor([1]))
    return sample


def test_the_given_samples_keep_their_labels():
    shift = operations.geometric_matrix('TranslateX', 0.5, 2)
    samples = [seg_sample(), det_sample()]
    before_map = samples[0].gt_sem_seg.data.clone()
    before_boxes = samples[1].gt_instances.bboxes.clone()
    moved = warp_data_samples(samples, shift, (16, 16))
    assert torch.equal(samples[0].gt_sem_seg.data, before_map)
    assert torch.equal(samples[1].gt_instances.bboxes, before_boxes)
    assert not torch.equal(moved[0].gt_sem_seg.data, before_map)
    assert not torch.equal(moved[1].gt_instances.bboxes, before_boxes)
    assert moved[0] is not samples[0] and moved[1] is not samples[1]


def test_no_warp_returns_the_samples():
    samples = [seg_sample()]
    assert warp_data_samples(samples, None, (16, 16)) is samples
