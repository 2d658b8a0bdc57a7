# TST on the toy seg pair: the pair's base plus the policy
# (model.tst), its optimiser, the phase hook and the DDP wrapper.
# A TST method config inherits this file and adds its logit loss.
_base_ = '../pspnet-r18w32-d8_to_pspnet-r18w8-d8_1200i_toyseg.py'
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
    # 1200 iterations; three search phases (the Cityscapes recipe) at 10, 30
    # and 50 % of the run, 30 iterations each
    dict(type='mmkd_teach.TSTPhaseHook',
         phases=[[120, 150], [360, 390], [600, 630]],
         by_epoch=False, alrs_interval=10)
]
# under DDP, the distiller's own step (student + policy optimisers, TST's
# search; mmkd_teach/engine/distributed.py)
model_wrapper_cfg = dict(
    type='DistillerDistributedDataParallel', broadcast_buffers=False,
    find_unused_parameters=False)
