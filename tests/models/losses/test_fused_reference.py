"""The fused / cheaper formulas of the logit losses against the formulas they
replaced, kept below verbatim as the reference: values and gradients on
random logits of several scales (up to +-30, saturating pairs included), per
item temperatures, teachers that require grad, and float16/bfloat16 logits
through the modules' upcast.

Tolerance: 1e-5 relative on values; gradients 1e-5 relative to the largest
gradient entry. Where student and teacher nearly agree the KL is a small
difference of larger terms, and no float32 formula keeps 5 digits there (not
the reference either): those cases are checked against float64, the fused
formula being at least as accurate as the reference.
"""
import math

import pytest
import torch
import torch.nn.functional as F

from mmkd_teach.models.losses import (DKDLoss, DTDLoss, GenerousTeacherLoss,
                                      KDLoss)
from mmkd_teach.models.losses import base_logit_loss, dkd_loss, dtd_loss
from mmkd_teach.models.losses import generous_teacher_loss, kd_loss
from mmkd_teach.models.losses.functional import (binary_kl, binary_kl_sum,
                                                 confusion_weight,
                                                 dkd_per_item,
                                                 dynamic_temperature,
                                                 generous_nckd_per_item,
                                                 global_mean, kd_per_item,
                                                 nckd_per_item,
                                                 probability_shift,
                                                 tckd_per_item)
from mmkd_teach.models.losses.functional.reduce import as_temperature
from mmkd_teach.models.task_views import LogitItems
from mmkd_teach.models.task_views.one_stage import flat_items

# -- the reference: the formulas as they were before the fused versions ------
MASK = 1000.0


def ref_binary_kl(t_logits, s_logits):
    p = t_logits.sigmoid()
    return (p * (F.logsigmoid(t_logits) - F.logsigmoid(s_logits)) +
            (1 - p) * (F.logsigmoid(-t_logits) - F.logsigmoid(-s_logits)))


def ref_softmax_kl(t_logits, s_logits):
    log_p = F.log_softmax(t_logits, dim=1)
    return (log_p.exp() * (log_p - F.log_softmax(s_logits, dim=1))).sum(1)


def ref_kd_per_item(s_logits, t_logits, temperature, activation='softmax'):
    tau = as_temperature(temperature, s_logits)
    if activation == 'sigmoid':
        kl = ref_binary_kl(t_logits / tau, s_logits / tau).sum(1)
    else:
        kl = ref_softmax_kl(t_logits / tau, s_logits / tau)
    return tau.squeeze(1)**2 * kl


def ref_nckd_per_item(s_logits, t_logits, target, temperature):
    offset = MASK * target.to(s_logits.dtype)
    return temperature**2 * ref_softmax_kl(t_logits / temperature - offset,
                                           s_logits / temperature - offset)


def ref_log_target_vs_rest(z, target):
    m = target.to(z.dtype)
    lse = torch.logsumexp(z, 1)
    log_in = torch.logsumexp(z - MASK * (1 - m), 1) - lse
    log_out = torch.logsumexp(z - MASK * m, 1) - lse
    return torch.stack([log_in, log_out], 1)


def ref_tckd_per_item(s_logits, t_logits, target, temperature,
                      activation='softmax'):
    t, s = t_logits / temperature, s_logits / temperature
    if activation == 'sigmoid':
        kl = ref_binary_kl(t, s).sum(1)
    else:
        log_t = ref_log_target_vs_rest(t, target)
        log_s = ref_log_target_vs_rest(s, target)
        kl = (log_t.exp() * (log_t - log_s)).sum(1)
    return temperature**2 * kl


def ref_dkd_per_item(s_logits, t_logits, labels, target, alpha=1.0, beta=8.0,
                     temperature=4.0, activation='softmax'):
    labelled = labels >= 0
    tckd = ref_tckd_per_item(s_logits, t_logits, target, temperature,
                             activation)
    nckd = ref_nckd_per_item(s_logits, t_logits, target, temperature)
    per_item = alpha * tckd + beta * nckd
    return torch.where(labelled, per_item, torch.zeros_like(per_item))


