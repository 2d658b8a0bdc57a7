"""tools/analysis/sokd_initial_losses.py: the SoKD terms of a config at
initialisation."""
import math
import os.path as osp
import sys

import pytest

from tests.conftest import REPO

sys.path.insert(0, osp.join(REPO, 'tools', 'analysis'))
import sokd_initial_losses  # noqa: E402

CONFIG = osp.join(REPO, 'configs', 'sokd',
                  'fitnet-sokd_resnet18w16_to_resnet18w4_960i_toycls.py')


def test_terms_of_the_toy_classifier_config():
    terms = sokd_initial_losses.initial_terms(CONFIG, 'cls')
    assert set(terms) == set(sokd_initial_losses.TERMS)
    assert all(math.isfinite(v) and v > 0 for v in terms.values())
    # L_aug is half the feature term's squared error (same difference)
    assert terms['loss_aug'] == pytest.approx(terms['loss_feat'] / 2,
                                              rel=1e-5)


def test_bad_argument_names_the_form(capsys):
    sys.argv = ['sokd_initial_losses.py', 'det=' + CONFIG]
    with pytest.raises(SystemExit):
        sokd_initial_losses.main()
    assert 'TASK=CONFIG' in capsys.readouterr().err
