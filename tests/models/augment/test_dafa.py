"""DAFA policy: determinism under a seed, saved random state, gradients
through the relaxations to every parameter, frozen sampling, bad options."""
import pytest
import torch

from mmkd_teach.models.augment import FeatureAugmentPolicy


def feats():
    gen = torch.Generator().manual_seed(3)
    return [torch.randn(2, 8, 12, 12, generator=gen),
            torch.randn(2, 8, 6, 6, generator=gen)]


def run(policy, steps=3):
    return [torch.cat([y.flatten() for y in policy(feats())])
            for _ in range(steps)]


def test_same_seed_same_augmentations_other_seed_others():
    a = run(FeatureAugmentPolicy(seed=1))
    b = run(FeatureAugmentPolicy(seed=1))
    c = run(FeatureAugmentPolicy(seed=2))
    for x, y in zip(a, b):
        assert torch.equal(x, y)
    assert not all(torch.equal(x, y) for x, y in zip(a, c))


def test_saved_random_state_replays_the_draws():
    policy = FeatureAugmentPolicy(seed=1)
    run(policy, 2)
    state = policy.get_random_state().clone()
    after = run(policy, 2)
    policy.set_random_state(state)
    for x, y in zip(after, run(policy, 2)):
        assert torch.equal(x, y)


def test_global_generator_is_not_drawn_from():
    torch.manual_seed(0)
    expected = torch.rand(3)
    torch.manual_seed(0)
    run(FeatureAugmentPolicy(), 2)
    assert torch.equal(torch.rand(3), expected)


def test_one_sub_policy_per_call_on_every_level():
    policy = FeatureAugmentPolicy(operations=['TranslateX', 'TranslateY'],
                                  seed=0)
    with torch.no_grad():
        for p in policy.probability_logits.values():
            p.fill_(20.)  # gates on
        for p in policy.magnitudes.values():
            p.fill_(0.)  # identity
    x = feats()
    for y, f in zip(policy(x), x):
        torch.testing.assert_close(y, f, atol=1e-5, rtol=0)


def test_gradient_reaches_every_parameter_through_the_relaxations():
    policy = FeatureAugmentPolicy(seed=0)
    seen = {name: torch.zeros_like(p) for name, p in
            policy.named_parameters()}
    x = [f[:1, :, :6, :6] for f in feats()]
    target = [f.roll(1, dims=-1) for f in x]
    for _ in range(40):  # every operation is drawn (seeded)
        policy.zero_grad()
        loss = sum((y - t).pow(2).mean()
                   for y, t in zip(policy(x), target))
        loss.backward()
        k = policy.last_sub_policy
        # every sub-policy logit gets a gradient through the soft sample
        assert (policy.weights.grad != 0).all()
        for name, p in policy.named_parameters():
            if p.grad is not None:
                seen[name] += (p.grad != 0).float()
        # only the sampled pair's operations get gradients (the others
        # none at all, so their optimiser leaves them alone)
        used = {policy.operations[i] for i in policy.sub_policies[k]}
        for name, p in policy.probability_logits.items():
            assert (p.grad is not None and p.grad != 0) == (name in used)
        for name, p in policy.magnitudes.items():
            assert (p.grad is not None and p.grad != 0) == (name in used)
    for name, count in seen.items():
        assert (count > 0).all(), name


def test_frozen_samples_without_gradient():
    policy = FeatureAugmentPolicy(seed=0)
    out = policy(feats(), frozen=True)
    assert not any(y.requires_grad for y in out)


@pytest.mark.parametrize('kwargs,match', [
    (dict(operations=['ShearX', 'Blur']), 'unknown operation'),
    (dict(operations=['ShearX']), 'at least two'),
    (dict(temperature=0.), 'temperature'),
])
def test_bad_options_name_the_key(kwargs, match):
    with pytest.raises(ValueError, match=match) as err:
        FeatureAugmentPolicy(**kwargs)
    assert 'SoKDLoss.augment' in str(err.value)
