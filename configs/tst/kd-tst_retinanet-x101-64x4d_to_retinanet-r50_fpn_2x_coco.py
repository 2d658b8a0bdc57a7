# KD + TST on RetinaNet X101-64x4d -> R50, COCO 2x.
# Results: not yet run (see the method's README). Dataset, schedule and
# runtime are the student's own
# upstream config.
_base_ = 'mmdet::retinanet/retinanet_r50_fpn_2x_coco.py'
model = dict(
    _delete_=True,
    type='mmkd_teach.Distiller',
    student='mmdet::retinanet/retinanet_r50_fpn_2x_coco.py',
    teacher='mmdet::retinanet/retinanet_x101-64x4d_fpn_2x_coco.py',
    teacher_ckpt='https://download.openmmlab.com/mmdetection/v2.0/retinanet/retinanet_x101_64x4d_fpn_2x_coco/retinanet_x101_64x4d_fpn_2x_coco_20200131-bca068ab.pth',
    # the one-stage logit recipe of the toy pair: summed over anchors per
    # positive anchor, focal loss at half weight (Hinton's alpha)
    student_loss_weight=dict(loss_cls=0.5),
    distill_losses=dict(kd=dict(type='KDLoss', temperature=1.0, loss_weight=1.0, normalize='positives')),
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
    # COCO 24 epochs: one search epoch at epochs 6 and 12 (TST)
    dict(type='mmkd_teach.TSTPhaseHook', phases=[[6, 7], [12, 13]])
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
