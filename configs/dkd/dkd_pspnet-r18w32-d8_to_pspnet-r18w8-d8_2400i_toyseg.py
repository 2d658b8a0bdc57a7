# DKD on the toy seg pair; warm-up scaled from 20 of 240 epochs.
_base_ = '../_base_/pairs/pspnet-r18w32-d8_to_pspnet-r18w8-d8_2400i_toyseg.py'
model = dict(
    distill_losses=dict(dkd=dict(type='DKDLoss', alpha=1.0, beta=2.0, temperature=2.0, loss_weight=0.5, warmup=dict(by='iter', length=400))))
