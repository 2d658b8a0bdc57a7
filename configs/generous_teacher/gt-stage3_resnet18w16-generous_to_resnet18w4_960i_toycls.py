# Generous Teacher, stage 3: the student distilled with KD from the generous
# teacher (stage 2's student_final.pth).
_base_ = '../_base_/pairs/resnet18w16_to_resnet18w4_960i_toycls.py'
model = dict(
    # the stage-2 export (tools/generous_teacher_pipeline.py sets it)
    teacher_ckpt='work_dirs/gt-stage2_resnet18w16_to_resnet18w16-generous_960i_toycls/student_final.pth',
    distill_losses=dict(kd=dict(type='KDLoss', temperature=4.0, loss_weight=1.0)))
