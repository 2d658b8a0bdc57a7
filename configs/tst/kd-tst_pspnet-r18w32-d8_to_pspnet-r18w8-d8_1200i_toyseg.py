# Hinton KD + TST on the toy seg pair: search phases
# (TSTPhaseHook) and distillation on [A(x); x] between them.
_base_ = '../_base_/pairs/tst/pspnet-r18w32-d8_to_pspnet-r18w8-d8_1200i_toyseg.py'
model = dict(
    distill_losses=dict(kd=dict(type='KDLoss', temperature=2.0, loss_weight=1.0)))
