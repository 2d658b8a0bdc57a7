# KD + TST on FCOS R101 -> R50 (caffe, GN head), COCO 2x.
# Results: not yet run (see the method's README). Dataset, schedule and
# runtime are the student's own
# upstream config.
# Caffe-style backbones: the batch is BGR (TST channel_order "auto" sees it).
_base_ = 'mmdet::fcos/fcos_r50-caffe_fpn_gn-head_ms-640-800-2x_coco.py'
model = dict(
    _delete_=True,
    type='mmkd_teach.Distiller',
    student='mmdet::fcos/fcos_r50-caffe_fpn_gn-head_ms-640-800-2x_coco.py',
    teacher='mmdet::fcos/fcos_r101-caffe_fpn_gn-head_ms-640-800-2x_coco.py',
    teacher_ckpt='https://download.openmmlab.com/mmdetection/v2.0/fcos/fcos_r101_caffe_fpn_gn-head_mstrain_640-800_2x_coco/fcos_r101_caffe_fpn_gn-head_mstrain_640-800_2x_coco-511424d6.pth',
    # TST's FCOS recipe: base KD on the classification logits, tau 1
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
