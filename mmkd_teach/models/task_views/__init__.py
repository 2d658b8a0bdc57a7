from .base import TaskView
from .classification import ClassificationView
from .items import LogitItems
from .one_stage import OneStageDetectionView
from .segmentation import SegmentationView
from .two_stage import TwoStageDetectionView

VIEWS = {
    view.task: view
    for view in (ClassificationView, SegmentationView, OneStageDetectionView,
                 TwoStageDetectionView)
}


#: the head attribute that marks each kind of model, most specific first
HEADS = {
    'two_stage': 'roi_head',
    'one_stage': 'bbox_head',
    'seg': 'decode_head',
    'cls': 'head'
}


def infer_task(model) -> str:
    """The view that fits an mm model, from the heads it has."""
    for task, head in HEADS.items():
        if hasattr(model, head):
            return task
    raise TypeError(f'cannot tell the task of {type(model).__name__}: set '
                    f'`task` to one of {sorted(VIEWS)}')


__all__ = [
    'LogitItems', 'TaskView', 'ClassificationView', 'SegmentationView',
    'OneStageDetectionView', 'TwoStageDetectionView', 'VIEWS', 'HEADS',
    'infer_task'
]
