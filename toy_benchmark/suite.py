"""The toy benchmark's table: for every task, which config trains each model
row, which toy data set it reads and which metric scores it.

Every config name of the benchmark is in ``TASKS`` below and nowhere else:
rename a config there. Paths are relative to ``configs/``.
"""
import os.path as osp
from dataclasses import dataclass, field
from typing import Dict, List, Optional

REPO = osp.dirname(osp.dirname(osp.abspath(__file__)))


@dataclass(frozen=True)
class Method:
    """A model row. ``kind``: ``teacher`` (a teacher, compared with
    nothing), ``student`` (the student alone, the baseline) or ``distilled``
    (a student taught by ``teacher``, marked when it does not beat the
    student alone or KD). ``teacher``: the row whose run provides this
    run's teacher; ``teacher_file``: that run's file (default: its final
    checkpoint)."""
    label: str
    kind: str
    teacher: Optional[str] = None
    teacher_file: Optional[str] = None
    short: str = ''  # for the bar chart (default: label)
    opt_in: bool = False  # run only when named in --methods


# Row order of the table.
METHODS: Dict[str, Method] = {
    'teacher': Method('teacher', 'teacher'),
    'student': Method('student alone', 'student'),
    'kd': Method('KD', 'distilled', 'teacher'),
    'dkd': Method('DKD', 'distilled', 'teacher'),
    'kd-ka': Method('KD+KA', 'distilled', 'teacher'),
    'dtd': Method('DTD', 'distilled', 'teacher'),
    'ka-dtd': Method('KA+DTD', 'distilled', 'teacher'),
    # Stage 2 trains the generous teacher (the distiller's "student") from
    # the standard teacher; its row scores the generous teacher itself.
    'gt-stage2': Method('Generous Teacher stage 2 (generous teacher)',
                        'teacher', 'teacher', short='GT stage 2'),
    # Stage 3: the student distilled from stage 2's student-only export.
    'gt-stage3': Method('Generous Teacher stage 3 (student)', 'distilled',
                        'gt-stage2', 'student_final.pth', short='GT stage 3'),
    # SoKD (configs/sokd) and its FitNet baseline: opt-in rows.
    'fitnet': Method('FitNet', 'distilled', 'teacher', opt_in=True),
    'kd-fitnet': Method('KD+FitNet', 'distilled', 'teacher', opt_in=True),
    'fitnet-sokd': Method('FitNet+SoKD', 'distilled', 'teacher', opt_in=True),
    'kd-fitnet-sokd': Method('KD+FitNet+SoKD', 'distilled', 'teacher',
                             opt_in=True),
    # TST (learned augmentation) on top of a logit method: opt-in rows.
    'kd-tst': Method('KD + TST', 'distilled', 'teacher', opt_in=True),
    'ka-dtd-tst': Method('KA+DTD + TST', 'distilled', 'teacher',
                         opt_in=True),
    'gt-stage3-tst': Method('Generous Teacher stage 3 + TST', 'distilled',
                            'gt-stage2', 'student_final.pth',
                            short='GT stage 3 + TST', opt_in=True),
}
# Names accepted by --methods besides the keys of METHODS.
ALIASES = {'gt': ('gt-stage2', 'gt-stage3'), 'generous_teacher': (
    'gt-stage2', 'gt-stage3'), 'tst': ('kd-tst', 'ka-dtd-tst',
                                       'gt-stage3-tst')}


@dataclass(frozen=True)
class Task:
    """``data``: the toy set (``make_toy_data.py --tasks``); ``metric``: the
    key in the test metrics and ``scale`` that makes it percent; ``loop``:
    ``epoch`` or ``iter`` (how ``--smoke`` shortens it); ``configs``: one
    config per row of ``METHODS``."""
    data: str
    metric: str
    scale: float
    loop: str
    configs: Dict[str, str] = field(default_factory=dict)


