# DKD on the toy two_stage pair; warm-up scaled from 20 of 240 epochs.
_base_ = '../_base_/pairs/faster-rcnn-r18w32_to_faster-rcnn-r18w8_6e_toydet.py'
model = dict(
    # the two-stage logit recipe (as one_stage's): T 1, the RoI head's
    # hard-label loss at half weight (Hinton's alpha)
    student_loss_weight=dict(loss_cls=0.5),
    distill_losses=dict(dkd=dict(type='DKDLoss', alpha=1.0, beta=2.0, temperature=1.0, loss_weight=1.0, warmup=dict(by='iter', length=60))))
