# Preparing Lessons (KA then DTD) + TST on the toy cls pair: search phases
# (TSTPhaseHook) and distillation on [A(x); x] between them.
_base_ = '../_base_/pairs/tst/resnet18w16_to_resnet18w4_960i_toycls.py'
model = dict(
    distill_losses=dict(ka_dtd=dict(
        type='DTDLoss',
        temperature=dict(
            mode='flsw', base=4.0, beta=1.0, gamma=2.0, floor=1.0),
        adjust='ps',
        loss_weight=1.0)))
