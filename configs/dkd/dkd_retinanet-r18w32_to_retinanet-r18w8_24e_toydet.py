# DKD on the toy one_stage pair; warm-up scaled from 20 of 240 epochs.
_base_ = '../_base_/pairs/retinanet-r18w32_to_retinanet-r18w8_24e_toydet.py'
model = dict(
    distill_losses=dict(dkd=dict(type='DKDLoss', alpha=1.0, beta=2.0, temperature=1.0, loss_weight=2.0, warmup=dict(by='epoch', length=2))))
