# The toy pair pspnet_r18w32-d8_1200i_toyseg -> pspnet_r18w8-d8_1200i_toyseg:
# student, teacher, teacher checkpoint, data, schedule, and the hooks that
# export the student and log its agreement with the teacher. A method
# config on this pair inherits this file and adds its `distill_losses`.
_base_ = [
    '../datasets/toy_seg.py',
    '../schedules/toy_seg_schedule.py'
]
model = dict(
    type='mmkd_teach.Distiller',
    student='{{fileDirname}}/../../toy/pspnet_r18w8-d8_1200i_toyseg.py',
    teacher='{{fileDirname}}/../../toy/pspnet_r18w32-d8_1200i_toyseg.py',
    # written by `python tools/train.py configs/toy/pspnet_r18w32-d8_1200i_toyseg.py`
    teacher_ckpt='work_dirs/pspnet_r18w32-d8_1200i_toyseg/iter_1200.pth',
    distill_losses=dict())
custom_hooks = [
    dict(type='mmkd_teach.ExportStudentHook'),
    dict(type='mmkd_teach.AgreementHook')
]
