# KD on the logits plus FitNet on every FPN level of the toy Faster R-CNN pair: KD+FitNet+SoKD
# (configs/sokd) without SoKD, the row that isolates SoKD's share.
_base_ = '../_base_/pairs/faster-rcnn-r18w32_to_faster-rcnn-r18w8_6e_toydet.py'
model = dict(
    # the two-stage logit recipe of configs/kd (RoI loss_cls at half weight)
    student_loss_weight=dict(loss_cls=0.5),
    distill_losses=dict(
        kd=dict(type='KDLoss', temperature=1.0, loss_weight=1.0),
        fitnet=dict(
            type='FitNetLoss',
            student_taps=[f'neck.fpn_convs.{i}' for i in range(4)],
            teacher_taps=[f'neck.fpn_convs.{i}' for i in range(4)],
            student_channels=32,
            teacher_channels=64,
            loss_weight=1.0)))
optim_wrapper = dict(
    _delete_=True,
    constructor='mmkd_teach.DistillerOptimWrapperConstructor',
    student={{_base_.optim_wrapper}},  # the pair's own schedule
    distill_losses=dict(
        type='OptimWrapper',
        optimizer=dict(type='Adam', lr=1e-3, weight_decay=0.)))
