# KD + TST on PSPNet R101-D8 -> R18-D8, Cityscapes 80k.
# Results: not yet run (see the method's README). Dataset, schedule and
# runtime are the student's own
# upstream config.
_base_ = 'mmseg::pspnet/pspnet_r18-d8_4xb2-80k_cityscapes-512x1024.py'
model = dict(
    _delete_=True,
    type='mmkd_teach.Distiller',
    student='mmseg::pspnet/pspnet_r18-d8_4xb2-80k_cityscapes-512x1024.py',
    teacher='mmseg::pspnet/pspnet_r101-d8_4xb2-80k_cityscapes-512x1024.py',
    teacher_ckpt='https://download.openmmlab.com/mmsegmentation/v0.5/pspnet/pspnet_r101-d8_512x1024_80k_cityscapes/pspnet_r101-d8_512x1024_80k_cityscapes_20200606_112211-e1e1100f.pth',
    # TST weighs the decode head's KD 1.5 (and the auxiliary head's 0.5;
    # the segmentation view reads the decode head only)
    distill_losses=dict(kd=dict(type='KDLoss', temperature=1.0, loss_weight=1.5)),
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
    # three search phases of 2k iterations at 10, 30 and 50 % of 80k
    dict(type='mmkd_teach.TSTPhaseHook', phases=[[8000, 10000], [24000, 26000], [40000, 42000]],
         by_epoch=False, alrs_interval=500)
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
