"""The policy: identity with its gates off, gradients to every parameter,
one draw per batch."""
import torch

from mmkd_teach.models.tst import NAMES, TSTPolicy
from mmkd_teach.models.tst.policy import Draw
from mmkd_teach.models.tst.pretrained import random_images


def images(n=4, size=24, seed=0):
    return random_images(n, size, torch.Generator().manual_seed(seed))


def all_ops(policy, gates):
    return Draw(list(range(len(NAMES))), gates, torch.ones(len(NAMES)))


def test_gates_off_is_the_identity():
    policy = TSTPolicy(num_ops=len(NAMES))
    x = images()
    for mode in ('residual', 'merged'):
        out, matrix = policy(x, mode, draw=all_ops(policy, torch.zeros(14)))
        assert torch.allclose(out, x, atol=1e-5)
        if mode == 'merged':
            assert torch.equal(matrix, torch.eye(2, 3).expand(4, 2, 3))


def test_draw_picks_num_ops_and_one_policy_per_batch():
    policy = TSTPolicy()
    draw = policy.draw(torch.Generator().manual_seed(0))
    assert len(draw.ops) == 4 == len(set(draw.ops))
    assert draw.gates.shape == (4, )
    # relaxed Bernoulli at temperature 0.05: gates close to 0 or 1
    gates = policy.draw(torch.Generator().manual_seed(1)).gates
    for seed in range(2, 40):
        gates = torch.cat([gates, policy.draw(
            torch.Generator().manual_seed(seed)).gates])
    assert ((gates < 0.05) | (gates > 0.95)).float().mean() > 0.8
    x = images()
    out, matrix = policy(x, 'merged', generator=torch.Generator().manual_seed(
        3))
    assert (matrix == matrix[:1]).all()  # one warp for the batch


def test_gradients_reach_every_policy_parameter():
    policy = TSTPolicy(num_ops=len(NAMES))
    # frozen outside the search step; TST.learning() does this there
    policy.prob_logits.requires_grad_(True)
    policy.magnitude_logits.requires_grad_(True)
    x = images()
    weight = torch.randn(x.shape, generator=torch.Generator().manual_seed(0))
    for mode in ('residual', 'merged'):
        policy.zero_grad()
        # gates half-open, where the relaxed gate has a usable slope
        gates = torch.sigmoid(policy.prob_logits / 0.05 + 0.)
        draw = Draw(list(range(14)), gates, torch.ones(14))
        out, _ = policy(x, mode, draw=draw)
        (out * weight).sum().backward()
        assert (policy.prob_logits.grad != 0).all(), mode
        assert (policy.magnitude_logits.grad != 0).all(), mode
        assert all(p.grad is None for p in policy.approximators.parameters())


def test_drift_is_the_mean_change_from_the_initial_policy():
    policy = TSTPolicy()
    assert policy.drift() == dict(probability=0.0, magnitude=0.0)
    with torch.no_grad():
        policy.prob_logits[0] = 100.0  # probability 1: 0.5 away
        policy.magnitude_logits[:] = -100.0  # every magnitude 0
    drift = policy.drift()
    assert abs(drift['probability'] - 0.5 / len(NAMES)) < 1e-6
    assert abs(drift['magnitude'] - 0.5) < 1e-6
