# Preparing Lessons on the toy seg pair: Knowledge Adjustment (PS) then Dynamic Temperature Distillation.
_base_ = [
    '../_base_/datasets/toy_seg.py', '../_base_/schedules/toy_seg_schedule.py'
]
model = dict(
    type='mmkd_teach.Distiller',
    student='{{fileDirname}}/../toy/pspnet_r18w8-d8_600i_toyseg.py',
    teacher='{{fileDirname}}/../toy/pspnet_r18w32-d8_600i_toyseg.py',
    teacher_ckpt='work_dirs/pspnet_r18w32-d8_600i_toyseg/iter_600.pth',
    distill_losses=dict(ka_dtd=dict(
        type='DTDLoss',
        temperature=dict(
            mode='flsw', base=2.0, beta=1.0, gamma=2.0, floor=1.0),
        adjust='ps',
        loss_weight=1.0)))
custom_hooks = [dict(type='mmkd_teach.ExportStudentHook')]
