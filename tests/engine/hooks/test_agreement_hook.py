"""AgreementHook: student-teacher agreement on the val and test sets of every
task, through the real Runner; exact values on identical models; training
unchanged by the hook."""
import json
import os.path as osp
import random
import warnings
from types import SimpleNamespace

import numpy as np
import pytest
import torch
from mmengine.hooks import Hook
from mmengine.logging import MessageHub, MMLogger
from mmengine.registry import DefaultScope
from mmengine.runner import Runner
from mmengine.visualization import Visualizer

from mmkd_teach.engine.hooks import AgreementHook, agreement_hook
from mmkd_teach.registry import HOOKS, MODELS
from tests.conftest import PAIRS, distiller_cfg, model_file
from tests.tools.test_train import KD_CONFIGS
from tests.tools.toy_runs import toy_config

TASKS = list(PAIRS)
KEYS = ('agreement/top1', 'agreement/kl')
VAL_IMAGES = {'cls': 8, 'seg': 2, 'one_stage': 2, 'two_stage': 2}


@pytest.fixture(autouse=True)
def restore_current_instances():
    """A Runner makes its scope, message hub, logger and visualizer the
    current ones; later test files (losses read the message hub) must not
    inherit them."""
    managers = (DefaultScope, MessageHub, MMLogger, Visualizer)
    saved = [manager._instance_dict.copy() for manager in managers]
    yield
    for manager, instances in zip(managers, saved):
        manager._instance_dict = instances


@HOOKS.register_module(force=True)
class RecordMetricsHook(Hook):
    """Keeps the metrics dict as the hooks after AgreementHook see it."""
    priority = 'LOW'
    seen = {}

    def after_val_epoch(self, runner, metrics=None):
        RecordMetricsHook.seen['val'] = dict(metrics)


def short_run(task, toy_data, work_dir, max_iters=1, hook=True):
    """The task's KD toy config, its teacher randomly initialised (seeded by
    the runner): ``max_iters`` training iterations of 2 images, validation
    (one small batch) after each."""
    cfg = toy_config(KD_CONFIGS[task], task, toy_data, str(work_dir),
                     batch=VAL_IMAGES[task])
    cfg.model.teacher_ckpt = None
    cfg.train_cfg = dict(
        type='IterBasedTrainLoop', max_iters=max_iters, val_interval=1)
    cfg.train_dataloader.batch_size = 2
    for loader in ('val_dataloader', 'test_dataloader'):
        cfg[loader].dataset.indices = VAL_IMAGES[task]
    cfg.default_hooks.checkpoint = None
    cfg.custom_hooks = [dict(type='mmkd_teach.RecordMetricsHook')]
    if hook:
        cfg.custom_hooks.append(dict(type='mmkd_teach.AgreementHook'))
    return cfg


def check(values):
    top1, kl = (float(values[k]) for k in KEYS)
    assert 0 <= top1 <= 100
    assert np.isfinite(kl) and kl >= 0


@pytest.mark.parametrize('task', ['cls', 'seg', 'one_stage'])
def test_val_metrics(task, toy_data, tmp_path):
    """(two_stage: in test_training_is_unchanged_by_the_hook)"""
    cfg = short_run(task, toy_data, tmp_path)
    if task == 'cls':  # the val line reaches the log (and LocalVisBackend)
        cfg.log_level = 'INFO'
    runner = Runner.from_cfg(cfg)
    RecordMetricsHook.seen.clear()
    runner.train()
    check(RecordMetricsHook.seen['val'])
    for key in KEYS:  # the metrics dict and the message hub agree
        assert runner.message_hub.get_scalar(f'val/{key}').current() == \
            RecordMetricsHook.seen['val'][key]
    if task != 'cls':
        return
    with open(osp.join(runner.log_dir, f'{runner.timestamp}.log')) as f:
        assert 'agreement/top1: ' in f.read()
    with open(osp.join(runner.log_dir, 'vis_data', 'scalars.json')) as f:
        assert any('agreement/kl' in json.loads(line) for line in f)
    metrics = runner.test()  # the dict that tools/test.py --out writes
    check(metrics)
    assert runner.message_hub.get_scalar('test/agreement/top1').current() == \
        metrics['agreement/top1']


