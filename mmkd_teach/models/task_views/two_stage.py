"""Two-stage detection view: one item per sampled RoI of the student's RoI
head (mmdet Faster R-CNN and other ``StandardRoIHead`` detectors).

The teacher's RoI head classifies the very RoIs that the student sampled
(its backbone+neck, RoI extractor and bbox head only: no teacher RPN, no
teacher sampling). Softmax over ``C + 1`` columns; the background is the last
column and a class like any other. RoIs with label weight 0 are invalid.
"""
from contextlib import ExitStack, contextmanager

from .base import TaskView
from .items import LogitItems
from ..utils import record_calls


class TwoStageDetectionView(TaskView):
    task = 'two_stage'

    def head_of(self, model):
        return model.roi_head.bbox_head

    def check_pair(self, student, teacher):
        from mmdet.models.roi_heads import StandardRoIHead
        for key, model in (('student', student), ('teacher', teacher)):
            if not isinstance(model.roi_head, StandardRoIHead):
                raise TypeError(
                    f'model.{key}: the two-stage view needs a '
                    f'StandardRoIHead, got {type(model.roi_head).__name__}')
        super().check_pair(student, teacher)

    @contextmanager
    def recording(self, student):
        with ExitStack() as stack:
            roi_head = student.roi_head
            yield {
                'forward': stack.enter_context(
                    record_calls(roi_head, '_bbox_forward')),
                'targets': stack.enter_context(
                    record_calls(roi_head.bbox_head, 'get_targets')),
            }

    def teacher_logits(self, teacher, inputs, record):
        args = record['forward'][-1][0]
        rois = args[1]
        feats = teacher.extract_feat(inputs)
        return teacher.roi_head._bbox_forward(feats, rois)['cls_score']

    def items(self, record, teacher_out, data_samples, student):
        s_logits = record['forward'][-1][2]['cls_score']
        labels, label_weights = record['targets'][-1][2][:2]
        valid = label_weights > 0
        return LogitItems(s_logits, teacher_out, labels, valid, 'softmax')
