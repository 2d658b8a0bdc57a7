"""Turn a distiller checkpoint into a student-only one that plain mmdet,
mmseg or mmpretrain loads (``load_from=``, ``init_cfg``, ``tools/test.py``)."""
from collections import OrderedDict
from typing import Dict

import torch

PREFIX = 'student.'


def student_state_dict(state_dict: Dict[str, torch.Tensor]) -> OrderedDict:
    """The ``student.*`` entries with the prefix removed."""
    state_dict = {k.removeprefix('module.'): v for k, v in state_dict.items()}
    student = OrderedDict((k[len(PREFIX):], v) for k, v in state_dict.items()
                          if k.startswith(PREFIX))
    if not student:
        raise KeyError('the checkpoint has no `student.` weights: is it a '
                       'mmkd_teach distiller checkpoint?')
    return student


def export_student(src: str, dst: str) -> str:
    """Write the student of checkpoint ``src`` to ``dst``."""
    from mmengine.runner.checkpoint import _load_checkpoint
    checkpoint = _load_checkpoint(src, map_location='cpu')
    meta = dict(checkpoint.get('meta', {}))
    meta['exported_from'] = src
    torch.save({
        'meta': meta,
        'state_dict': student_state_dict(checkpoint['state_dict'])
    }, dst)
    return dst