def ref_confusion_weight(s_logits, t_logits, mode, gamma=2.0,
                         activation='softmax'):
    if mode == 'flsw':
        s = F.normalize(s_logits, dim=1, eps=1e-4)
        t = F.normalize(t_logits, dim=1, eps=1e-4)
        return (1 - (s * t).sum(1)).clamp(min=0)**gamma
    probs = (s_logits.sigmoid()
             if activation == 'sigmoid' else s_logits.softmax(1))
    return 1.0 / (probs.max(1).values + 1e-3)


@torch.no_grad()
def ref_dynamic_temperature(s_logits, t_logits, valid, mode='flsw', base=4.0,
                            beta=1.0, gamma=2.0, floor=1.0, all_reduce=True,
                            activation='softmax'):
    w = ref_confusion_weight(s_logits.detach().float(), t_logits.float(),
                             mode, gamma, activation)
    mean = global_mean(w, valid, all_reduce)
    return (base + beta * (mean - w)).clamp(min=floor)


def ref_dtd_per_item(s_logits, t_logits, valid, activation='softmax',
                     **temperature):
    tau = ref_dynamic_temperature(s_logits, t_logits, valid,
                                  activation=activation, **temperature)
    return ref_kd_per_item(s_logits, t_logits, tau, activation)


def ref_standardised_temperature(logits, tn, min_std=1e-6):
    var = logits.var(dim=1, keepdim=True, unbiased=True)
    return tn * var.clamp(min=min_std**2).sqrt()


def ref_generous_nckd_per_item(g_logits, std_logits, target, tn=1.0,
                               min_std=1e-6):
    if g_logits.shape[1] < 2:
        return g_logits.sum(1) * 0
    std_logits = std_logits.detach()
    tau_s = ref_standardised_temperature(std_logits, tn, min_std)
    tau_g = ref_standardised_temperature(g_logits, tn, min_std)
    offset = MASK * target.to(g_logits.dtype)
    p_logits = (std_logits - std_logits.mean(1, keepdim=True)) / tau_s
    q_logits = (g_logits - g_logits.mean(1, keepdim=True)) / tau_g
    kl = ref_softmax_kl(p_logits - offset, q_logits - offset)
    return tau_s.squeeze(1)**2 * kl


def ref_probability_shift(t_logits, labels, valid, target,
                          activation='softmax'):
    if activation == 'sigmoid':
        known = (valid & (labels >= 0)).unsqueeze(1)
        wrong = known & ((t_logits > 0) != target)
        return torch.where(wrong, -t_logits, t_logits)
    labelled = valid & (labels >= 0) & (labels < t_logits.shape[1])
    wrong = labelled & (t_logits.argmax(1) != labels.clamp(min=0))
    rows = wrong.nonzero(as_tuple=True)[0]
    out = t_logits.clone()
    y, top = labels[rows], t_logits[rows].argmax(1)
    out[rows, y] = t_logits[rows, top]
    out[rows, top] = t_logits[rows, y]
    return out


def ref_flat_items(scores, num_columns):
    """The one-stage view's old per-level permute/reshape, then cat."""
    b = scores[0].shape[0]
    return torch.cat([
        x.permute(0, 2, 3, 1).reshape(b, -1, num_columns) for x in scores
    ], 1).reshape(-1, num_columns)


# -- helpers ------------------------------------------------------------------
REGIMES = ('normal', 'wide', 'saturated')


