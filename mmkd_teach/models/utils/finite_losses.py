"""Stop (or skip) a training step whose loss is NaN or infinite."""
import logging
from typing import Dict, List

import torch
from mmengine.logging import MessageHub, print_log

NONFINITE_ACTIONS = ('raise', 'skip')


class NonFiniteLossError(FloatingPointError):
    """A loss term was NaN or infinite: the step was not applied."""


def nonfinite_terms(log_vars: Dict[str, torch.Tensor]) -> List[str]:
    """The names of the loss terms (keys with ``loss``, as summed by
    ``parse_losses``; the total ``loss`` last) that are not finite."""
    names = [k for k in log_vars if 'loss' in k and k != 'loss'] + ['loss']
    values = torch.stack([log_vars[k].detach().float() for k in names])
    bad = (~torch.isfinite(values)).tolist()  # one device sync
    return [name for name, b in zip(names, bad) if b]


def check_finite(log_vars: Dict[str, torch.Tensor], action: str) -> bool:
    """True when every loss term is finite. Otherwise, names the terms and
    the iteration (1-based, as the log counts) and raises
    :class:`NonFiniteLossError` (``action='raise'``) or warns and returns
    False (``action='skip'``: the caller skips the step)."""
    bad = nonfinite_terms(log_vars)
    if not bad:
        return True
    hub = MessageHub.get_current_instance()
    where = (f'iteration {int(hub.get_info("iter", 0) or 0) + 1} '
             f'(epoch {int(hub.get_info("epoch", 0) or 0) + 1})')
    terms = ', '.join(f'{k}={float(log_vars[k]):g}' for k in bad)
    if action == 'skip':
        print_log(f'non-finite loss at {where}: {terms}; step skipped '
                  '(model.nonfinite_loss="skip")', logger='current',
                  level=logging.WARNING)
        return False
    raise NonFiniteLossError(
        f'non-finite loss at {where}: {terms}. The step was not applied; '
        'resume from the last checkpoint (e.g. with a lower learning rate '
        'or loss weight), or set model.nonfinite_loss="skip" to skip such '
        'steps')
