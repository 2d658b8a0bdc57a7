# Generous Teacher stage 3 (KD from the generous teacher) + TST on the toy cls pair: search phases
# (TSTPhaseHook) and distillation on [A(x); x] between them.
_base_ = '../_base_/pairs/tst/resnet18w16_to_resnet18w4_960i_toycls.py'
model = dict(
    # the Generous Teacher stage-2 export (tools/generous_teacher_pipeline.py)
    teacher_ckpt='work_dirs/gt-stage2_resnet18w16_to_resnet18w16-generous_960i_toycls/student_final.pth',
    distill_losses=dict(kd=dict(type='KDLoss', temperature=4.0, loss_weight=1.0)))
