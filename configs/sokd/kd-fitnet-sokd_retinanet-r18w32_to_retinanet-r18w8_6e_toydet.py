# KD on the logits plus SoKD (FitNet on DAFA-refined teacher features + DAM)
# on every FPN level of the toy RetinaNet pair.
# One DAFA policy for all tapped levels, searched for the first 3 epochs (of 6) and
# frozen after (still sampled); its parameters on their own Adam
# (docs/methods/sokd.md: lr 3e-4, betas (0.5, 0.999), weight decay 1e-3),
# the adapters and the DAM on the distillation parts' optimiser. The pair's
# param_scheduler applies to every optimiser (configs/sokd/README.md).
_base_ = '../_base_/pairs/retinanet-r18w32_to_retinanet-r18w8_6e_toydet.py'
model = dict(
    # the one-stage logit recipe of configs/kd (focal loss at half weight)
    student_loss_weight=dict(loss_cls=0.5),
    distill_losses=dict(
        kd=dict(type='KDLoss', temperature=1.0, loss_weight=1.0,
                normalize='positives'),
        sokd=dict(
            type='SoKDLoss',
            student_taps=[f'neck.fpn_convs.{i}' for i in range(4)],
            teacher_taps=[f'neck.fpn_convs.{i}' for i in range(4)],
            student_channels=32,
            teacher_channels=64,
            search=dict(by='epoch', length=3))))
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
