# Hinton KD + TST on the toy cls pair: search phases
# (TSTPhaseHook) and distillation on [A(x); x] between them.
_base_ = '../_base_/pairs/resnet18w16_to_resnet18w4_30e_toycls.py'
model = dict(
    distill_losses=dict(kd=dict(type='KDLoss', temperature=4.0, loss_weight=1.0)),
    tst=dict(type='mmkd_teach.TST'))
optim_wrapper = dict(
    _delete_=True,
    constructor='mmkd_teach.DistillerOptimWrapperConstructor',
    student={{_base_.optim_wrapper}},  # the pair's own schedule
    # the policy's optimiser (TST: SGD lr 0.01, momentum 0.9; its lr decays
    # by ALRS in TSTPhaseHook, so no scheduler of its own)
    tst=dict(
        type='OptimWrapper',
        optimizer=dict(type='SGD', lr=0.01, momentum=0.9, weight_decay=0.)))
param_scheduler = dict(
    _delete_=True, student={{_base_.param_scheduler}}, tst=[])
custom_hooks = [
    dict(type='mmkd_teach.ExportStudentHook'),
    dict(type='mmkd_teach.AgreementHook'),
    # 960 iterations (32 per epoch); the ImageNet recipe's phases (epochs
    # 10-15 and 25-30 of 100) scaled to iterations
    dict(type='mmkd_teach.TSTPhaseHook', phases=[[96, 144], [240, 288]],
         by_epoch=False, alrs_interval=24)
]
# under DDP, the distiller's own step (student + policy optimisers, TST's
# search; mmkd_teach/engine/distributed.py)
model_wrapper_cfg = dict(
    type='DistillerDistributedDataParallel', broadcast_buffers=False,
    find_unused_parameters=False)
