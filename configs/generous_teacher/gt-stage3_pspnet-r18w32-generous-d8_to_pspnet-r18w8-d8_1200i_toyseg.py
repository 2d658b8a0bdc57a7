# Generous Teacher, stage 3: the student distilled with KD from the generous
# teacher (stage 2's student_final.pth).
_base_ = '../_base_/pairs/pspnet-r18w32-d8_to_pspnet-r18w8-d8_1200i_toyseg.py'
model = dict(
    # the stage-2 export (tools/generous_teacher_pipeline.py sets it)
    teacher_ckpt='work_dirs/gt-stage2_pspnet-r18w32-d8_to_pspnet-r18w32-generous-d8_1200i_toyseg/student_final.pth',
    distill_losses=dict(kd=dict(type='KDLoss', temperature=2.0, loss_weight=1.0)))
