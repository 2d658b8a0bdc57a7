# Preparing Lessons on the toy one_stage pair: KD with Knowledge Adjustment (Probability Shift) of the teacher.
_base_ = '../_base_/pairs/retinanet-r18w32_to_retinanet-r18w8_24e_toydet.py'
model = dict(
    distill_losses=dict(kd_ka=dict(type='KDLoss', temperature=1.0, loss_weight=2.0, adjust='ps')))