# One config per line (long lines on purpose: easy to grep and to edit).
TASKS: Dict[str, Task] = {
    'cls': Task('cls', 'accuracy/top1', 1.0, 'iter', {
        'teacher': 'toy/resnet18w16_960i_toycls.py',
        'student': 'toy/resnet18w4_960i_toycls.py',
        'kd': 'kd/kd_resnet18w16_to_resnet18w4_960i_toycls.py',
        'dkd': 'dkd/dkd_resnet18w16_to_resnet18w4_960i_toycls.py',
        'kd-ka': 'preparing_lessons/kd-ka_resnet18w16_to_resnet18w4_960i_toycls.py',
        'dtd': 'preparing_lessons/dtd_resnet18w16_to_resnet18w4_960i_toycls.py',
        'ka-dtd': 'preparing_lessons/ka-dtd_resnet18w16_to_resnet18w4_960i_toycls.py',
        'gt-stage2': 'generous_teacher/gt-stage2_resnet18w16_to_resnet18w16-generous_960i_toycls.py',
        'gt-stage3': 'generous_teacher/gt-stage3_resnet18w16-generous_to_resnet18w4_960i_toycls.py',
        'fitnet': 'fitnet/fitnet-only_resnet18w16_to_resnet18w4_960i_toycls.py',
        'kd-fitnet': 'fitnet/fitnet_resnet18w16_to_resnet18w4_960i_toycls.py',
        'fitnet-sokd': 'sokd/fitnet-sokd_resnet18w16_to_resnet18w4_960i_toycls.py',
        'kd-fitnet-sokd': 'sokd/kd-fitnet-sokd_resnet18w16_to_resnet18w4_960i_toycls.py',
        'kd-tst': 'tst/kd-tst_resnet18w16_to_resnet18w4_960i_toycls.py',
        'ka-dtd-tst': 'tst/ka-dtd-tst_resnet18w16_to_resnet18w4_960i_toycls.py',
        'gt-stage3-tst': 'tst/gt-stage3-tst_resnet18w16-generous_to_resnet18w4_960i_toycls.py',
    }),
    'one_stage': Task('det', 'coco/bbox_mAP', 100.0, 'epoch', {
        'teacher': 'toy/retinanet_r18w32_6e_toydet.py',
        'student': 'toy/retinanet_r18w8_6e_toydet.py',
        'kd': 'kd/kd_retinanet-r18w32_to_retinanet-r18w8_6e_toydet.py',
        'dkd': 'dkd/dkd_retinanet-r18w32_to_retinanet-r18w8_6e_toydet.py',
        'kd-ka': 'preparing_lessons/kd-ka_retinanet-r18w32_to_retinanet-r18w8_6e_toydet.py',
        'dtd': 'preparing_lessons/dtd_retinanet-r18w32_to_retinanet-r18w8_6e_toydet.py',
        'ka-dtd': 'preparing_lessons/ka-dtd_retinanet-r18w32_to_retinanet-r18w8_6e_toydet.py',
        'gt-stage2': 'generous_teacher/gt-stage2_retinanet-r18w32_to_retinanet-r18w32-generous_6e_toydet.py',
        'gt-stage3': 'generous_teacher/gt-stage3_retinanet-r18w32-generous_to_retinanet-r18w8_6e_toydet.py',
        'fitnet': 'fitnet/fitnet_retinanet-r18w32_to_retinanet-r18w8_6e_toydet.py',
        'kd-fitnet': 'fitnet/kd-fitnet_retinanet-r18w32_to_retinanet-r18w8_6e_toydet.py',
        'fitnet-sokd': 'sokd/fitnet-sokd_retinanet-r18w32_to_retinanet-r18w8_6e_toydet.py',
        'kd-fitnet-sokd': 'sokd/kd-fitnet-sokd_retinanet-r18w32_to_retinanet-r18w8_6e_toydet.py',
        'kd-tst': 'tst/kd-tst_retinanet-r18w32_to_retinanet-r18w8_6e_toydet.py',
        'ka-dtd-tst': 'tst/ka-dtd-tst_retinanet-r18w32_to_retinanet-r18w8_6e_toydet.py',
        'gt-stage3-tst': 'tst/gt-stage3-tst_retinanet-r18w32-generous_to_retinanet-r18w8_6e_toydet.py',
    }),
    'two_stage': Task('det', 'coco/bbox_mAP', 100.0, 'epoch', {
        'teacher': 'toy/faster-rcnn_r18w32_6e_toydet.py',
        'student': 'toy/faster-rcnn_r18w8_6e_toydet.py',
        'kd': 'kd/kd_faster-rcnn-r18w32_to_faster-rcnn-r18w8_6e_toydet.py',
        'dkd': 'dkd/dkd_faster-rcnn-r18w32_to_faster-rcnn-r18w8_6e_toydet.py',
        'kd-ka': 'preparing_lessons/kd-ka_faster-rcnn-r18w32_to_faster-rcnn-r18w8_6e_toydet.py',
        'dtd': 'preparing_lessons/dtd_faster-rcnn-r18w32_to_faster-rcnn-r18w8_6e_toydet.py',
        'ka-dtd': 'preparing_lessons/ka-dtd_faster-rcnn-r18w32_to_faster-rcnn-r18w8_6e_toydet.py',
        'gt-stage2': 'generous_teacher/gt-stage2_faster-rcnn-r18w32_to_faster-rcnn-r18w32-generous_6e_toydet.py',
        'gt-stage3': 'generous_teacher/gt-stage3_faster-rcnn-r18w32-generous_to_faster-rcnn-r18w8_6e_toydet.py',
        'fitnet': 'fitnet/fitnet_faster-rcnn-r18w32_to_faster-rcnn-r18w8_6e_toydet.py',
        'kd-fitnet': 'fitnet/kd-fitnet_faster-rcnn-r18w32_to_faster-rcnn-r18w8_6e_toydet.py',
        'fitnet-sokd': 'sokd/fitnet-sokd_faster-rcnn-r18w32_to_faster-rcnn-r18w8_6e_toydet.py',
        'kd-fitnet-sokd': 'sokd/kd-fitnet-sokd_faster-rcnn-r18w32_to_faster-rcnn-r18w8_6e_toydet.py',
        'kd-tst': 'tst/kd-tst_faster-rcnn-r18w32_to_faster-rcnn-r18w8_6e_toydet.py',
        'ka-dtd-tst': 'tst/ka-dtd-tst_faster-rcnn-r18w32_to_faster-rcnn-r18w8_6e_toydet.py',
        'gt-stage3-tst': 'tst/gt-stage3-tst_faster-rcnn-r18w32-generous_to_faster-rcnn-r18w8_6e_toydet.py',
    }),
    'seg': Task('seg', 'mIoU', 1.0, 'iter', {
        'teacher': 'toy/pspnet_r18w32-d8_1200i_toyseg.py',
        'student': 'toy/pspnet_r18w8-d8_1200i_toyseg.py',
        'kd': 'kd/kd_pspnet-r18w32-d8_to_pspnet-r18w8-d8_1200i_toyseg.py',
        'dkd': 'dkd/dkd_pspnet-r18w32-d8_to_pspnet-r18w8-d8_1200i_toyseg.py',
        'kd-ka': 'preparing_lessons/kd-ka_pspnet-r18w32-d8_to_pspnet-r18w8-d8_1200i_toyseg.py',
        'dtd': 'preparing_lessons/dtd_pspnet-r18w32-d8_to_pspnet-r18w8-d8_1200i_toyseg.py',
        'ka-dtd': 'preparing_lessons/ka-dtd_pspnet-r18w32-d8_to_pspnet-r18w8-d8_1200i_toyseg.py',
        'gt-stage2': 'generous_teacher/gt-stage2_pspnet-r18w32-d8_to_pspnet-r18w32-generous-d8_1200i_toyseg.py',
        'gt-stage3': 'generous_teacher/gt-stage3_pspnet-r18w32-generous-d8_to_pspnet-r18w8-d8_1200i_toyseg.py',
        'fitnet': 'fitnet/fitnet_pspnet-r18w32-d8_to_pspnet-r18w8-d8_1200i_toyseg.py',
        'kd-fitnet': 'fitnet/kd-fitnet_pspnet-r18w32-d8_to_pspnet-r18w8-d8_1200i_toyseg.py',
        'fitnet-sokd': 'sokd/fitnet-sokd_pspnet-r18w32-d8_to_pspnet-r18w8-d8_1200i_toyseg.py',
        'kd-fitnet-sokd': 'sokd/kd-fitnet-sokd_pspnet-r18w32-d8_to_pspnet-r18w8-d8_1200i_toyseg.py',
        'kd-tst': 'tst/kd-tst_pspnet-r18w32-d8_to_pspnet-r18w8-d8_1200i_toyseg.py',
        'ka-dtd-tst': 'tst/ka-dtd-tst_pspnet-r18w32-d8_to_pspnet-r18w8-d8_1200i_toyseg.py',
        'gt-stage3-tst': 'tst/gt-stage3-tst_pspnet-r18w32-generous-d8_to_pspnet-r18w8-d8_1200i_toyseg.py',
    }),
}

