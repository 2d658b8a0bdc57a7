# KD + TST on Faster R-CNN R101 -> R50, COCO 2x.
# Results: not yet run (see the method's README). Dataset, schedule and
# runtime are the student's own
# upstream config.
# TST's own pair takes a Cascade Mask R-CNN X101 teacher; the two-stage view
# aligns the student's sampled RoIs with one StandardRoIHead of the teacher,
# and a cascade head is not one, so the teacher is Faster R-CNN R101.
_base_ = 'mmdet::faster_rcnn/faster-rcnn_r50_fpn_2x_coco.py'
model = dict(
    _delete_=True,
    type='mmkd_teach.Distiller',
    student='mmdet::faster_rcnn/faster-rcnn_r50_fpn_2x_coco.py',
    teacher='mmdet::faster_rcnn/faster-rcnn_r101_fpn_2x_coco.py',
    teacher_ckpt='https://download.openmmlab.com/mmdetection/v2.0/faster_rcnn/faster_rcnn_r101_fpn_2x_coco/faster_rcnn_r101_fpn_2x_coco_bbox_mAP-0.398_20200504_210455-1d2dac9c.pth',
    # the logit recipe of the toy two-stage pair: T 1, the RoI head's
    # hard-label loss at half weight (Hinton's alpha)
    student_loss_weight=dict(loss_cls=0.5),
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
