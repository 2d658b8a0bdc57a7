"""Dynamic Temperature Distillation: temperatures by hand, a per-item loop
cross-check and the all-reduced batch mean across 2 processes."""
import math
import time

import pytest
import torch
import torch.multiprocessing as mp
from dist_helpers import dtd_temperature_worker

from mmkd_teach.models.losses import DTDLoss, KDLoss
from mmkd_teach.models.losses.functional import (confusion_weight,
                                                 dynamic_temperature,
                                                 kd_per_item,
                                                 probability_shift)
from mmkd_teach.models.task_views import LogitItems


def items_of(s, t, labels=None, valid=None, activation='softmax'):
    n = s.shape[0]
    labels = torch.zeros(n, dtype=torch.long) if labels is None else labels
    valid = torch.ones(n, dtype=torch.bool) if valid is None else valid
    return LogitItems(s, t, labels, valid, activation)


def test_flsw_by_hand():
    s = torch.tensor([[1., 0.], [1., 0.], [1., 1.]])
    t = torch.tensor([[0., 1.], [1., 0.], [1., 0.]])
    w = [1.0, 0.0, (1 - 1 / math.sqrt(2))**2]  # gamma 2
    assert confusion_weight(s, t, 'flsw', 2.0).tolist() == pytest.approx(w)
    mean = sum(w) / 3
    tau = dynamic_temperature(s, t, torch.ones(3, dtype=torch.bool),
                              'flsw', base=4.0, beta=1.0, gamma=2.0)
    assert tau.tolist() == pytest.approx([4 + mean - v for v in w], 1e-6)
    # beta 2, gamma 1
    w1 = [1.0, 0.0, 1 - 1 / math.sqrt(2)]
    tau = dynamic_temperature(s, t, torch.ones(3, dtype=torch.bool), 'flsw',
                              base=3.0, beta=2.0, gamma=1.0)
    assert tau.tolist() == pytest.approx(
        [3 + 2 * (sum(w1) / 3 - v) for v in w1], 1e-6)
    # the most confused item (cos 0) gets the lowest temperature
    assert tau.argmin().item() == 0


def test_cwsm_by_hand_softmax_and_sigmoid():
    s = torch.tensor([[0., 0.], [math.log(3.), 0.]])
    w = [1 / (0.5 + 1e-3), 1 / (0.75 + 1e-3)]
    assert confusion_weight(s, s, 'cwsm').tolist() == pytest.approx(w)
    tau = dynamic_temperature(s, s, torch.ones(2, dtype=torch.bool), 'cwsm',
                              base=4.0, beta=0.5)
    assert tau.tolist() == pytest.approx(
        [4 + 0.5 * (sum(w) / 2 - v) for v in w], 1e-6)
    sig = torch.tensor([[0., -1.], [math.log(3.), -5.]])  # max sigmoid .5/.75
    assert confusion_weight(sig, sig, 'cwsm', activation='sigmoid').tolist() \
        == pytest.approx(w)


def test_floor_and_invalid_items_are_left_out_of_the_mean():
    s = torch.tensor([[1., 0.], [1., 0.], [0., 1.]])
    t = torch.tensor([[0., 1.], [1., 0.], [1., 0.]])  # w = 1, 0, 1
    tau = dynamic_temperature(s, t, torch.ones(3, dtype=torch.bool), 'flsw',
                              base=1.0, beta=10.0, floor=0.5)
    # mean 2/3: 1 + 10 * (2/3 - 1) < 0.5 -> floor; 1 + 10 * 2/3
    assert tau.tolist() == pytest.approx([0.5, 1 + 20 / 3, 0.5], 1e-6)
    valid = torch.tensor([True, True, False])
    tau = dynamic_temperature(s, t, valid, 'flsw', base=4.0, beta=1.0)
    assert tau.tolist()[:2] == pytest.approx([4 + 0.5 - 1, 4 + 0.5], 1e-6)


def test_dtd_equals_kd_when_beta_is_zero():
    torch.manual_seed(0)
    s, t = torch.randn(7, 5), torch.randn(7, 5)
    for activation in ('softmax', 'sigmoid'):
        items = items_of(s, t, activation=activation)
        dtd = DTDLoss(temperature=dict(base=3.0, beta=0.0))(items)
        kd = KDLoss(temperature=3.0)(items)
        assert dtd.item() == pytest.approx(kd.item(), rel=1e-6)


