"""tools/analysis/tst_operation_accuracy.py: one row per operation (both
signs of the signed ones), accuracies that are counts of the models' own
predictions, label maps that follow the geometric operations."""
import importlib.util
import json
import os.path as osp

import pytest
import torch
from mmengine.config import Config
from mmengine.registry import init_default_scope
from mmengine.runner import Runner

from mmkd_teach.models.tst import operations
from tests.conftest import REPO
from tests.tools.toy_runs import save_random_teacher

spec = importlib.util.spec_from_file_location(
    'tst_operation_accuracy',
    osp.join(REPO, 'tools', 'analysis', 'tst_operation_accuracy.py'))
tool = importlib.util.module_from_spec(spec)
spec.loader.exec_module(tool)

CONFIGS = {
    'cls': ('kd/kd_resnet18w16_to_resnet18w4_960i_toycls.py', 'cls'),
    'seg': ('kd/kd_pspnet-r18w32-d8_to_pspnet-r18w8-d8_1200i_toyseg.py',
            'seg'),
}


def setup(task, toy_data, tmp_path):
    """``(config path, --cfg-options, the config with them applied)``: the
    task's KD config on the small toy set, from a random teacher."""
    rel, data = CONFIGS[task]
    config = osp.join(REPO, 'configs', rel)
    teacher = save_random_teacher(config, str(tmp_path / 'teacher.pth'))
    root = f'{osp.join(toy_data, data)}/'
    cfg = Config.fromfile(config)
    cfg.model.teacher_ckpt = teacher
    cfg.val_dataloader.dataset.data_root = root
    cfg.val_dataloader.batch_size = 4
    init_default_scope(cfg.get('default_scope', 'mmengine'))
    return config, [f'model.teacher_ckpt={teacher}',
                    f'val_dataloader.dataset.data_root={root}',
                    'val_dataloader.batch_size=4'], cfg


def first_batch(model, cfg):
    batch = next(iter(Runner.build_dataloader(cfg.val_dataloader)))
    return model.data_preprocessor(batch, False)


def test_rows_cover_every_operation_and_sign():
    rows = tool.variants(tool.magnitudes(None, 0.3))
    labels = [label for label, _, _ in rows]
    assert labels[0] == 'none'
    signed = [op.name for op in operations.OPERATIONS if op.signed]
    assert len(rows) == 1 + len(operations.OPERATIONS) + len(signed)
    assert 'Rotate +0.30' in labels and 'Rotate -0.30' in labels
    assert dict((l, v) for l, _, v in rows)['Rotate -0.30'] == -0.3


@pytest.mark.parametrize('task', list(CONFIGS))
def test_accuracies_count_the_models_predictions(task, toy_data, tmp_path):
    config, cfg_options, cfg = setup(task, toy_data, tmp_path)
    out = str(tmp_path / 'ops.json')
    results = tool.main([config, '--batches', '1', '--out', out,
                         '--cfg-options', *cfg_options])
    with open(out) as f:
        assert json.load(f) == results
    assert all(0 <= r[side] <= 100 for r in results
               for side in ('teacher', 'student'))
    # the 'none' row is the teacher's plain accuracy on the same batch
    model = tool.build_distiller(cfg)
    data = first_batch(model, cfg)
    with torch.no_grad():
        predicted = model.teacher.predict(data['inputs'],
                                          data['data_samples'])
    right, total = tool.correct(task, predicted)
    assert total > 0
    assert results[0]['teacher'] == pytest.approx(100.0 * right / total)


def test_geometric_operations_move_the_label_maps(toy_data, tmp_path):
    _, _, cfg = setup('seg', toy_data, tmp_path)
    model = tool.build_distiller(cfg)
    data = first_batch(model, cfg)
    inputs, samples = data['inputs'], data['data_samples']
    moved_in, moved = tool.transform(model, inputs, samples, 'TranslateX',
                                     0.5)
    same_in, same = tool.transform(model, inputs, samples, 'Brightness', 0.5)
    assert same is samples  # colour operations keep the labels
    assert not torch.equal(moved[0].gt_sem_seg.data,
                           samples[0].gt_sem_seg.data)
    assert moved_in.shape == inputs.shape == same_in.shape
    # no operation: the batch itself
    assert tool.transform(model, inputs, samples, None, 0.0)[0] is inputs


def test_detection_is_refused(tmp_path):
    cfg = Config.fromfile(osp.join(
        REPO, 'configs', 'kd',
        'kd_retinanet-r18w32_to_retinanet-r18w8_6e_toydet.py'))
    cfg.model.teacher_ckpt = None
    init_default_scope(cfg.get('default_scope', 'mmengine'))
    with pytest.raises(SystemExit, match='cls and seg only'):
        tool.build_distiller(cfg)
