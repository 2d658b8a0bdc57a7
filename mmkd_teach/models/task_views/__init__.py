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


def infer_task(model) -> str:
    """The view that fits an mm model, from the heads it has."""
    if hasattr(model, 'roi_head'):
        return 'two_stage'
    if hasattr(model, 'bbox_head'):
        return 'one_stage'
    if hasattr(model, 'decode_head'):
        return 'seg'
    if hasattr(model, 'head'):
        return 'cls'
    raise TypeError(f'cannot tell the task of {type(model).__name__}: set '
                    f'`task` to one of {sorted(VIEWS)}')


__all__ = [
    'LogitItems', 'TaskView', 'ClassificationView', 'SegmentationView',
    'OneStageDetectionView', 'TwoStageDetectionView', 'VIEWS', 'infer_task'
]
