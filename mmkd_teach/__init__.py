"""mmkd_teach: distil a teacher into a student with OpenMMLab.

Importing the package applies the compatibility fixes (``compat.py``) and
registers every model, loss, hook and optimiser constructor.
"""
from . import compat

compat.apply()

from . import datasets, engine, models  # noqa: E402,F401

__version__ = '0.1.0'