def fake_runner(model):
    return SimpleNamespace(
        model=model,
        val_dataloader=SimpleNamespace(dataset=None),
        message_hub=MessageHub.get_instance('test_agreement_hook'))


def identical_pair(task):
    """A distiller whose teacher is the student, weights included."""
    model = MODELS.build(
        distiller_cfg(
            task, type='mmkd_teach.Distiller',
            teacher=model_file(PAIRS[task][0])))
    model.teacher.load_state_dict(model.student.state_dict())
    return model.eval()


def batch(task):
    from mmkd_teach.testing import BATCHES
    inputs, samples = BATCHES[task]()
    return dict(inputs=list(inputs.to(torch.uint8)), data_samples=samples)


def measure(model, data):
    hook, runner, metrics = AgreementHook(), fake_runner(model), {}
    hook.before_val_epoch(runner)
    hook.after_val_iter(runner, 0, data)
    hook.after_val_epoch(runner, metrics)
    return metrics


@pytest.mark.parametrize('task', TASKS)
def test_identical_teacher_and_student_agree_fully(task):
    metrics = measure(identical_pair(task), batch(task))
    assert metrics['agreement/top1'] == 100
    assert metrics['agreement/kl'] == pytest.approx(0, abs=1e-6)


def test_counts_are_summed_over_ranks_before_dividing(monkeypatch):
    def other_rank_disagrees(sums):  # as many items, none agreeing, KL 1
        sums += torch.tensor([0., sums[2].item(), sums[2].item()],
                             dtype=sums.dtype)

    monkeypatch.setattr(agreement_hook, 'all_reduce', other_rank_disagrees)
    metrics = measure(identical_pair('cls'), batch('cls'))
    assert metrics['agreement/top1'] == 50
    assert metrics['agreement/kl'] == pytest.approx(0.5)


def test_sigmoid_decisions_have_a_background():
    logits = torch.tensor([[-1., 2., 0.], [-1., -0.5, -3.], [0., -1., -2.]])
    assert agreement_hook.decisions(logits, 'sigmoid').tolist() == [1, 3, 0]
    assert agreement_hook.decisions(logits, 'softmax').tolist() == [1, 1, 0]


def test_random_state_buffers_and_mode_untouched():
    model = MODELS.build(
        distiller_cfg('two_stage', type='mmkd_teach.Distiller')).eval()
    torch.manual_seed(1)
    np.random.seed(1)
    random.seed(1)
    states = (torch.get_rng_state(), np.random.get_state()[1].copy(),
              random.getstate())
    buffers = {k: v.clone() for k, v in model.student.named_buffers()}
    check(measure(model, batch('two_stage')))
    assert torch.equal(torch.get_rng_state(), states[0])
    assert (np.random.get_state()[1] == states[1]).all()
    assert random.getstate() == states[2]
    assert not any(m.training for m in model.modules())
    for key, value in model.student.named_buffers():
        assert torch.equal(value, buffers[key]), key


def test_training_is_unchanged_by_the_hook(toy_data, tmp_path):
    """Two-stage: the hook's RoI sampling leaves training as it was (the
    teacher is a second student-sized model, for speed)."""
    weights = []
    for hook in (True, False):
        cfg = short_run('two_stage', toy_data, tmp_path / str(hook),
                        max_iters=2, hook=hook)
        cfg.model.teacher = cfg.model.student
        runner = Runner.from_cfg(cfg)
        runner.train()
        if hook:
            check(RecordMetricsHook.seen['val'])
        else:
            assert 'agreement/top1' not in RecordMetricsHook.seen['val']
        weights.append(runner.model.student.state_dict())
    for key, value in weights[0].items():
        assert torch.equal(value, weights[1][key]), key


