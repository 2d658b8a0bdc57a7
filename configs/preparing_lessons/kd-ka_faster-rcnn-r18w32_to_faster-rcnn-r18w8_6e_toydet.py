# Preparing Lessons on the toy two_stage pair: KD with Knowledge Adjustment (Probability Shift) of the teacher.
_base_ = '../_base_/pairs/faster-rcnn-r18w32_to_faster-rcnn-r18w8_6e_toydet.py'
model = dict(
    distill_losses=dict(kd_ka=dict(type='KDLoss', temperature=2.0, loss_weight=1.0, adjust='ps')))
