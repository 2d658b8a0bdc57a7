# Generous Teacher, stage 3: the student distilled with KD from the generous
# teacher (stage 2's student_final.pth).
_base_ = [
    '../_base_/datasets/toy_det.py', '../_base_/schedules/toy_det_schedule.py',
    '../_base_/default_runtime.py'
]
model = dict(
    type='mmkd_teach.Distiller',
    student='{{fileDirname}}/../toy/retinanet_r18w8_12e_toydet.py',
    teacher='{{fileDirname}}/../toy/retinanet_r18w32_12e_toydet.py',
    # the stage-2 export (tools/generous_teacher_pipeline.py sets it)
    teacher_ckpt='work_dirs/gt-stage2_retinanet-r18w32_to_retinanet-r18w32-generous_12e_toydet/student_final.pth',
    distill_losses=dict(kd=dict(type='KDLoss', temperature=1.0, loss_weight=2.0)))
custom_hooks = [dict(type='mmkd_teach.ExportStudentHook')]