def logits(regime, n=64, c=7, seed=0):
    """(student, teacher) float32 logits of one regime."""
    gen = torch.Generator().manual_seed(seed)
    if regime == 'normal':
        return (torch.randn(n, c, generator=gen) * 2,
                torch.randn(n, c, generator=gen) * 2)
    if regime == 'wide':  # uniform in [-30, 30], the extremes included
        s = torch.rand(n, c, generator=gen) * 60 - 30
        t = torch.rand(n, c, generator=gen) * 60 - 30
        s[0], t[0] = 30., -30.
        s[1], t[1] = -30., 30.
        return s, t
    # every pairing of saturated and moderate logits, both signs
    values = torch.tensor([-30., -17., -3., -0.5, 0., 0.5, 3., 17., 30.])
    s, t = torch.meshgrid(values, values, indexing='ij')
    s, t = s.reshape(-1, 1).repeat(1, c), t.reshape(-1, 1).repeat(1, c)
    return s + torch.randn(s.shape, generator=gen) * 0.1, t


def labels_for(n, c, activation, seed=0):
    gen = torch.Generator().manual_seed(seed)
    top = c + 1 if activation == 'sigmoid' else c
    labels = torch.randint(0, top, (n, ), generator=gen)
    labels[:3] = -1  # a few unlabelled items
    return labels


def target_of(labels, c):
    items = LogitItems(
        torch.zeros(len(labels), c), torch.zeros(len(labels), c), labels,
        torch.ones(len(labels), dtype=torch.bool))
    return items.target_mask()


def value_and_grad(fn, s, t):
    s = s.detach().clone().requires_grad_(True)
    value = fn(s, t)
    grad, = torch.autograd.grad(value.sum(), s)
    return value.detach(), grad


def assert_close(got, expected, rtol=1e-5):
    assert got.dtype == expected.dtype and got.shape == expected.shape
    scale = expected.abs().max().clamp(min=1e-30)
    torch.testing.assert_close(
        got, expected, rtol=rtol, atol=rtol * scale.item() * 1e-2)


def assert_grad_close(got, expected, rtol=1e-5):
    scale = expected.abs().max().item()
    torch.testing.assert_close(got, expected, rtol=rtol, atol=rtol * scale)


def compare(new, ref, s, t, rtol=1e-5):
    v_new, g_new = value_and_grad(new, s, t)
    v_ref, g_ref = value_and_grad(ref, s, t)
    assert_close(v_new, v_ref, rtol)
    assert_grad_close(g_new, g_ref, rtol)


# -- binary KL (KD on sigmoid items) ------------------------------------------
@pytest.mark.parametrize('regime', REGIMES)
def test_binary_kl_sum_matches_reference(regime):
    s, t = logits(regime)
    compare(lambda s, t: binary_kl_sum(t, s),
            lambda s, t: ref_binary_kl(t, s).sum(1), s, t)
    compare(lambda s, t: binary_kl(t, s),
            lambda s, t: ref_binary_kl(t, s), s, t)


@pytest.mark.parametrize('regime', REGIMES)
@pytest.mark.parametrize('temperature', [1.0, 4.0, 'per_item'])
def test_sigmoid_kd_matches_reference(regime, temperature):
    s, t = logits(regime)
    if temperature == 'per_item':
        temperature = torch.rand(s.shape[0]) * 7 + 0.5
    compare(lambda s, t: kd_per_item(s, t, temperature, 'sigmoid'),
            lambda s, t: ref_kd_per_item(s, t, temperature, 'sigmoid'), s, t)


def test_binary_kl_sum_with_a_teacher_that_requires_grad():
    s, t = logits('normal')
    s1, t1 = s.clone().requires_grad_(True), t.clone().requires_grad_(True)
    s2, t2 = s.clone().requires_grad_(True), t.clone().requires_grad_(True)
    tau = torch.full((s.shape[0], 1), 2.0)
    binary_kl_sum(t1, s1, tau).sum().backward()
    ref_binary_kl(t2 / tau, s2 / tau).sum().backward()
    assert_grad_close(s1.grad, s2.grad)
    assert_grad_close(t1.grad, t2.grad)


