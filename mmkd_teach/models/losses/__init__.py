from .dkd_loss import DKDLoss
from .fitnet import FitNetLoss
from .kd_loss import KDLoss

__all__ = ['DKDLoss', 'FitNetLoss', 'KDLoss']
