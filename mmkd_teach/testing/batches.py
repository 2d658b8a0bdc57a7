"""Synthetic batches: random images with fixed labels, in the data-sample
types of mmpretrain, mmseg and mmdet, for the toy model pairs."""
import torch
from mmengine.structures import InstanceData, PixelData


def det_batch(n=2, size=128):
    from mmdet.structures import DetDataSample
    gen = torch.Generator().manual_seed(0)
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
            bboxes=torch.tensor([[10., 10., 60., 70.], [70., 50., 120.,
                                                         110.]]),
            labels=torch.tensor([0, 2]))
        samples.append(s)
    return torch.rand(n, 3, size, size, generator=gen) * 255, samples


def seg_batch(n=2):
    from mmseg.structures import SegDataSample
    gen = torch.Generator().manual_seed(0)
    samples = []
    for _ in range(n):
        s = SegDataSample()
        s.set_metainfo(
            dict(img_shape=(64, 128), ori_shape=(64, 128),
                 pad_shape=(64, 128)))
        label = torch.randint(0, 19, (1, 64, 128), generator=gen)
        label[:, :8] = 255
        s.gt_sem_seg = PixelData(data=label)
        samples.append(s)
    return torch.rand(n, 3, 64, 128, generator=gen) * 255, samples


def cls_batch(n=4):
    from mmpretrain.structures import DataSample
    gen = torch.Generator().manual_seed(0)
    return (torch.rand(n, 3, 32, 32, generator=gen) * 255,
            [DataSample().set_gt_label(i % 10) for i in range(n)])


BATCHES = {
    'cls': cls_batch,
    'seg': seg_batch,
    'one_stage': det_batch,
    'two_stage': det_batch
}
