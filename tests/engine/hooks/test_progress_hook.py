"""ProgressHook keeps its file at the iteration done and the total."""
import json
from types import SimpleNamespace

from mmkd_teach.engine.hooks import ProgressHook


def test_progress_file(tmp_path):
    path = tmp_path / 'progress.json'
    hook = ProgressHook(str(path), interval=3600)
    runner = SimpleNamespace(iter=4, max_iters=10, test_dataloader=[1, 2, 3])
    hook.before_train(runner)  # resumed at iteration 4
    assert json.loads(path.read_text()) == dict(phase='train', iter=4,
                                                total=10)
    hook.after_train_iter(runner, 0)  # throttled: not rewritten
    assert json.loads(path.read_text())['iter'] == 4
    runner.iter = 9
    hook.after_train_iter(runner, 0)  # the last one always is
    assert json.loads(path.read_text())['iter'] == 10
    hook.before_test(runner)
    hook.after_test_iter(runner, 2)
    assert json.loads(path.read_text()) == dict(phase='test', iter=3,
                                                total=3)
    assert not (tmp_path / 'progress.json.tmp').exists()
