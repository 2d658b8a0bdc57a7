"""Knowledge Adjustment (Wen, Lai, Qian, "Preparing Lessons", Neurocomputing
2021, arXiv 1911.07471; docs/methods/preparing_lessons.md).

KA corrects the teacher only where it is wrong (``argmax z_t != y``); it
returns adjusted teacher *logits*, so every logit loss can use them.

* Probability Shift (PS): swap the teacher's logit at the label ``y`` with its
  logit at its argmax class. Swapping logits swaps the probabilities at every
  temperature: the max moves to ``y``, every other value is kept. (Not a
  top-1/top-2 swap.)
* Label smoothing (LSR): a wrong item's target becomes ``1 - eps`` at ``y``
  and ``eps / (C - 1)`` elsewhere, returned as the logits ``log p``; a
  temperature T then gives ``p^(1/T)`` renormalised.

Sigmoid items (one-stage heads): every column is its own binary problem, so
KA works per element: (item, class) is wrong when ``(z_t > 0) != (class ==
y)``. A background item (``y == C``) has target 0 in every column, so its
columns where the teacher fires (``z_t > 0``) are corrected too (choice:
background items are labelled negatives, not unlabelled). PS negates a wrong
element's logit (the swap of its two binary probabilities), i.e. gives every
element the sign of its target and keeps its size; LSR sets it to
``+-log((1 - eps) / eps)`` (the logit of ``1 - eps`` / ``eps``).
Unlabelled items (``y == -1``) and invalid items are left as they are.
"""
import math

import torch
from torch import Tensor


def _wrong_items(t_logits: Tensor, labels: Tensor, valid: Tensor) -> Tensor:
    labelled = valid & (labels >= 0) & (labels < t_logits.shape[1])
    return labelled & (t_logits.argmax(1) != labels.clamp(min=0))


def _wrong_elements(t_logits: Tensor, target: Tensor, labels: Tensor,
                    valid: Tensor) -> Tensor:
    known = (valid & (labels >= 0)).unsqueeze(1)
    return known & ((t_logits > 0) != target)


def probability_shift(t_logits: Tensor, labels: Tensor, valid: Tensor,
                      target: Tensor, activation: str = 'softmax') -> Tensor:
    """PS-adjusted teacher logits (same shape; no gradient needed)."""
    if activation == 'sigmoid':
        # Negating the wrong elements gives every element of a labelled item
        # the sign of its target (+ at its class, - elsewhere) and keeps its
        # size: a copysign, several times cheaper than torch.where on CPU.
        sign = target.to(t_logits.dtype).sub_(0.5)
        unknown = ~(valid & (labels >= 0))
        sign[unknown] = t_logits[unknown]  # left as they are
        return torch.copysign(t_logits, sign)
    wrong = _wrong_items(t_logits, labels, valid)
    rows = wrong.nonzero(as_tuple=True)[0]
    out = t_logits.clone()
    y, top = labels[rows], t_logits[rows].argmax(1)
    out[rows, y] = t_logits[rows, top]
    out[rows, top] = t_logits[rows, y]
    return out


def label_smoothing(t_logits: Tensor, labels: Tensor, valid: Tensor,
                    target: Tensor, epsilon: float = 0.1,
                    activation: str = 'softmax') -> Tensor:
    """LSR-adjusted teacher logits (log of the smoothed targets)."""
    if not 0 < epsilon < 1:
        raise ValueError(f'KA label smoothing needs 0 < epsilon < 1, got '
                         f'{epsilon}')
    if activation == 'sigmoid':
        wrong = _wrong_elements(t_logits, target, labels, valid)
        logit = math.log((1 - epsilon) / epsilon)
        smoothed = torch.where(target, logit, -logit).to(t_logits.dtype)
        return torch.where(wrong, smoothed, t_logits)
    c = t_logits.shape[1]
    if c < 2:  # a single class is never wrong
        return t_logits
    wrong = _wrong_items(t_logits, labels, valid)
    low = math.log(epsilon / (c - 1))
    smoothed = torch.full_like(t_logits, low)
    smoothed[target] = math.log(1 - epsilon)
    return torch.where(wrong.unsqueeze(1), smoothed, t_logits)
