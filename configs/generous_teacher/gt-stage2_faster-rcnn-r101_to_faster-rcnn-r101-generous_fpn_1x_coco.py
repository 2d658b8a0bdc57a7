# Generous Teacher stage 2 (the generous teacher, trained anew).
# A real pair (results: not yet run; see the method's README). Dataset,
# schedule and runtime are
# the teacher's own upstream config.
# Stage 1 is the upstream checkpoint below (the standard teacher).
_base_ = 'mmdet::faster_rcnn/faster-rcnn_r101_fpn_1x_coco.py'
model = dict(
    _delete_=True,
    type='mmkd_teach.Distiller',
    # the generous teacher: the same architecture, trained anew
    student='mmdet::faster_rcnn/faster-rcnn_r101_fpn_1x_coco.py',
    teacher='mmdet::faster_rcnn/faster-rcnn_r101_fpn_1x_coco.py',
    teacher_ckpt='https://download.openmmlab.com/mmdetection/v2.0/faster_rcnn/faster_rcnn_r101_fpn_1x_coco/faster_rcnn_r101_fpn_1x_coco_20200130-f513f705.pth',
    distill_losses=dict(generous=dict(
            type='GenerousTeacherLoss',
            Tn=1.0,
            alpha=1.0,
            warmup=dict(by='epoch', length=2))))
custom_hooks = [dict(type='mmkd_teach.ExportStudentHook')]
# Saves a kill cannot spoil and an exact resume (random states in the
# checkpoint), as in configs/_base_/default_runtime.py.
default_hooks = dict(
    checkpoint=dict(type='mmkd_teach.SafeCheckpointHook'),
    random_state=dict(type='mmkd_teach.RandomStateHook'))
