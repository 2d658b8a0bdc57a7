# Preparing Lessons on the toy two_stage pair: Dynamic Temperature Distillation (FLSW).
_base_ = '../_base_/pairs/faster-rcnn-r18w32_to_faster-rcnn-r18w8_6e_toydet.py'
model = dict(
    # the two-stage logit recipe (as one_stage's): T 1, the RoI head's
    # hard-label loss at half weight (Hinton's alpha)
    student_loss_weight=dict(loss_cls=0.5),
    distill_losses=dict(dtd=dict(
        type='DTDLoss',
        temperature=dict(
            mode='flsw', base=1.0, beta=1.0, gamma=2.0, floor=0.5),
        loss_weight=1.0)))
