# Hinton KD + TST on the toy cls pair: search phases
# (TSTPhaseHook) and distillation on [A(x); x] between them.
_base_ = '../_base_/pairs/tst/resnet18w16_to_resnet18w4_960i_toycls.py'
model = dict(
    distill_losses=dict(kd=dict(type='KDLoss', temperature=4.0, loss_weight=1.0)))
