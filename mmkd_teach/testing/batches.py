"""Synthetic batches: random images with fixed labels, in the data-sample
types of mmpretrain, mmseg and mmdet, for the toy model pairs.

Each builder takes the batch size ``n`` and an image ``size``: the side of
the square detection images (boxes scale with it), the height of the 1:2
segmentation images (the top eighth is ignore index), the side of the
classification images. The defaults are the toy sets' sizes (128, 64 ->
64x128, 32) and give the same tensors as before the option existed.
"""
import torch
from mmengine.structures import InstanceData, PixelData

#: the default ``size`` of each task's batch
DEFAULT_SIZES = {'cls': 32, 'seg': 64, 'one_stage': 128, 'two_stage': 128}


def det_batch(n=2, size=128):
    from mmdet.structures import DetDataSample
    gen = torch.Generator().manual_seed(0)
    boxes = torch.tensor([[10., 10., 60., 70.], [70., 50., 120., 110.]])
    if size != 128:
        boxes = boxes * (size / 128)
    samples = []
    for i in range(n):
        s = DetDataSample()
        s.set_metainfo(
            dict(
                img_shape=(size, size),
                ori_shape=(size, size),
                pad_shape=(size, size),
                batch_input_shape=(size, size),
                scale_factor=(1., 1.)))
        s.gt_instances = InstanceData(
            bboxes=boxes.clone(), labels=torch.tensor([0, 2]))
        samples.append(s)
    return torch.rand(n, 3, size, size, generator=gen) * 255, samples


def seg_batch(n=2, size=64):
    from mmseg.structures import SegDataSample
    gen = torch.Generator().manual_seed(0)
    h, w = size, 2 * size
    samples = []
    for _ in range(n):
        s = SegDataSample()
        s.set_metainfo(dict(img_shape=(h, w), ori_shape=(h, w),
                            pad_shape=(h, w)))
        label = torch.randint(0, 19, (1, h, w), generator=gen)
        label[:, :h // 8] = 255
        s.gt_sem_seg = PixelData(data=label)
        samples.append(s)
    return torch.rand(n, 3, h, w, generator=gen) * 255, samples


def cls_batch(n=4, size=32):
    from mmpretrain.structures import DataSample
    gen = torch.Generator().manual_seed(0)
    return (torch.rand(n, 3, size, size, generator=gen) * 255,
            [DataSample().set_gt_label(i % 10) for i in range(n)])


BATCHES = {
    'cls': cls_batch,
    'seg': seg_batch,
    'one_stage': det_batch,
    'two_stage': det_batch
}
