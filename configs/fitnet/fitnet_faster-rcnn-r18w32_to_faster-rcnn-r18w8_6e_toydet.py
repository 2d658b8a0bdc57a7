# FitNet on every FPN level of the toy Faster R-CNN pair. The adapters are
# learnable distillation parts with their own optimiser (an OptimWrapperDict
# built by DistillerOptimWrapperConstructor), checkpointed and resumed.
_base_ = '../_base_/pairs/faster-rcnn-r18w32_to_faster-rcnn-r18w8_6e_toydet.py'
model = dict(
    distill_losses=dict(
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
