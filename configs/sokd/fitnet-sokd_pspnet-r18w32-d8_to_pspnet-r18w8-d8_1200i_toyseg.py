# SoKD (FitNet on DAFA-refined teacher features + DAM) on the decode-head
# input (backbone.layer4) of the toy PSPNet pair.
# One DAFA policy for all tapped levels, searched for the first 600 iterations (of 1200) and
# frozen after (still sampled); its parameters on their own Adam
# (docs/methods/sokd.md: lr 3e-4, betas (0.5, 0.999), weight decay 1e-3),
# the adapters and the DAM on the distillation parts' optimiser. The pair's
# param_scheduler applies to every optimiser (configs/sokd/README.md).
_base_ = '../_base_/pairs/pspnet-r18w32-d8_to_pspnet-r18w8-d8_1200i_toyseg.py'
model = dict(
    distill_losses=dict(
        sokd=dict(
            type='SoKDLoss',
            student_taps='backbone.layer4',
            teacher_taps='backbone.layer4',
            student_channels=64,
            teacher_channels=256,
            search=dict(by='iter', length=600))))
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
