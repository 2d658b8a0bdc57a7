# TST on the toy cls pair: the pair's base plus the policy
# (model.tst), its optimiser, the phase hook and the DDP wrapper.
# A TST method config inherits this file and adds its logit loss.
_base_ = '../resnet18w16_to_resnet18w4_960i_toycls.py'
model = dict(tst=dict(type='mmkd_teach.TST'))
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
    # 960 iterations (32 per epoch of 2000 images); the ImageNet recipe's phases (epochs
    # 10-15 and 25-30 of 100) scaled to iterations
    dict(type='mmkd_teach.TSTPhaseHook', phases=[[96, 144], [240, 288]],
         by_epoch=False, alrs_interval=24)
]
# under DDP, the distiller's own step (student + policy optimisers, TST's
# search; mmkd_teach/engine/distributed.py)
model_wrapper_cfg = dict(
    type='DistillerDistributedDataParallel', broadcast_buffers=False,
    find_unused_parameters=False)
