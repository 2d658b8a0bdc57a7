"""The toy teacher/student model configs of ``configs/_base_/models`` (read
from a source checkout: ``pip install -e .``)."""
import os.path as osp

MODELS_DIR = osp.join(
    osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__)))), 'configs',
    '_base_', 'models')

# task -> (student model config, teacher model config)
PAIRS = {
    'cls': ('toy_resnet18_w4_cls.py', 'toy_resnet18_w16_cls.py'),
    'seg': ('toy_pspnet_r18w8-d8_seg.py', 'toy_pspnet_r18w32-d8_seg.py'),
    'one_stage': ('toy_retinanet_r18w8_det.py', 'toy_retinanet_r18w32_det.py'),
    'two_stage': ('toy_faster-rcnn_r18w8_det.py',
                  'toy_faster-rcnn_r18w32_det.py'),
}


def model_file(name: str) -> str:
    return osp.join(MODELS_DIR, name)


def distiller_cfg(pair: str, **kwargs) -> dict:
    """A Distiller config for the toy ``pair``; kwargs are added to it."""
    student, teacher = PAIRS[pair]
    cfg = dict(
        type='Distiller',
        student=model_file(student),
        teacher=model_file(teacher))
    cfg.update(kwargs)
    return cfg
