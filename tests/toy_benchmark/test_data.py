"""Other toy-data options or run options never share folders; a set of
another generator version is not reused."""
import json
import os

import pytest

from mmkd_teach.toy_data import TOY_DATA_VERSION, make_toy_data
from toy_benchmark.data import (ensure_toy_data, generator_version,
                                normalise, suffixed)


def test_suffix_only_for_non_default_settings():
    assert suffixed('/w/toy', '') == '/w/toy'
    assert suffixed('/w/toy', '', [], False) == '/w/toy'
    small = suffixed('/w/toy', normalise('--small'))
    assert small.startswith('/w/toy-') and len(small) == len('/w/toy-') + 8
    assert small == suffixed('/w/toy', normalise(' --small  '))
    assert small != suffixed('/w/toy', normalise('--small --seed 1'))
    assert suffixed('/w/t', '', ['a=1'], False) != \
        suffixed('/w/t', '', [], True)


def test_sets_of_another_generator_version_are_refused(tmp_path):
    assert generator_version() == TOY_DATA_VERSION
    root = str(tmp_path)
    make_toy_data(root, ['cls'], small=True)
    stamp = tmp_path / 'cls' / 'generator.json'
    assert json.loads(stamp.read_text())['version'] == TOY_DATA_VERSION
    assert ensure_toy_data(root, ['cls']) == []  # current: reused
    stamp.write_text(json.dumps(dict(version=TOY_DATA_VERSION - 1)))
    with pytest.raises(RuntimeError, match=f'version {TOY_DATA_VERSION - 1} of the toy data'):
        ensure_toy_data(root, ['cls'])
    os.remove(stamp)
    with pytest.raises(RuntimeError, match='an unknown version'):
        ensure_toy_data(root, ['cls'])
