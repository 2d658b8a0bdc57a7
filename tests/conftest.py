"""Shared fixtures: small synthetic batches in each toolbox's format, and
builders for the toy teacher/student pairs of configs/_base_/models."""
import os
import os.path as osp
import warnings

import pytest
import torch
from mmengine.structures import InstanceData, PixelData

import mmkd_teach  # noqa: F401

REPO = osp.dirname(osp.dirname(osp.abspath(__file__)))
MODELS_DIR = osp.join(REPO, 'configs', '_base_', 'models')

warnings.filterwarnings('ignore', category=UserWarning)
torch.set_num_threads(max(1, min(2, os.cpu_count() or 1)))

# task -> (student model file, teacher model file)
PAIRS = {
    'cls': ('toy_resnet18_w8_cls.py', 'toy_resnet18_w32_cls.py'),
    'seg': ('toy_pspnet_r18w8-d8_seg.py', 'toy_pspnet_r18w32-d8_seg.py'),
    'one_stage': ('toy_retinanet_r18w8_det.py', 'toy_retinanet_r18w32_det.py'),
    'two_stage': ('toy_faster-rcnn_r18w8_det.py',
                  'toy_faster-rcnn_r18w32_det.py'),
}


def model_file(name):
    return osp.join(MODELS_DIR, name)


def distiller_cfg(pair, **kwargs):
    student, teacher = PAIRS[pair]
    cfg = dict(
        type='Distiller',
        student=model_file(student),
        teacher=model_file(teacher))
    cfg.update(kwargs)
    return cfg


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


def preprocess(model, task, training=True):
    inputs, samples = BATCHES[task]()
    return model.data_preprocessor(
        dict(inputs=list(inputs), data_samples=samples), training)


@pytest.fixture(scope='session')
def toy_data(tmp_path_factory):
    """The --small toy sets (det, seg, cls) generated once per session."""
    from mmkd_teach.toy_data import make_all_small
    root = tmp_path_factory.mktemp('toy')
    make_all_small(str(root), seed=0)
    return str(root)
