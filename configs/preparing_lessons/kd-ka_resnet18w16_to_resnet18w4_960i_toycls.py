# Preparing Lessons on the toy cls pair: KD with Knowledge Adjustment (Probability Shift) of the teacher.
_base_ = '../_base_/pairs/resnet18w16_to_resnet18w4_960i_toycls.py'
model = dict(
    distill_losses=dict(kd_ka=dict(type='KDLoss', temperature=4.0, loss_weight=1.0, adjust='ps')))
