# The toy teacher's RetinaNet at width 8 (`base_channels`) with a 32-channel
# FPN and a head of one stacked conv: the toy student.
_base_ = './toy_retinanet_r18w32_det.py'
model = dict(
    backbone=dict(base_channels=8, stem_channels=8),
    neck=dict(in_channels=[16, 32, 64], out_channels=32),
    bbox_head=dict(
        in_channels=32,
        feat_channels=32,
        stacked_convs=1,
        norm_cfg=dict(num_groups=8)))
