# Hinton KD + TST on the toy one_stage pair: search phases
# (TSTPhaseHook) and distillation on [A(x); x] between them.
_base_ = '../_base_/pairs/retinanet-r18w32_to_retinanet-r18w8_6e_toydet.py'
model = dict(
    # the one-stage logit recipe: summed over anchors / positive anchors,
    # hard-label focal loss at half weight (Hinton's alpha)
    student_loss_weight=dict(loss_cls=0.5),
    distill_losses=dict(kd=dict(type='KDLoss', temperature=1.0, loss_weight=1.0, normalize='positives')),
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
    # 720 iterations (120 per epoch); the COCO recipe's phases (one epoch
    # at epochs 6 and 12 of 24) scaled to iterations
    dict(type='mmkd_teach.TSTPhaseHook', phases=[[180, 210], [360, 390]],
         by_epoch=False, alrs_interval=10)
]
# under DDP, the distiller's own step (student + policy optimisers, TST's
# search; mmkd_teach/engine/distributed.py)
model_wrapper_cfg = dict(
    type='DistillerDistributedDataParallel', broadcast_buffers=False,
    find_unused_parameters=False)
