"""The row-block paths of the fused KL ops give the whole tensor's digits
(values and gradients, bitwise) with one intra-op thread."""
import pytest
import torch

from mmkd_teach.models.losses.functional import (binary_kl_sum,
                                                 dkd_per_item, softmax_kl)
from mmkd_teach.models.losses.functional import row_blocks as blocks
from tests.models.losses.test_fused_reference import ref_softmax_kl


@pytest.fixture
def one_thread():
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)


def value_and_grad(fn, n, c, seed):
    g = torch.Generator().manual_seed(seed)
    s = (3 * torch.randn(n, c, generator=g)).requires_grad_()
    t = 3 * torch.randn(n, c, generator=g)
    weights = torch.rand(n, generator=g)
    value = fn(s, t)
    (value * weights).sum().backward()
    return value.detach(), s.grad


CASES = [(3001, 80), (70000, 3), (5000, 19), (1030, 81), (900, 1000)]
FNS = {
    'binary': lambda s, t: binary_kl_sum(t, s),
    'binary_per_item_t': lambda s, t: binary_kl_sum(
        t, s, torch.linspace(0.5, 4, s.shape[0]).reshape(-1, 1)),
    'softmax': lambda s, t: softmax_kl(t, s),
    'dkd_sigmoid': lambda s, t: dkd_per_item(
        s, t, torch.full((s.shape[0], ), s.shape[1]),
        torch.zeros_like(s, dtype=torch.bool), 1.0, 2.0, 1.0, 'sigmoid'),
}


@pytest.mark.parametrize('name', list(FNS))
@pytest.mark.parametrize('n,c', CASES)
def test_blocks_equal_the_whole_tensor(one_thread, monkeypatch, name, n, c):
    assert n * c > blocks.BLOCK_ELEMENTS  # more than one block
    assert len(list(blocks.row_blocks(torch.empty(n, c)))) > 1
    got = value_and_grad(FNS[name], n, c, seed=n + c)
    monkeypatch.setattr(blocks, 'BLOCK_ELEMENTS', 1 << 40)
    assert len(list(blocks.row_blocks(torch.empty(n, c)))) == 1
    whole = value_and_grad(FNS[name], n, c, seed=n + c)
    assert torch.equal(got[0], whole[0])
    assert torch.equal(got[1], whole[1])


def test_row_blocks_cover_every_row_once():
    x = torch.empty(10_000, 7)
    slices = list(blocks.row_blocks(x))
    assert slices[0].start == 0 and slices[-1].stop == 10_000
    assert all(a.stop == b.start for a, b in zip(slices, slices[1:]))
    assert all((s.stop - s.start) % blocks.ROW_MULTIPLE == 0
               for s in slices[:-1])
    assert list(blocks.row_blocks(torch.empty(0, 7))) == [slice(0, 0)]
    assert list(blocks.row_blocks(torch.empty(100, 7))) == [slice(0, 100)]


@pytest.mark.parametrize('n,c', CASES)
def test_softmax_kl_has_the_digits_of_autograd_on_the_formula(
        one_thread, n, c):
    """Against the formula before _SoftmaxKL, left to autograd."""
    got = value_and_grad(lambda s, t: softmax_kl(t, s), n, c, seed=c)
    ref = value_and_grad(lambda s, t: ref_softmax_kl(t, s), n, c,
                         seed=c)
    assert torch.equal(got[0], ref[0])
    assert torch.equal(got[1], ref[1])
