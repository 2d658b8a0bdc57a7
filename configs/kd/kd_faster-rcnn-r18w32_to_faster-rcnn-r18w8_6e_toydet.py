# Hinton KD on the toy two_stage pair (items: see mmkd_teach/models/task_views).
_base_ = '../_base_/pairs/faster-rcnn-r18w32_to_faster-rcnn-r18w8_6e_toydet.py'
model = dict(
    distill_losses=dict(kd=dict(type='KDLoss', temperature=2.0, loss_weight=1.0)))