def loop_dtd(s, t, valid, mode, base, beta, gamma, floor, sigmoid=False):
    """Straightforward per-item implementation with python floats."""
    rows = [(a.tolist(), b.tolist()) for a, b, v in zip(s, t, valid) if v]

    def weight(zs, zt):
        if mode == 'flsw':
            ns = math.sqrt(sum(v * v for v in zs))
            nt = math.sqrt(sum(v * v for v in zt))
            cos = sum(a * b for a, b in zip(zs, zt)) / max(ns, 1e-4) / max(
                nt, 1e-4)
            return max(1 - cos, 0.)**gamma
        if sigmoid:
            return 1 / (max(1 / (1 + math.exp(-v)) for v in zs) + 1e-3)
        e = [math.exp(v) for v in zs]
        return 1 / (max(e) / sum(e) + 1e-3)

    ws = [weight(a, b) for a, b in rows]
    mean = sum(ws) / len(ws)
    total = 0.
    for (zs, zt), w in zip(rows, ws):
        tau = max(base + beta * (mean - w), floor)
        if sigmoid:
            kl = 0.
            for a, b in zip(zt, zs):
                p, q = 1 / (1 + math.exp(-a / tau)), 1 / (1 + math.exp(-b /
                                                                        tau))
                kl += p * math.log(p / q) + (1 - p) * math.log((1 - p) /
                                                               (1 - q))
        else:
            et = [math.exp(v / tau) for v in zt]
            es = [math.exp(v / tau) for v in zs]
            p = [v / sum(et) for v in et]
            q = [v / sum(es) for v in es]
            kl = sum(a * math.log(a / b) for a, b in zip(p, q))
        total += tau**2 * kl
    return total / len(rows)


@pytest.mark.parametrize('mode', ['flsw', 'cwsm'])
@pytest.mark.parametrize('activation', ['softmax', 'sigmoid'])
def test_dtd_matches_per_item_loop(mode, activation):
    torch.manual_seed(3)
    s, t = torch.randn(9, 6) * 2, torch.randn(9, 6) * 2
    valid = torch.rand(9) > 0.3
    opts = dict(mode=mode, base=4.0, beta=1.5, gamma=2.0, floor=1.0)
    loss = DTDLoss(
        temperature=opts, loss_weight=2.0)(
            items_of(s, t, valid=valid, activation=activation))
    expected = loop_dtd(s.double(), t.double(), valid.tolist(),
                        sigmoid=activation == 'sigmoid', **opts)
    assert loss.item() == pytest.approx(2 * expected, rel=1e-4)


def test_dtd_with_ps_adjusts_the_teacher_first():
    torch.manual_seed(4)
    s, t = torch.randn(6, 5), torch.randn(6, 5)
    labels = torch.randint(0, 5, (6, ))
    items = items_of(s, t, labels=labels)
    adjusted = probability_shift(t, labels, items.valid, items.target_mask())
    assert not torch.equal(adjusted, t)
    opts = dict(mode='flsw', base=4.0, beta=1.0, gamma=2.0, floor=1.0)
    loss = DTDLoss(temperature=opts, adjust='ps')(items)
    expected = loop_dtd(s.double(), adjusted.double(), [True] * 6, **opts)
    assert loss.item() == pytest.approx(expected, rel=1e-4)
    assert DTDLoss(adjust='ps').requires_labels
    assert not DTDLoss().requires_labels


def test_dtd_temperature_has_no_gradient_path():
    s = torch.randn(4, 3, requires_grad=True)
    tau = dynamic_temperature(s, torch.randn(4, 3), torch.ones(4).bool())
    assert not tau.requires_grad
    with pytest.raises(ValueError, match='mode'):
        DTDLoss(temperature=dict(mode='xyz'))
    with pytest.raises(ValueError, match='unknown'):
        DTDLoss(temperature=dict(T0=4.0))


