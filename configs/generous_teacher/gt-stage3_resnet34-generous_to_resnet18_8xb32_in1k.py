# Generous Teacher stage 3 (the student, KD from the generous teacher).
# A real pair (results: not yet run; see the method's README). Dataset,
# schedule and runtime are
# the student's own upstream config.
_base_ = 'mmpretrain::resnet/resnet18_8xb32_in1k.py'
model = dict(
    _delete_=True,
    type='mmkd_teach.Distiller',
    student='mmpretrain::resnet/resnet18_8xb32_in1k.py',
    teacher='mmpretrain::resnet/resnet34_8xb32_in1k.py',
    teacher_ckpt='work_dirs/gt-stage2_resnet34_to_resnet34-generous_8xb32_in1k/student_final.pth',
    distill_losses=dict(kd=dict(type='KDLoss', temperature=1.0, loss_weight=1.0)))
custom_hooks = [dict(type='mmkd_teach.ExportStudentHook')]
# Saves a kill cannot spoil and an exact resume (random states in the
# checkpoint), as in configs/_base_/default_runtime.py.
default_hooks = dict(
    checkpoint=dict(type='mmkd_teach.SafeCheckpointHook'),
    random_state=dict(type='mmkd_teach.RandomStateHook'))
