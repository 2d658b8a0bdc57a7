from .dkd_loss import DKDLoss
from .dtd_loss import DTDLoss
from .fitnet import FitNetLoss
from .generous_teacher_loss import GenerousTeacherLoss
from .kd_loss import KDLoss
from .sokd_loss import SoKDLoss

__all__ = ['DKDLoss', 'DTDLoss', 'FitNetLoss', 'GenerousTeacherLoss', 'KDLoss',
           'SoKDLoss']
