# Preparing Lessons on the toy cls pair: KD with Knowledge Adjustment (Probability Shift) of the teacher.
_base_ = [
    '../_base_/datasets/toy_cls.py', '../_base_/schedules/toy_cls_schedule.py',
    '../_base_/default_runtime.py'
]
model = dict(
    type='mmkd_teach.Distiller',
    student='{{fileDirname}}/../toy/resnet18w8_10e_toycls.py',
    teacher='{{fileDirname}}/../toy/resnet18w32_10e_toycls.py',
    teacher_ckpt='work_dirs/resnet18w32_10e_toycls/epoch_10.pth',
    distill_losses=dict(kd_ka=dict(type='KDLoss', temperature=4.0, loss_weight=1.0, adjust='ps')))
custom_hooks = [dict(type='mmkd_teach.ExportStudentHook')]
