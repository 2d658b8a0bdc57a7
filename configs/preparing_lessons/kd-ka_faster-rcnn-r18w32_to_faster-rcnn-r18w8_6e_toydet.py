# Preparing Lessons on the toy two_stage pair: KD with Knowledge Adjustment (Probability Shift) of the teacher.
_base_ = '../_base_/pairs/faster-rcnn-r18w32_to_faster-rcnn-r18w8_6e_toydet.py'
model = dict(
    # the two-stage logit recipe (as one_stage's): T 1, the RoI head's
    # hard-label loss at half weight (Hinton's alpha)
    student_loss_weight=dict(loss_cls=0.5),
    distill_losses=dict(kd_ka=dict(type='KDLoss', temperature=1.0, loss_weight=1.0, adjust='ps')))
