# The toy teacher's PSPNet at width 8 (`base_channels`) with thinner heads:
# the toy student.
_base_ = './toy_pspnet_r18w32-d8_seg.py'
model = dict(
    backbone=dict(base_channels=8, stem_channels=8),
    decode_head=dict(in_channels=64, channels=16),
    auxiliary_head=dict(in_channels=32, channels=8))
