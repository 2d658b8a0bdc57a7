# Hinton KD on the toy cls pair (items: see mmkd_teach/models/task_views).
_base_ = '../_base_/pairs/resnet18w16_to_resnet18w4_960i_toycls.py'
model = dict(
    distill_losses=dict(kd=dict(type='KDLoss', temperature=4.0, loss_weight=1.0)))
