# Preparing Lessons on the toy two_stage pair: KD with Knowledge Adjustment (Probability Shift) of the teacher.
_base_ = [
    '../_base_/datasets/toy_det.py', '../_base_/schedules/toy_det_schedule.py',
    '../_base_/default_runtime.py'
]
model = dict(
    type='mmkd_teach.Distiller',
    student='{{fileDirname}}/../toy/faster-rcnn_r18w8_12e_toydet.py',
    teacher='{{fileDirname}}/../toy/faster-rcnn_r18w32_12e_toydet.py',
    teacher_ckpt='work_dirs/faster-rcnn_r18w32_12e_toydet/epoch_12.pth',
    distill_losses=dict(kd_ka=dict(type='KDLoss', temperature=2.0, loss_weight=1.0, adjust='ps')))
custom_hooks = [dict(type='mmkd_teach.ExportStudentHook')]
