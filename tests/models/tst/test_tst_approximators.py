"""The shipped approximators (checksummed) stay within a stated tolerance
of the real operations, on images and magnitudes they were not built on."""
import pytest
import torch

from mmkd_teach.models.tst import pretrained
from mmkd_teach.models.tst.operations import LEARNED

# Mean squared error bound on [0, 1] images (about twice what the shipped
# weights give on held-out images; see tools/misc/build_tst_approximators.py)
TOLERANCE = dict(ShearX=1e-5, ShearY=1e-5, TranslateX=2e-4, TranslateY=2e-4,
                 Rotate=4e-3, Brightness=5e-3, Color=6e-4, Contrast=2.5e-3,
                 Sharpness=5e-5, Posterize=2e-4, Solarize=3e-2)


@pytest.fixture(scope='module')
def approximators():
    return pretrained.load_approximators()  # checks the sha256


def test_error_against_the_real_operations(approximators):
    assert set(approximators) == set(LEARNED) == set(TOLERANCE)
    errors = pretrained.approximation_errors(approximators, n=48, seed=7)
    for name, (err, identity_err) in errors.items():
        assert err < TOLERANCE[name], (name, err)
        # and far closer to the operation than doing nothing
        assert err < 0.5 * identity_err, (name, err, identity_err)


def test_magnitude_zero_is_near_identity(approximators):
    x = pretrained.random_images(8, generator=torch.Generator().manual_seed(5))
    for name, model in approximators.items():
        err = (model(x, torch.zeros(8)) - x).pow(2).mean().item()
        assert err < TOLERANCE[name], (name, err)


def test_checksum_guards_the_weights(tmp_path, approximators):
    state = pretrained.state_of(approximators)
    state['Rotate.embedding'] = state['Rotate.embedding'] + 1
    path = str(tmp_path / 'bad.pth')
    torch.save(state, path)
    with pytest.raises(ValueError, match='checksum'):
        pretrained.load_approximators(path, sha256=pretrained.SHA256)


def test_build_is_deterministic():
    a = pretrained.fit('ShearX', steps=3, batch=4, size=16, seed=3)
    b = pretrained.fit('ShearX', steps=3, batch=4, size=16, seed=3)
    assert pretrained.checksum(a.state_dict()) == pretrained.checksum(
        b.state_dict())
