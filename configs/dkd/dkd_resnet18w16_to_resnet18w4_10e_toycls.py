# DKD on the toy cls pair; warm-up scaled from 20 of 240 epochs.
_base_ = '../_base_/pairs/resnet18w16_to_resnet18w4_10e_toycls.py'
model = dict(
    distill_losses=dict(dkd=dict(type='DKDLoss', alpha=1.0, beta=8.0, temperature=4.0, warmup=dict(by='epoch', length=2))))
