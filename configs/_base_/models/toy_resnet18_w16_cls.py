# CIFAR-style ResNet-18 classifier for the 32x32 toy set, width 16
# (`base_channels`): the toy teacher (width 32 took three times as long for
# the quick start's budget). It predicts the generator's 15 classes.
# zero_init_residual=False: with mmpretrain's zero-initialised last norm of
# each block every toy model sat at chance for the first ~130 iterations.
model = dict(
    type='mmpretrain.ImageClassifier',
    data_preprocessor=dict(
        type='mmpretrain.ClsDataPreprocessor',
        num_classes=15,
        mean=[127.5, 127.5, 127.5],
        std=[64.0, 64.0, 64.0],
        to_rgb=True),
    backbone=dict(
        type='mmpretrain.ResNet_CIFAR',
        depth=18,
        stem_channels=16,
        base_channels=16,
        zero_init_residual=False,
        out_indices=(3, )),
    neck=dict(type='mmpretrain.GlobalAveragePooling'),
    head=dict(
        type='mmpretrain.LinearClsHead',
        num_classes=15,
        in_channels=128,
        loss=dict(type='mmpretrain.CrossEntropyLoss', loss_weight=1.0)))
