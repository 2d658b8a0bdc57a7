"""Classification view: one item per image (mmpretrain ImageClassifier)."""
from contextlib import contextmanager

import torch

from .base import TaskView
from .items import LogitItems
from ..utils import record_calls


class ClassificationView(TaskView):
    task = 'cls'

    def head_of(self, model):
        return model.head

    @contextmanager
    def recording(self, student):
        with record_calls(student.head, 'forward') as calls:
            record = {'calls': calls}
            yield record

    def teacher_logits(self, teacher, inputs, record):
        return teacher.head(teacher.extract_feat(inputs))

    def items(self, record, teacher_out, data_samples, student):
        logits = record['calls'][-1][2]
        labels = torch.full((logits.shape[0], ), -1, dtype=torch.long,
                            device=logits.device)
        for i, sample in enumerate(data_samples):
            # Mixed/soft labels (gt_score only) leave the item unlabelled.
            gt = sample.get('gt_label')
            if gt is not None and gt.numel() == 1:
                labels[i] = gt.view(-1)[0]
        valid = torch.ones_like(labels, dtype=torch.bool)
        return LogitItems(logits, teacher_out, labels, valid, 'softmax')
