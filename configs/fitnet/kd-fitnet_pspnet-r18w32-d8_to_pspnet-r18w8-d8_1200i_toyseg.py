# KD on the logits plus FitNet on the decode-head input (backbone.layer4) of the toy PSPNet pair: KD+FitNet+SoKD
# (configs/sokd) without SoKD, the row that isolates SoKD's share.
_base_ = '../_base_/pairs/pspnet-r18w32-d8_to_pspnet-r18w8-d8_1200i_toyseg.py'
model = dict(
    distill_losses=dict(
        kd=dict(type='KDLoss', temperature=2.0, loss_weight=1.0),
        fitnet=dict(
            type='FitNetLoss',
            student_taps='backbone.layer4',
            teacher_taps='backbone.layer4',
            student_channels=64,
            teacher_channels=256,
            loss_weight=1.0)))
optim_wrapper = dict(
    _delete_=True,
    constructor='mmkd_teach.DistillerOptimWrapperConstructor',
    student={{_base_.optim_wrapper}},  # the pair's own schedule
    distill_losses=dict(
        type='OptimWrapper',
        optimizer=dict(type='Adam', lr=1e-3, weight_decay=0.)))
