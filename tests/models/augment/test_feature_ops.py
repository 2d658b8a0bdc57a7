"""DAFA's feature operations: identity at magnitude 0, exact whole-pixel
translation, the ranges at magnitude 1, shapes."""
import pytest
import torch

from mmkd_teach.models.augment.affine import rotate, translate, warp
from mmkd_teach.models.augment.feature_ops import OPERATIONS, Draw


def draw(n=2, sign=1.):
    gen = torch.Generator().manual_seed(0)
    return Draw(sign, torch.full((n, 2), 0.5), gen)


def feats(n=2, c=8, h=10, w=12):
    return torch.randn(n, c, h, w, generator=torch.Generator().manual_seed(1))


@pytest.mark.parametrize(
    'name', [n for n, (_, has) in OPERATIONS.items() if has])
def test_magnitude_zero_is_identity(name):
    x = feats()
    y = OPERATIONS[name][0](x, torch.tensor(0.), draw())
    assert y.shape == x.shape
    torch.testing.assert_close(y, x, atol=1e-5, rtol=0)


@pytest.mark.parametrize('name', list(OPERATIONS))
def test_magnitude_one_changes_the_map(name):
    x = feats()
    y = OPERATIONS[name][0](x, torch.tensor(1.), draw())
    assert y.shape == x.shape and not torch.allclose(y, x)


@pytest.mark.parametrize('dx,dy', [(3, 0), (0, -2), (2, 1)])
def test_translate_whole_pixels_is_exact(dx, dy):
    x = feats()
    y = warp(x, translate(float(dx), float(dy)))
    expected = torch.zeros_like(x)
    h, w = x.shape[-2:]
    ys, yd = (slice(0, h - dy), slice(dy, h)) if dy >= 0 else (
        slice(-dy, h), slice(0, h + dy))
    xs, xd = (slice(0, w - dx), slice(dx, w)) if dx >= 0 else (
        slice(-dx, w), slice(0, w + dx))
    expected[..., yd, xd] = x[..., ys, xs]
    torch.testing.assert_close(y, expected, atol=1e-5, rtol=0)


def test_translate_x_range_is_a_fraction_of_the_width():
    # 0.45 * 20 = 9 pixels at m = 1 (sign +1)
    x = feats(w=20)
    y = OPERATIONS['TranslateX'][0](x, torch.tensor(1.), draw())
    torch.testing.assert_close(y, warp(x, translate(9., 0.)), atol=1e-5,
                               rtol=0)


def test_rotate_quarter_turn_of_a_square_map():
    # clockwise as displayed: rot90 with k=-1
    x = feats(h=9, w=9)
    y = warp(x, rotate(90.))
    torch.testing.assert_close(y, torch.rot90(x, -1, dims=(-2, -1)),
                               atol=1e-4, rtol=0)


def test_cutout_and_channel_drop_ranges():
    x = feats(n=2, c=8, h=10, w=10) + 10  # no zeros of its own
    y = OPERATIONS['Cutout'][0](x, torch.tensor(1.), draw())
    # 0.2 * 10 = 2 x 2 pixels per sample, all channels
    assert ((y == 0).sum(dim=(1, 2, 3)) == 8 * 4).all()
    y = OPERATIONS['ChannelDrop'][0](x, torch.tensor(1.), draw())
    dropped = (y == 0).all(dim=(0, 2, 3))
    assert int(dropped.sum()) == 4  # ratio 0.5 of 8 channels


def test_noise_std_is_relative_to_the_map_rms():
    x = feats(n=1, c=64, h=32, w=32) * 5
    y = OPERATIONS['GaussianNoise'][0](x, torch.tensor(1.), draw(n=1))
    rms = x.pow(2).mean().sqrt()
    assert (y - x).std() == pytest.approx(0.1 * float(rms), rel=0.05)


def test_channel_shuffle_permutes_channels():
    x = feats()
    y = OPERATIONS['ChannelShuffle'][0](x, torch.tensor(0.), draw())
    assert sorted(y.sum(dim=(0, 2, 3)).tolist()) == pytest.approx(
        sorted(x.sum(dim=(0, 2, 3)).tolist()))


@pytest.mark.parametrize(
    'name', [n for n, (_, has) in OPERATIONS.items() if has])
def test_magnitude_gets_a_gradient(name):
    m = torch.tensor(0.5, requires_grad=True)
    y = OPERATIONS[name][0](feats(), m, draw())
    (g, ) = torch.autograd.grad(y.pow(2).sum(), m)
    assert torch.isfinite(g) and g != 0
