# Preparing Lessons (KA then DTD) + TST on the toy seg pair: search phases
# (TSTPhaseHook) and distillation on [A(x); x] between them.
_base_ = '../_base_/pairs/tst/pspnet-r18w32-d8_to_pspnet-r18w8-d8_1200i_toyseg.py'
model = dict(
    distill_losses=dict(ka_dtd=dict(
        type='DTDLoss',
        temperature=dict(
            mode='flsw', base=2.0, beta=1.0, gamma=2.0, floor=1.0),
        adjust='ps',
        loss_weight=1.0)))
