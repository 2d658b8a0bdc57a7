"""Checks of a loss's options, used by the loss classes in ``__init__``.

Convention: a bad option raises :class:`TypeError` (wrong type) or
:class:`ValueError` (wrong value) made by :func:`option_error`, whose message
is ``'<Loss>.<option>: <what is wrong and what would be right>'`` and which
carries ``option`` and ``problem`` attributes, so that the distiller can
re-raise it under the config key (``model.distill_losses.<name>.<option>``).
"""
import inspect
import math
from numbers import Real
from typing import Optional, Sequence

from torch import nn


def option_error(owner: str, option: str, problem: str,
                 kind: type = ValueError) -> Exception:
    """``kind('<owner>.<option>: <problem>')`` with ``option`` and
    ``problem`` attributes."""
    error = kind(f'{owner}.{option}: {problem}')
    error.option, error.problem = option, problem
    return error


def _range_text(low, low_open, high, high_open) -> str:
    if low is not None and high is not None:
        return (f"in {'(' if low_open else '['}{low}, {high}"
                f"{')' if high_open else ']'}")
    if low is not None:
        return f"{'>' if low_open else '>='} {low}"
    if high is not None:
        return f"{'<' if high_open else '<='} {high}"
    return ''


def check_number(owner: str, option: str, value, low: Optional[float] = None,
                 low_open: bool = False, high: Optional[float] = None,
                 high_open: bool = False) -> float:
    """``float(value)`` if ``value`` is a real number (not a bool or a
    string) in the range; else an option error."""
    wanted = ' '.join(['a number', _range_text(low, low_open, high,
                                               high_open)]).strip()
    if not isinstance(value, Real) or isinstance(value, bool):
        raise option_error(owner, option, f'must be {wanted}, got '
                           f'{value!r} ({type(value).__name__})', TypeError)
    value = float(value)
    too_low = low is not None and (value <= low if low_open else value < low)
    too_high = high is not None and (value >= high
                                     if high_open else value > high)
    if too_low or too_high or not math.isfinite(value):
        raise option_error(owner, option, f'must be {wanted}, got {value}')
    return value


def check_int(owner: str, option: str, value, low: Optional[int] = None,
              low_open: bool = False, high: Optional[int] = None,
              none_ok: bool = False, note: str = ''):
    """``value`` if it is an int (not a bool) in the range, or None where
    ``none_ok``; else an option error (a ValueError; ``note`` follows the
    range in its message)."""
    if none_ok and value is None:
        return value
    if not isinstance(value, int) or isinstance(value, bool) or (
            low is not None and (value <= low if low_open else value < low)
    ) or (high is not None and value > high):
        wanted = ' '.join(['an int', _range_text(low, low_open, high,
                                                 False)]).strip()
        raise option_error(owner, option,
                           f'must be {"None or " if none_ok else ""}'
                           f'{wanted}{note}, got {value!r}')
    return value


def check_choice(owner: str, option: str, value, choices: Sequence):
    """``value`` if it is one of ``choices``; else an option error."""
    if value not in choices:
        raise option_error(owner, option, f'must be one of {tuple(choices)}, '
                           f'got {value!r}')
    return value


def check_bool(owner: str, option: str, value) -> bool:
    if not isinstance(value, bool):
        raise option_error(owner, option, f'must be True or False, got '
                           f'{value!r}', TypeError)
    return value


def check_keys(owner: str, option: str, value: dict, allowed,
               kind: type = ValueError) -> None:
    """An option error (of ``kind``) naming the keys of the dict ``value``
    that are not ``allowed``."""
    unknown = sorted(set(value) - set(allowed))
    if unknown:
        raise option_error(owner, option, f'unknown {option} keys {unknown}; '
                           f'expected keys among {sorted(allowed)}', kind)


def keyword_options(cls: type) -> Optional[set]:
    """The keyword options of ``cls`` (through ``**kwargs`` to its bases);
    None when they cannot be told (a ``**kwargs`` that reaches no base)."""
    options = set()
    for klass in cls.__mro__:
        if klass is nn.Module:  # takes no options
            return options
        if '__init__' not in vars(klass):
            continue
        params = inspect.signature(klass.__init__).parameters.values()
        options |= {p.name for p in params if p.kind in (
            p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY) and p.name != 'self'}
        if not any(p.kind == p.VAR_KEYWORD for p in params):
            return options
    return None
