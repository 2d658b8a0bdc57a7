# Hinton KD on the toy one_stage pair (items: see mmkd_teach/models/task_views).
_base_ = '../_base_/pairs/retinanet-r18w32_to_retinanet-r18w8_24e_toydet.py'
model = dict(
    distill_losses=dict(kd=dict(type='KDLoss', temperature=1.0, loss_weight=2.0)))
