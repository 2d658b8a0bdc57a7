"""Every bad distiller config fails at build time (before training starts)
with an error of the right type that names the config key and says what
would be right. One case per line: (model config changes, error, key named,
a piece of the fix the message must give). ``@name`` values are files made
by the ``files`` fixture."""
import pytest
import torch
from mmengine.config import Config

from mmkd_teach.registry import MODELS
from tests.conftest import PAIRS, distiller_cfg, model_file

FIT = dict(type='FitNetLoss', student_taps='backbone.layer4',
           teacher_taps='backbone.layer4', student_channels=32,
           teacher_channels=128)
DET = model_file('toy_retinanet_r18w8_det.py')
TEACHER_7 = Config.fromfile(model_file('toy_resnet18_w16_cls.py')).model
TEACHER_7.head.num_classes = 7


def losses(**named):
    return dict(distill_losses=named)


def kd(**kw):
    return losses(kd=dict(type='KDLoss', **kw))


def dkd(**kw):
    return losses(dkd=dict(type='DKDLoss', **kw))


def dtd(**kw):
    return losses(dtd=dict(type='DTDLoss', **kw))


def gt(**kw):
    return losses(gt=dict(type='GenerousTeacherLoss', **kw))


def sokd(**kw):
    return losses(sokd={**FIT, 'type': 'SoKDLoss', **kw})


def fit(**kw):
    return losses(fit={**FIT, **kw})


