"""TST: learned, differentiable data augmentation (METHODS.md section 4)."""
from .policy import NAMES, TSTPolicy
from .tst import TST

__all__ = ['NAMES', 'TST', 'TSTPolicy']
