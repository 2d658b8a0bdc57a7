# Generous Teacher stage 3 (KD from the generous teacher) + TST on the toy two_stage pair: search phases
# (TSTPhaseHook) and distillation on [A(x); x] between them.
_base_ = '../_base_/pairs/tst/faster-rcnn-r18w32_to_faster-rcnn-r18w8_6e_toydet.py'
model = dict(
    # the Generous Teacher stage-2 export (tools/generous_teacher_pipeline.py)
    teacher_ckpt='work_dirs/gt-stage2_faster-rcnn-r18w32_to_faster-rcnn-r18w32-generous_6e_toydet/student_final.pth',
    distill_losses=dict(kd=dict(type='KDLoss', temperature=2.0, loss_weight=1.0)))
