from .dafa import FeatureAugmentPolicy
from .dam import DistinctiveAreaHead, box_masks, find_peaks
from .feature_ops import OPERATIONS

__all__ = [
    'FeatureAugmentPolicy', 'DistinctiveAreaHead', 'box_masks', 'find_peaks',
    'OPERATIONS'
]
