"""One-stage detection view: one item per anchor/point of every FPN level
(mmdet RetinaNet, FCOS, GFL, ATSS and other ``AnchorHead``s).

Labels are the student's own target assignment, recorded from its head's
``get_targets`` during its ``loss()``: ``0 <= label < C`` for positives,
``label == C`` for background; anchors whose label weight is 0 (ignored or
outside the image) are invalid. Sigmoid heads have no background column, so
their items use ``activation='sigmoid'`` (see ``items.py``); heads with
``use_sigmoid_cls=False`` have ``C + 1`` softmax columns, background last.
"""
from contextlib import ExitStack, contextmanager

import torch

from .base import TaskView
from .items import LogitItems
from ..utils import record_calls


def dense_targets(head, result, num_images):
    """(labels, label_weights or None) per level, each (B, n_level)."""
    from mmdet.models.dense_heads import (AnchorFreeHead, AnchorHead,
                                          ATSSHead, GFLHead)
    if isinstance(head, (ATSSHead, GFLHead)):
        labels, weights = result[1], result[2]
    elif isinstance(head, AnchorHead):
        labels, weights = result[0], result[1]
    elif isinstance(head, AnchorFreeHead):  # FCOS: per level, images-major
        labels, weights = result[0], None
    else:
        raise TypeError(f'{type(head).__name__} is not supported by the '
                        'one-stage view (AnchorHead, ATSSHead, GFLHead and '
                        'AnchorFreeHead subclasses are)')
    labels = [lvl.reshape(num_images, -1) for lvl in labels]
    if weights is not None:
        weights = [lvl.reshape(num_images, -1) for lvl in weights]
    return labels, weights


def positions(cls_score):
    """(B, A*C, H, W) -> (B, H*W, A*C), a view (no copy)."""
    return cls_score.flatten(2).transpose(1, 2)


def flat_items(scores, num_columns):
    """The FPN levels' scores as one (B * sum_l H_l*W_l*A, C) tensor in the
    order of mmdet's priors (image, level, position, anchor), made by one
    copy: the levels share A*C columns, so their transposed views are
    concatenated along the position axis and the result is split into
    anchors by a view."""
    return torch.cat([positions(x) for x in scores],
                     1).reshape(-1, num_columns)


class OneStageDetectionView(TaskView):
    task = 'one_stage'

    def head_of(self, model):
        return model.bbox_head

    def activation_of(self, model):
        return 'sigmoid' if model.bbox_head.use_sigmoid_cls else 'softmax'

    @contextmanager
    def recording(self, student):
        with ExitStack() as stack:
            head = student.bbox_head
            yield {
                'forward': stack.enter_context(record_calls(head, 'forward')),
                'targets': stack.enter_context(
                    record_calls(head, 'get_targets')),
            }

    def teacher_logits(self, teacher, inputs, record):
        return teacher.bbox_head(teacher.extract_feat(inputs))[0]

    def items(self, record, teacher_out, data_samples, student):
        head = student.bbox_head
        s_scores = record['forward'][-1][2][0]
        labels, weights = dense_targets(head, record['targets'][-1][2],
                                        len(data_samples))
        columns = head.cls_out_channels
        if len(teacher_out) != len(s_scores):
            raise ValueError(f'teacher has {len(teacher_out)} FPN levels and '
                             f'student {len(s_scores)}: they must match')
        shapes = [tuple(x.shape) for x in s_scores]
        if [tuple(x.shape) for x in teacher_out] != shapes:
            raise ValueError(
                f'teacher head gives scores of shapes '
                f'{[tuple(x.shape) for x in teacher_out]} and the student '
                f'head {shapes} (B, A*C, H, W per level): use the same '
                'anchor/point generator and strides in both bbox_head configs')
        labels = torch.cat(labels, 1).reshape(-1)
        valid = (torch.cat(weights, 1).reshape(-1) > 0
                 if weights is not None else torch.ones_like(labels).bool())
        labels = torch.where(valid, labels, torch.full_like(labels, -1))
        return LogitItems(
            flat_items(s_scores, columns), flat_items(teacher_out, columns),
            labels, valid, self.activation)