@pytest.mark.parametrize('box_type', ['tensor', 'hbox'])
def test_boxes_are_moved_to_the_input_frame(box_type):
    from mmdet.structures import DetDataSample
    from mmdet.structures.bbox import HorizontalBoxes
    from mmengine.structures import InstanceData
    boxes = torch.tensor([[1., 2., 3., 4.]])
    sample = DetDataSample(metainfo=dict(scale_factor=(2., 0.5)))
    sample.gt_instances = InstanceData(
        bboxes=HorizontalBoxes(boxes) if box_type == 'hbox' else boxes)
    moved = agreement_hook.boxes_to_input_frame(sample).gt_instances.bboxes
    as_tensor = getattr(moved, 'tensor', moved)
    assert as_tensor.tolist() == [[2., 1., 6., 2.]]
    kept = sample.gt_instances.bboxes
    assert getattr(kept, 'tensor', kept).tolist() == [[1., 2., 3., 4.]]

    def pipeline(*names):
        transforms = [type(n, (), {})() for n in names]
        return SimpleNamespace(pipeline=SimpleNamespace(transforms=transforms))

    loads_late = agreement_hook.loads_boxes_after_resize
    assert loads_late(pipeline('LoadImageFromFile', 'Resize',
                               'LoadAnnotations', 'PackDetInputs'))
    assert not loads_late(pipeline('LoadImageFromFile', 'LoadAnnotations',
                                   'Resize', 'PackDetInputs'))
    assert not loads_late(None)


def test_other_models_warn_once_and_are_left_alone():
    runner = fake_runner(torch.nn.Linear(2, 2))
    hook, metrics = AgreementHook(), {'accuracy/top1': 1.0}
    with pytest.warns(UserWarning, match='not a Distiller'):
        hook.before_val_epoch(runner)
    hook.after_val_iter(runner, 0, batch('cls'))
    hook.after_val_epoch(runner, metrics)
    assert metrics == {'accuracy/top1': 1.0}
    with warnings.catch_warnings():
        warnings.simplefilter('error')
        hook.before_val_epoch(runner)


def test_boxes_loaded_after_resize_get_the_train_time_assignment(
        toy_data, monkeypatch):
    """mmdet's test pipelines load the boxes after Resize (original frame):
    rescaled, the student's assignment is the one of boxes loaded first."""
    from mmdet.registry import DATASETS
    from mmengine.dataset import pseudo_collate
    model = MODELS.build(
        distiller_cfg('one_stage', type='mmkd_teach.Distiller')).eval()
    items, labels = model.view.items, []

    def recorded_items(*args):
        out = items(*args)
        labels.append(out.labels)
        return out

    monkeypatch.setattr(model.view, 'items', recorded_items)
    for load_first in (True, False):
        pipeline = [
            dict(type='LoadImageFromFile'),
            dict(type='Resize', scale=(256, 256), keep_ratio=True),
            dict(type='PackDetInputs')
        ]
        pipeline.insert(1 if load_first else 2,
                        dict(type='LoadAnnotations', with_bbox=True))
        with DefaultScope.overwrite_default_scope('mmdet'):
            dataset = DATASETS.build(
                dict(
                    type='CocoDataset',
                    data_root=osp.join(toy_data, 'det'),
                    ann_file='annotations/instances_val.json',
                    data_prefix=dict(img='val/'),
                    metainfo=dict(classes=('circle', 'square', 'triangle')),
                    test_mode=True,
                    indices=2,
                    pipeline=pipeline))
        runner = fake_runner(model)
        runner.val_dataloader.dataset = dataset
        hook = AgreementHook()
        hook.before_val_epoch(runner)
        assert hook._rescale == (not load_first)
        hook.after_val_iter(runner, 0, pseudo_collate(list(dataset)))
    assert torch.equal(labels[0], labels[1])
    assert ((labels[0] >= 0) & (labels[0] < 3)).any()  # some positives
