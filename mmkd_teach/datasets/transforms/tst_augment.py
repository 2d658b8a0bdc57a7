"""A learned TST policy as an ordinary data-pipeline transform (CPU side).

``dict(type='mmkd_teach.TSTAugment', policy='tst_policy.json')`` in any
mmpretrain / mmdet / mmseg training pipeline, after loading (and resizing)
and before packing. Each call draws ``num_ops`` of the 14 operations at
random, switches each on with its learned probability, gives signed ones a
random sign, and applies the *real* operations (operations.py) in TST's
parallel form ``x~ = x + sum_k b_k (T_k(x; m_k) - x)`` with hard gates; the
geometric ones merge into one warp ``H = I + sum_k b_k (H_k - I)`` (the same
geometry as the in-model policy), which boxes (corners, min/max, clip, drop
degenerate, with their labels and flags), instance masks (bitmaps: nearest;
polygons: their vertices) and segmentation maps (nearest, outside -> ignore
index) follow.
"""
from typing import Optional, Union

import numpy as np
import torch
from mmcv.transforms import BaseTransform

from mmkd_teach.models.tst import operations
from mmkd_teach.models.tst.export import load_policy
from mmkd_teach.models.tst.geometry import (identity, to_theta, warp_boxes,
                                            warp_images, warp_label_maps,
                                            warp_points)
from mmkd_teach.registry import TRANSFORMS


@TRANSFORMS.register_module()
class TSTAugment(BaseTransform):
    """Sample a learned TST policy on one image and its annotations.

    Args:
        policy: path of the JSON written by ``TSTPhaseHook`` /
            ``tools/misc/export_tst_policy.py``, or its dict.
        num_ops: operations drawn per image (default: the policy's).
        seed: seeds a private generator, so that a run of the transform is
            reproducible on its own; None uses numpy's global state (seeded
            per worker by mmengine).
        channel_order: of ``results['img']`` (mmcv loads ``'bgr'``).
        fill: value (0-255) of pixels warped in from outside the image.
        ignore_index: label of segmentation pixels from outside the image.
        min_box_size: boxes smaller than this (pixels) are dropped.
    """

    def __init__(self, policy: Union[str, dict], num_ops: Optional[int] = None,
                 seed: Optional[int] = None, channel_order: str = 'bgr',
                 fill: float = 0., ignore_index: int = 255,
                 min_box_size: float = 1.0):
        self.policy = load_policy(policy) if isinstance(policy,
                                                        str) else policy
        self.ops = self.policy['operations']
        self.num_ops = num_ops or self.policy['num_ops']
        if channel_order not in ('bgr', 'rgb'):
            raise ValueError(f'`channel_order` must be "bgr" or "rgb", got '
                             f'{channel_order!r}')
        self.channel_order = channel_order
        self.fill = fill
        self.ignore_index = ignore_index
        self.min_box_size = min_box_size
        self.rng = np.random.default_rng(seed) if seed is not None else None

    def _random(self):
        return self.rng if self.rng is not None else np.random

    def draw(self):
        """``[(name, signed magnitude)]`` of the operations switched on."""
        rng = self._random()
        chosen = sorted(rng.choice(len(self.ops), self.num_ops,
                                   replace=False).tolist())
        out = []
        for index in chosen:
            op = self.ops[index]
            on = rng.random() < op['probability']
            sign = 1 - 2 * int(rng.integers(0, 2)) if op['signed'] else 1
            if on:
                out.append((op['name'], sign * (op['magnitude'] or 0.)))
        return out

    def transform(self, results: dict) -> dict:
        active = self.draw()
        generator = torch.Generator().manual_seed(
            int(self._random().integers(0, 2**31 - 1)))
        img = results['img']
        gray_input = img.ndim == 2
        arr = np.repeat(img[..., None], 3, 2) if gray_input else img
        if self.channel_order == 'bgr':
            arr = arr[..., ::-1]
        x = torch.from_numpy(np.ascontiguousarray(arr)).permute(
            2, 0, 1)[None].float() / 255
        out, matrix = x.clone(), identity(1)
        warped = False
        for name, v in active:
            kind = operations.BY_NAME[name].kind
            if kind == 'geometric':
                matrix = matrix + operations.geometric_matrix(name, v) - \
                    identity(1)
                warped = True
            elif kind == 'colour':
                out = out + operations.colour(name, x, v) - x
            else:
                out = out + operations.fixed(
                    name, x, self.policy['cutout_size'], generator) - x
        height, width = x.shape[2:]
        theta = to_theta(matrix, height, width)
        out = out.clamp(0, 1)
        if warped:
            out = warp_images(out, theta, fill=self.fill / 255)
        arr = (out[0].permute(1, 2, 0) * 255).round().clamp(0, 255).numpy()
        if self.channel_order == 'bgr':
            arr = arr[..., ::-1]
        arr = arr.astype(img.dtype)
        results['img'] = arr[..., 0].copy() if gray_input else \
            np.ascontiguousarray(arr)
        if warped:
            self._warp_annotations(results, theta[0], height, width)
        results['tst_ops'] = [name for name, _ in active]
        return results

    def _warp_annotations(self, results, theta, height, width):
        boxes = results.get('gt_bboxes')
        if boxes is not None:
            tensor = boxes.tensor if hasattr(boxes, 'tensor') else \
                torch.as_tensor(np.asarray(boxes, dtype=np.float32))
            moved, keep = warp_boxes(tensor.float(), theta, height, width,
                                     None, self.min_box_size)
            keep_np = keep.numpy()
            results['gt_bboxes'] = type(boxes)(moved) if hasattr(
                boxes, 'tensor') else moved.numpy().astype(np.float32)
            for key in ('gt_bboxes_labels', 'gt_ignore_flags'):
                if key in results:
                    results[key] = results[key][keep_np]
            if 'gt_masks' in results:
                masks = results['gt_masks'][np.nonzero(keep_np)[0]]
                results['gt_masks'] = self._warp_masks(masks, theta, height,
                                                       width)
        for key in set(results.get('seg_fields', [])) | {'gt_seg_map'}:
            if results.get(key) is not None:
                seg = torch.from_numpy(np.ascontiguousarray(results[key]))
                moved = warp_label_maps(seg[None, None].long(), theta[None],
                                        self.ignore_index)[0, 0]
                results[key] = moved.numpy().astype(results[key].dtype)

    @staticmethod
    def _warp_masks(masks, theta, height, width):
        from mmdet.structures.mask import BitmapMasks, PolygonMasks
        if isinstance(masks, BitmapMasks):
            data = torch.from_numpy(masks.masks).long()[:, None]
            if len(data):
                data = warp_label_maps(data, theta.expand(len(data), 2, 3), 0)
            return BitmapMasks(data[:, 0].numpy().astype(np.uint8), height,
                               width)
        if isinstance(masks, PolygonMasks):
            polygons = [[
                warp_points(torch.from_numpy(p.reshape(-1, 2)).double(),
                            theta.double(), height, width).reshape(-1).numpy()
                for p in instance
            ] for instance in masks.masks]
            return PolygonMasks(polygons, height, width)
        raise TypeError(f'TSTAugment cannot warp {type(masks).__name__}')

    def __repr__(self):
        return (f'{type(self).__name__}(num_ops={self.num_ops}, '
                f'channel_order={self.channel_order!r})')
