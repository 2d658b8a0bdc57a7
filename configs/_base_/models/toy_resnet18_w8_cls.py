# The toy teacher's classifier at width 8 (`base_channels`): the toy student.
_base_ = './toy_resnet18_w32_cls.py'
model = dict(
    backbone=dict(stem_channels=8, base_channels=8),
    head=dict(in_channels=64))
