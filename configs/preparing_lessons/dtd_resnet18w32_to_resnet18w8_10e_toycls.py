# Preparing Lessons on the toy cls pair: Dynamic Temperature Distillation (FLSW).
_base_ = [
    '../_base_/datasets/toy_cls.py', '../_base_/schedules/toy_cls_schedule.py',
    '../_base_/default_runtime.py'
]
model = dict(
    type='mmkd_teach.Distiller',
    student='{{fileDirname}}/../toy/resnet18w8_10e_toycls.py',
    teacher='{{fileDirname}}/../toy/resnet18w32_10e_toycls.py',
    teacher_ckpt='work_dirs/resnet18w32_10e_toycls/epoch_10.pth',
    distill_losses=dict(dtd=dict(
        type='DTDLoss',
        temperature=dict(
            mode='flsw', base=4.0, beta=1.0, gamma=2.0, floor=1.0),
        loss_weight=1.0)))
custom_hooks = [dict(type='mmkd_teach.ExportStudentHook')]