def test_binary_kl_sum_without_grad_empty_and_identical():
    s, t = logits('wide')
    with torch.no_grad():
        assert_close(binary_kl_sum(t, s), ref_binary_kl(t, s).sum(1))
    empty = torch.zeros(0, 5, requires_grad=True)
    out = binary_kl_sum(torch.zeros(0, 5), empty)
    assert out.shape == (0, )
    out.sum().backward()
    assert empty.grad.shape == (0, 5)
    z = torch.randn(6, 5) * 20
    assert (binary_kl_sum(z, z) == 0).all()
    assert (kd_per_item(z, z, 3.0, 'sigmoid') == 0).all()


@pytest.mark.parametrize('dtype', [torch.float16, torch.bfloat16])
def test_binary_kl_sum_mixed_dtypes_promote(dtype):
    s, t = logits('wide')
    low = t.to(dtype)
    # computed in the promoted dtype (float32), as the reference on upcast
    compare(lambda s, t: binary_kl_sum(low, s),
            lambda s, t: ref_binary_kl(low.float(), s).sum(1), s, t)
    out = binary_kl_sum(low, low)
    assert out.dtype == dtype and (out == 0).all()


@pytest.mark.parametrize('offset', [(-5., 2.), (0., 30.)])
def test_agreeing_logits_at_least_as_accurate_as_reference(offset):
    """Small KL: both float32 formulas lose digits; check them against
    float64 (the fused one is not worse)."""
    gen = torch.Generator().manual_seed(0)
    mean, spread = offset
    t = torch.randn(2000, 20, generator=gen) * spread + mean
    s = t + torch.randn(t.shape, generator=gen) * 0.05
    exact = ref_binary_kl(t.double(), s.double()).sum(1)
    new = binary_kl_sum(t, s).double()
    ref = ref_binary_kl(t, s).sum(1).double()
    err_new = ((new - exact).abs() / exact).max().item()
    err_ref = ((ref - exact).abs() / exact).max().item()
    assert err_new <= max(1.5 * err_ref, 1e-6), (err_new, err_ref)
    s64 = s.double().requires_grad_(True)
    ref_binary_kl(t.double(), s64).sum().backward()
    _, g_new = value_and_grad(lambda s, t: binary_kl_sum(t, s), s, t)
    assert_grad_close(g_new.double(), s64.grad, rtol=1e-5)


# -- DKD ----------------------------------------------------------------------
@pytest.mark.parametrize('regime', REGIMES)
@pytest.mark.parametrize('activation', ['sigmoid', 'softmax'])
def test_dkd_matches_reference(regime, activation):
    s, t = logits(regime)
    labels = labels_for(s.shape[0], s.shape[1], activation)
    target = target_of(labels, s.shape[1])
    for temperature in (1.0, 4.0):
        compare(
            lambda s, t: dkd_per_item(s, t, labels, target, 1.0, 8.0,
                                      temperature, activation),
            lambda s, t: ref_dkd_per_item(s, t, labels, target, 1.0, 8.0,
                                          temperature, activation), s, t)
        compare(
            lambda s, t: tckd_per_item(s, t, target, temperature, activation),
            lambda s, t: ref_tckd_per_item(s, t, target, temperature,
                                           activation), s, t)
        compare(lambda s, t: nckd_per_item(s, t, target, temperature),
                lambda s, t: ref_nckd_per_item(s, t, target, temperature), s,
                t)


# -- DTD ----------------------------------------------------------------------
@pytest.mark.parametrize('regime', REGIMES)
@pytest.mark.parametrize('activation', ['sigmoid', 'softmax'])
@pytest.mark.parametrize('mode', ['flsw', 'cwsm'])
def test_dynamic_temperature_matches_reference(regime, activation, mode):
    s, t = logits(regime)
    s[5], t[6] = 0., 0.  # zero rows: the normalisation's eps
    t[7] = s[7] * 3  # parallel rows: cos = 1
    valid = torch.ones(s.shape[0], dtype=torch.bool)
    valid[:4] = False
    assert_close(
        confusion_weight(s, t, mode, 2.0, activation),
        ref_confusion_weight(s, t, mode, 2.0, activation),
        rtol=1e-5 if mode == 'cwsm' else 1e-4)
    options = dict(mode=mode, beta=2.0, all_reduce=False)
    assert_close(
        dynamic_temperature(s, t, valid, activation=activation, **options),
        ref_dynamic_temperature(s, t, valid, activation=activation,
                                **options))


