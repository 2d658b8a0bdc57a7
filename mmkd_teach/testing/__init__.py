"""Small synthetic batches in each toolbox's format (tests, benchmarks)."""
from .batches import BATCHES, cls_batch, det_batch, seg_batch
from .toy_pairs import PAIRS, distiller_cfg, model_file

__all__ = [
    'BATCHES', 'cls_batch', 'det_batch', 'seg_batch', 'PAIRS', 'distiller_cfg',
    'model_file'
]
