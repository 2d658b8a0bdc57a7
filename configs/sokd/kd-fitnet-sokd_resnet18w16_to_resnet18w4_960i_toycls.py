# KD on the logits plus SoKD (FitNet on DAFA-refined teacher features + DAM)
# on the last stage of the toy classifier pair.
# One DAFA policy for all tapped levels, searched for the first 480 iterations (of 960) and
# frozen after (still sampled); its parameters on their own Adam
# (docs/methods/sokd.md: lr 3e-4, betas (0.5, 0.999), weight decay 1e-3),
# the adapters and the DAM on the distillation parts' optimiser. The pair's
# param_scheduler applies to every optimiser (configs/sokd/README.md).
_base_ = '../_base_/pairs/resnet18w16_to_resnet18w4_960i_toycls.py'
model = dict(
    distill_losses=dict(
        kd=dict(type='KDLoss', temperature=4.0, loss_weight=1.0),
        sokd=dict(
            type='SoKDLoss',
            student_taps='backbone.layer4',
            teacher_taps='backbone.layer4',
            student_channels=32,
            teacher_channels=128,
            search=dict(by='iter', length=480))))
optim_wrapper = dict(
    _delete_=True,
    constructor='mmkd_teach.DistillerOptimWrapperConstructor',
    student={{_base_.optim_wrapper}},  # the pair's own schedule
    distill_losses=dict(
        type='OptimWrapper',
        optimizer=dict(type='Adam', lr=1e-3, weight_decay=0.)),
    sokd_augment=dict(
        type='OptimWrapper',
        module='distill_losses.sokd.augment',
        optimizer=dict(
            type='Adam', lr=3e-4, betas=(0.5, 0.999), weight_decay=1e-3)))
