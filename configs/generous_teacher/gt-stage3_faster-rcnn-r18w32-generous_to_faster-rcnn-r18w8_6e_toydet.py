# Generous Teacher, stage 3: the student distilled with KD from the generous
# teacher (stage 2's student_final.pth).
_base_ = '../_base_/pairs/faster-rcnn-r18w32_to_faster-rcnn-r18w8_6e_toydet.py'
model = dict(
    # the stage-2 export (tools/generous_teacher_pipeline.py sets it)
    teacher_ckpt='work_dirs/gt-stage2_faster-rcnn-r18w32_to_faster-rcnn-r18w32-generous_6e_toydet/student_final.pth',
    # the two-stage logit recipe (as one_stage's): T 1, the RoI head's
    # hard-label loss at half weight (Hinton's alpha)
    student_loss_weight=dict(loss_cls=0.5),
    distill_losses=dict(kd=dict(type='KDLoss', temperature=1.0, loss_weight=1.0)))
