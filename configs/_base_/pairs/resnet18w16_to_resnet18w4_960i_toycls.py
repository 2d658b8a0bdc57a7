# The toy pair resnet18w16_960i_toycls -> resnet18w4_960i_toycls:
# student, teacher, teacher checkpoint, data, schedule, and the hooks that
# export the student and log its agreement with the teacher. A method
# config on this pair inherits this file and adds its `distill_losses`.
_base_ = [
    '../datasets/toy_cls.py',
    '../schedules/toy_cls_schedule.py'
]
model = dict(
    type='mmkd_teach.Distiller',
    student='{{fileDirname}}/../../toy/resnet18w4_960i_toycls.py',
    teacher='{{fileDirname}}/../../toy/resnet18w16_960i_toycls.py',
    # written by `python tools/train.py configs/toy/resnet18w16_960i_toycls.py`
    teacher_ckpt='work_dirs/resnet18w16_960i_toycls/iter_960.pth',
    distill_losses=dict())
custom_hooks = [
    dict(type='mmkd_teach.ExportStudentHook'),
    dict(type='mmkd_teach.AgreementHook')
]
