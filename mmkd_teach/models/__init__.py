from .distillers import *  # noqa: F401,F403
from .losses import *  # noqa: F401,F403
from .tst import *  # noqa: F401,F403
