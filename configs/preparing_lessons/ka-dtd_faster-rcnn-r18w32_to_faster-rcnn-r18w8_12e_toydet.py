# Preparing Lessons on the toy two_stage pair: Knowledge Adjustment (PS) then Dynamic Temperature Distillation.
_base_ = [
    '../_base_/datasets/toy_det.py', '../_base_/schedules/toy_det_schedule.py',
    '../_base_/default_runtime.py'
]
model = dict(
    type='mmkd_teach.Distiller',
    student='{{fileDirname}}/../toy/faster-rcnn_r18w8_12e_toydet.py',
    teacher='{{fileDirname}}/../toy/faster-rcnn_r18w32_12e_toydet.py',
    teacher_ckpt='work_dirs/faster-rcnn_r18w32_12e_toydet/epoch_12.pth',
    distill_losses=dict(ka_dtd=dict(
        type='DTDLoss',
        temperature=dict(
            mode='flsw', base=2.0, beta=1.0, gamma=2.0, floor=1.0),
        adjust='ps',
        loss_weight=1.0)))
custom_hooks = [dict(type='mmkd_teach.ExportStudentHook')]
