# FitNet alone on the last stage of the toy classifier pair (the baseline
# row of SoKD; fitnet_resnet18w16_to_resnet18w4_960i_toycls.py adds KD), the
# adapter on its own optimiser (OptimWrapperDict).
_base_ = '../_base_/pairs/resnet18w16_to_resnet18w4_960i_toycls.py'
model = dict(
    distill_losses=dict(
        fitnet=dict(
            type='FitNetLoss',
            student_taps='backbone.layer4',
            teacher_taps='backbone.layer4',
            student_channels=32,
            teacher_channels=128,
            loss_weight=1.0)))
optim_wrapper = dict(
    _delete_=True,
    constructor='mmkd_teach.DistillerOptimWrapperConstructor',
    student={{_base_.optim_wrapper}},  # the pair's own schedule
    distill_losses=dict(
        type='OptimWrapper',
        optimizer=dict(type='Adam', lr=1e-3, weight_decay=0.)))
