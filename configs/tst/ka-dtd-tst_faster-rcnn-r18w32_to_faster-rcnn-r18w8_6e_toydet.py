# Preparing Lessons (KA then DTD) + TST on the toy two_stage pair: search phases
# (TSTPhaseHook) and distillation on [A(x); x] between them.
_base_ = '../_base_/pairs/tst/faster-rcnn-r18w32_to_faster-rcnn-r18w8_6e_toydet.py'
model = dict(
    # the two-stage logit recipe (as one_stage's): T 1, the RoI head's
    # hard-label loss at half weight (Hinton's alpha)
    student_loss_weight=dict(loss_cls=0.5),
    distill_losses=dict(ka_dtd=dict(
        type='DTDLoss',
        temperature=dict(
            mode='flsw', base=1.0, beta=1.0, gamma=2.0, floor=0.5),
        adjust='ps',
        loss_weight=1.0)))
