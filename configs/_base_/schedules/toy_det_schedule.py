# Epoch-based schedule for the toy detection set (960 training images):
# AdamW (from scratch, it trained the toy RetinaNet teacher to 43.9 bbox mAP
# where SGD lr 0.01 gave 39.2, on an earlier 240-image set), 6 epochs of 120
# iterations, a 200-iteration linear warm-up and a step decay at 3/4 and
# 11/12 of the 720 iterations.
max_epochs = 6
train_cfg = dict(type='EpochBasedTrainLoop', max_epochs=max_epochs,
                 val_interval=max_epochs)
val_cfg = dict(type='ValLoop')
test_cfg = dict(type='TestLoop')
optim_wrapper = dict(
    type='OptimWrapper',
    optimizer=dict(type='AdamW', lr=0.001, weight_decay=0.05),
    clip_grad=dict(max_norm=35, norm_type=2))
param_scheduler = [
    dict(type='LinearLR', start_factor=0.001, by_epoch=False, begin=0,
         end=200),
    dict(type='MultiStepLR', by_epoch=False, milestones=[540, 660],
         gamma=0.1)
]
