# Generous Teacher stage 3 (KD from the generous teacher) + TST on the toy one_stage pair: search phases
# (TSTPhaseHook) and distillation on [A(x); x] between them.
_base_ = '../_base_/pairs/tst/retinanet-r18w32_to_retinanet-r18w8_6e_toydet.py'
model = dict(
    # the one-stage logit recipe: summed over anchors / positive anchors,
    # hard-label focal loss at half weight (Hinton's alpha)
    student_loss_weight=dict(loss_cls=0.5),
    # the Generous Teacher stage-2 export (tools/generous_teacher_pipeline.py)
    teacher_ckpt='work_dirs/gt-stage2_retinanet-r18w32_to_retinanet-r18w32-generous_6e_toydet/student_final.pth',
    distill_losses=dict(kd=dict(type='KDLoss', temperature=1.0, loss_weight=1.0, normalize='positives')))
