# Preparing Lessons on the toy seg pair: Dynamic Temperature Distillation (FLSW).
_base_ = '../_base_/pairs/pspnet-r18w32-d8_to_pspnet-r18w8-d8_1200i_toyseg.py'
model = dict(
    distill_losses=dict(dtd=dict(
        type='DTDLoss',
        temperature=dict(
            mode='flsw', base=2.0, beta=1.0, gamma=2.0, floor=1.0),
        loss_weight=1.0)))
