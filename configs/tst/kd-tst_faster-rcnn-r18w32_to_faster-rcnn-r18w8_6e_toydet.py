# Hinton KD + TST on the toy two_stage pair: search phases
# (TSTPhaseHook) and distillation on [A(x); x] between them.
_base_ = '../_base_/pairs/tst/faster-rcnn-r18w32_to_faster-rcnn-r18w8_6e_toydet.py'
model = dict(
    distill_losses=dict(kd=dict(type='KDLoss', temperature=2.0, loss_weight=1.0)))