def test_all_reduced_temperature_across_two_processes(tmp_path):
    torch.manual_seed(5)
    n = 11
    s, t = torch.randn(n, 5), torch.randn(n, 5)
    valid = torch.ones(n, dtype=torch.bool)
    valid[[1, 8]] = False
    bounds = [(0, 4), (4, n)]  # uneven halves
    options = dict(mode='flsw', base=4.0, beta=2.0, gamma=1.0, floor=0.1)
    full = dynamic_temperature(s, t, valid, all_reduce=True, **options)
    ctx = mp.start_processes(
        dtd_temperature_worker,
        args=(2, str(tmp_path / 'init'), str(tmp_path), s, t, valid, bounds,
              options),
        nprocs=2,
        join=False,
        start_method='spawn')
    deadline = time.monotonic() + 120
    while not ctx.join(timeout=1):
        if time.monotonic() > deadline:
            for p in ctx.processes:
                p.kill()
            pytest.fail('the 2 DTD ranks did not finish in 120 s')
    results = [torch.load(tmp_path / f'rank{r}.pth') for r in range(2)]
    tau = torch.cat([r['tau'] for r in results])
    assert torch.allclose(tau, full, atol=1e-6)
    local = torch.cat([r['local'] for r in results])
    assert not torch.allclose(local, full, atol=1e-3)
    # each rank's loss uses the global temperature
    for r, (lo, hi) in zip(results, bounds):
        per = kd_per_item(s[lo:hi], t[lo:hi], full[lo:hi])[valid[lo:hi]]
        assert r['loss'].item() == pytest.approx(per.mean().item(), rel=1e-5)
        assert torch.isfinite(r['grad']).all()


def test_flsw_and_cwsm_by_hand():
    s = torch.tensor([[1., 0.], [0., 1.]])
    t = torch.tensor([[1., 0.], [1., 0.]])
    # cos = 1 and 0 -> w = 0 and 1 (gamma 2), mean 0.5
    w = confusion_weight(s, t, 'flsw', gamma=2.0)
    assert torch.allclose(w, torch.tensor([0., 1.]), atol=1e-6)
    tau = dynamic_temperature(s, t, torch.tensor([True, True]), 'flsw',
                              base=4.0, beta=2.0, gamma=2.0, floor=0.0)
    assert torch.allclose(tau, torch.tensor([5., 3.]), atol=1e-5)
    # CWSM: w = 1 / (max softmax + 1e-3)
    p = 1 / (1 + math.exp(-1))
    w = confusion_weight(s, t, 'cwsm')
    assert torch.allclose(w, torch.tensor([1 / (p + 1e-3)] * 2))


def test_floor_and_invalid_items_excluded_from_the_mean():
    s = torch.tensor([[1., 0.], [0., 1.], [0., 1.]])
    t = torch.tensor([[1., 0.], [1., 0.], [1., 0.]])
    valid = torch.tensor([True, True, False])
    tau = dynamic_temperature(s, t, valid, 'flsw', base=1.0, beta=10.0,
                              floor=0.5)
    # mean over valid w = 0.5 -> taus 1 + 5 = 6 and 1 - 5 -> floor 0.5
    assert torch.allclose(tau[:2], torch.tensor([6., 0.5]))


def test_all_invalid_gives_zero_not_nan():
    s = torch.randn(4, 3, requires_grad=True)
    items = LogitItems(s, torch.randn(4, 3), torch.zeros(4).long(),
                       torch.zeros(4, dtype=torch.bool))
    loss = DTDLoss()(items)
    loss.backward()
    assert loss.item() == 0 and torch.isfinite(s.grad).all()


def test_sigmoid_items():
    s, t = torch.randn(5, 3), torch.randn(5, 3)
    items = LogitItems(s, t, torch.tensor([0, 3, 3, 1, 3]),
                       torch.ones(5, dtype=torch.bool), 'sigmoid')
    loss = DTDLoss(temperature=dict(mode='cwsm'))(items)
    assert torch.isfinite(loss) and loss > 0


def test_bad_options():
    with pytest.raises(ValueError, match='mode'):
        DTDLoss(temperature=dict(mode='fast'))
    with pytest.raises(ValueError, match='unknown temperature keys'):
        DTDLoss(temperature=dict(T0=3))
