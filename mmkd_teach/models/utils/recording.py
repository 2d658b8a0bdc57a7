"""Record what a model computes, without changing how it computes it.

* :func:`record_calls` wraps one bound method of one object for the duration
  of a ``with`` block and keeps each call's arguments and result; it is how
  task views read the head outputs and the target assignment that the
  student's own ``loss()`` computes (no second forward, no second assignment).
* :class:`FeatureTaps` records the outputs of named submodules (forward hooks)
  for feature losses; a wrong name fails at build time with the nearest
  valid names.
"""
import difflib
from contextlib import contextmanager
from typing import Dict, Iterable, List

from torch import nn


@contextmanager
def record_calls(obj, method: str):
    """Yield a list that receives ``(args, kwargs, result)`` of every call of
    ``obj.<method>`` inside the block; the method is restored afterwards."""
    own = obj.__dict__.get(method)  # an instance attribute to put back
    original = getattr(obj, method)
    calls: List[tuple] = []

    def recorded(*args, **kwargs):
        result = original(*args, **kwargs)
        calls.append((args, kwargs, result))
        return result

    setattr(obj, method, recorded)
    try:
        yield calls
    finally:
        if own is None:
            del obj.__dict__[method]
        else:
            obj.__dict__[method] = own


def check_module_names(model: nn.Module, names: Iterable[str],
                       key: str) -> None:
    """Raise a KeyError naming ``key`` if a module name is not in ``model``."""
    available = dict(model.named_modules())
    for name in names:
        if name not in available:
            near = difflib.get_close_matches(name, available, n=5, cutoff=0.5)
            hint = (f' Nearest valid names: {near}.' if near else
                    ' Valid names look like: '
                    f'{[n for n in list(available)[1:8]]}.')
            raise KeyError(f'{key}: the model has no module {name!r}.{hint}')


class FeatureTaps:
    """Forward hooks that keep the latest output of named modules."""

    def __init__(self, model: nn.Module, names: Iterable[str], key: str):
        self.names = list(dict.fromkeys(names))
        check_module_names(model, self.names, key)
        self.outputs: Dict[str, object] = {}
        modules = dict(model.named_modules())
        self._handles = [
            modules[name].register_forward_hook(self._hook(name))
            for name in self.names
        ]

    def _hook(self, name):

        def keep(module, args, output):
            self.outputs[name] = output

        return keep

    def pop(self) -> Dict[str, object]:
        """The outputs recorded since the last pop."""
        outputs, self.outputs = self.outputs, {}
        return outputs

    def remove(self):
        for handle in self._handles:
            handle.remove()
