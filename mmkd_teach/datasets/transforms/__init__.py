from .tst_augment import TSTAugment

__all__ = ['TSTAugment']
