# KD + TST on ResNet34 -> ResNet18, ImageNet.
# Results: not yet run (see the method's README). Dataset, schedule and
# runtime are the student's own
# upstream config.
_base_ = 'mmpretrain::resnet/resnet18_8xb32_in1k.py'
model = dict(
    _delete_=True,
    type='mmkd_teach.Distiller',
    student='mmpretrain::resnet/resnet18_8xb32_in1k.py',
    teacher='mmpretrain::resnet/resnet34_8xb32_in1k.py',
    teacher_ckpt='https://download.openmmlab.com/mmclassification/v0/resnet/resnet34_8xb32_in1k_20210831-f257d4e6.pth',
    distill_losses=dict(kd=dict(type='KDLoss', temperature=1.0, loss_weight=1.0)),
    tst=dict(type='mmkd_teach.TST'))
optim_wrapper = dict(
    _delete_=True,
    constructor='mmkd_teach.DistillerOptimWrapperConstructor',
    student={{_base_.optim_wrapper}},
    tst=dict(
        type='OptimWrapper',
        optimizer=dict(type='SGD', lr=0.01, momentum=0.9, weight_decay=0.)))
param_scheduler = dict(
    _delete_=True, student={{_base_.param_scheduler}}, tst=[])
custom_hooks = [
    dict(type='mmkd_teach.ExportStudentHook'),
    # ImageNet 100 epochs: search in epochs 10-15 and 25-30 (TST)
    dict(type='mmkd_teach.TSTPhaseHook', phases=[[10, 15], [25, 30]])
]
# Saves a kill cannot spoil and an exact resume (random states in the
# checkpoint), as in configs/_base_/default_runtime.py.
default_hooks = dict(
    checkpoint=dict(type='mmkd_teach.SafeCheckpointHook'),
    random_state=dict(type='mmkd_teach.RandomStateHook'))
# under DDP, the distiller's own step (student + policy optimisers, TST's
# search; mmkd_teach/engine/distributed.py)
model_wrapper_cfg = dict(
    type='DistillerDistributedDataParallel', broadcast_buffers=False,
    find_unused_parameters=False)
