# DKD on the toy seg pair; the paper's 20-epoch warm-up shortened to 200 of the 1200 iterations.
_base_ = '../_base_/pairs/pspnet-r18w32-d8_to_pspnet-r18w8-d8_1200i_toyseg.py'
model = dict(
    distill_losses=dict(dkd=dict(type='DKDLoss', alpha=1.0, beta=2.0, temperature=2.0, loss_weight=0.5, warmup=dict(by='iter', length=200))))
