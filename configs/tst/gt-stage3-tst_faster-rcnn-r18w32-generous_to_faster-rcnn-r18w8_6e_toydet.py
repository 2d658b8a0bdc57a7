# Generous Teacher stage 3 (KD from the generous teacher) + TST on the toy two_stage pair: search phases
# (TSTPhaseHook) and distillation on [A(x); x] between them.
_base_ = '../_base_/pairs/tst/faster-rcnn-r18w32_to_faster-rcnn-r18w8_6e_toydet.py'
model = dict(
    # the Generous Teacher stage-2 export (tools/generous_teacher_pipeline.py)
    teacher_ckpt='work_dirs/gt-stage2_faster-rcnn-r18w32_to_faster-rcnn-r18w32-generous_6e_toydet/student_final.pth',
    # the two-stage logit recipe (as one_stage's): T 1, the RoI head's
    # hard-label loss at half weight (Hinton's alpha)
    student_loss_weight=dict(loss_cls=0.5),
    distill_losses=dict(kd=dict(type='KDLoss', temperature=1.0, loss_weight=1.0)))
