# Preparing Lessons on the toy two_stage pair: Dynamic Temperature Distillation (FLSW).
_base_ = '../_base_/pairs/faster-rcnn-r18w32_to_faster-rcnn-r18w8_6e_toydet.py'
model = dict(
    distill_losses=dict(dtd=dict(
        type='DTDLoss',
        temperature=dict(
            mode='flsw', base=2.0, beta=1.0, gamma=2.0, floor=1.0),
        loss_weight=1.0)))
