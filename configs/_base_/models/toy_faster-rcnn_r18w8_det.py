# The toy teacher's Faster R-CNN at width 8 (`base_channels`) with a
# 32-channel FPN and a 64-unit box head: the toy student.
_base_ = './toy_faster-rcnn_r18w32_det.py'
model = dict(
    backbone=dict(base_channels=8, stem_channels=8),
    neck=dict(in_channels=[8, 16, 32, 64], out_channels=32),
    rpn_head=dict(in_channels=32, feat_channels=32),
    roi_head=dict(
        bbox_roi_extractor=dict(out_channels=32),
        bbox_head=dict(in_channels=32, fc_out_channels=64)))
