# Generous Teacher, stage 3: the student distilled with KD from the generous
# teacher (stage 2's student_final.pth).
_base_ = '../_base_/pairs/retinanet-r18w32_to_retinanet-r18w8_24e_toydet.py'
model = dict(
    # the stage-2 export (tools/generous_teacher_pipeline.py sets it)
    teacher_ckpt='work_dirs/gt-stage2_retinanet-r18w32_to_retinanet-r18w32-generous_24e_toydet/student_final.pth',
    distill_losses=dict(kd=dict(type='KDLoss', temperature=1.0, loss_weight=2.0)))
