"""TST's augmentation policy: probabilities and magnitudes of 14 operations
(docs/methods/tst.md; TST section 3.2).

``theta_p`` (one logit per operation) and ``theta_m`` (one per operation
with a magnitude), both 0 at start, are the only learned parameters;
``m = sigmoid(theta_m)``. Each call draws one policy for the whole batch:
``num_ops`` operations picked at random, a relaxed Bernoulli gate ``b_k``
(temperature 0.05) for each, a random sign for signed magnitudes, and
applies them in parallel through the frozen approximators:

* ``'residual'`` (classification): ``x~ = x + sum_k b_k (T_k(x; m_k) - x)``;
* ``'merged'`` (dense tasks): the colour and fixed operations as above, then
  one warp ``H = I + sum_k b_k (H_k - I)`` of the geometric ones, returned so
  that boxes and label maps follow it.
"""
from typing import Dict, List, NamedTuple, Optional

import torch
from torch import Tensor, nn

from ..losses.options import check_int, check_number
from . import operations
from .geometry import compose_residual, identity, to_theta, warp_images
from .pretrained import WEIGHTS, load_approximators
from .relaxed import relaxed_bernoulli

NAMES = tuple(op.name for op in operations.OPERATIONS)


def drift(values) -> float:
    """The mean absolute change of policy values (probabilities or
    magnitudes) from the initial policy's, where every logit is 0 and so
    every value 0.5."""
    values = list(values)
    return sum(abs(v - 0.5) for v in values) / len(values)


class Draw(NamedTuple):
    """One policy draw: chosen operations, their gates and signs."""
    ops: List[int]
    gates: Tensor  # (K,)
    signs: Tensor  # (K,)


class TSTPolicy(nn.Module):
    """Learned probabilities and magnitudes over frozen approximators."""

    def __init__(self, num_ops: int = 4, temperature: float = 0.05,
                 cutout_size: float = 0.2, weights: str = WEIGHTS,
                 sha256: Optional[str] = None):
        super().__init__()
        check_int('TSTPolicy', 'num_ops', num_ops, 1, high=len(NAMES))
        check_number('TSTPolicy', 'temperature', temperature, 0,
                     low_open=True)
        # 0: Cutout cuts nothing
        check_number('TSTPolicy', 'cutout_size', cutout_size, 0, high=1)
        self.num_ops = num_ops
        self.temperature = temperature
        self.cutout_size = cutout_size
        self.prob_logits = nn.Parameter(torch.zeros(len(NAMES)))
        self.magnitude_logits = nn.Parameter(
            torch.zeros(len(operations.LEARNED)))
        self.approximators = nn.ModuleDict(load_approximators(weights, sha256))
        # frozen outside TST's search step (see TST.learning)
        self.requires_grad_(False)

    # -- the learned values ---------------------------------------------------
    def probabilities(self) -> Dict[str, float]:
        p = torch.sigmoid(self.prob_logits.detach()).tolist()
        return dict(zip(NAMES, p))

    def drift(self) -> Dict[str, float]:
        """How far the policy moved from its start: :func:`drift` of its
        probabilities and of its magnitudes."""
        return dict(probability=drift(self.probabilities().values()),
                    magnitude=drift(self.magnitudes().values()))

    def magnitudes(self) -> Dict[str, float]:
        m = torch.sigmoid(self.magnitude_logits.detach()).tolist()
        return dict(zip(operations.LEARNED, m))

    def train(self, mode: bool = True):
        super().train(mode)
        self.approximators.eval()  # frozen networks
        return self

    # -- drawing and applying -------------------------------------------------
    def draw(self, generator: Optional[torch.Generator] = None) -> Draw:
        ops = torch.randperm(len(NAMES), generator=generator)[:self.num_ops]
        ops = sorted(ops.tolist())
        gates = relaxed_bernoulli(self.prob_logits[ops], self.temperature,
                                  generator)
        signs = torch.randint(0, 2, (len(ops), ), generator=generator) * 2 - 1
        signed = torch.tensor([operations.OPERATIONS[i].signed for i in ops])
        signs = torch.where(signed, signs, torch.ones_like(signs))
        return Draw(ops, gates, signs.to(gates))

    def magnitude(self, index: int, sign: Tensor, batch: int) -> Tensor:
        m = torch.sigmoid(
            self.magnitude_logits[operations.LEARNED.index(NAMES[index])])
        return (sign * m).expand(batch)

    def forward(self, x: Tensor, geometric: str = 'residual',
                draw: Optional[Draw] = None,
                generator: Optional[torch.Generator] = None):
        """Augment ``(B, 3, H, W)`` RGB images in [0, 1].

        Returns ``(x~, matrix)``: ``matrix`` is the batch's merged square
        warp (B, 2, 3) in ``'merged'`` mode (see geometry.py), else None.
        """
        if geometric not in ('residual', 'merged'):
            raise ValueError(f'`geometric` must be "residual" or "merged", '
                             f'got {geometric!r}')
        draw = self.draw(generator) if draw is None else draw
        batch = x.shape[0]
        out = x
        matrices, geo_gates = [], []
        for k, index in enumerate(draw.ops):
            name = NAMES[index]
            gate = draw.gates[k]
            op = operations.OPERATIONS[index]
            if op.kind == 'fixed':
                with torch.no_grad():
                    y = operations.fixed(name, x, self.cutout_size, generator)
            else:
                approximator = self.approximators[name]
                v = self.magnitude(index, draw.signs[k], batch)
                if op.kind == 'geometric' and geometric == 'merged':
                    matrices.append(approximator.matrix(v))
                    geo_gates.append(gate)
                    continue
                y = approximator(x, v)
            out = out + gate * (y - x)
        if geometric == 'residual':
            return out, None
        if not matrices:  # no warp drawn: nothing to resample
            return out, identity(batch, x.device, x.dtype)
        matrix = compose_residual(torch.stack(matrices),
                                  torch.stack(geo_gates))
        theta = to_theta(matrix, x.shape[2], x.shape[3])
        return warp_images(out, theta), matrix