@pytest.mark.parametrize('regime', REGIMES)
def test_flsw_weight_error_is_absolute_float32_rounding(regime):
    """Where cos ~ 1, ``1 - cos`` keeps few digits in either formula; the
    difference stays at float32 rounding of the cosine."""
    s, t = logits(regime)
    t[7] = s[7] * 3
    new = confusion_weight(s, t, 'flsw', 1.0)
    ref = ref_confusion_weight(s, t, 'flsw', 1.0)
    assert (new - ref).abs().max() < 1e-6


# -- Generous Teacher ---------------------------------------------------------
@pytest.mark.parametrize('regime', REGIMES)
@pytest.mark.parametrize('activation', ['sigmoid', 'softmax'])
def test_generous_teacher_matches_reference(regime, activation):
    s, t = logits(regime)
    labels = labels_for(s.shape[0], s.shape[1], activation)
    target = target_of(labels, s.shape[1])
    for tn in (0.5, 2.0):
        compare(
            lambda s, t: generous_nckd_per_item(s, t, target, tn),
            lambda s, t: ref_generous_nckd_per_item(s, t, target, tn), s, t)


# -- Knowledge Adjustment (PS on sigmoid items) -------------------------------
@pytest.mark.parametrize('dtype',
                         [torch.float32, torch.float16, torch.bfloat16])
def test_sigmoid_probability_shift_equals_reference(dtype):
    s, t = logits('saturated')
    t = t.to(dtype)
    t[0, :3] = 0.
    t[1, 0] = -0.
    t[2, 1], t[3, 2] = float('inf'), -float('inf')
    n, c = t.shape
    labels = labels_for(n, c, 'sigmoid')
    labels[:4] = torch.tensor([0, 0, 2, 2])
    valid = torch.rand(n, generator=torch.Generator().manual_seed(1)) > 0.2
    target = target_of(labels, c)
    got = probability_shift(t, labels, valid, target, 'sigmoid')
    expected = ref_probability_shift(t, labels, valid, target, 'sigmoid')
    assert got.dtype == dtype
    assert torch.equal(got, expected)


# -- the modules, the reference swapped in ------------------------------------
MODULES = {
    'KD': lambda: KDLoss(temperature=4.0),
    'KD+PS': lambda: KDLoss(temperature=2.0, adjust='ps'),
    'KD+LSR': lambda: KDLoss(temperature=2.0, adjust='lsr'),
    'DKD': lambda: DKDLoss(warmup=None),
    'DTD-flsw': lambda: DTDLoss(temperature=dict(mode='flsw', beta=2.0)),
    'DTD-cwsm+PS': lambda: DTDLoss(
        temperature=dict(mode='cwsm', beta=2.0), adjust='ps'),
    'GT': lambda: GenerousTeacherLoss(warmup=None, sigmoid_items='all'),
}


@pytest.fixture
def reference_formulas(monkeypatch):
    """Swap the reference formulas into the loss modules."""

    def use():
        monkeypatch.setattr(kd_loss, 'kd_per_item', ref_kd_per_item)
        monkeypatch.setattr(dkd_loss, 'dkd_per_item', ref_dkd_per_item)
        monkeypatch.setattr(dtd_loss, 'dtd_per_item', ref_dtd_per_item)
        monkeypatch.setattr(generous_teacher_loss, 'generous_nckd_per_item',
                            ref_generous_nckd_per_item)
        monkeypatch.setattr(base_logit_loss, 'probability_shift',
                            ref_probability_shift)

    return use


