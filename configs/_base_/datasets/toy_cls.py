# The generated 32x32 toy classification set (tools/misc/make_toy_data.py),
# read by mmpretrain's CustomDataset and scored by top-1 accuracy.
dataset_type = 'mmpretrain.CustomDataset'
# Every class the generator can draw (the default set draws the first 10).
metainfo = dict(classes=tuple(
    f'{family}_{shape}' for family in ('warm', 'cool', 'green')
    for shape in ('circle', 'square', 'triangle', 'ring', 'cross')))
data_root = 'data/toy/cls/'
train_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='RandomFlip', prob=0.5, direction='horizontal'),
    dict(type='PackInputs')
]
test_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='PackInputs')
]
train_dataloader = dict(
    batch_size=64,
    num_workers=0,
    persistent_workers=False,
    sampler=dict(type='DefaultSampler', shuffle=True),
    dataset=dict(
        type=dataset_type,
        data_root=data_root,
        ann_file='meta/train.txt',
        data_prefix='train',
        metainfo=metainfo,
        pipeline=train_pipeline))
val_dataloader = dict(
    batch_size=128,
    num_workers=0,
    persistent_workers=False,
    sampler=dict(type='DefaultSampler', shuffle=False),
    dataset=dict(
        type=dataset_type,
        data_root=data_root,
        ann_file='meta/val.txt',
        data_prefix='val',
        metainfo=metainfo,
        pipeline=test_pipeline))
test_dataloader = val_dataloader
val_evaluator = dict(type='mmpretrain.Accuracy', topk=(1, ))
test_evaluator = val_evaluator
default_scope = 'mmpretrain'
