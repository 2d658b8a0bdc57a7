"""DAFA: SoKD's differentiable automatic feature augmentation (Shen et al.,
ACM MM 2024, arXiv 2409.18785; docs/methods/sokd.md), on teacher feature
maps.

A *sub-policy* is an ordered pair of distinct operations of
``feature_ops.OPERATIONS``; the policy holds

* ``weights``: one logit per sub-policy (init 1e-3), sampled with a hard
  Gumbel-softmax (temperature ``temperature``): one sub-policy per batch,
  applied as ``w_k * SP_k(x)`` with ``w_k`` = 1 in value and the soft
  sample's gradient, so every sub-policy logit gets a gradient;
* ``probability_logits``: one per operation (init logit of 0.5), shared by
  the sub-policies that use it; an operation is applied as
  ``b * op(x) + (1 - b) * x`` (one ``torch.lerp``) with ``b`` a relaxed
  Bernoulli gate (temperature ``temperature``);
* ``magnitudes``: one per operation that has one (init 0.5), clamped to
  [0, 1] straight-through; operations that are piecewise constant in the
  magnitude pass its gradient straight through (see feature_ops.py).

Per-operation (not per-sub-policy) probabilities and magnitudes keep the
learned policy small enough to read in the log. One sample (sub-policy,
gates, sign, cutout centres) serves every level of a call, so FPN levels are
augmented alike. The policy owns a seeded CPU ``torch.Generator``; its state
is saved in checkpoints by ``RandomStateHook`` (``get_random_state`` /
``set_random_state``), so a resumed run draws what the uninterrupted run
draws. Noise and permutations are drawn on the features' device from a
generator re-seeded from that stream on every call.
"""
import itertools
from typing import Dict, List, Optional, Sequence

import torch
from torch import Tensor, nn

from .feature_ops import OPERATIONS, Draw, get_operation
from .relaxations import (clamp_straight_through, gumbel_softmax_hard,
                          relaxed_bernoulli)

DEFAULT_SEED = 2409_18785


class FeatureAugmentPolicy(nn.Module):
    """Args:
        operations: names from ``feature_ops.OPERATIONS`` (default: all).
        temperature: of the Gumbel-softmax and of the relaxed Bernoulli
            gates (0.5 in the paper).
        weight_init, probability_init, magnitude_init: initial sub-policy
            logits, operation probabilities and magnitudes (1e-3, 0.5, 0.5).
        seed: of the policy's generator; ``None``: ``torch.initial_seed()``
            at build time (the run's ``randomness.seed``), which draws
            nothing from the global generators.
    """

    def __init__(self,
                 operations: Optional[Sequence[str]] = None,
                 temperature: float = 0.5,
                 weight_init: float = 1e-3,
                 probability_init: float = 0.5,
                 magnitude_init: float = 0.5,
                 seed: Optional[int] = None):
        super().__init__()
        operations = list(OPERATIONS if operations is None else operations)
        for name in operations:
            get_operation(name, 'SoKDLoss.augment.operations')
        if len(set(operations)) < 2 or len(set(operations)) != len(
                operations):
            raise ValueError('SoKDLoss.augment.operations: give at least two '
                             f'distinct operations, got {operations}')
        if not temperature > 0 or not 0 < probability_init < 1 \
                or not 0 <= magnitude_init <= 1:
            raise ValueError(
                'SoKDLoss.augment: temperature must be > 0, '
                'probability_init in (0, 1), magnitude_init in [0, 1]')
        self.operations = operations
        self.sub_policies = list(itertools.permutations(
            range(len(operations)), 2))
        self.with_magnitude = [OPERATIONS[n][1] for n in operations]
        self.temperature = temperature
        self.weights = nn.Parameter(
            torch.full((len(self.sub_policies), ), float(weight_init)))
        p = torch.tensor(float(probability_init))
        # one 0-dim parameter per operation: an operation that is not drawn
        # gets no gradient at all, so Adam's weight decay and moments leave
        # it as it is (a shared tensor would get zeros and be decayed)
        self.probability_logits = nn.ParameterDict({
            name: nn.Parameter(torch.log(p / (1 - p)))
            for name in operations
        })
        self.magnitudes = nn.ParameterDict({
            name: nn.Parameter(torch.tensor(float(magnitude_init)))
            for name, has in zip(operations, self.with_magnitude) if has
        })
        self.generator = torch.Generator()
        self.generator.manual_seed(
            torch.initial_seed() if seed is None else int(seed))
        self._device_generators: Dict[str, torch.Generator] = {}
        self.last_sub_policy: Optional[int] = None

    # -- random state (RandomStateHook) --------------------------------------
    def get_random_state(self) -> Tensor:
        return self.generator.get_state()

    def set_random_state(self, state: Tensor) -> None:
        self.generator.set_state(state)

    def _device_generator(self, device: torch.device) -> torch.Generator:
        key = str(device)
        if key not in self._device_generators:
            self._device_generators[key] = torch.Generator(device=device)
        gen = self._device_generators[key]
        gen.manual_seed(int(torch.randint(
            2**62, (1, ), generator=self.generator)))
        return gen

    # -- readable policy -----------------------------------------------------
    def sub_policy_names(self) -> List[str]:
        return [f'{self.operations[i]}+{self.operations[j]}'
                for i, j in self.sub_policies]

    def policy_state(self) -> Dict[str, Tensor]:
        """The learned policy as probabilities (detached): sub-policy
        softmax weights, operation probabilities, magnitudes in [0, 1]."""
        with torch.no_grad():
            return dict(
                weights=torch.softmax(self.weights, 0),
                probabilities=torch.sigmoid(torch.stack(
                    list(self.probability_logits.values()))),
                magnitudes=torch.stack(list(
                    self.magnitudes.values())).clamp(0, 1))

    # -- augmentation --------------------------------------------------------
    def _magnitude(self, name: str, frozen: bool) -> Tensor:
        if name not in self.magnitudes:
            return self.weights.new_zeros(())
        m = self.magnitudes[name]
        return clamp_straight_through(m.detach() if frozen else m)

    def forward(self, feats: List[Tensor], frozen: bool = False
                ) -> List[Tensor]:
        """Augment every map of ``feats`` with one sampled sub-policy.
        ``frozen``: sample with the current parameters but give them no
        gradient (after the search window)."""
        weights = self.weights.detach() if frozen else self.weights
        k, sample = gumbel_softmax_hard(weights, self.temperature,
                                        self.generator)
        self.last_sub_policy = k
        ops = [self.operations[i] for i in self.sub_policies[k]]
        prob_logits = torch.stack(
            [self.probability_logits[name] for name in ops])
        if frozen:
            prob_logits = prob_logits.detach()
        gates = relaxed_bernoulli(prob_logits, self.temperature,
                                  self.generator)
        sign = 1. if torch.rand(
            (), generator=self.generator) < 0.5 else -1.
        n = feats[0].shape[0]
        centres = torch.rand((n, 2), generator=self.generator)
        out = []
        for x in feats:
            draw = Draw(sign, centres, self._device_generator(x.device))
            for slot, name in enumerate(ops):
                fn = OPERATIONS[name][0]
                y = fn(x, self._magnitude(name, frozen), draw)
                x = torch.lerp(x, y, gates[slot].to(x.dtype))
            # the sample is 1 in value: multiplying by it only carries the
            # sub-policy logits' gradient, which a frozen policy has none of
            out.append(x if frozen else sample[k].to(x.dtype) * x)
        return out