def module_value_and_grad(make, s, t, labels, valid, activation):
    s = s.detach().clone().requires_grad_(True)
    value = make()(LogitItems(s, t, labels, valid, activation))
    value.backward()
    return value.detach(), s.grad


@pytest.mark.parametrize('regime', ['normal', 'wide'])
@pytest.mark.parametrize('activation', ['sigmoid', 'softmax'])
@pytest.mark.parametrize('dtypes', [(torch.float32, torch.float32),
                                    (torch.float16, torch.bfloat16),
                                    (torch.bfloat16, torch.float16)])
@pytest.mark.parametrize('name', sorted(MODULES))
def test_loss_modules_match_reference(reference_formulas, name, dtypes,
                                      activation, regime):
    s, t = logits(regime, n=96)
    s, t = s.to(dtypes[0]), t.to(dtypes[1])
    labels = labels_for(s.shape[0], s.shape[1], activation)
    valid = torch.ones(s.shape[0], dtype=torch.bool)
    valid[::5] = False
    labels[~valid] = -1
    s[~valid] = float('nan')  # never read: the items are invalid
    make = MODULES[name]
    v_new, g_new = module_value_and_grad(make, s, t, labels, valid,
                                         activation)
    reference_formulas()
    v_ref, g_ref = module_value_and_grad(make, s, t, labels, valid,
                                         activation)
    assert v_new.dtype == torch.float32 and g_new.dtype == dtypes[0]
    assert torch.isfinite(v_new) and torch.isfinite(g_new).all()
    assert_close(v_new, v_ref)
    # float16/bfloat16 students get their gradient rounded to their dtype
    low = dtypes[0] != torch.float32
    assert_grad_close(g_new.float(), g_ref.float(),
                      rtol=2**-7 if low else 1e-5)
    assert (g_new[~valid] == 0).all()


# -- the one-stage view's layout and the items' selection ---------------------
@pytest.mark.parametrize('anchors_per_position', [1, 9])
def test_one_stage_flat_items_keep_mmdet_prior_order(anchors_per_position):
    c, b = 3, 2
    scores = [
        torch.randn(b, anchors_per_position * c, h, h, requires_grad=True)
        for h in (8, 4, 2, 1)
    ]
    got, expected = flat_items(scores, c), ref_flat_items(scores, c)
    assert torch.equal(got, expected)
    weights = torch.randn(got.shape)
    g_got = torch.autograd.grad((got * weights).sum(), scores)
    g_exp = torch.autograd.grad((expected * weights).sum(), scores)
    for a, e in zip(g_got, g_exp):
        assert torch.equal(a, e)


def test_select_keeps_all_without_a_copy_and_copies_a_subset():
    s, t = logits('normal', n=6)
    items = LogitItems(s, t, torch.arange(6), torch.ones(6, dtype=torch.bool))
    assert items.select(torch.ones(6, dtype=torch.bool)) is items
    keep = torch.tensor([True, False, True, True, False, True])
    part = items.select(keep)
    assert torch.equal(part.student, s[keep])
    assert torch.equal(part.labels, torch.tensor([0, 2, 3, 5]))


def test_reference_kd_by_hand_still_holds():
    """The fused sigmoid KD against the definition on one column."""
    for s, t, temperature in ((0.3, -1.2, 1.0), (25., 28., 4.0),
                              (-29., 30., 2.0)):
        p = 1 / (1 + math.exp(-t / temperature))
        q = 1 / (1 + math.exp(-s / temperature))
        expected = temperature**2 * (
            p * math.log(p / q) + (1 - p) * math.log((1 - p) / (1 - q)))
        got = kd_per_item(
            torch.tensor([[s]], dtype=torch.float64),
            torch.tensor([[t]], dtype=torch.float64), temperature, 'sigmoid')
        assert got.item() == pytest.approx(expected, rel=1e-9)