D = 'model.distill_losses'
CASES = [
    (dict(distill_losses=[dict(type='KDLoss')]), TypeError, D, 'must be a dict'),
    (losses(kd='KDLoss'), TypeError, f'{D}.kd', "dict(type="),
    (losses(kd=dict(temperature=4.0)), KeyError, f'{D}.kd.type', "'KDLoss'"),
    (losses(kd=dict(type='KLDLoss')), KeyError, f'{D}.kd.type', "['KDLoss'"),
    (losses(**{'k.d': dict(type='KDLoss')}), ValueError, D, 'identifier'),
    (kd(temprature=4.0), TypeError, f'{D}.kd.temprature', "'temperature'"),
    (kd(temperature=0), ValueError, f'{D}.kd.temperature', 'a number > 0'),
    (kd(temperature='4'), TypeError, f'{D}.kd.temperature', 'a number > 0'),
    (kd(loss_weight='0.5'), TypeError, f'{D}.kd.loss_weight', 'a number >= 0'),
    (kd(loss_weight=-1), ValueError, f'{D}.kd.loss_weight', 'a number >= 0'),
    (kd(loss_weight=float('nan')), ValueError, f'{D}.kd.loss_weight', '>= 0'),
    (kd(warmup=5), TypeError, f'{D}.kd.warmup', 'length=N > 0'),
    (kd(warmup=dict(by='step', length=5)), ValueError, f'{D}.kd.warmup.by', "'iter'"),
    (kd(warmup=dict(by='epoch', length=0)), ValueError, f'{D}.kd.warmup.length', '> 0'),
    (kd(warmup=dict(by='epoch')), ValueError, f'{D}.kd.warmup', 'length'),
    (kd(warmup=dict(by='epoch', lenght=5)), ValueError, f'{D}.kd.warmup', "['by', 'length']"),
    (kd(adjust='pss'), ValueError, f'{D}.kd.adjust.type', "'ps'"),
    (kd(adjust=3), TypeError, f'{D}.kd.adjust', "dict(type='lsr'"),
    (kd(adjust=dict(type='lsr', epsilon=1.5)), ValueError, f'{D}.kd.adjust.epsilon', 'in (0, 1)'),
    (kd(adjust=dict(type='ps', epsilon=0.1)), ValueError, f'{D}.kd.adjust', "['type']"),
    (kd(normalize='mean'), ValueError, f'{D}.kd.normalize', "'positives'"),
    (kd(normalize='positives'), ValueError, f'{D}.kd.normalize', "use 'items'"),
    (dkd(beta=-8), ValueError, f'{D}.dkd.beta', '>= 0'),
    (dkd(alpha='1'), TypeError, f'{D}.dkd.alpha', '>= 0'),
    (dkd(temperature=-4), ValueError, f'{D}.dkd.temperature', '> 0'),
    (dtd(temperature=4.0), TypeError, f'{D}.dtd.temperature', 'dict'),
    (dtd(temperature=dict(mode='fslw')), ValueError, f'{D}.dtd.temperature.mode', "'flsw'"),
    (dtd(temperature=dict(T0=4.0)), ValueError, f'{D}.dtd.temperature', "'base'"),
    (dtd(temperature=dict(floor=0)), ValueError, f'{D}.dtd.temperature.floor', '> 0'),
    (dtd(temperature=dict(all_reduce='yes')), TypeError, f'{D}.dtd.temperature.all_reduce', 'True or False'),
    (gt(Tn=0), ValueError, f'{D}.gt.Tn', '> 0'),
    (gt(sigmoid_items='some'), ValueError, f'{D}.gt.sigmoid_items', "'all'"),
    (gt(min_std=-1e-6), ValueError, f'{D}.gt.min_std', '> 0'),
    (fit(student_channels=64), ValueError, f'{D}.fit.student_channels', 'set it to 32'),
    (fit(teacher_channels=64), ValueError, f'{D}.fit.teacher_channels', 'set it to 128'),
    (fit(teacher_channels=[128, 128]), ValueError, f'{D}.fit.teacher_channels', 'one per tap'),
    (sokd(student_channels=16), ValueError, f'{D}.sokd.student_channels', 'set it to 32'),
    (sokd(teacher_channels=64), ValueError, f'{D}.sokd.teacher_channels', 'set it to 128'),
    (fit(student_channels='32'), TypeError, f'{D}.fit.student_channels', 'int > 0'),
    (fit(student_taps='backbone.layr4'), KeyError, f'{D}.fit.student_taps', "'backbone.layer4'"),
    (fit(teacher_taps=['backbone.layer4', 'backbone.layer3']), ValueError, f'{D}.fit.teacher_taps', 'one teacher tap per'),
    (fit(student_taps=[]), TypeError, f'{D}.fit.student_taps', 'non-empty list'),
    (fit(student_taps='neck', teacher_taps='neck'), ValueError, f'{D}.fit.student_taps', 'tap a module that'),
    (fit(loss_weight='1'), TypeError, f'{D}.fit.loss_weight', '>= 0'),
    (sokd(dam_weight='1'), TypeError, f'{D}.sokd.dam_weight', 'a number >= 0'),
    (sokd(aug_weight=-1), ValueError, f'{D}.sokd.aug_weight', 'a number >= 0'),
    (sokd(augment=dict(operation=['Cutout'])), ValueError, f'{D}.sokd.augment', "'operations'"),
    (sokd(augment=['Cutout']), TypeError, f'{D}.sokd.augment', 'dict(operations='),
    (sokd(share_dam=1), TypeError, f'{D}.sokd.share_dam', 'True or False'),
    (sokd(topk=0), ValueError, f'{D}.sokd.topk', 'an int > 0'),
    (sokd(log_interval=-1), ValueError, f'{D}.sokd.log_interval', 'int >= 0'),
    (sokd(search=dict(by='epoch')), ValueError, f'{D}.sokd.search', 'length=N'),
    (dict(tst=dict()), KeyError, 'model.tst.type', "type='mmkd_teach.TST'"),
    (dict(tst='TST'), TypeError, 'model.tst', "dict(type='mmkd_teach.TST'"),
    (dict(tst=dict(type='KDLoss')), KeyError, 'model.tst.type', "'mmkd_teach.TST'"),
    (dict(tst=dict(type='mmkd_teach.TST', polcy=dict())), TypeError, 'model.tst.polcy', "'policy'"),
    (dict(tst=dict(type='mmkd_teach.TST', policy=dict(num_op=3))), TypeError, 'model.tst.policy.num_op', "'num_ops'"),
    (dict(tst=dict(type='mmkd_teach.TST', policy=dict(num_ops=0))), ValueError, 'model.tst.policy.num_ops', 'an int in [1, 14]'),
    (dict(tst=dict(type='mmkd_teach.TST', policy=dict(cutout_size=1.5))), ValueError, 'model.tst.policy.cutout_size', 'in [0, 1]'),
    (dict(tst=dict(type='mmkd_teach.TST', policy=4)), TypeError, 'model.tst.policy', 'dict(num_ops=4)'),
    (dict(tst=dict(type='mmkd_teach.TST', geometric='warp')), ValueError, 'model.tst.geometric', "'merged'"),
    (dict(tst=dict(type='mmkd_teach.TST', alrs=dict(decy=0.5))), TypeError, 'model.tst.alrs', "'decay'"),
    (dict(tst=dict(type='mmkd_teach.TST', augment_distill='yes')), TypeError, 'model.tst.augment_distill', 'True or False'),
    (dict(tst=dict(type='mmkd_teach.TST', min_box_size=-1)), ValueError, 'model.tst.min_box_size', '>= 0'),
    (dict(task='detection'), ValueError, 'model.task', "'one_stage'"),
    (dict(task='seg'), ValueError, 'model.task', "task='auto'"),
    (dict(nonfinite_loss='ignore'), ValueError, 'model.nonfinite_loss', "'skip'"),
    (dict(student_loss_weight='0.5'), TypeError, 'model.student_loss_weight', 'dict(loss_cls=0.5)'),
    (dict(student_loss_weight=-0.5), ValueError, 'model.student_loss_weight', '>= 0'),
    (dict(student_loss_weight=dict(loss='x')), TypeError, "model.student_loss_weight['loss']", '>= 0'),
    (dict(teacher_ckpt='@missing'), FileNotFoundError, 'model.teacher_ckpt', 'existing .pth'),
    (dict(teacher_ckpt='@text'), ValueError, 'model.teacher_ckpt', 'torch.save'),
    (dict(teacher_ckpt='@a_list'), ValueError, 'model.teacher_ckpt', 'dict of tensors'),
    (dict(teacher_ckpt='@student'), ValueError, 'model.teacher_ckpt', 'checkpoint of the model'),
    (dict(teacher_ckpt='@distiller'), ValueError, 'model.teacher_ckpt', 'student_final.pth'),
    (dict(teacher_ckpt=5), TypeError, 'model.teacher_ckpt', 'path (or URL)'),
    (dict(student_ckpt='@teacher'), ValueError, 'model.student_ckpt', 'checkpoint of the model'),
    (dict(student_ckpt='@missing'), FileNotFoundError, 'model.student_ckpt', 'existing .pth'),
    (dict(student_ckpt='@text'), ValueError, 'model.student_ckpt', 'torch.save'),
    (dict(student=DET), ValueError, 'model.teacher', 'same kind as the student'),
    (dict(teacher=TEACHER_7), ValueError, 'model.teacher', 'set the same num_classes'),
    (dict(teacher='no/such/config.py'), FileNotFoundError, 'model.teacher', 'local .py config'),
    (dict(student=5), TypeError, 'model.student', 'config path'),
]  # yapf: disable


