# FitNet on every FPN level of the toy RetinaNet pair. The adapters are
# learnable distillation parts with their own optimiser (an OptimWrapperDict
# built by DistillerOptimWrapperConstructor), checkpointed and resumed.
_base_ = [
    '../_base_/datasets/toy_det.py', '../_base_/schedules/toy_det_schedule.py',
    '../_base_/default_runtime.py'
]
model = dict(
    type='mmkd_teach.Distiller',
    student='{{fileDirname}}/../toy/retinanet_r18w8_12e_toydet.py',
    teacher='{{fileDirname}}/../toy/retinanet_r18w32_12e_toydet.py',
    teacher_ckpt='work_dirs/retinanet_r18w32_12e_toydet/epoch_12.pth',
    distill_losses=dict(
        fitnet=dict(
            type='FitNetLoss',
            student_taps=[f'neck.fpn_convs.{i}' for i in range(4)],
            teacher_taps=[f'neck.fpn_convs.{i}' for i in range(4)],
            student_channels=32,
            teacher_channels=64,
            loss_weight=1.0)))
optim_wrapper = dict(
    _delete_=True,
    constructor='mmkd_teach.DistillerOptimWrapperConstructor',
    student=dict(
        type='OptimWrapper',
        optimizer=dict(type='SGD', lr=0.02, momentum=0.9, weight_decay=1e-4),
        clip_grad=dict(max_norm=35, norm_type=2)),
    distill_losses=dict(
        type='OptimWrapper',
        optimizer=dict(type='Adam', lr=1e-3, weight_decay=0.)))
custom_hooks = [dict(type='mmkd_teach.ExportStudentHook')]