# --smoke: two training iterations per run (epoch loops: one epoch of two
# batches of two images), no validation during training.
SMOKE = {
    'epoch': ['train_cfg.max_epochs=1', 'train_dataloader.batch_size=2',
              'train_dataloader.dataset.indices=4',
              'train_cfg.val_begin=1000000'],
    'iter': ['train_cfg.max_iters=2', 'train_dataloader.batch_size=2',
             'train_cfg.val_begin=1000000'],
}


def config_path(task: str, method: str) -> str:
    """Absolute path of the config of ``method`` on ``task``."""
    return osp.join(REPO, 'configs', TASKS[task].configs[method])


def resolve_methods(names: List[str]) -> List[str]:
    """Rows to run for the ``--methods`` names, in table order: always the
    teacher and the student alone, plus every row a requested row needs
    (Generous Teacher stage 3 needs stage 2). ``FOLDER/NAME`` (the old quick
    start's spelling) means ``NAME``."""
    wanted = {'teacher', 'student'}
    for name in names:
        name = name.rpartition('/')[2] if name not in ALIASES else name
        if name in ALIASES:
            wanted.update(ALIASES[name])
        elif name in METHODS:
            wanted.add(name)
        else:
            raise ValueError(
                f'unknown method {name!r}; choose from '
                f'{", ".join(list(METHODS) + list(ALIASES))}')
    for name in list(wanted):
        while METHODS[name].teacher:
            name = METHODS[name].teacher
            wanted.add(name)
    return [m for m in METHODS if m in wanted]


def data_options(task: str, data_root: str) -> List[str]:
    """``--cfg-options`` that point a run of ``task`` at ``data_root``."""
    root = osp.join(data_root, TASKS[task].data) + '/'
    options = [f'{loader}.dataset.data_root={root}'
               for loader in ('train_dataloader', 'val_dataloader',
                              'test_dataloader')]
    if TASKS[task].data == 'det':
        ann = root + 'annotations/instances_val.json'
        options += [f'val_evaluator.ann_file={ann}',
                    f'test_evaluator.ann_file={ann}']
    return options


def smoke_options(task: str) -> List[str]:
    """``--cfg-options`` that shrink a run of ``task`` to two iterations."""
    return list(SMOKE[TASKS[task].loop])


def to_percent(task: str, value: float) -> float:
    """The task's metric in percent (mmdet's mAP is in [0, 1])."""
    return value * TASKS[task].scale