@pytest.fixture(scope='module')
def files(tmp_path_factory):
    """Checkpoints and files that are not checkpoints, by ``@name``."""
    root = tmp_path_factory.mktemp('ckpts')
    paths = {'missing': str(root / 'missing.pth')}
    models = {}
    for name in ('student', 'teacher'):
        rel = 'toy_resnet18_w4_cls.py' if name == 'student' else \
            'toy_resnet18_w16_cls.py'
        models[name] = MODELS.build(Config.fromfile(model_file(rel)).model)
    contents = {
        'student': {'state_dict': models['student'].state_dict()},
        'teacher': {'state_dict': models['teacher'].state_dict()},
        'distiller': {'state_dict': {
            f'student.{k}': v
            for k, v in models['student'].state_dict().items()}},
        'a_list': [1, 2],
    }
    for name, content in contents.items():
        paths[name] = str(root / f'{name}.pth')
        torch.save(content, paths[name])
    paths['text'] = str(root / 'text.pth')
    with open(paths['text'], 'w') as f:
        f.write('not a checkpoint\n')
    return paths


def resolve(value, files):
    if isinstance(value, str) and value.startswith('@'):
        return files[value[1:]]
    return value


@pytest.mark.parametrize(
    'changes, error, key, fix', CASES,
    ids=[f'{i}-{case[2]}' for i, case in enumerate(CASES)])
def test_bad_config_fails_at_build_naming_the_key(changes, error, key, fix,
                                                  files):
    cfg = distiller_cfg(
        'cls', **{k: resolve(v, files) for k, v in changes.items()})
    with pytest.raises(Exception) as info:
        MODELS.build(cfg)
    assert type(info.value) is error, repr(info.value)
    message = str(info.value)
    assert key in message, message
    assert fix in message, message


def test_the_good_config_of_the_cases_builds(files):
    """The cases' baseline is valid: each case fails by its one change."""
    model = MODELS.build(distiller_cfg(
        'cls', teacher_ckpt=files['teacher'], student_ckpt=files['student'],
        **losses(kd=dict(type='KDLoss'), fit=FIT)))
    assert set(model.distill_losses) == {'kd', 'fit'}


@pytest.mark.parametrize('task, head', [('one_stage', ('bbox_head', )),
                                        ('two_stage',
                                         ('roi_head', 'bbox_head'))])
def test_detectors_predicting_different_classes_fail_at_build(task, head):
    teacher = Config.fromfile(model_file(PAIRS[task][1])).model
    module = teacher
    for name in head:
        module = module[name]
    module.num_classes = module.num_classes - 1
    with pytest.raises(ValueError, match='set the same num_classes'):
        MODELS.build(distiller_cfg(task, teacher=teacher,
                                   **kd(temperature=2.0)))
