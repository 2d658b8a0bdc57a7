"""TST: learned, differentiable data augmentation (docs/methods/tst.md)."""
from .policy import NAMES, TSTPolicy
from .tst import TST

__all__ = ['NAMES', 'TST', 'TSTPolicy']
