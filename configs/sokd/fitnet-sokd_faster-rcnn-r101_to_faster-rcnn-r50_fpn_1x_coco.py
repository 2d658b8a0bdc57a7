# SoKD (FitNet on DAFA-refined teacher features + DAM) on every FPN level (the four fpn_convs outputs; the fifth level is their max-pool)
# of a real pair (results: not yet run; see the method's README).
# Dataset, schedule and runtime are the student's own upstream config. The policy is searched for the
# first 2 epochs (of 12), then frozen and still sampled.
_base_ = 'mmdet::faster_rcnn/faster-rcnn_r50_fpn_1x_coco.py'
model = dict(
    _delete_=True,
    type='mmkd_teach.Distiller',
    student='mmdet::faster_rcnn/faster-rcnn_r50_fpn_1x_coco.py',
    teacher='mmdet::faster_rcnn/faster-rcnn_r101_fpn_1x_coco.py',
    teacher_ckpt='https://download.openmmlab.com/mmdetection/v2.0/faster_rcnn/faster_rcnn_r101_fpn_1x_coco/faster_rcnn_r101_fpn_1x_coco_20200130-f513f705.pth',
    distill_losses=dict(
        sokd=dict(
            type='SoKDLoss',
            student_taps=[f'neck.fpn_convs.{i}' for i in range(4)],
            teacher_taps=[f'neck.fpn_convs.{i}' for i in range(4)],
            student_channels=256,
            teacher_channels=256,
            search=dict(by='epoch', length=2))))
optim_wrapper = dict(
    _delete_=True,
    constructor='mmkd_teach.DistillerOptimWrapperConstructor',
    student={{_base_.optim_wrapper}},  # the upstream schedule
    distill_losses=dict(
        type='OptimWrapper',
        optimizer=dict(type='Adam', lr=1e-3, weight_decay=0.)),
    sokd_augment=dict(
        type='OptimWrapper',
        module='distill_losses.sokd.augment',
        optimizer=dict(
            type='Adam', lr=3e-4, betas=(0.5, 0.999), weight_decay=1e-3)))
# Only the sampled sub-policy's operations get gradients, and none after the
# search: DDP must allow unused parameters.
find_unused_parameters = True
custom_hooks = [dict(type='mmkd_teach.ExportStudentHook')]
# Saves a kill cannot spoil and an exact resume (random states, the SoKD
# policy's generator included, in the checkpoint).
default_hooks = dict(
    checkpoint=dict(type='mmkd_teach.SafeCheckpointHook'),
    random_state=dict(type='mmkd_teach.RandomStateHook'))
