"""The benchmark's table of tasks and methods: every config exists, the rows
a --methods list needs, the data overrides and the percent conversion."""
import os.path as osp

import pytest

from toy_benchmark.suite import (METHODS, TASKS, config_path,
                                        data_options, resolve_methods,
                                        smoke_options, to_percent)


@pytest.mark.parametrize('task', list(TASKS))
def test_every_row_has_an_existing_config(task):
    assert set(TASKS[task].configs) == set(METHODS)
    for method in METHODS:
        assert osp.isfile(config_path(task, method)), (task, method)


def test_teachers_are_rows():
    for method in METHODS.values():
        assert method.kind in ('teacher', 'student', 'distilled')
        assert method.teacher is None or method.teacher in METHODS


def test_resolve_methods():
    assert resolve_methods(['kd']) == ['teacher', 'student', 'kd']
    assert resolve_methods(['gt-stage3']) == [
        'teacher', 'student', 'gt-stage2', 'gt-stage3']
    assert resolve_methods(['gt', 'kd', 'preparing_lessons/ka-dtd']) == [
        'teacher', 'student', 'kd', 'ka-dtd', 'gt-stage2', 'gt-stage3']
    with pytest.raises(ValueError, match='unknown method'):
        resolve_methods(['fitnet2'])


def test_data_options_and_percent():
    det = data_options('one_stage', '/d')
    assert 'train_dataloader.dataset.data_root=/d/det/' in det
    assert 'test_evaluator.ann_file=/d/det/annotations/instances_val.json' \
        in det
    assert not any('evaluator' in o for o in data_options('cls', '/d'))
    assert to_percent('one_stage', 0.256) == pytest.approx(25.6)
    assert to_percent('two_stage', 0.5) == pytest.approx(50.0)
    assert to_percent('seg', 61.2) == 61.2
    assert to_percent('cls', 71.8) == 71.8
    assert 'train_cfg.max_iters=2' in smoke_options('seg')
    assert 'train_cfg.max_iters=2' in smoke_options('cls')
    assert 'train_cfg.max_epochs=1' in smoke_options('one_stage')


def test_opt_in_rows_are_not_in_the_default_table():
    from toy_benchmark.cli import PRESETS
    opt_in = {m for m in METHODS if METHODS[m].opt_in}
    assert {'fitnet-sokd', 'kd-tst'} <= opt_in
    assert not opt_in & set(PRESETS['toy_table']['methods'])
    assert resolve_methods(['fitnet-sokd', 'fitnet']) == [
        'teacher', 'student', 'fitnet', 'fitnet-sokd']
