# FitNet on the last stage of the toy classifier pair, with the adapter on
# its own optimiser (OptimWrapperDict), plus KD on the logits.
_base_ = [
    '../_base_/datasets/toy_cls.py', '../_base_/schedules/toy_cls_schedule.py',
    '../_base_/default_runtime.py'
]
model = dict(
    type='mmkd_teach.Distiller',
    student='{{fileDirname}}/../toy/resnet18w8_10e_toycls.py',
    teacher='{{fileDirname}}/../toy/resnet18w32_10e_toycls.py',
    teacher_ckpt='work_dirs/resnet18w32_10e_toycls/epoch_10.pth',
    distill_losses=dict(
        kd=dict(type='KDLoss', temperature=4.0, loss_weight=1.0),
        fitnet=dict(
            type='FitNetLoss',
            student_taps='backbone.layer4',
            teacher_taps='backbone.layer4',
            student_channels=64,
            teacher_channels=256,
            loss_weight=1.0)))
optim_wrapper = dict(
    _delete_=True,
    constructor='mmkd_teach.DistillerOptimWrapperConstructor',
    student=dict(
        type='OptimWrapper',
        optimizer=dict(type='SGD', lr=0.1, momentum=0.9, weight_decay=5e-4)),
    distill_losses=dict(
        type='OptimWrapper',
        optimizer=dict(type='Adam', lr=1e-3, weight_decay=0.)))
custom_hooks = [dict(type='mmkd_teach.ExportStudentHook')]
