# DKD on a real pair (results: not yet run; see the method's
# README). Dataset, schedule and runtime are the student's own upstream config.
_base_ = 'mmpretrain::resnet/resnet18_8xb32_in1k.py'
model = dict(
    _delete_=True,
    type='mmkd_teach.Distiller',
    student='mmpretrain::resnet/resnet18_8xb32_in1k.py',
    teacher='mmpretrain::resnet/resnet34_8xb32_in1k.py',
    teacher_ckpt='https://download.openmmlab.com/mmclassification/v0/resnet/resnet34_8xb32_in1k_20210831-f257d4e6.pth',
    distill_losses=dict(dkd=dict(type='DKDLoss', alpha=0.5, beta=0.5, temperature=1.0,
                 warmup=dict(by='epoch', length=1))))
custom_hooks = [dict(type='mmkd_teach.ExportStudentHook')]
# Saves a kill cannot spoil and an exact resume (random states in the
# checkpoint), as in configs/_base_/default_runtime.py.
default_hooks = dict(
    checkpoint=dict(type='mmkd_teach.SafeCheckpointHook'),
    random_state=dict(type='mmkd_teach.RandomStateHook'))
