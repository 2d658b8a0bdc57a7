"""Move a batch's annotations with TST's warp (docs/methods/tst.md, dense
tasks): mmdet boxes (corners, min/max, clip, drop degenerate, with their
labels and every other per-instance field) and mmseg label maps (nearest,
outside -> ignore index). Classification samples carry no geometry."""
from typing import List, Optional

from torch import Tensor

from .geometry import to_theta, warp_boxes, warp_label_maps


def _warp_instances(instances, theta, height, width, clip_shape, min_size):
    boxes = instances.bboxes
    tensor = boxes.tensor if hasattr(boxes, 'tensor') else boxes
    moved, keep = warp_boxes(tensor, theta, height, width, clip_shape,
                             min_size)
    instances = instances[keep]
    instances.bboxes = type(boxes)(moved) if hasattr(boxes,
                                                     'tensor') else moved
    return instances


def warp_data_samples(samples: List, matrix: Optional[Tensor],
                      batch_shape, ignore_index: int = 255,
                      min_size: float = 1.0) -> List:
    """Copies of ``samples`` whose boxes and maps follow the square warp
    ``matrix`` (B, 2, 3) of the batch's ``(H, W)`` input tensor; the same
    list when ``matrix`` is None."""
    if matrix is None:
        return samples
    height, width = batch_shape
    thetas = to_theta(matrix.detach().float(), height, width)
    out = []
    for i, sample in enumerate(samples):
        sample = sample.clone()
        clip = sample.metainfo.get('img_shape')
        clip = (min(clip[0], height), min(clip[1], width)) if clip else None
        for key in ('gt_instances', 'ignored_instances'):
            instances = sample.get(key)
            if instances is not None and 'bboxes' in instances:
                setattr(sample, key,
                        _warp_instances(instances, thetas[i], height, width,
                                        clip, min_size))
        seg = sample.get('gt_sem_seg')
        if seg is not None:
            # a new map: ``clone`` is shallow, so writing into ``seg`` would
            # also warp the label map of the unaugmented sample
            data = seg.data
            theta = to_theta(matrix[i:i + 1].detach().float(),
                             data.shape[-2], data.shape[-1])
            seg = seg.clone()
            seg.data = warp_label_maps(data[None], theta, ignore_index)[0]
            sample.gt_sem_seg = seg
        out.append(sample)
    return out
