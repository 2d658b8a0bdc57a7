# Preparing Lessons on the toy seg pair: KD with Knowledge Adjustment (Probability Shift) of the teacher.
_base_ = '../_base_/pairs/pspnet-r18w32-d8_to_pspnet-r18w8-d8_1200i_toyseg.py'
model = dict(
    distill_losses=dict(kd_ka=dict(type='KDLoss', temperature=2.0, loss_weight=1.0, adjust='ps')))
