# The toy pair retinanet_r18w32_6e_toydet -> retinanet_r18w8_6e_toydet:
# student, teacher, teacher checkpoint, data, schedule, and the hooks that
# export the student and log its agreement with the teacher. A method
# config on this pair inherits this file and adds its `distill_losses`.
_base_ = [
    '../datasets/toy_det.py',
    '../schedules/toy_det_schedule.py',
    '../default_runtime.py'
]
model = dict(
    type='mmkd_teach.Distiller',
    student='{{fileDirname}}/../../toy/retinanet_r18w8_6e_toydet.py',
    teacher='{{fileDirname}}/../../toy/retinanet_r18w32_6e_toydet.py',
    # written by `python tools/train.py configs/toy/retinanet_r18w32_6e_toydet.py`
    teacher_ckpt='work_dirs/retinanet_r18w32_6e_toydet/epoch_6.pth',
    distill_losses=dict())
custom_hooks = [
    dict(type='mmkd_teach.ExportStudentHook'),
    dict(type='mmkd_teach.AgreementHook')
]
