# Knowledge Adjustment (PS) then DTD.
# A real pair (results: not yet run; see the method's README). Dataset,
# schedule and runtime are
# the student's own upstream config.
_base_ = 'mmdet::retinanet/retinanet_r50_fpn_1x_coco.py'
model = dict(
    _delete_=True,
    type='mmkd_teach.Distiller',
    student='mmdet::retinanet/retinanet_r50_fpn_1x_coco.py',
    teacher='mmdet::retinanet/retinanet_r101_fpn_1x_coco.py',
    teacher_ckpt='https://download.openmmlab.com/mmdetection/v2.0/retinanet/retinanet_r101_fpn_1x_coco/retinanet_r101_fpn_1x_coco_20200130-7a93545f.pth',
    # the one-stage logit recipe of the toy pair: summed over anchors per
    # positive anchor, focal loss at half weight (Hinton's alpha)
    student_loss_weight=dict(loss_cls=0.5),
    distill_losses=dict(ka_dtd=dict(
        type='DTDLoss',
        temperature=dict(mode='flsw', base=1.0, beta=1.0, gamma=2.0, floor=0.5),
        adjust='ps',
        loss_weight=1.0, normalize='positives')))
custom_hooks = [dict(type='mmkd_teach.ExportStudentHook')]
# Saves a kill cannot spoil and an exact resume (random states in the
# checkpoint), as in configs/_base_/default_runtime.py.
default_hooks = dict(
    checkpoint=dict(type='mmkd_teach.SafeCheckpointHook'),
    random_state=dict(type='mmkd_teach.RandomStateHook'))
