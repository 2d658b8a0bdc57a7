"""Other toy-data options or run options never share folders."""
from toy_benchmark.data import normalise, suffixed


def test_suffix_only_for_non_default_settings():
    assert suffixed('/w/toy', '') == '/w/toy'
    assert suffixed('/w/toy', '', [], False) == '/w/toy'
    small = suffixed('/w/toy', normalise('--small'))
    assert small.startswith('/w/toy-') and len(small) == len('/w/toy-') + 8
    assert small == suffixed('/w/toy', normalise(' --small  '))
    assert small != suffixed('/w/toy', normalise('--small --seed 1'))
    assert suffixed('/w/t', '', ['a=1'], False) != \
        suffixed('/w/t', '', [], True)
